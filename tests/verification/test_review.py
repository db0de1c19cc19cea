"""文件评审 (guide 4.3, §5 表1–表18): who may start it and when, the checklist it builds for a
demo plant, the checks engine's findings attached to their items, the team's records (numbers,
the report's own files only), conclusions, finding decisions, the on-site focus, and the page.

The demo (江苏省, its agency and plants) is built once for the module inside a transaction rolled
back at the end; beside it one more plant with a submitted 2023 report whose running hours exceed
the calendar hours in five months (the engine's ``range.running_hours``, 表17)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tanhe.accounts.models import Organisation, Province, Role, User
from tanhe.audit.actions import Action
from tanhe.audit.models import AuditEntry
from tanhe.demo import build_demo
from tanhe.demo.enterprises import JIAWANG, TAIZHOU
from tanhe.demo.reports import DATA_YEAR
from tanhe.documents.models import StoredFile
from tanhe.plans import services as plan_services
from tanhe.reports import services as report_services
from tanhe.reports.checking import report_checks
from tanhe.reports.models import Report, ValueEvidence
from tanhe.verification.models import (
    Campaign,
    ChecklistItem,
    Conclusion,
    Declaration,
    FindingDecision,
    FindingReview,
    ItemRecord,
    Task,
    TaskState,
    TeamMember,
)
from tanhe.verification.services import review as services
from tests.plans.conftest import PDF, complete_plan, make_enterprise, make_user
from tests.reports.test_views import submitted_report

SAMPLE_CODE = "91110000MA0123456P"
SAMPLE_YEAR = 2023


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        build_demo()
        _sample_plant()
        yield
        transaction.set_rollback(True)


def _sample_plant() -> None:
    """One 660 MW coal unit, its 2023 report submitted: January repeated over the year, so 744
    running hours also in February, April, June, September and November."""
    jiangsu = Province.objects.get(code="320000")
    org = make_enterprise(jiangsu, SAMPLE_CODE, "示例发电有限公司")
    filer = make_user(org, org.credit_code, Role.ENTERPRISE_FILER, is_enterprise_account=True)
    version = plan_services.create_plan(actor=filer, enterprise=org)
    complete_plan(filer, version)
    plan_services.submit(actor=filer, version=version)
    report = report_services.create_report(actor=filer, enterprise=org, year=SAMPLE_YEAR)
    submitted_report(filer, report, report.plan_version.units.get(name="1号机组"))


@pytest.fixture
def people(world, db) -> dict[str, User]:
    names = ("agency-lead", "agency-verifier", "agency-tech", "agency-admin", "js-reviewer")
    return {n: User.objects.get(username=n) for n in names}


def org(code: str) -> Organisation:
    return Organisation.objects.get(credit_code=code)


def submitted(code: str, year: int) -> Report:
    return Report.objects.get(enterprise__credit_code=code, year=year, state="submitted")


def make_task(
    people: dict[str, User], code: str, year: int, *, report: bool = True, team: bool = True
) -> Task:
    """A task accepted by the demo agency; ``team``: a complete team (the leader with the
    sector's expertise, a verifier, both independent) and a technical reviewer off the team."""
    enterprise = org(code)
    campaign, _ = Campaign.objects.get_or_create(
        province=enterprise.province, year=year, defaults={"created_by": people["js-reviewer"]}
    )
    lead = people["agency-lead"]
    task = Task.objects.create(
        campaign=campaign,
        enterprise=enterprise,
        report=submitted(code, year) if report else None,
        agency=lead.organisation,
        state=TaskState.ACCEPTED,
    )
    join(task, lead, leader=True, expertise=True)
    if team:
        join(task, people["agency-verifier"])
        task.technical_reviewer = people["agency-tech"]
        task.save()
    return task


def join(task: Task, person: User, *, leader: bool = False, expertise: bool = False) -> None:
    declaration = Declaration.objects.create(
        task=task, person=person, years=3, no_service=True, no_employment=True,
        no_family_tie=True,
    )  # fmt: skip
    TeamMember.objects.create(
        task=task, person=person, is_leader=leader, has_sector_expertise=expertise,
        qualification="发电行业核查员", declaration=declaration,
    )  # fmt: skip


@pytest.fixture
def sample(people) -> Task:
    """The sample plant's task, review started."""
    task = make_task(people, SAMPLE_CODE, SAMPLE_YEAR)
    services.start_review(people["agency-lead"], task)
    task.refresh_from_db()
    return task


def client_of(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def review_url(task: Task) -> str:
    return reverse("verification:review", args=[task.pk])


# -- start ----------------------------------------------------------------------------------------
def test_start_refused_until_the_team_is_complete(people):
    task = make_task(people, TAIZHOU.organisation["credit_code"], DATA_YEAR, team=False)
    with pytest.raises(ValidationError) as refused:
        services.start_review(people["agency-lead"], task)
    text = " ".join(refused.value.messages)
    assert "至少由2名成员" in text and "技术复核人" in text
    task.refresh_from_db()
    assert task.state == TaskState.ACCEPTED and not task.checklist.exists()
    page = client_of(people["agency-lead"]).get(review_url(task)).content.decode()
    assert 'id="team-problems"' in page and "至少由2名成员" in page
    assert 'id="review-start"' not in page


def test_start_refused_to_anyone_but_the_leader(people):
    task = make_task(people, TAIZHOU.organisation["credit_code"], DATA_YEAR)
    for who in ("agency-verifier", "agency-admin", "js-reviewer"):
        with pytest.raises(PermissionDenied):
            services.start_review(people[who], task)
    other = Organisation.objects.create(kind="agency", name="另一核查机构",
                                        province=task.enterprise.province)  # fmt: skip
    stranger = make_user(other, "other-lead", Role.LEAD_VERIFIER)
    with pytest.raises(PermissionDenied):
        services.start_review(stranger, task)
    start = reverse("verification:review_start", args=[task.pk])
    assert client_of(stranger).post(start).status_code == 404  # the task is not disclosed
    assert client_of(people["agency-verifier"]).post(start).status_code == 403
    assert client_of(people["js-reviewer"]).post(start).status_code == 403
    task.refresh_from_db()
    assert task.state == TaskState.ACCEPTED and not task.checklist.exists()


def test_start_refused_for_a_plant_without_a_report(people):
    task = make_task(people, JIAWANG.organisation["credit_code"], DATA_YEAR, report=False)
    with pytest.raises(ValidationError, match="未提交排放报告"):
        services.start_review(people["agency-lead"], task)
    page = client_of(people["agency-lead"]).get(review_url(task)).content.decode()
    assert 'id="review-no-report"' in page


def test_start_builds_the_checklist_of_the_plants_units_and_fuels(people):
    """泰州江畔: two coal units burning bituminous coal and diesel — 表1 six plant items, the
    unit tables per unit, the coal tables per unit × bituminous, no gas (表6, 表10–12) or
    biomass (表13) items, and §5.4.1's two general items (stored as table 0)."""
    task = make_task(people, TAIZHOU.organisation["credit_code"], DATA_YEAR)
    items = services.start_review(people["agency-lead"], task)
    task.refresh_from_db()
    assert task.state == TaskState.REVIEW and task.review_started_at is not None
    per_unit = dict.fromkeys((2, 3, 4, 5, 7, 8, 9, 14, 15, 16, 17, 18), 2)
    assert Counter(i.table for i in items) == {1: 6, **per_unit, 0: 2}
    units = {u.name: u for u in task.report.plan_version.units.all()}
    coal = task.checklist.get(key=f"T07/{units['2号机组'].pk}/bituminous")
    assert (coal.table, coal.unit, coal.fuel) == (7, units["2号机组"], "bituminous")
    assert {i.key for i in items if i.table == 0} == {"S5.4.1", "S5.4.1.3"}
    run = report_checks(task.report)
    assert task.findings.count() == len(run.findings)
    entry = AuditEntry.objects.get(action=Action.REVIEW_START, object_id=str(task.pk))
    assert entry.changes["state"] == ["accepted", "review"]
    with pytest.raises(ValidationError, match="文件评审"):  # once only
        services.start_review(people["agency-lead"], task)


def test_start_attaches_the_engines_findings_to_their_items(sample):
    unit = sample.report.plan_version.units.get(name="1号机组")
    findings = list(sample.findings.select_related("item"))
    assert {f.rule for f in findings} == {"range.running_hours"}
    assert sorted(f.finding["month"] for f in findings) == [2, 4, 6, 9, 11]
    assert {f.item.key for f in findings} == {f"T17/{unit.pk}"}
    assert all(f.decision == FindingDecision.OPEN and f.severity == "error" for f in findings)


# -- records --------------------------------------------------------------------------------------
def item(task: Task, prefix: str) -> ChecklistItem:
    return task.checklist.filter(key__startswith=prefix).order_by("position").first()


def test_a_value_checked_must_be_a_number(sample, people):
    row = item(sample, "T17/")
    with pytest.raises(ValidationError) as refused:
        services.add_record(people["agency-verifier"], sample, row, "verify", "核对运行小时",
                            "约744")  # fmt: skip
    assert "value_checked" in refused.value.message_dict
    assert "核对数值" in refused.value.message_dict["value_checked"][0]
    record = services.add_record(people["agency-verifier"], sample, row, "verify",
                                 "核对2月运行日志", "１，２３４.５")  # fmt: skip
    assert record.value_checked == "1234.5"


def test_records_cite_the_reports_files_and_the_teams_uploads(sample, people):
    row = item(sample, "T17/")
    cited = sample.report.evidence.first().file
    upload = SimpleUploadedFile("运行日志照片.pdf", PDF)
    record = services.add_record(people["agency-verifier"], sample, row, "read", "查阅运行日志",
                                 files=[cited.pk], uploads=[upload])  # fmt: skip
    files = list(record.files.order_by("pk"))
    assert files[0] == cited and files[1].owner == sample.agency
    assert AuditEntry.objects.filter(action=Action.REVIEW_RECORD, object_id=str(record.pk)).exists()
    page = client_of(people["agency-lead"]).get(review_url(sample)).content.decode()
    assert reverse("documents:download", args=[files[1].pk]) in page
    download = reverse("documents:download", args=[files[1].pk])
    assert client_of(people["agency-lead"]).get(download).status_code == 200


def test_a_file_of_another_enterprise_is_refused(sample, people):
    taizhou = ValueEvidence.objects.filter(enterprise=org(TAIZHOU.organisation["credit_code"]))
    foreign = taizhou.first().file
    with pytest.raises(ValidationError) as refused:
        services.add_record(people["agency-verifier"], sample, item(sample, "T01.identity"),
                            "read", "查阅营业执照", files=[foreign.pk])  # fmt: skip
    assert "不属于本次核查的排放报告" in refused.value.message_dict["files"][0]
    assert not ItemRecord.objects.filter(item__task=sample).exists()
    assert StoredFile.objects.filter(pk=foreign.pk).exists()


def test_only_members_write_records_and_only_while_reviewing(sample, people):
    row = item(sample, "T01.identity")
    for who in ("agency-admin", "agency-tech", "js-reviewer"):
        with pytest.raises(PermissionDenied):
            services.add_record(people[who], sample, row, "read", "查阅营业执照")
    with pytest.raises(ValidationError, match="查、问、看或验"):
        services.add_record(people["agency-verifier"], sample, row, "guess", "查阅营业执照")
    with pytest.raises(ValidationError, match="请填写记录"):
        services.add_record(people["agency-verifier"], sample, row, "read", "  ")
    Task.objects.filter(pk=sample.pk).update(state=TaskState.CONFIRMED)
    with pytest.raises(ValidationError, match="核查数据已确认"):
        services.add_record(people["agency-verifier"], sample, row, "read", "查阅营业执照")


# -- conclusions, findings, focus -----------------------------------------------------------------
def test_nonconforming_and_not_applicable_need_a_note(sample, people):
    row = item(sample, "T17/")
    member = people["agency-verifier"]
    for conclusion in (Conclusion.NONCONFORMS, Conclusion.NOT_APPLICABLE):
        with pytest.raises(ValidationError, match="请填写说明"):
            services.conclude(member, sample, row, conclusion, " ")
    done = services.conclude(member, sample, row, Conclusion.NONCONFORMS, "2月等五个月运行小时超限")
    assert (done.conclusion, done.concluded_by) == (Conclusion.NONCONFORMS, member)
    assert services.conclude(member, sample, row, Conclusion.CONFORMS).note == ""
    entries = AuditEntry.objects.filter(action=Action.REVIEW_CONCLUDE, object_id=str(row.pk))
    assert entries.count() == 2
    with pytest.raises(ValidationError, match="符合、不符合或不适用"):
        services.conclude(member, sample, row, "", "")


def test_deciding_a_finding_needs_a_reason(sample, people):
    finding = sample.findings.first()
    member = people["agency-verifier"]
    with pytest.raises(ValidationError, match="请填写理由"):
        services.decide_finding(member, sample, finding, FindingDecision.CONFIRMED, "")
    with pytest.raises(ValidationError, match="确认或排除"):
        services.decide_finding(member, sample, finding, "maybe", "理由")
    done = services.decide_finding(member, sample, finding, FindingDecision.DISMISSED,
                                   "运行日志显示该月跨月计入")  # fmt: skip
    assert (done.decision, done.decided_by) == (FindingDecision.DISMISSED, member)
    assert AuditEntry.objects.filter(action=Action.REVIEW_FINDING, object_id=str(finding.pk))
    with pytest.raises(PermissionDenied):
        services.decide_finding(people["agency-admin"], sample, finding, "confirmed", "理由")


def test_the_focus_is_saved_and_audited(sample, people):
    services.set_focus(people["agency-lead"], sample, "值长、燃料部主任", "入炉皮带秤", "运行日志")
    sample.refresh_from_db()
    assert (sample.focus_people, sample.focus_facilities, sample.focus_documents) == (
        "值长、燃料部主任", "入炉皮带秤", "运行日志",
    )  # fmt: skip
    entry = AuditEntry.objects.get(action=Action.REVIEW_FOCUS, object_id=str(sample.pk))
    assert entry.changes["focus_people"] == ["", "值长、燃料部主任"]


# -- the page -------------------------------------------------------------------------------------
def test_the_page_groups_items_by_table_and_shows_the_findings(sample, people):
    page = client_of(people["agency-verifier"]).get(review_url(sample)).content.decode()
    assert "表17 运行小时数的核查" in page and "5.4.1 数据核查的一般要求" in page
    assert page.count('data-rule="range.running_hours"') == 5
    assert "超过当月日历小时数672 h" in page  # the engine's message, worded for the reader
    assert "查★" in page  # the guide's mandatory methods
    assert 'id="items-concluded">0 / ' in page and 'id="findings-open">5 / 5<' in page
    assert '<details class="review-table card" id="table-17" open>' in page
    assert '<details class="review-table card" id="table-1">' in page
    english = client_of(people["agency-verifier"])
    english.cookies["django_language"] = "en"
    page = english.get(review_url(sample)).content.decode()
    assert (
        "Running hours" in page and "exceed" in page.lower()
    )  # the checklist's and rule's English


def test_the_filters_are_applied_by_the_server(sample, people):
    member = people["agency-verifier"]
    row = item(sample, "T15/")
    services.conclude(member, sample, row, Conclusion.CONFORMS)
    c = client_of(member)
    only17 = c.get(review_url(sample), {"table": "17"}).content.decode()
    assert 'id="table-17"' in only17 and 'id="table-1"' not in only17
    open_only = c.get(review_url(sample), {"open": "1"}).content.decode()
    assert f'id="item-{row.pk}"' not in open_only
    assert f'id="item-{item(sample, "T16/").pk}"' in open_only


def test_posting_through_the_page_flashes_the_refusal(sample, people):
    c = client_of(people["agency-verifier"])
    row = item(sample, "T17/")
    url = reverse("verification:review_record", args=[sample.pk, row.pk])
    response = c.post(url, {"method": "verify", "text": "核对", "value_checked": "abc"},
                      follow=True)  # fmt: skip
    assert "核对数值" in response.content.decode()
    assert not row.records.exists()
    finding = sample.findings.first()
    url = reverse("verification:review_finding", args=[sample.pk, finding.pk])
    c.post(url, {"decision": "confirmed", "reason": "运行日志证实"})
    finding.refresh_from_db()
    assert finding.decision == FindingDecision.CONFIRMED


def test_the_plant_and_other_agencies_do_not_see_the_review(sample, people):
    filer = User.objects.get(username=SAMPLE_CODE)
    assert client_of(filer).get(review_url(sample)).status_code == 404
    other = Organisation.objects.create(kind="agency", name="另一核查机构",
                                        province=sample.enterprise.province)  # fmt: skip
    stranger = make_user(other, "other-verifier", Role.VERIFIER)
    assert client_of(stranger).get(review_url(sample)).status_code == 404
    assert client_of(people["js-reviewer"]).get(review_url(sample)).status_code == 200
    url = reverse("verification:review_conclude", args=[sample.pk, item(sample, "T17/").pk])
    assert client_of(filer).post(url, {"conclusion": "conforms"}).status_code == 404


def test_a_finding_of_another_task_is_refused(sample, people):
    other = make_task(people, TAIZHOU.organisation["credit_code"], DATA_YEAR)
    services.start_review(people["agency-lead"], other)
    row = other.checklist.first()
    with pytest.raises(ValidationError, match="不属于此核查任务"):
        services.conclude(people["agency-verifier"], sample, row, Conclusion.CONFORMS)
    assert FindingReview.objects.filter(task=sample).count() == 5
