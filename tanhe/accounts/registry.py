"""Reading the authority's 排放单位名录 (registry) file: .xlsx or .csv, one enterprise a row.

Pure (no database): :func:`read_registry` turns the uploaded bytes into :class:`RegistryRow` s
and :func:`check_rows` lists every cell that breaks a rule, as ``(row, column, value, rule)``
in Chinese. Rules that need the database (a code already in another province's 名录) live in
:func:`tanhe.accounts.services.import_registry`, which saves nothing while any error remains.

Header row (the first non-empty row), columns in any order, extra columns ignored::

    企业名称 | 代码类型 | 统一社会信用代码 | 排污许可证号 | 注册地址 | 生产经营场所地址
    [城市 | 区县 | 邮政编码]   (optional columns)

Row numbers are those a spreadsheet shows: the header is usually row 1, the first enterprise
row 2.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tanhe.accounts.models import CodeType
from tanhe.documents.archives import NOT_ZIP, ArchiveRejected, check_archive
from tanhe.identifiers import credit_code_problem, normalise_identifier
from tanhe.inputs import csv_cell, has_control_characters, shorten, strip_blanks

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000

# Column header → RegistryRow attribute. Required first, then optional.
REQUIRED_COLUMNS: dict[str, str] = {
    "企业名称": "name",
    "代码类型": "code_type",
    "统一社会信用代码": "credit_code",
    "排污许可证号": "permit_number",
    "注册地址": "registered_address",
    "生产经营场所地址": "production_address",
}
OPTIONAL_COLUMNS: dict[str, str] = {"城市": "city", "区县": "district", "邮政编码": "postcode"}
COLUMNS: dict[str, str] = {**REQUIRED_COLUMNS, **OPTIONAL_COLUMNS}
COLUMN_OF: dict[str, str] = {attr: header for header, attr in COLUMNS.items()}
MAX_LENGTH: dict[str, int] = {
    "name": 200,
    "permit_number": 40,
    "registered_address": 200,
    "production_address": 200,
    "city": 40,
    "district": 40,
}
CODE_TYPE_LABELS = {str(CodeType.CREDIT_CODE.label), "统一社会信用代码"}
_POSTCODE = re.compile(r"\d{6}")


@dataclass(frozen=True)
class RowError:
    """One broken rule: spreadsheet row (``None`` for the file as a whole), column, value."""

    row: int | None
    column: str
    value: str  # as the file has it, shortened: a page repeats at most 60 characters
    rule: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", shorten(self.value))

    def __str__(self) -> str:
        where = _("第 %(row)d 行") % {"row": self.row} if self.row else _("文件")
        column = f"「{self.column}」" if self.column else ""
        value = f"（{self.value}）" if self.value else ""
        return f"{where}{column}{value}：{self.rule}"


class RegistryErrors(ValidationError):
    """Every problem of a registry file; the file is imported only when there is none."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = sorted(errors, key=_error_order)
        super().__init__([str(e) for e in self.errors], code="registry")


def _error_order(error: RowError) -> tuple[int, int]:
    columns = list(COLUMNS)
    position = columns.index(error.column) if error.column in columns else len(columns)
    return (error.row or 0, position)


@dataclass(frozen=True)
class RegistryRow:
    """One enterprise as the file states it (cells trimmed; optional columns ``None`` when the
    file has no such column, so that an import does not blank what it was not given)."""

    row: int
    name: str
    code_type: str
    credit_code: str
    permit_number: str
    registered_address: str
    production_address: str
    city: str | None = None
    district: str | None = None
    postcode: str | None = None

    def values(self) -> dict[str, str]:
        """Model field → value, only the columns the file has; code type as its stored key."""
        values = {attr: getattr(self, attr) for attr in COLUMNS.values()}
        values["code_type"] = str(CodeType.CREDIT_CODE)
        return {k: v for k, v in values.items() if v is not None}


def read_registry(data: bytes, filename: str) -> list[RegistryRow]:
    """The rows of an uploaded registry file. Raises :class:`RegistryErrors` when the file as
    a whole cannot be read (format, encoding, header); cell rules are :func:`check_rows`."""
    if not data:
        raise RegistryErrors([RowError(None, "", "", _("文件是空的"))])
    if len(data) > MAX_FILE_BYTES:
        raise RegistryErrors([RowError(None, "", "", _("文件超过 5 MB"))])
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix == "xlsx":
        table = _xlsx_rows(data, filename)
    elif suffix == "csv":
        table = _csv_rows(data)
    elif suffix in {"xls", "et", "wps"}:
        raise RegistryErrors(
            [RowError(None, "", filename, _("不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV"))]
        )
    else:
        raise RegistryErrors([RowError(None, "", filename, _("只支持 .xlsx 或 .csv 文件"))])
    return _rows(table)


def _xlsx_rows(data: bytes, filename: str) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook  # imported here: only the upload page needs it

    unreadable = _("无法读取 Excel 文件，请确认是 .xlsx 格式且未加密")
    try:
        check_archive(data, filename)
    except ArchiveRejected as exc:
        message = unreadable if exc.reason == NOT_ZIP else str(exc)
        raise RegistryErrors([RowError(None, "", "", message)]) from None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise RegistryErrors([RowError(None, "", "", unreadable)]) from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            rows.append((number, [_cell_text(c) for c in cells]))
            if number > MAX_ROWS + 50:
                break
        return rows
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> list[tuple[int, list[str]]]:
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = []
        for number, cells in enumerate(reader, start=1):
            rows.append((number, [_cell_text(c) for c in cells]))
            if number > MAX_ROWS + 50:
                break
        return rows
    except csv.Error as exc:
        raise RegistryErrors(
            [RowError(reader.line_num or None, "", "", _("CSV 格式错误：%s") % exc)]
        ) from None


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GBK (read as GB 18030, its superset)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise RegistryErrors(
        [RowError(None, "", "", _("无法识别文件编码：CSV 文件应为 UTF-8 或 GBK 编码"))]
    )


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return strip_blanks(str(value))


def _header_key(cell: str) -> str:
    """Header text as written in templates: ignore spaces, a leading/trailing ``*`` marking a
    required column, and full-width brackets around a note."""
    text = re.sub(r"\s+", "", cell).strip("*＊")
    return re.sub(r"[（(].*[）)]$", "", text)


def _rows(table: Iterable[tuple[int, list[str]]]) -> list[RegistryRow]:
    lines: Iterator[tuple[int, list[str]]] = (
        (number, cells) for number, cells in table if any(cells)
    )
    header_line = next(lines, None)
    if header_line is None:
        raise RegistryErrors([RowError(None, "", "", _("文件中没有内容"))])
    header_number, header = header_line
    positions: dict[str, int] = {}
    errors: list[RowError] = []
    for index, cell in enumerate(header):
        key = _header_key(cell)
        if key in COLUMNS:
            if key in positions:
                errors.append(RowError(header_number, key, cell, _("表头中该列重复")))
            positions[key] = index
    for column in REQUIRED_COLUMNS:
        if column not in positions:
            errors.append(RowError(header_number, column, "", _("表头缺少必填列")))
    if errors:
        raise RegistryErrors(errors)
    rows: list[RegistryRow] = []
    for number, cells in lines:
        if len(rows) >= MAX_ROWS:
            raise RegistryErrors(
                [
                    RowError(
                        number, "", "", _("超过 %(max)d 行，请分多个文件导入") % {"max": MAX_ROWS}
                    )
                ]
            )

        def value_of(column: str, cells: list[str] = cells) -> str:
            index = positions[column]
            return cells[index] if index < len(cells) else ""

        values: dict[str, Any] = {
            attr: value_of(column) for column, attr in REQUIRED_COLUMNS.items()
        }
        for column, attr in OPTIONAL_COLUMNS.items():
            values[attr] = value_of(column) if column in positions else None
        # Excel users type lower-case letters; the code is the same (GB 32100 letters are upper).
        values["credit_code"] = normalise_identifier(values["credit_code"])
        rows.append(RegistryRow(row=number, **values))
    if not rows:
        raise RegistryErrors([RowError(header_number + 1, "", "", _("表头下没有企业数据"))])
    return rows


def credit_code_rule(problem: str) -> str:
    """The Chinese rule a credit code broke (``problem`` from ``credit_code_problem``)."""
    if problem == "shape":
        return _(
            "统一社会信用代码应为 18 位，由数字和大写字母组成（不使用 I、O、S、V、Z），"
            "第 3–8 位为数字（登记管理机关行政区划码）"
        )
    return _("统一社会信用代码校验位（第 18 位）与前 17 位不符，请逐位核对")


def check_rows(rows: Sequence[RegistryRow]) -> list[RowError]:
    """Every cell rule the rows break, without the database: required cells, lengths, the code
    type, the credit code's shape and check character, a code twice in the file, postcodes."""
    errors: list[RowError] = []
    first_row_of: dict[str, int] = {}
    for row in rows:

        def fail(attr: str, rule: str, row: RegistryRow = row) -> None:
            errors.append(RowError(row.row, COLUMN_OF[attr], getattr(row, attr) or "", rule))

        for attr in REQUIRED_COLUMNS.values():
            if not getattr(row, attr):
                fail(attr, _("必填，不能为空"))
        for attr, limit in MAX_LENGTH.items():
            value = getattr(row, attr)
            if value and len(value) > limit:
                fail(attr, _("不能超过 %(limit)d 个字") % {"limit": limit})
        for attr in COLUMNS.values():
            if has_control_characters(getattr(row, attr) or ""):
                fail(attr, _("含有不可见的控制字符，请删除后重新上传"))
        if row.code_type and row.code_type not in CODE_TYPE_LABELS:
            fail("code_type", _("代码类型只能是「统一社会信用代码」"))
        if row.credit_code:
            problem = credit_code_problem(row.credit_code)
            if problem:
                fail("credit_code", credit_code_rule(problem))
            elif row.credit_code in first_row_of:
                first = first_row_of[row.credit_code]
                fail(
                    "credit_code",
                    _("与第 %(row)d 行重复：同一文件中统一社会信用代码不能重复") % {"row": first},
                )
            else:
                first_row_of[row.credit_code] = row.row
        if row.postcode and not _POSTCODE.fullmatch(row.postcode):
            fail("postcode", _("邮政编码应为 6 位数字"))
    return errors


TEMPLATE_HEADER = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)


def template_csv() -> bytes:
    """An empty registry file (UTF-8 with BOM, so that Excel opens it with Chinese intact)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([csv_cell(h) for h in TEMPLATE_HEADER])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
