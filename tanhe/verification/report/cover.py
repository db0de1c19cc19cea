"""核查报告扉页 (guide 附录2): the report's number, agency and date, the plant's particulars, the
verified versions and the four conclusions (conformity; the emission statement per unit; the
year-over-year comparison with its fluctuation; issues not covered), and the signatures.

Every figure is read from the data: the confirmed result (the engine on the confirmed values),
the previous year's confirmed result or, without a verification of that year, its submitted
report. The team's judgement texts come from ``VerificationReport.texts``: the cover's text
explains the fluctuation (conclusion 3), section 4's the issues not covered (conclusion 4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from tanhe.accounting import PlantYearResult
from tanhe.reports import calculation
from tanhe.reports.models import Report, ReportState

from .. import selectors_result as sr
from .. import selectors_values as sv
from ..models import NonConformityState, Task, TaskState, VerificationReport

SECTOR = "发电行业"
GUIDE = "《企业温室气体排放核算方法与报告指南 发电设施》"
PERCENT = Decimal("0.01")


@dataclass(frozen=True)
class EmissionRow:
    """Conclusion 2: one unit's (or the plant's) emissions in tCO2."""

    name: str
    combustion: Decimal
    electricity: Decimal
    total: Decimal


@dataclass(frozen=True)
class ComparisonRow:
    """Conclusion 3: one figure of the previous and the verified year."""

    scope: str  # the unit's name or 所有机组
    label: str  # 温室气体排放总量 / 发电量 / 供热量
    measure: str  # tCO2 / MWh / GJ
    previous: Decimal | None
    current: Decimal | None

    @property
    def change_pct(self) -> Decimal | None:
        """The fluctuation in % of the previous year (two decimals, half up)."""
        if self.previous is None or self.current is None or not self.previous:
            return None
        change = (self.current - self.previous) * 100 / self.previous
        return change.quantize(PERCENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Signature:
    role: str
    names: str
    signed_on: date | None


@dataclass(frozen=True)
class Cover:
    number: str
    agency: str
    issued_on: date | None
    year: int
    enterprise: str
    address: str
    credit_code: str
    legal_representative: str
    contact: str
    contact_details: str  # 电话、email
    independent_legal_person: str
    sector: str
    basis: str
    initial_version: str
    initial_date: date | None
    final_version: str
    final_date: date | None
    conformity: str  # conclusion 1
    emissions: tuple[EmissionRow, ...]  # conclusion 2: units, then the plant (所有机组)
    previous_year: int
    comparison: tuple[ComparisonRow, ...]  # conclusion 3
    fluctuation: str  # conclusion 3's explanation (the team's text)
    not_covered: str  # conclusion 4
    signatures: tuple[Signature, ...]
    estimate: bool = False  # no verified report: the figures are a conservative estimate

    @property
    def total(self) -> EmissionRow | None:
        return self.emissions[-1] if self.emissions else None


def _report_of(task: Task) -> VerificationReport | None:
    try:
        return task.verification_report
    except VerificationReport.DoesNotExist:
        return None


def _day(moment: object) -> date | None:
    if moment is None:
        return None
    return timezone.localdate(moment)  # type: ignore[arg-type]


def _version(report: Report | None) -> tuple[str, date | None]:
    if report is None:
        return "", None
    return _("第%(n)s版") % {"n": report.number}, _day(report.submitted_at)


def confirmed(task: Task) -> PlantYearResult | None:
    """The verified year's confirmed result: the report's with the confirmed values, or the
    保守测算's without a report (selectors_result, the one place)."""
    return sr.confirmed_result(task)


def previous_result(task: Task) -> PlantYearResult | None:
    """The previous year's figures: its verification's confirmed result, else its latest
    submitted or accepted report computed by the engine; None without either."""
    before = (
        Task.objects.filter(
            enterprise=task.enterprise,
            campaign__year=task.year - 1,
            state=TaskState.CONFIRMED,
            report__isnull=False,
        )
        .select_related("report", "campaign", "enterprise")
        .first()
    )
    if before is not None:
        return sv.confirmed_result(before)
    report = (
        Report.objects.filter(
            enterprise=task.enterprise,
            year=task.year - 1,
            state__in=(ReportState.SUBMITTED, ReportState.ACCEPTED),
        )
        .order_by("-number")
        .first()
    )
    return None if report is None else calculation.compute(report).result


def emission_rows(result: PlantYearResult) -> tuple[EmissionRow, ...]:
    rows = [
        EmissionRow(
            u.code,
            u.combustion_emissions_tco2,
            u.electricity_emissions_tco2,
            u.total_emissions_tco2,
        )
        for u in result.units
    ]
    rows.append(
        EmissionRow(
            _("所有机组"),
            result.combustion_emissions_tco2,
            result.electricity_emissions_tco2,
            result.total_emissions_tco2,
        )
    )
    return tuple(rows)


def _figures(result: PlantYearResult | None) -> dict[str, tuple[Decimal, ...]]:
    """Per unit code (and "" for the plant): total emissions, generation, heat."""
    if result is None:
        return {}
    out: dict[str, tuple[Decimal, ...]] = {}
    plant = [Decimal(0), Decimal(0), Decimal(0)]
    for u in result.units:
        annual = u.production.annual
        figures = (
            u.total_emissions_tco2,
            annual.generation_mwh or Decimal(0),
            annual.heat_gj or Decimal(0),
        )
        out[u.code] = figures
        plant[1] += figures[1]
        plant[2] += figures[2]
    out[""] = (result.total_emissions_tco2, plant[1], plant[2])
    return out


def comparison_rows(
    current: PlantYearResult | None, previous: PlantYearResult | None
) -> tuple[ComparisonRow, ...]:
    now, before = _figures(current), _figures(previous)
    labels = ((_("温室气体排放总量"), "tCO2"), (_("发电量"), "MWh"), (_("供热量"), "GJ"))
    scopes = [""] + [u.code for u in current.units] if current is not None else [""]
    rows = []
    for scope in scopes:
        for i, (label, measure) in enumerate(labels):
            rows.append(
                ComparisonRow(
                    scope or _("所有机组"),
                    label,
                    measure,
                    before[scope][i] if scope in before else None,
                    now[scope][i] if scope in now else None,
                )
            )
    return tuple(rows)


def conformity(task: Task) -> str:
    """Conclusion 1, from the non-conformities' outcome; for a plant without a report, the
    保守测算 (guide 4.5) instead."""
    name = task.enterprise.name
    if task.report is None:
        return _(
            "%(name)s未提交%(year)s年度排放报告。核查组根据%(guide)s与生态环境部公布的缺省值，"
            "按照保守原则测算了排放量及相关数据（保守测算）。"
        ) % {"name": name, "year": task.year, "guide": GUIDE}
    rejected = task.nonconformities.filter(state=NonConformityState.REJECTED).count()
    text = _(
        "经核查，核查组确认%(name)s提交的%(year)s年度排放报告中的重点排放单位基本情况、核算边界、"
        "核算方法、活动水平数据、排放因子、排放量以及生产数据，符合%(guide)s的相关要求和备案的数据"
        "质量控制计划的规定。"
    ) % {"name": name, "year": task.year, "guide": GUIDE}
    if rejected:
        text += _(
            "其中%(n)s项不符合项整改未通过，核查组已按保守原则确认相关数据（见附件2、附件3）。"
        ) % {"n": rejected}
    return text


def _signatures(task: Task, vr: VerificationReport | None) -> tuple[Signature, ...]:
    members = list(task.members.select_related("person"))
    leader = ", ".join(str(m.person) for m in members if m.is_leader)
    others = ", ".join(str(m.person) for m in members if not m.is_leader)
    sent = None
    if vr is not None:
        first = vr.review_rounds.order_by("number").first()
        sent = _day(first.sent_at) if first else None
    reviewer = str(task.technical_reviewer) if task.technical_reviewer else ""
    return (
        Signature(_("核查组长"), leader, sent),
        Signature(_("核查组成员"), others, sent),
        Signature(_("技术复核人"), reviewer, _day(vr.approved_at) if vr else None),
        Signature(
            _("批准人"),
            str(vr.approver) if vr and vr.approver else "",
            vr.issued_on if vr else None,
        ),
    )


def _contact(report: Report | None) -> tuple[str, str]:
    if report is None:
        return "", ""
    details = "、".join(x for x in (report.contact_phone, report.contact_email) if x)
    return report.contact_person, details


def build_cover(task: Task) -> Cover:
    """The 扉页 of ``task``'s verification report, from its records."""
    vr = _report_of(task)
    org = task.enterprise
    current = confirmed(task)
    contact, details = _contact(task.report)
    initial, initial_on = _version(task.report)
    final, final_on = _version(sv.submitted_final(task) if task.report else None)
    texts = vr.texts if vr is not None else {}
    return Cover(
        number=vr.number if vr else "",
        agency=task.agency.name if task.agency else "",
        issued_on=vr.issued_on if vr else None,
        year=task.year,
        enterprise=org.name,
        address=org.production_address or org.registered_address,
        credit_code=org.credit_code or "",
        legal_representative=org.legal_representative,
        contact=contact,
        contact_details=details,
        independent_legal_person=_("是"),
        sector=SECTOR,
        basis=GUIDE,
        initial_version=initial,
        initial_date=initial_on,
        final_version=final,
        final_date=final_on,
        conformity=conformity(task),
        emissions=emission_rows(current) if current else (),
        previous_year=task.year - 1,
        comparison=comparison_rows(current, previous_result(task)),
        fluctuation=str(texts.get("cover", "")).strip(),
        not_covered=str(texts.get("s4", "")).strip() or _("无。"),
        signatures=_signatures(task, vr),
        estimate=sr.is_estimate(task),
    )
