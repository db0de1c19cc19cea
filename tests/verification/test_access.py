"""Access follows assignment (issue 11 §2, guide 4.1): the agency holding a plant's task of a
year reads — read-only — the plant's plan, that year's report, its monthly records and its
evidence; before assignment, after declining, after re-assignment to another agency, for another
year's report and for any other agency: 404 for each. A plant sees only its own."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tanhe.demo.enterprises import JIAWANG, TAIZHOU
from tanhe.reports import services as report_services
from tanhe.reports.models import Report, ValueEvidence
from tanhe.verification.models import Task
from tanhe.verification.services import arrangement
from tests.plans.conftest import PDF

from .arrangement_world import *  # noqa: F403  (the fixtures)
from .arrangement_world import YEAR, due, filer, org, user

pytestmark = pytest.mark.django_db

AGENCY_PEOPLE = ("agency-lead", "agency-verifier", "agency-tech", "agency-admin")


def report_2025() -> Report:
    return Report.objects.get(enterprise=org(TAIZHOU), year=YEAR)


def pages(report: Report) -> dict[str, str]:
    """The plant's pages of ``report``'s year an agency reads while it holds the task."""
    evidence = report.evidence.order_by("pk").first()
    ledger = ValueEvidence.objects.filter(enterprise=report.enterprise, year=report.year).first()
    attachment = report.plan_version.attachments.order_by("pk").first()
    assert evidence is not None and ledger is not None and attachment is not None
    return {
        "report": reverse("reports:view", args=[report.pk]),
        "plan": reverse("plans:view", args=[report.plan_version_id]),
        "months": reverse("reports:months", args=[report.pk]),
        "month": reverse("reports:month", args=[report.pk, 1]),
        "evidence": reverse("documents:download", args=[evidence.file_id]),
        "ledger": reverse("documents:download", args=[ledger.file_id]),
        "plan_attachment": reverse("documents:download", args=[attachment.file_id]),
    }


def statuses(client: Client, who: str, urls: dict[str, str]) -> dict[str, int]:
    client.force_login(user(who))
    out = {}
    for name, url in urls.items():
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        out[name] = response.status_code
    return out


def every(urls: dict[str, Any], status: int) -> dict[str, int]:
    return dict.fromkeys(urls, status)


@pytest.fixture
def another_year() -> Report:
    """A 2024 report of the same plant (a draft, with one attachment): the 2025 task does not
    open it."""
    current = report_2025()
    account = filer(TAIZHOU)
    report = Report.objects.create(enterprise=current.enterprise, year=YEAR - 1,
                                   plan_version=current.plan_version, created_by=account)  # fmt: skip
    report_services.add_evidence(actor=account, report=report, kind="other", upload=PDF,
                                 name="2024.pdf")  # fmt: skip
    return report


# -- the agency holding the task reads --------------------------------------------------------------
@pytest.mark.parametrize("who", AGENCY_PEOPLE)
def test_the_agency_holding_the_task_reads_the_plants_pages(client, assigned, who):
    urls = pages(report_2025())
    assert statuses(client, who, urls) == every(urls, 200)


def test_an_accepted_task_keeps_access_and_so_does_the_team(client, formed):
    urls = pages(report_2025())
    assert statuses(client, "agency-verifier", urls) == every(urls, 200)


def test_read_only_no_forms_of_the_enterprise_and_posts_refused(client, reviewer, assigned):
    report = report_2025()
    report_services.accept(actor=reviewer, report=report)  # the owner may now make a 终版
    owner = Client()
    owner.force_login(filer(TAIZHOU))
    final_url = reverse("reports:final", args=[report.pk])
    assert final_url in owner.get(reverse("reports:view", args=[report.pk])).text
    client.force_login(user("agency-lead"))
    page = client.get(reverse("reports:view", args=[report.pk])).text
    for edit in ("reports:final", "reports:submit", "reports:evidence_upload"):
        assert reverse(edit, args=[report.pk]) not in page, edit
    assert reverse("reports:edit", args=[report.pk, "basic"]) not in page
    assert 'action="/reports/' not in page and 'href="/reports/"' not in page
    months = client.get(reverse("reports:months", args=[report.pk])).text
    month = client.get(reverse("reports:month", args=[report.pk, 1])).text
    assert 'action="/reports/' not in months and 'action="/reports/' not in month
    plan = client.get(reverse("plans:view", args=[report.plan_version_id])).text
    assert 'action="/plans/' not in plan
    assert reverse("plans:edit", args=[report.plan_version_id, "basic"]) not in plan
    refused = {
        "final": client.post(final_url, {"reason": "机构不能创建终版"}),
        "submit": client.post(reverse("reports:submit", args=[report.pk])),
        "edit": client.get(reverse("reports:edit", args=[report.pk, "basic"])),
        "month_save": client.post(reverse("reports:month_save", args=[report.pk, 1]), {}),
        "plan_save": client.post(reverse("plans:basic_save", args=[report.plan_version_id]), {}),
    }
    assert {k: r.status_code for k, r in refused.items()} == every(refused, 403)
    assert not report.enterprise.reports.filter(is_final=True).exists()


# -- and sees nothing otherwise -------------------------------------------------------------------
def test_nothing_before_assignment(client, taizhou):
    urls = pages(report_2025())
    assert statuses(client, "agency-lead", urls) == every(urls, 404)
    task = reverse("verification:task", args=[taizhou.pk])
    assert statuses(client, "agency-lead", {"task": task}) == {"task": 404}


def test_nothing_after_declining(client, assigned):
    arrangement.decline(user("agency-lead"), assigned, "利益冲突")
    urls = pages(report_2025())
    urls["task"] = reverse("verification:task", args=[assigned.pk])
    urls["team"] = reverse("verification:team", args=[assigned.pk])
    for who in AGENCY_PEOPLE:
        assert statuses(client, who, urls) == every(urls, 404), who


def test_nothing_after_reassignment_to_another_agency(client, reviewer, formed, other_agency):
    arrangement.reassign(reviewer, formed, other_agency, due(), "原机构人员变动")
    urls = pages(report_2025())
    urls["task"] = reverse("verification:task", args=[formed.pk])
    for who in AGENCY_PEOPLE:
        assert statuses(client, who, urls) == every(urls, 404), who
    assert statuses(client, "other-lead", urls) == every(urls, 200)  # the new holder reads


def test_nothing_of_another_years_report(client, assigned, another_year):
    evidence = another_year.evidence.get()
    urls = {
        "report": reverse("reports:view", args=[another_year.pk]),
        "months": reverse("reports:months", args=[another_year.pk]),
        "month": reverse("reports:month", args=[another_year.pk, 1]),
        "evidence": reverse("documents:download", args=[evidence.file_id]),
    }
    assert statuses(client, "agency-lead", urls) == every(urls, 404)
    # the plant itself and its authority read it
    assert statuses(client, TAIZHOU.organisation["credit_code"], urls) == every(urls, 200)
    assert statuses(client, "js-reviewer", {"evidence": urls["evidence"]}) == {"evidence": 200}


def test_an_agency_without_the_task_sees_nothing_of_the_plant(client, assigned):
    urls = pages(report_2025())
    urls["task"] = reverse("verification:task", args=[assigned.pk])
    urls["team"] = reverse("verification:team", args=[assigned.pk])
    for who in ("other-lead", "other-verifier"):
        assert statuses(client, who, urls) == every(urls, 404), who


def test_a_plant_sees_only_its_own(client, assigned):
    urls = pages(report_2025())
    assert statuses(client, JIAWANG.organisation["credit_code"], urls) == every(urls, 404)
    assert statuses(client, TAIZHOU.organisation["credit_code"], urls) == every(urls, 200)
    task = reverse("verification:task", args=[assigned.pk])
    assert statuses(client, TAIZHOU.organisation["credit_code"], {"t": task}) == {"t": 404}


def test_the_task_of_one_plant_opens_no_other(client, reviewer, assigned):
    """Holding 泰州's task does not open 贾汪's pages (same province, same year)."""
    other = Report.objects.get(enterprise=org(JIAWANG), year=YEAR)
    urls = {
        "report": reverse("reports:view", args=[other.pk]),
        "plan": reverse("plans:view", args=[other.plan_version_id]),
        "months": reverse("reports:months", args=[other.pk]),
    }
    assert statuses(client, "agency-lead", urls) == every(urls, 404)
    assert Task.objects.filter(agency__isnull=False).count() == 1
