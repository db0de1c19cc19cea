"""Evidence integrity: the patterns of the 2022 data-fraud cases (生态环境部 2022 年碳排放报告数据
弄虚作假典型问题案例: 篡改、伪造检测报告; 同一份证据反复使用) and the test-report dates of
核查技术指南 发电设施 表8 ("确认样品采集后是否在40个自然日内完成检测并出具报告")."""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable, Iterator

from tanhe.checks import test_reports
from tanhe.checks import words as w
from tanhe.checks.data import EvidenceFile, TestReport
from tanhe.checks.findings import Finding, NcCategory, Severity
from tanhe.checks.registry import Kind, rule
from tanhe.checks.subject import Subject

_TABLE8 = (
    "核查技术指南（发电设施）表8：确认样品采集后是否在40个自然日内完成检测并出具报告",
    "Verification guide (power generation) table 8: the test completed and reported within 40 "
    "natural "
    "days of sampling",
)
_CASES = (
    "生态环境部 2022 年碳排放报告数据弄虚作假典型问题案例；核查技术指南（发电设施）5.4.1.1",
    "MEE 2022 typical cases of falsified emission data; verification guide (power generation) "
    "5.4.1.1",
)


def _places(where: Iterable[tuple[str, str, str, int]]) -> dict[str, str]:
    """The places a file or report number is used, in both languages."""
    out = {}
    places = sorted(where)  # read once: ``where`` may be a generator, and each language reads it
    for lang, (plant_word, month_word) in (("zh", ("全厂", "{m}月")), ("en", ("plant", "{m}"))):
        shown = []
        for p, u, f, m in places:
            month = calendar.month_abbr[m] if lang == "en" and m else month_word.format(m=m)
            words = "/".join(x for x in (u, f, month if m else "") if x) or plant_word
            shown.append(words + (f" ({p})" if p else ""))
        out["places" if lang == "zh" else "places_en"] = ("；" if lang == "zh" else "; ").join(
            shown
        )
    return out


@rule(
    "evidence.file_reused",
    kind=Kind.EVIDENCE,
    severity=Severity.WARNING,
    category=NcCategory.EVIDENCE,
    since=2019,
    clause=_CASES,
    message=(
        "同一文件（SHA-256 {observed}）被用作{count}处不同数值的证据：{places}",
        "the same file (SHA-256 {observed}) is offered as proof in {count} places: {places_en}",
    ),
)
def file_reused(subject: Subject) -> Iterator[Finding]:
    places: dict[str, set[tuple[str, str, str, int]]] = defaultdict(set)
    first: dict[str, EvidenceFile] = {}
    for e in subject.data.evidence:
        if e.unit is None and e.month is None:
            continue  # a report-level file (the year's production report) proves many values
        places[e.sha256].add((e.plant or "", e.unit or "", e.fuel or "", e.month or 0))
        first.setdefault(e.sha256, e)
    for digest, where in sorted(places.items()):
        # one file for several values of one month of one unit (a monthly report) is normal
        if len({(p, u, m) for p, u, _f, m in where}) < 2:
            continue
        e = first[digest]
        yield Finding(
            "evidence.file_reused",
            e.unit,
            e.fuel,
            e.month,
            e.field,
            digest[:16],
            None,
            {"count": str(len(where)), **_places(where)},
            tuple(n for n in {x.name for x in subject.data.evidence if x.sha256 == digest} if n),
        )


@rule(
    "evidence.test_before_sample",
    kind=Kind.EVIDENCE,
    severity=Severity.ERROR,
    blocks=True,
    category=NcCategory.EVIDENCE,
    since=2019,
    clause=_TABLE8,
    message=(
        "检测报告{report}的出具日期{observed}早于采样日期{expected}",
        "test report {report} is dated {observed}, before its sample of {expected}",
    ),
)
def test_before_sample(subject: Subject) -> Iterator[Finding]:
    for t in subject.data.tests:
        days = test_reports.days_after_sampling(t)
        if days is not None and days < 0:
            yield Finding(
                "evidence.test_before_sample",
                t.unit,
                t.fuel,
                t.month,
                t.parameter,
                str(t.reported_on),
                str(t.sampled_on),
                {"report": t.report_number or ""},
                _refs(t.report_number),
            )


@rule(
    "evidence.test_late",
    kind=Kind.EVIDENCE,
    severity=Severity.ERROR,
    category=NcCategory.EVIDENCE,
    clause=_TABLE8,
    message=(
        "检测报告日期晚于采样日期{observed}天（超过{expected}天）",
        "the test report came {observed} days after sampling (more than {expected})",
    ),
)
def test_late(subject: Subject) -> Iterator[Finding]:
    limit = int(subject.parameters["test_report_days"])
    for t in subject.data.tests:
        days = test_reports.days_after_sampling(t)
        if days is not None and days > limit:
            yield Finding(
                "evidence.test_late",
                t.unit,
                t.fuel,
                t.month,
                t.parameter,
                str(days),
                str(limit),
                {"report": t.report_number or ""},
                _refs(t.report_number),
            )


def _refs(number: str | None) -> tuple[str, ...]:
    return (number,) if number else ()


def _normal(number: str) -> str:
    return "".join(number.split()).upper()


@rule(
    "evidence.report_number_reused",
    kind=Kind.EVIDENCE,
    severity=Severity.WARNING,
    category=NcCategory.EVIDENCE,
    since=2019,
    clause=_CASES,
    message=(
        "检测报告编号{observed}用于{count}个不同月份/机组：{places}",
        "test report number {observed} is used for {count} different months or units: {places_en}",
    ),
)
def report_number_reused(subject: Subject) -> Iterator[Finding]:
    # one report gives NCV and carbon of one sample (表8): the same number for both parameters
    # of one month is expected; the same number for another month is not
    uses: dict[str, set[tuple[str, int]]] = defaultdict(set)
    first: dict[str, TestReport] = {}
    for t in subject.data.tests:
        if t.report_number:
            uses[_normal(t.report_number)].add((t.unit, t.month))
            first.setdefault(_normal(t.report_number), t)
    for number, where in sorted(uses.items()):
        if len({m for _u, m in where}) < 2:
            continue
        t = first[number]
        yield Finding(
            "evidence.report_number_reused",
            t.unit,
            t.fuel,
            t.month,
            t.parameter,
            t.report_number,
            None,
            {"count": str(len(where)), **_places(("", u, "", m) for u, m in where)},
            _refs(t.report_number),
        )


@rule(
    "evidence.tests_same_day",
    kind=Kind.EVIDENCE,
    severity=Severity.WARNING,
    category=NcCategory.QUALITY_CONTROL,
    since=2019,
    clause=_CASES,
    message=(
        "{count}个月份的检测报告均于{observed}同一天出具（{months}）",
        "the test reports of {count} months were all issued on {observed} ({months_en})",
    ),
)
def tests_same_day(subject: Subject) -> Iterator[Finding]:
    least = int(subject.parameters["same_day_test_reports_min"])
    days: dict[tuple[str, str, str, object], set[int]] = defaultdict(set)
    for t in subject.data.tests:
        if t.reported_on is not None:
            days[(t.unit, t.fuel, t.parameter, t.reported_on)].add(t.month)
    for (unit, fuel, parameter, day), months in sorted(days.items(), key=lambda kv: str(kv[0])):
        if len(months) >= least:
            yield Finding(
                "evidence.tests_same_day",
                unit,
                fuel,
                None,
                parameter,
                str(day),
                None,
                {"count": str(len(months)), **w.months(months)},
            )
