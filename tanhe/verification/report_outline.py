"""The outline of the verification report (guide 附录2 核查报告模板 and its 目录): one entry per
section the team writes or the technical reviewer comments on. Section keys are stable: the
team's texts (VerificationReport.texts) and the reviewer's comments (ReviewComment.section) are
filed under them, and the DOCX and PDF builders walk this list in order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Section:
    key: str
    number: str  # as printed in the template: "3.2", "附件2"
    title: StrOrPromise
    # the guide's §5 clauses whose checklist records this section is written from
    clauses: tuple[str, ...] = ()
    # the team may add judgement text here (every number still comes from the data)
    free_text: bool = True


SECTIONS: tuple[Section, ...] = (
    Section("cover", "扉页", _("核查报告扉页及核查结论")),
    Section("s1", "1", _("概述（核查目的、范围、准则）")),
    Section("s2", "2", _("核查过程和方法")),
    Section("s3_1", "3.1", _("基本情况的核查"), ("5.1",)),
    Section("s3_2", "3.2", _("核算边界的核查"), ("5.2",)),
    Section("s3_3", "3.3", _("核算方法的核查"), ("5.3",)),
    Section(
        "s3_4",
        "3.4",
        _("核算数据的核查"),
        ("5.4", "5.4.1", "5.4.1.3", "5.4.2.1.1", "5.4.2.1.2", "5.4.2.1.3", "5.4.2.2", "5.4.2.3"),
    ),
    Section("s3_5", "3.5", _("数据质量控制计划及执行情况的核查"), ("5.5",)),
    Section("s3_6", "3.6", _("质量保证和文件存档的核查"), ("5.6",)),
    Section("s3_7", "3.7", _("其他核查发现"), ("5.7",)),
    Section("s4", "4", _("核查结论")),
    Section("annex1", "附件1", _("温室气体排放数据汇总表"), free_text=False),
    Section("annex2", "附件2", _("报告数据的核查结果"), free_text=False),
    Section("annex3", "附件3", _("不符合清单"), free_text=False),
    Section("annex4", "附件4", _("支持性文件清单"), free_text=False),
)
SECTION_KEYS: frozenset[str] = frozenset(s.key for s in SECTIONS)


def section(key: str) -> Section:
    """The section filed under ``key`` (KeyError for an unknown key)."""
    for s in SECTIONS:
        if s.key == key:
            return s
    raise KeyError(key)
