"""Opening a workbook: a file that is not an .xlsx, a damaged one or an encrypted one is refused
by what it is, and a workbook is read only once its hidden identity sheet names this report
(enterprise, year, report and plan version): otherwise every difference is listed."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from tanhe.inputs import shorten

from ..labels import fuel_name, listed
from .book import FORMAT, KIND_EXPORT, KIND_TEMPLATE, META_SHEET, Book, Identity
from .cells import cell_text, sheet_rows
from .refusals import Problem, WorkbookRejected, refused


def damaged(name: str) -> WorkbookRejected:
    return refused(
        _(
            "文件“%(name)s”无法作为 Excel 工作簿读取（文件已损坏），"
            "请用 Excel 打开后另存为 .xlsx 再导入"
        )
        % {"name": name}
    )


def open_workbook(data: bytes, name: str) -> Any:
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise refused(_(
            "文件“%(name)s”是旧版 Excel（.xls）或加密的工作簿，不能导入：请用 Excel 取消密码并"
            "另存为 .xlsx 后重试"
        ) % {"name": name})  # fmt: skip
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise refused(_(
            "文件“%(name)s”不是 Excel 工作簿（.xlsx）：按文件内容判断，它不是 .xlsx 格式"
            "（不是 zip 压缩的 Office Open XML 文件）。请上传从本平台下载并填写的模板"
        ) % {"name": name}) from None  # fmt: skip
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise refused(_(
            "文件“%(name)s”是 zip 压缩包，但不是 Excel 工作簿（.xlsx）。"
            "请上传从本平台下载并填写的模板"
        ) % {"name": name})  # fmt: skip
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a damaged file
        raise damaged(name) from None


def check_identity(wb: Any, book: Book) -> str:
    """The workbook's kind (template or export), once it is shown to be this report's."""
    if META_SHEET not in wb.sheetnames:
        raise refused(_(
            "该工作簿不是从本平台下载的排放报告模板（缺少模板标识），不能导入：请先下载模板，在模板中填写后再导入"
        ))  # fmt: skip
    meta: dict[str, str] = {}
    for _n, values in sheet_rows(wb[META_SHEET], 2):
        key, value = (cell_text(v, t)[0] for v, t in values)
        if key:
            meta[key] = shorten(value)  # echoed in messages
    if meta.get("format") != FORMAT:
        raise refused(_(
            "模板格式“%(format)s”不是本平台当前的格式（%(current)s），请重新下载模板"
        ) % {"format": meta.get("format", ""), "current": FORMAT})  # fmt: skip
    if meta.get("kind") not in (KIND_TEMPLATE, KIND_EXPORT):
        raise refused(_(
            "模板类型“%(kind)s”无法识别：请下载“Excel 填报模板”，填写后再导入"
        ) % {"kind": meta.get("kind", "")})  # fmt: skip
    if meta["kind"] == KIND_EXPORT and meta.get("originals") != "1":
        raise refused(_(
            "该导出文件由平台的旧版本生成，没有记录导出时的数值，无法判断哪些数值是在文件中改动的，"
            "导入可能覆盖平台上更新的数值，因此不能导入："
            "请重新导出，或下载“Excel 填报模板”填写后导入"
        ))  # fmt: skip
    return _same_report(meta, book.identity)


def _same_report(meta: dict[str, str], i: Identity) -> str:
    """The file's kind, once its identity sheet names this report (every difference listed)."""
    differences = []
    if meta.get("credit_code") != i.credit_code:
        differences.append(Problem(_(
            "重点排放单位不同：文件属于“%(file_name)s”（%(file_code)s），"
            "本报告属于“%(name)s”（%(code)s）"
        ) % {"file_name": meta.get("enterprise", ""), "file_code": meta.get("credit_code", ""),
             "name": i.enterprise, "code": i.credit_code}))  # fmt: skip
    if meta.get("year") != str(i.year):
        differences.append(Problem(_(
            "报告年度不同：文件为%(file)s年度，本报告为%(year)s年度"
        ) % {"file": meta.get("year", ""), "year": i.year}))  # fmt: skip
    if meta.get("number") != str(i.number):
        differences.append(Problem(_(
            "报告版本不同：文件由第%(file)s版生成，本报告为第%(number)s版"
        ) % {"file": meta.get("number", ""), "number": i.number}))  # fmt: skip
    if meta.get("plan_version") != str(i.plan_version):
        differences.append(Problem(_(
            "质量控制计划版本不同：文件按第%(file)s版生成，本报告依据第%(number)s版"
        ) % {"file": meta.get("plan_version", ""), "number": i.plan_version}))  # fmt: skip
    if not differences and meta.get("split_electricity") != ("1" if i.split_electricity else "0"):
        now = _("是") if i.split_electricity else _("否")
        differences.append(Problem(_(
            "下载模板后“外购电量按机组平分”已改为“%(now)s”，购入使用电量表的行已不同"
        ) % {"now": now}))  # fmt: skip
    if not differences and meta.get("allocated_fuels", "") != ",".join(i.allocated_fuels):
        now = listed(fuel_name(f) for f in i.allocated_fuels) or _("无")
        differences.append(Problem(_(
            "下载模板后按机组发电量分配的燃料已改为“%(now)s”，燃料信息表的行已不同"
        ) % {"now": now}))  # fmt: skip
    if differences:
        raise WorkbookRejected(differences, _("文件不是本报告的模板，未导入。请下载本报告的模板："))
    return meta["kind"]
