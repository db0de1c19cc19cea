"""`tanhe calc`: the summary table, the JSON result, and located errors without a traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tanhe.cli import main

EXAMPLE = "examples/issue-example.json"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_summary_table(capsys):
    code, out, _ = run(capsys, "calc", EXAMPLE)
    assert code == 0
    assert "信息汇总表" in out
    unit_line = next(line for line in out.splitlines() if line.startswith("1 "))
    assert unit_line.split()[-3:] == ["228518.74", "292.16", "228810.90"]
    assert "全国电网平均排放因子 = 0.5703" in out


def test_json_result(capsys):
    code, out, _ = run(capsys, "calc", EXAMPLE, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["total_emissions_tco2"] == "228810.90"
    unit = data["units"][0]
    assert unit["code"] == "1"
    assert unit["combustion_emissions_tco2"] == "228518.74"
    assert unit["electricity_emissions_tco2"] == "292.16"
    assert unit["total_emissions_tco2"] == "228810.90"
    month = unit["fuels"][0]["months"][0]
    assert (month["heat_gj"], month["carbon_content"], month["emissions_tco2"]) == (
        "2468530.383",
        "52.31",
        "228518.74",
    )
    assert month["steps"], "the working is included"


def test_json_without_trace(capsys):
    _, out, _ = run(capsys, "calc", EXAMPLE, "--json", "--no-trace")
    assert "steps" not in json.loads(out)["units"][0]["fuels"][0]["months"][0]


@pytest.fixture
def bad_file(tmp_path: Path) -> Path:
    text = Path(EXAMPLE).read_text(encoding="utf-8").replace('"20.512"', "20.512")
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_invalid_input_exits_non_zero_with_located_chinese_message(capsys, bad_file):
    code, out, err = run(capsys, "calc", str(bad_file))
    assert code == 1
    assert out == ""
    assert "机组 1 / 燃料 烟煤 / 1月 / 低位发热量" in err
    assert "Traceback" not in err


def test_invalid_input_in_english(capsys, bad_file):
    code, _, err = run(capsys, "calc", str(bad_file), "--lang", "en")
    assert code == 1
    assert "unit 1 / fuel bituminous / month 1 / units[0].fuels[0].months[0].ncv" in err
    assert "numbers must be JSON strings" in err


def test_missing_file(capsys):
    code, _, err = run(capsys, "calc", "no-such-file.json")
    assert code == 1
    assert "找不到文件" in err


def test_params_lists_dated_values(capsys):
    code, out, _ = run(capsys, "params")
    assert code == 0
    assert "0.03356" in out and "0.03085" in out and "0.6101" in out


@pytest.mark.skipif(shutil.which("tanhe") is None and not Path(sys.executable).with_name("tanhe").exists(),
                    reason="console script not installed")  # fmt: skip
def test_installed_console_script(tmp_path, bad_file):
    exe = shutil.which("tanhe") or str(Path(sys.executable).with_name("tanhe"))
    ok = subprocess.run([exe, "calc", EXAMPLE], capture_output=True, text=True, check=False)
    assert ok.returncode == 0 and "228810.90" in ok.stdout
    bad = subprocess.run([exe, "calc", str(bad_file)], capture_output=True, text=True, check=False,
                         env={**os.environ, "PYTHONIOENCODING": "utf-8"})  # fmt: skip
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr and "低位发热量" in bad.stderr
