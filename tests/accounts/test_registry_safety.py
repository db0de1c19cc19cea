"""Issue #7 finding 7 for the 排放单位名录 import: a zip bomb is refused by the one archive
check before openpyxl inflates it, and what a file says is echoed at most 60 characters."""

from __future__ import annotations

import pytest

from tanhe.accounts.registry import RegistryErrors, check_rows, read_registry
from tests.documents.test_archives import MB, bomb

from .test_registry import ROWS, xlsx_bytes


def test_a_small_xlsx_inflating_past_the_limit_is_refused_unread(monkeypatch):
    data = bomb(61 * MB, base=xlsx_bytes(ROWS))  # sheet1 replaced by 61 MB of "A"
    assert len(data) < 200_000

    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open it")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    with pytest.raises(RegistryErrors) as exc:
        read_registry(data, "名录.xlsx")
    (error,) = exc.value.errors
    assert error.row is None and error.value == ""
    assert error.rule.startswith("文件“名录.xlsx”中的“xl/worksheets/sheet1.xml”解压后是压缩时的")


def test_the_inflate_limit_is_the_one_setting(settings):
    settings.ZIP_MAX_RATIO = 1_000_000
    settings.UNZIPPED_MAX_BYTES = 2 * MB
    with pytest.raises(RegistryErrors) as exc:
        read_registry(bomb(3 * MB, base=xlsx_bytes(ROWS)), "名录.xlsx")
    assert [e.rule for e in exc.value.errors] == ["文件“名录.xlsx”解压后超过 2 MB 的上限，未读取"]
    assert len(read_registry(xlsx_bytes(ROWS), "名录.xlsx")) == 2


def test_an_oversized_cell_is_echoed_at_most_60_characters():
    long_name = "超长企业名称" * 2000  # 12,000 characters
    rows = read_registry(xlsx_bytes([[long_name, *ROWS[0][1:]]]), "名录.xlsx")
    (error,) = check_rows(rows)
    assert error.rule == "不能超过 200 个字"
    assert error.value == long_name[:59] + "…"
    assert len(str(error)) < 100
    with pytest.raises(RegistryErrors) as exc:
        read_registry(b"x", "a" * 300 + ".txt")
    assert len(exc.value.errors[0].value) == 60
