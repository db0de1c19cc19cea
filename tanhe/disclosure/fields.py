"""What the public pages may show (guide §7) — the one allow-list. Each table names its columns;
the pages render exactly these columns of the rows ``selectors`` builds (``pick`` refuses a row
with any other key), the CSV downloads write exactly these columns, and the tests check every
public page and file against this module. Nothing else of a verification is public: no confirmed
datum beyond the cover's emission statement and comparison, no person's phone or e-mail beyond
the cover's contact and the agency's contact, no non-conformity, no file, no appeal's reasons."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from tanhe.verification.disclosure_areas import AREAS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Column:
    key: str
    label: StrOrPromise
    numeric: bool = False  # an exact decimal, shown as stored (data-value carries it raw)


@dataclass(frozen=True)
class Table:
    key: str
    title: StrOrPromise
    columns: tuple[Column, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)


def _c(key: str, label: StrOrPromise, numeric: bool = False) -> Column:
    return Column(key, label, numeric)


# -- 核查报告扉页 (附录2, the cover): one record per notified report ------------------------------
COVERS = Table("covers", _("核查报告扉页"), (
    _c("number", _("报告编号")),
    _c("agency", _("核查机构名称")),
    _c("issued_on", _("核查报告签发日期")),
    _c("year", _("报告年度")),
    _c("enterprise", _("重点排放单位名称")),
    _c("address", _("地址")),
    _c("credit_code", _("统一社会信用代码")),
    _c("legal_representative", _("法定代表人")),
    _c("contact", _("联系人")),
    _c("contact_details", _("联系方式（电话、email）")),
    _c("independent_legal_person", _("是否为独立法人")),
    _c("sector", _("所属行业领域")),
    _c("basis", _("核算和报告依据")),
    _c("initial_version", _("温室气体排放报告（初始）版本/日期")),
    _c("final_version", _("温室气体排放报告（最终）版本/日期")),
    _c("estimate", _("保守测算")),
    _c("conformity", _("核查结论1：排放报告与核算指南以及备案数据质量控制计划的符合性")),
    _c("combustion", _("化石燃料燃烧排放量（tCO2）"), numeric=True),
    _c("electricity", _("购入电力排放量（tCO2）"), numeric=True),
    _c("total", _("总排放量（tCO2）"), numeric=True),
    _c("fluctuation", _("核查结论3：排放量存在异常波动的原因说明")),
    _c("not_covered", _("核查结论4：核查过程中未覆盖的问题或者特别需要说明的问题")),
    _c("signatures", _("签名")),
))  # fmt: skip

# 核查结论2 排放量声明: per unit, then 所有机组
EMISSIONS = Table("emissions", _("排放量声明"), (
    _c("number", _("报告编号")),
    _c("enterprise", _("重点排放单位名称")),
    _c("scope", _("机组")),
    _c("combustion", _("化石燃料燃烧排放量（tCO2）"), numeric=True),
    _c("electricity", _("购入电力排放量（tCO2）"), numeric=True),
    _c("total", _("总排放量（tCO2）"), numeric=True),
))  # fmt: skip

# 核查结论3 与上年度相比: per scope the emissions, generation and heat of both years
COMPARISON = Table("comparison", _("与上年度相比的排放情况"), (
    _c("number", _("报告编号")),
    _c("enterprise", _("重点排放单位名称")),
    _c("scope", _("机组")),
    _c("label", _("类别")),
    _c("measure", _("单位")),
    _c("previous", _("上年度"), numeric=True),
    _c("current", _("本年度"), numeric=True),
    _c("change_pct", _("波动（%）"), numeric=True),
))  # fmt: skip

# 核查复核结论 (§6, §7: 如有核查复核的，应公开复核结论)
APPEALS = Table("appeals", _("核查复核结论"), (
    _c("enterprise", _("重点排放单位名称")),
    _c("credit_code", _("统一社会信用代码")),
    _c("number", _("报告编号")),
    _c("decided_on", _("复核结论日期")),
    _c("outcome", _("复核结论")),
    _c("conclusion", _("复核结论说明")),
    _c("new_total", _("变更后的排放总量（tCO2）"), numeric=True),
))  # fmt: skip

# 附录3 技术服务机构信息公开表 一、二 and the counts
AGENCIES = Table("agencies", _("技术服务机构信息公开表"), (
    _c("agency", _("技术服务机构名称")),
    _c("credit_code", _("统一社会信用代码")),
    _c("legal_representative", _("法定代表人")),
    _c("registered_capital", _("注册资金（万元）"), numeric=True),
    _c("office", _("办公场所")),
    _c("contact", _("联系人")),
    _c("contact_details", _("联系方式（电话、email）")),
    _c("quality_measures", _("质量管理措施")),
    _c("impartiality_measures", _("公正性管理措施")),
    _c("bad_records", _("不良记录")),
    _c("plants", _("共核查重点排放单位（家）"), numeric=True),
    _c("complaints", _("存在重点排放单位投诉（家）"), numeric=True),
    _c("reports", _("共出具《核查报告》（份）"), numeric=True),
    _c("checked", _("被复查/复核（份）"), numeric=True),
    _c("passed", _("合格（份）"), numeric=True),
    _c("failed", _("不合格（份）"), numeric=True),
    _c("pass_rate", _("合格率（%）"), numeric=True),
    _c("failures", _("《核查报告》不合格情况")),
))  # fmt: skip

# 附录3 三 核查工作及时性和工作质量: per plant, the seven areas' judgements
PLANTS = Table("plants", _("核查工作及时性和工作质量"), (
    _c("agency", _("技术服务机构名称")),
    _c("enterprise", _("重点排放单位名称")),
    _c("credit_code", _("统一社会信用代码/组织机构代码")),
    _c("timely", _("核查及时性")),
    *(_c(f"quality_{a.key}", a.label) for a in AREAS),
))  # fmt: skip

TABLES: dict[str, Table] = {t.key: t for t in (COVERS, EMISSIONS, COMPARISON, APPEALS, AGENCIES,
                                              PLANTS)}  # fmt: skip
# the index page: per campaign its province, year and how much is published
INDEX = Table("campaigns", _("信息公开"), (
    _c("province", _("省份")),
    _c("year", _("报告年度")),
    _c("covers", _("公开的核查报告扉页（份）"), numeric=True),
    _c("appeals", _("核查复核结论（项）"), numeric=True),
    _c("agencies", _("技术服务机构信息公开表（家）"), numeric=True),
))  # fmt: skip
AGREED = _("符合")  # a quality judgement left blank: 符合要求

Row = dict[str, str]


def pick(table: Table, values: Mapping[str, object]) -> Row:
    """A row of ``table``: exactly its columns, each as text ("" for none). Any other key, or a
    missing one, is a programming error — the allow-list is not a suggestion."""
    if set(values) != set(table.keys):
        extra = sorted(set(values) - set(table.keys))
        missing = sorted(set(table.keys) - set(values))
        raise ValueError(f"{table.key}: not allowed {extra}, missing {missing}")
    return {key: "" if values[key] is None else str(values[key]) for key in table.keys}


def cells(table: Table, row: Row) -> list[tuple[Column, str]]:
    """The row's (column, text) pairs in the table's order, for the templates."""
    return [(c, row[c.key]) for c in table.columns]
