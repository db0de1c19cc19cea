"""``tanhe check FILE.json [--previous LAST_YEAR.json] [--json]``: every rule of
:mod:`tanhe.checks` in force for the file's year, on a ``tanhe.plant-year/1`` file (with its
optional ``check_data``). Verifiers use it offline; the platform calls the same functions.

Prints the findings (text in Chinese or ``--lang en``; ``--json`` a list of objects with rule,
severity, unit, fuel, month, field, observed, expected, clause …) and the materiality. Exit 0
when the run succeeds (``--fail-on error|warning`` exits 3 when such findings exist), 1 when a
file is refused, 2 on usage errors.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, TextIO

from tanhe.accounting.errors import InputErrors
from tanhe.accounting.fuels import fuel_label
from tanhe.accounting.interchange import loads
from tanhe.checks import CheckRun, all_rules, finding_dict, registry, run, subject_from_documents
from tanhe.checks.findings import Severity
from tanhe.checks.words import field_label, month_label

EXIT_INPUT, EXIT_FINDINGS = 1, 3
_TEXT = {
    "zh": {
        "no_file": "找不到文件：{path}",
        "unreadable": "无法读取文件 {path}：{error}",
        "errors": "{path} 有 {n} 处错误，未检查：",
        "none": "未发现问题（{n} 条规则）。",
        "head": "{year}年度 {name}：{n} 条发现（错误 {error}，警告 {warning}，提示 {info}）",
        "materiality": "对排放总量 {total} tCO2 的影响：净 {net} tCO2（{net_pct}%），"
        "总 {gross} tCO2（{gross_pct}%）",
        "plant": "全厂",
        "clause": "依据",
    },
    "en": {
        "no_file": "file not found: {path}",
        "unreadable": "cannot read {path}: {error}",
        "errors": "{path} has {n} error(s); nothing was checked:",
        "none": "No findings ({n} rules).",
        "head": "{year} {name}: {n} finding(s) ({error} error, {warning} warning, {info} info)",
        "materiality": "Effect on total emissions {total} tCO2: net {net} tCO2 ({net_pct} %), "
        "gross {gross} tCO2 ({gross_pct} %)",
        "plant": "plant",
        "clause": "clause",
    },
}
_SEVERITY = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "ERROR", "warning": "WARNING", "info": "INFO"},
}


class _Refused(Exception):
    pass


def _read(path_text: str, lang: str, err: TextIO) -> Any:
    text = _TEXT[lang]
    path = Path(path_text)
    try:
        return loads(path.read_bytes())
    except FileNotFoundError:
        err.write(text["no_file"].format(path=path) + "\n")
    except OSError as exc:
        err.write(text["unreadable"].format(path=path, error=exc.strerror) + "\n")
    except ValueError as exc:
        err.write(text["unreadable"].format(path=path, error=exc) + "\n")
    raise _Refused


def check_files(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    lang = args.lang
    try:
        document = _read(args.file, lang, err)
        previous = _read(args.previous, lang, err) if args.previous else None
    except _Refused:
        return EXIT_INPUT
    try:
        subject = subject_from_documents(document, previous)
    except InputErrors as exc:
        err.write(_TEXT[lang]["errors"].format(path=args.file, n=len(exc.issues)) + "\n")
        for message in exc.messages(lang):
            err.write(f"  - {message}\n")
        return EXIT_INPUT
    result = run(subject)
    if args.json:
        findings = [finding_dict(f, lang) for f in result.findings]
        out.write(json.dumps(findings, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(render(result, subject.plant.enterprise_name, lang) + "\n")
    return _exit(result, args.fail_on)


def _exit(result: CheckRun, fail_on: str | None) -> int:
    if fail_on is None:
        return 0
    worst = {"error": 0, "warning": 1}[fail_on]
    found = any(registry.get(f.rule).severity.rank <= worst for f in result.findings)
    return EXIT_FINDINGS if found else 0


def _place(f: dict[str, Any], lang: str) -> str:
    text = _TEXT[lang]
    parts = [f["unit"] or text["plant"]]
    if f["fuel"]:
        parts.append(fuel_label(f["fuel"], lang))
    if f["month"]:
        parts.append(month_label(f["month"], lang))
    if f["field"]:
        parts.append(field_label(f["field"], f["fuel"], lang))
    return " ".join(parts)


def render(result: CheckRun, name: str, lang: str = "zh") -> str:
    text = _TEXT[lang]
    if not result.findings:
        return text["none"].format(n=len(result.rules))
    counts = {s.value: n for s, n in result.counts().items()}
    lines = [text["head"].format(year=result.year, name=name, n=len(result.findings), **counts)]
    for finding in result.findings:
        f = finding_dict(finding, lang)
        lines.append(f"[{_SEVERITY[lang][f['severity']]}] {f['rule']}  {_place(f, lang)}")
        lines.append(f"    {f['message']}")
        lines.append(f"    {text['clause']}: {f['clause']}")
    m = result.materiality
    lines.append("")
    lines.append(
        text["materiality"].format(
            total=m.total_tco2,
            net=m.net_tco2,
            gross=m.gross_tco2,
            net_pct=m.net_pct if m.net_pct is not None else "–",
            gross_pct=m.gross_pct if m.gross_pct is not None else "–",
        )
    )
    return "\n".join(lines)


def list_rules(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``tanhe rules``: every registered rule with its clause, severity and years."""
    for r in all_rules():
        years = f"{r.since}–{r.until or ''}"
        clause = r.clause_en if args.lang == "en" else r.clause
        out.write(f"{r.id}\t{r.severity.value}\t{r.kind}\t{years}\t{clause}\n")
    return 0


def add_parsers(sub: Any) -> None:
    check = sub.add_parser("check", help="对 tanhe.plant-year/1 文件运行全部核查规则（验）")
    check.add_argument("file", help="本年度 JSON 文件")
    check.add_argument(
        "--previous",
        metavar="LAST_YEAR.json",
        help="上年度（已核查）的 JSON 文件，用于年度对比和数据优先序",
    )
    check.add_argument("--json", action="store_true", help="以 JSON 数组输出发现")
    check.add_argument("--lang", choices=("zh", "en"), default="zh", help="消息语言")
    check.add_argument(
        "--fail-on", choices=("error", "warning"), help="存在该级别（或更严重）的发现时以 3 退出"
    )
    check.set_defaults(handler=check_files)
    rules = sub.add_parser("rules", help="列出全部核查规则及其依据条款")
    rules.add_argument("--lang", choices=("zh", "en"), default="zh")
    rules.set_defaults(handler=list_rules)


__all__ = ["Severity", "add_parsers", "check_files", "render"]
