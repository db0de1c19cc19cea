"""The ``tanhe`` command.

``tanhe calc FILE.json`` prints the 信息汇总表 of a ``tanhe.plant-year/1`` file; ``--json`` prints
the full result with its working. Bad input exits 1 with located messages (Chinese, or English
with ``--lang en``); usage errors exit 2. Never a traceback for a user's mistake.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from tanhe import __version__, check_cli
from tanhe.accounting.engine import calculate
from tanhe.accounting.errors import InputErrors
from tanhe.accounting.interchange import parse_plant_year, result_to_dict, summary_rows
from tanhe.accounting.params import STATUS_ZH, default_parameters
from tanhe.accounting.results import PlantYearResult

EXIT_INPUT = 1

_HEADERS = {
    "zh": ("机组编号", "机组名称", "机组类型", "类型细分", "装机容量(MW)",
           "化石燃料燃烧排放量(tCO2)", "购入使用电力排放量(tCO2)", "二氧化碳排放总量(tCO2)"),
    "en": ("Code", "Unit", "Type", "Subtype", "Capacity (MW)",
           "Combustion (tCO2)", "Purchased electricity (tCO2)", "Total (tCO2)"),
}  # fmt: skip
_TEXT = {
    "zh": {
        "title": "{year}年度 {name}（{code}）信息汇总表",
        "total": "合计",
        "errors": "输入数据有 {n} 处错误，未计算：",
        "no_file": "找不到文件：{path}",
        "unreadable": "无法读取文件 {path}：{error}",
        "params": "所用参数：",
    },
    "en": {
        "title": "{year} summary — {name} ({code})",
        "total": "Total",
        "errors": "The input has {n} error(s); nothing was calculated:",
        "no_file": "file not found: {path}",
        "unreadable": "cannot read {path}: {error}",
        "params": "Parameters used:",
    },
}
_TYPE_EN = {"coal": "coal", "gas": "gas", "oil": "oil", "igcc": "IGCC", "other": "other"}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap


def render_table(rows: Sequence[Sequence[str]], numeric_from: int) -> str:
    """A plain-text table aligned for CJK (wide) characters; numbers right-aligned."""
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [_pad(c, widths[i], i >= numeric_from and n > 0) for i, c in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def render_summary(result: PlantYearResult, lang: str = "zh") -> str:
    text = _TEXT[lang]
    rows: list[tuple[str, ...]] = [_HEADERS[lang]]
    by_code = {u.code: u for u in result.units}
    for row in summary_rows(result):
        unit = by_code.get(row["code"])
        if unit is None:
            label, kind, sub = text["total"], "", ""
        elif lang == "zh":
            label, kind, sub = row["name"], row["type_zh"], row["subtype_zh"]
        else:
            label, kind, sub = row["name"], _TYPE_EN[unit.type.value], unit.subtype.value
        rows.append((row["code"], label, kind, sub, row["capacity_mw"],
                     row["combustion_emissions_tco2"], row["electricity_emissions_tco2"],
                     row["total_emissions_tco2"]))  # fmt: skip
    title = text["title"].format(
        year=result.year, name=result.enterprise_name, code=result.credit_code
    )
    params = [text["params"]]
    for p in result.parameters:
        if p.name == "rounding":
            continue
        key = f"[{p.key}]" if p.key else ""
        status = STATUS_ZH[p.status] if lang == "zh" else p.status
        params.append(f"  {p.label_zh}{key} = {p.value} {p.unit}（{p.document}；{status}）")
    return "\n".join([title, "", render_table(rows, numeric_from=4), "", *params])


def _calc(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    text = _TEXT[args.lang]
    path = Path(args.file)
    try:
        raw = sys.stdin.buffer.read() if args.file == "-" else path.read_bytes()
    except FileNotFoundError:
        err.write(text["no_file"].format(path=path) + "\n")
        return EXIT_INPUT
    except OSError as exc:
        err.write(text["unreadable"].format(path=path, error=exc.strerror) + "\n")
        return EXIT_INPUT
    try:
        result = calculate(parse_plant_year(raw))
    except InputErrors as exc:
        err.write(text["errors"].format(n=len(exc.issues)) + "\n")
        for message in exc.messages(args.lang):
            err.write(f"  - {message}\n")
        return EXIT_INPUT
    if args.json:
        data = result_to_dict(result, trace=not args.no_trace)
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(render_summary(result, args.lang) + "\n")
    return 0


def _params(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """List every parameter value with its dates, document and status."""
    rows = [("参数", "键", "适用自", "发布", "值", "状态", "文件")]
    for param in default_parameters().parameters.values():
        for v in param.values:
            value = "…" if isinstance(v.value, dict) else str(v.value)
            dates = (v.effective_from.isoformat(), v.published.isoformat())
            rows.append((param.name, v.key or "", *dates, value, STATUS_ZH[v.status], v.document))
    out.write(render_table(rows, numeric_from=99) + "\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tanhe", description="碳核 Tanhe — 发电设施碳排放核算")
    parser.add_argument("--version", action="version", version=f"tanhe {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    calc = sub.add_parser("calc", help="计算一个 tanhe.plant-year/1 文件并输出信息汇总表")
    calc.add_argument("file", help="JSON 文件路径（- 为标准输入）")
    calc.add_argument("--json", action="store_true", help="以 JSON 输出完整结果（含计算过程）")
    calc.add_argument("--no-trace", action="store_true", help="JSON 输出中省略计算步骤")
    calc.add_argument("--lang", choices=("zh", "en"), default="zh", help="消息语言")
    calc.set_defaults(handler=_calc)
    params = sub.add_parser("params", help="列出全部参数值及其发布文件")
    params.set_defaults(handler=_params)
    check_cli.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.handler(args, sys.stdout, sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
