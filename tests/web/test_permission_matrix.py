"""The permission matrix: every route of the URL configuration × every demo role × GET and POST,
with the URL pointing at enterprise A's objects — "who may touch A's things" — and an abuse test
that puts bad ids (non-ASCII digits, negative, huge) into every id a URL takes.

HOW TO ADD A ROUTE (the completeness test fails, listing it, until you do): add one line to
``ROUTES`` below, keyed by the route's name ("namespace:name"):

    "reports:thing": Rule(get=SEES_A, post=OWNER, pk="report", login_first=True),

- ``get`` / ``post``: the roles that may use the method (a group below, or a set of roles);
  leave one out (``None``) when the route does not take that method: everyone gets 405.
  Logged-in roles not listed get ``deny`` (403 or 404); anonymous gets ``login``.
- ``pk``: which of A's objects fills ``<int:pk>`` (a key of ``objects_of`` / ``common`` in the
  ``world`` fixture: "plan", "report", "org", "file", "account", "calculation", …; a new kind of
  object gets its key there). ``<unit>``, ``<fuel>``, ``<month>`` are filled by name;
  ``kwargs={...}`` gives other parameters (``section``…), ``query={...}`` adds query parameters.
- ``login_first=True`` when ``@login_required`` is the outer decorator (anonymous is sent to log
  in even for a method the route does not take); with ``@require_GET`` / ``@require_POST``
  outermost, anonymous gets 405 for the other method.
- ``cells={(role, method): outcome}`` for a single exception; ``body=`` for the POST data.
- ``query_ids`` / ``form_ids`` name the query parameters and posted fields that take an id: the
  abuse test puts bad ids there too.
- Test one route several ways with keys ``name#variant`` (e.g. each section of an editor).

Outcomes: ``ok`` = 2xx, a redirect anywhere but the login page, or 400 (the role was let in and
the view refused the form's content); ``login`` = redirect to the login page; ``deny`` = 403 or
404; ``405``. No cell may answer 5xx. Lines marked ``# FINDING:`` state what a real user would
expect where the code answers something else: their test fails until the code is fixed.

Every request runs in a savepoint that is rolled back, so a POST that changes something (an
authority accepting A's report) does not change what the next role sees. The demo is built once
for the module inside a transaction that is rolled back at the end (as tests/demo/ does).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

from tanhe.accounts.activation import issue_activation_code
from tanhe.accounts.models import Organisation, Registration, RoleAssignment, User
from tanhe.audit.models import AuditEntry
from tanhe.authority.models import ScreeningRun
from tanhe.calculator.models import Calculation
from tanhe.calculator.services import run_calculation
from tanhe.checks.run import finding_dict
from tanhe.demo import build_demo
from tanhe.demo.enrolment import NANTONG_CODE
from tanhe.demo.enterprises import JIAWANG, TAIZHOU, EnterpriseSpec
from tanhe.demo.reports import DATA_YEAR
from tanhe.demo.verification import build_demo_campaign
from tanhe.documents.models import StoredFile
from tanhe.plans.models import PlanComment, PlanVersion
from tanhe.plans.views import SECTION_KEYS as PLAN_SECTIONS
from tanhe.reports import calculation
from tanhe.reports import services as report_services
from tanhe.reports.checking import report_checks
from tanhe.reports.display import SECTION_KEYS as REPORT_SECTIONS
from tanhe.reports.display import TABLE_SECTIONS as REPORT_TABLES
from tanhe.reports.models import MonthFiling, Report, ReportCell
from tanhe.verification.models import FindingReview, Task, TaskState
from tanhe.workdays.models import CalendarDay, CalendarYear
from tests.plans.conftest import PDF
from tests.web.conftest import ISSUE_EXAMPLE
from tests.web.matrix import (
    AGENCY_ADMIN,
    AGENCY_LEAD,
    AGENCY_TECH,
    AGENCY_VERIFIER,
    ANON,
    DENY,
    ENT_A,
    ENT_B,
    HB_REVIEWER,
    JS_ADMIN,
    JS_REVIEWER,
    LOGIN,
    METHODS,
    NOT_ALLOWED,
    OK,
    ROLES,
    Route,
    Rule,
    build_url,
    outcome,
    route_name,
    url_routes,
)

pytestmark = pytest.mark.django_db

# -- groups of roles ------------------------------------------------------------------------------
ANYONE = frozenset(ROLES)
USERS = ANYONE - {ANON}
NOBODY: frozenset[str] = frozenset()
OWNER = frozenset({ENT_A})  # A's own reporting account
ENTERPRISES = frozenset({ENT_A, ENT_B})  # pages of "my enterprise" (no object of A's in the URL)
JS = frozenset({JS_REVIEWER, JS_ADMIN})  # A's province's authority
AUTHORITIES = JS | {HB_REVIEWER}
ORG_ADMINS = frozenset({JS_ADMIN, AGENCY_ADMIN})
AGENCY = frozenset({AGENCY_LEAD, AGENCY_VERIFIER, AGENCY_TECH, AGENCY_ADMIN})  # the demo agency
TASK_READERS = JS | AGENCY  # A's task: its province's authority and the agency holding it
MANAGERS = frozenset({AGENCY_LEAD, AGENCY_ADMIN})  # 机构管理员 or 核查组长 of the holding agency
TEAM = frozenset({AGENCY_LEAD, AGENCY_VERIFIER})  # the members of A's team
LEADER = frozenset({AGENCY_LEAD})  # its leader
# permissions.can_view_enterprise(user, A) (no platform operator in the demo): access follows
# assignment — the demo agency holds A's 2025 verification task, so it reads A's plan, report,
# records and files (tests/verification/test_access.py: not without the task)
SEES_A = OWNER | JS | AGENCY


# -- POST bodies ----------------------------------------------------------------------------------
def _xlsx() -> dict[str, Any]:
    return {"file": SimpleUploadedFile("matrix.xlsx", b"PK\x03\x04 not a workbook")}


def _json() -> dict[str, Any]:
    return {"file": SimpleUploadedFile("matrix.json", b"{}", content_type="application/json")}


def _text() -> dict[str, Any]:
    return {"text": "矩阵测试意见"}


def _reason() -> dict[str, Any]:
    return {"reason": "根据核查报告修正（矩阵测试）"}


IDS: dict[str, int] = {}  # ids a POST body needs, set by the ``world`` fixture


def _unit() -> dict[str, Any]:
    """A unit of A's verified report (the values forms name one)."""
    return {"unit": str(IDS["unit"])}


# Ids the editors' pages read from the query (for the abuse test).
PLAN_IDS: dict[str, dict[str, Any]] = {
    "units": {"query_ids": ("unit",)},
    "facilities": {"query_ids": ("unit", "facility")},
    "methods": {"query_ids": ("unit",)},
}
# The plan editor's actions: one POST route each, by A's owner only (A's plan is approved: the
# owner is let in and shown the service's refusal); ``<unit>``, ``<facility>``, ``<attachment>``
# are rows of A's plan. Ids posted in a form are named for the abuse test.
PLAN_ACTIONS: dict[str, dict[str, Any]] = {
    "basic_save": {},
    "unit_add": {},
    "unit_save": {},
    "unit_delete": {},
    "unit_unmerge": {},
    "unit_standby": {"form_ids": {"standby_for": {}}},
    "units_merge": {"form_ids": {"unit_ids": {}}},
    "units_merge_preview": {"form_ids": {"unit_ids": {}}},
    "facility_add": {"form_ids": {"unit": {}}},
    "facility_save": {},
    "facility_delete": {},
    "products_save": {},
    "boundary_save": {},
    "methods_save": {},
    "methods_sync": {"form_ids": {"targets": {}}},
    "qa_save": {},
    "attachment_upload": {},
    "attachment_delete": {},
}
# The report editor's actions: one POST route each, by A's owner only (A's report is submitted:
# the owner is let in and shown the section read-only with the service's refusal);
# ``<evidence>`` is a file of A's report. The number tables' actions are tested per table.
REPORT_ACTIONS = ("basic_save", "split_electricity", "allocate_fuel", "tests_save",
                  "evidence_upload", "evidence_delete", "declaration_save",
                  "stamped_upload")  # fmt: skip
REPORT_TABLE_ACTIONS = ("table_save", "table_autocalc")
# 月度存证: a month's actions (by A's owner; ``row`` names a value row of the month).
MONTH_ACTIONS: dict[str, dict[str, Any]] = {
    "month_save": {},
    "month_evidence": {"form_ids": {"row": {}}},
    "month_seal": {},
    "month_amend": {},
}

ANON_DENIED_GET = {(ANON, "GET"): DENY}  # logging in would not help

R = Rule
ROUTES: dict[str, Rule] = {
    # -- public pages ----------------------------------------------------------------------------
    "landing": R(get=ANYONE),
    "calculator:index": R(get=ANYONE, post=ANYONE),
    # A calculation is reached by its unguessable key; one made by A's account is A's alone
    # (issue #7 finding 4: these answered everyone by a sequential number).
    "calculator:detail": R(get=OWNER, cells=ANON_DENIED_GET),
    "calculator:result_json": R(get=OWNER, cells=ANON_DENIED_GET),
    "calculator:input_json": R(get=OWNER, cells=ANON_DENIED_GET),
    # -- accounts --------------------------------------------------------------------------------
    "accounts:login": R(get=ANYONE, post=ANYONE),
    "accounts:logout": R(post=ANYONE),
    "accounts:register": R(get=ANYONE, post=ANYONE, form_ids={"province": {}}),
    "accounts:home": R(get=USERS),
    "accounts:password_change": R(get=USERS, post=USERS),
    "accounts:keepalive": R(post=USERS, cells={(ANON, "POST"): 401}),  # a script: 401, no redirect
    "accounts:registry": R(get=AUTHORITIES, post=AUTHORITIES, query_ids=("page",)),
    "accounts:registry_template": R(get=AUTHORITIES),
    "accounts:registration_status": R(get=ANYONE, post=ANYONE),
    "accounts:activate": R(get=ANYONE, post=ANYONE),
    "accounts:registration_approve": R(post=JS, pk="registration"),
    "accounts:registration_reject": R(
        post=JS, pk="registration", body=lambda: {"reason": "矩阵测试"}
    ),
    "accounts:activation_issue": R(post=JS, pk="waiting_org"),
    "accounts:activation_issued": R(get=AUTHORITIES),
    "accounts:activation_revoke": R(post=JS, pk="activation_code"),
    "accounts:events": R(get=AUTHORITIES, query_ids=("page",)),
    "accounts:members": R(get=ORG_ADMINS, post=ORG_ADMINS),
    "accounts:member_roles": R(post=NOBODY, pk="account"),  # A's account: no one's member admin
    "accounts:member_roles#agency": R(post={AGENCY_ADMIN}, pk="agency_member"),
    "accounts:member_roles#authority": R(post={JS_ADMIN}, pk="authority_member"),
    # -- the enterprise's plans (A's plan: 第1版, approved) ---------------------------------------
    "plans:list": R(get=ENTERPRISES, login_first=True),
    "plans:create": R(get=ENTERPRISES, post=ENTERPRISES, login_first=True),
    "plans:diff": R(get=ENTERPRISES, login_first=True, query_ids=("a", "b")),
    "plans:diff#A": R(
        get=SEES_A, login_first=True, query={"a": "plan", "b": "plan"}, query_ids=("a", "b")
    ),
    "plans:view": R(get=SEES_A, pk="plan", login_first=True),
    "plans:comments": R(get=SEES_A, pk="plan", login_first=True),
    **{
        f"plans:edit#{section}": R(
            get=OWNER,
            pk="plan",
            login_first=True,
            kwargs={"section": section},
            **PLAN_IDS.get(section, {}),
        )
        for section in PLAN_SECTIONS
    },
    **{
        f"plans:{action}": R(post=OWNER, pk="plan", login_first=True, **ids)
        for action, ids in PLAN_ACTIONS.items()
    },
    "plans:submit": R(get=OWNER, post=OWNER, pk="plan", login_first=True),
    "plans:delete": R(post=OWNER, pk="plan", login_first=True),
    # -- the authority's review of plans ---------------------------------------------------------
    "review:list": R(get=AUTHORITIES, query_ids=("page",)),
    "review:detail": R(get=JS, pk="plan"),
    "review:comment": R(post=JS, pk="plan", body=_text),
    "review:return": R(post=JS, pk="plan", body=_text),
    "review:approve": R(post=JS, pk="plan", body=_text),
    "review:opinions": R(get=SEES_A, pk="plan"),
    # -- the enterprise's annual report (A's 2025 report: 第1版, submitted) ----------------------
    "reports:list": R(get=ENTERPRISES, login_first=True),
    "reports:create": R(get=ENTERPRISES, post=ENTERPRISES, login_first=True),
    "reports:view": R(get=SEES_A, pk="report", login_first=True),  # read-only but for A
    **{
        f"reports:edit#{section}": R(
            get=OWNER, pk="report", login_first=True, kwargs={"section": section}
        )
        for section in REPORT_SECTIONS
    },
    **{
        f"reports:{action}": R(post=OWNER, pk="report", login_first=True)
        for action in REPORT_ACTIONS
    },
    **{
        f"reports:{action}#{section}": R(
            post=OWNER, pk="report", login_first=True, kwargs={"section": section}
        )
        for action in REPORT_TABLE_ACTIONS
        for section in REPORT_TABLES
    },
    "reports:autocalc": R(post=OWNER, pk="report", login_first=True),
    "reports:daily": R(get=SEES_A, post=OWNER, pk="report", login_first=True),
    # 供热计量 read like the daily records (the reviewer follows the review page's count there)
    "reports:heat": R(get=SEES_A, post=OWNER, pk="report", login_first=True, form_ids={"rows": {}}),
    "reports:submit": R(post=OWNER, pk="report", login_first=True),
    "reports:delete": R(post=OWNER, pk="report", login_first=True),
    # 终版 of an accepted version: A's report is submitted, the owner is let in and refused
    "reports:final": R(post=OWNER, pk="report", login_first=True, body=_reason),
    "reports:plan_move": R(get=OWNER, post=OWNER, pk="report", login_first=True),
    "reports:compare": R(
        get=SEES_A,
        pk="report",
        login_first=True,
        query={"a": "report", "b": "report"},
        query_ids=("a", "b"),
    ),
    "reports:excel_import": R(get=SEES_A, post=OWNER, pk="report", login_first=True, body=_xlsx),
    "reports:excel_template": R(get=SEES_A, pk="report", login_first=True),
    "reports:excel_export": R(get=SEES_A, pk="report", login_first=True),
    "reports:json_import": R(post=OWNER, pk="report", login_first=True, body=_json),
    "reports:json_export": R(get=SEES_A, pk="report", login_first=True),
    "reports:pdf": R(get=SEES_A, pk="report", login_first=True),
    "reports:months": R(get=SEES_A, pk="report", login_first=True),
    "reports:month": R(get=SEES_A, pk="report", login_first=True),
    **{
        f"reports:{action}": R(post=OWNER, pk="report", login_first=True, **ids)
        for action, ids in MONTH_ACTIONS.items()
    },
    # -- the authority's review of reports -------------------------------------------------------
    "report_review:list": R(get=AUTHORITIES, query_ids=("page",)),
    "report_review:detail": R(get=JS, pk="report"),
    "report_review:return": R(post=JS, pk="report", body=_text),
    "report_review:accept": R(post=JS, pk="report"),
    # a comment at a place of A's submitted version (an empty post is refused with 400: let in)
    "report_review:comment": R(post=JS, pk="report"),
    # -- files -----------------------------------------------------------------------------------
    "documents:download": R(get=SEES_A, pk="file"),
    # -- the authority's 数据筛查 (a finished 2025 screening of A's province) ----------------------
    "screening:index": R(get=AUTHORITIES, query_ids=("page",)),
    # each authority starts its own province's (Hebei's has no reports: a run of nothing)
    "screening:start": R(post=AUTHORITIES, body=lambda: {"year": str(DATA_YEAR)}),
    "screening:run": R(get=JS, pk="screening_run", query_ids=("enterprise", "page")),
    "screening:progress": R(get=JS, pk="screening_run"),
    "screening:export_csv": R(get=JS, pk="screening_run", query_ids=("enterprise",)),
    "screening:export_xlsx": R(get=JS, pk="screening_run", query_ids=("enterprise",)),
    # -- the national working-day calendar (工作日历): everyone logged in reads; the authority
    # 管理员 of any province edits (an unpublished 2027 with one holiday; 2025 is built in) --------
    "workdays:index": R(get=USERS),
    "workdays:year": R(get=USERS, kwargs={"year": 2025}),
    "workdays:year#table": R(get=USERS, kwargs={"year": 2027}),
    "workdays:create_year": R(post={JS_ADMIN}),
    "workdays:set_day": R(post={JS_ADMIN}, kwargs={"year": 2027}),
    "workdays:remove_day": R(post={JS_ADMIN}, pk="workdays_day", kwargs={"year": 2027}),
    "workdays:publish": R(post={JS_ADMIN}, kwargs={"year": 2027}),
    "workdays:unpublish": R(post={JS_ADMIN}, kwargs={"year": 2027}),
    # -- verification (核查): A's 2025 task of the demo campaign, held by the demo agency in
    # 不符合项整改 (agency-lead leads, agency-verifier is a member, agency-tech reviews); the
    # services refuse out-of-state actions with a message (ok), a wrong person with 403 ----------
    "verification:home": R(get=USERS),
    "verification:task": R(get=TASK_READERS, pk="task"),
    "verification:campaigns": R(get=AUTHORITIES),
    "verification:campaign_create": R(post=AUTHORITIES),  # each its own province's
    "verification:campaign": R(get=JS, pk="campaign"),
    "verification:campaign_refresh": R(post=JS, pk="campaign"),
    "verification:assign": R(post=JS, pk="campaign", form_ids={"tasks": {}, "agency": {}}),
    "verification:reassign": R(post=JS, pk="task", form_ids={"agency": {}}),
    "verification:agency_tasks": R(get=AGENCY),
    "verification:accept": R(post=MANAGERS, pk="task"),
    "verification:decline": R(post=MANAGERS, pk="task"),
    "verification:team": R(get=TASK_READERS, pk="task"),
    "verification:team_add": R(post=MANAGERS, pk="task", form_ids={"person": {}}),
    "verification:team_remove": R(post=MANAGERS, pk="task"),
    "verification:team_reviewer": R(post=MANAGERS, pk="task", form_ids={"person": {}}),
    "verification:review": R(get=TASK_READERS, pk="task", query_ids=("table", "item")),
    "verification:review_start": R(post=LEADER, pk="task"),
    "verification:review_record": R(post=TEAM, pk="task", form_ids={"files": {}}),
    "verification:review_conclude": R(post=TEAM, pk="task"),
    "verification:review_finding": R(post=TEAM, pk="task"),
    "verification:review_focus": R(post=TEAM, pk="task"),
    "verification:onsite": R(get=TASK_READERS, pk="task"),
    "verification:onsite_plan_save": R(post=TEAM, pk="task"),
    "verification:onsite_notify": R(post=LEADER, pk="task"),
    "verification:onsite_remote_request": R(post=LEADER, pk="task"),
    "verification:onsite_remote_approve": R(post=JS, pk="task"),
    "verification:onsite_remote_refuse": R(post=JS, pk="task"),
    "verification:sample_draw": R(post=TEAM, pk="task", form_ids={"item": {}}),
    "verification:sample_check": R(post=TEAM, pk="task"),
    "verification:plant_onsite": R(get=OWNER, pk="task"),
    "verification:nonconformities": R(get=TASK_READERS, pk="task"),
    "verification:nc_create": R(
        post=TEAM, pk="task", form_ids={"unit": {}, "findings": {}, "items": {}, "samples": {}}
    ),
    "verification:nc_issue": R(post=LEADER, pk="task"),
    "verification:nc_close": R(post=TEAM, pk="task"),
    "verification:nc_reject": R(post=TEAM, pk="task"),
    "verification:plant": R(get=ENTERPRISES),
    "verification:plant_answer": R(post=OWNER),
    "verification:plant_final": R(post=OWNER),
    "verification:values": R(get=TASK_READERS, pk="task"),
    "verification:value_confirm": R(post=TEAM, pk="task", body=_unit, form_ids={"unit": {}}),
    "verification:value_conservative": R(post=TEAM, pk="task", body=_unit, form_ids={"unit": {}}),
    "verification:values_finish": R(post=LEADER, pk="task"),
    # -- #13 result
    "verification:result": R(get=TASK_READERS | OWNER, pk="task"),
    "verification:result_recheck_order": R(post=JS, pk="task", form_ids={"performer_agency": {}}),
    "verification:result_recheck_conclude": R(post=JS, pk="task"),
    "verification:result_notify": R(post=JS, pk="task"),
    "verification:result_acknowledge": R(post=OWNER, pk="task"),
    "verification:result_estimate": R(post=LEADER, pk="task"),
    # -- #13 appeal: 复核 of A's task (not notified: the plant and the authority are let in and
    # shown the service's refusal); one page for the plant, the authority and the agency --------
    "verification:appeals": R(get=SEES_A, pk="task"),
    "verification:appeal_file": R(post=OWNER, pk="task", body=lambda: {"reason": "矩阵测试"}),
    "verification:appeal_assess_start": R(post=JS, pk="task"),
    "verification:appeal_assess_end": R(post=JS, pk="task"),
    "verification:appeal_decide": R(post=JS, pk="task"),
    # -- #13 disclosure: the public pages (§7, A's province 江苏 320000, 2025) and the authority's
    # end of the campaign with the agency evaluation (附录3)
    "disclosure:index": R(get=ANYONE),
    "disclosure:campaign": R(get=ANYONE, kwargs={"province": "320000", "year": DATA_YEAR}),
    **{
        f"disclosure:csv#{table}": R(
            get=ANYONE, kwargs={"province": "320000", "year": DATA_YEAR, "table": table}
        )
        for table in ("covers", "emissions", "comparison", "appeals", "agencies", "plants")
    },
    "verification:evaluation": R(get=JS, pk="campaign"),
    "verification:campaign_close": R(post=JS, pk="campaign"),
    "verification:evaluation_save": R(post=JS, pk="campaign", form_ids={"agency": {}}),
    "verification:evaluation_publish": R(post=JS, pk="campaign", form_ids={"agency": {}}),
    # -- #13 archive
    "verification:archive": R(get=TASK_READERS, pk="task"),
    "verification:archive_download": R(post=TASK_READERS, pk="task"),
    # -- #13 report: A's task has no report yet (its values are not confirmed): the services
    # refuse the step with a message (ok) for the right person, a wrong person gets 403 ----------
    "verification:report": R(get=TASK_READERS, pk="task"),
    "verification:report_create": R(post=TEAM, pk="task"),
    "verification:report_text": R(
        post=TEAM, pk="task", body=lambda: {"section": "s1", "text": "x"}
    ),
    "verification:report_send": R(post=TEAM, pk="task"),
    "verification:report_review": R(get={AGENCY_TECH}, pk="task"),
    "verification:report_return": R(
        post={AGENCY_TECH}, pk="task", body=lambda: {"comment_s1": "x"}
    ),
    "verification:report_approve": R(post={AGENCY_TECH}, pk="task"),
    "verification:report_submit": R(post=MANAGERS, pk="task"),
    "verification:report_download": R(
        get=TEAM | MANAGERS | {AGENCY_TECH}, pk="task", kwargs={"kind": "pdf"}
    ),
}


# -- the world: the demo, A's and B's objects, a logged-in client per role -------------------------
@dataclass
class World:
    clients: dict[str, Client]
    sessions: dict[str, str]  # role → session key (restored before each request)
    objects: dict[str, dict[str, Any]]  # "A" / "B" → what fills the URLs


def _org(spec: EnterpriseSpec) -> Organisation:
    return Organisation.objects.get(credit_code=spec.organisation["credit_code"])


def objects_of(spec: EnterpriseSpec, common: dict[str, Any]) -> dict[str, Any]:
    """An enterprise's objects by the names the table uses (its latest plan version and report)."""
    org = _org(spec)
    report = org.reports.filter(year=DATA_YEAR).order_by("-number").first()
    assert report is not None, spec.key
    unit = calculation.reporting_units(report)[0]
    file = StoredFile.objects.filter(owner=org).order_by("pk").first()
    assert file is not None, spec.key
    plan = org.plan_versions.order_by("-number").first()
    evidence = report.evidence.order_by("pk").first()
    assert evidence is not None, spec.key
    return common | {
        "org": org.pk,
        "plan": plan.pk,
        "facility": plan.facilities.order_by("pk").first().pk,
        "attachment": plan.attachments.order_by("pk").first().pk,
        "report": report.pk,
        "evidence": evidence.pk,
        "unit": unit.pk,
        "fuel": unit.fuel_names[0],
        "month": 1,
        "file": file.pk,
        "account": User.objects.get(organisation=org, is_enterprise_account=True).pk,
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """build_demo() once; every test runs in a savepoint inside this transaction.
    django.request's warning with a traceback for each of the ~1,000 refusals is silenced (it
    costs seconds); a server error is still logged, and raised to ``ask``."""
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)
    with django_db_blocker.unblock(), transaction.atomic(), _restored(request_log, level):
        build_demo()
        build_demo_campaign()
        _give_a_file(JIAWANG)  # B's draft has none: its evidence_delete then reaches the view
        a_account = User.objects.get(username=TAIZHOU.organisation["credit_code"])
        waiting = Organisation.objects.get(credit_code=NANTONG_CODE)
        common = {
            "key": run_calculation(ISSUE_EXAMPLE.read_bytes(), owner=a_account).key,
            "registration": Registration.objects.filter(status="pending").first().pk,
            "waiting_org": waiting.pk,
            "activation_code": issue_activation_code(
                actor=User.objects.get(username="js-admin"), enterprise=waiting
            ).code.pk,
            "agency_member": User.objects.get(username="agency-verifier").pk,
            "authority_member": User.objects.get(username="js-reviewer").pk,
            "screening_run": _screening_run(waiting.province_id),
            "workdays_day": _workdays_day(),
            **_verification(),
        }
        usernames = {
            ENT_A: TAIZHOU.organisation["credit_code"],
            ENT_B: JIAWANG.organisation["credit_code"],
        }
        clients, sessions = {ANON: Client()}, {}
        for role in ROLES[1:]:
            client = Client()
            client.force_login(User.objects.get(username=usernames.get(role, role)))
            clients[role] = client
            sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield World(
            clients,
            sessions,
            {"A": objects_of(TAIZHOU, common), "B": objects_of(JIAWANG, common)},
        )
        transaction.set_rollback(True)


def _verification() -> dict[str, int]:
    """A's task of the demo campaign (held by the demo agency, non-conformities open) and its
    rows: a team member, a checklist item, a finding, a sample, a non-conformity."""
    task = Task.objects.get(campaign__year=DATA_YEAR, enterprise=_org(TAIZHOU))
    assert task.state == TaskState.CORRECTION and task.agency.kind == "agency"
    nc = task.nonconformities.get(number=1)
    assert task.report is not None
    IDS["unit"] = task.report.plan_version.units.get(name="1号机组").pk
    return {
        "task": task.pk,
        "task_pk": task.pk,
        "campaign": task.campaign_id,
        "member": task.members.get(person__username=AGENCY_VERIFIER).pk,
        "item": task.checklist.order_by("pk").first().pk,
        "finding": _finding(task),
        "sample_pk": task.samples.get().pk,
        "number": nc.number,
        "nc_pk": nc.pk,
    }


def _finding(task: Task) -> int:
    """A finding of the checks engine on A's checklist (A's report has none: one of B's draft's,
    made directly)."""
    run = report_checks(_org(JIAWANG).reports.get(year=DATA_YEAR))
    assert run is not None and run.findings
    data = finding_dict(run.findings[0])
    item = task.checklist.order_by("pk").first()
    found = FindingReview.objects.create(task=task, item=item, rule=data["rule"],
                                         severity=data["severity"], finding=data)  # fmt: skip
    return found.pk


def _screening_run(province_id: int) -> int:
    """A finished screening of A's province (made directly: no task runs in the matrix)."""
    run = ScreeningRun.objects.create(province_id=province_id, year=DATA_YEAR, state="done",
                                      started_by=User.objects.get(username="js-reviewer"))  # fmt: skip
    return run.pk


def _workdays_day() -> int:
    """An unpublished 2027 of the working-day calendar with one holiday (made directly)."""
    year = CalendarYear.objects.create(year=2027, source="矩阵测试")
    return CalendarDay.objects.create(calendar_year=year, date=date(2027, 1, 1), is_working=False,
                                      name="元旦").pk  # fmt: skip


def _give_a_file(spec: EnterpriseSpec) -> None:
    org = _org(spec)
    report = org.reports.filter(year=DATA_YEAR).order_by("-number").first()
    account = User.objects.get(organisation=org, is_enterprise_account=True)
    report_services.add_evidence(actor=account, report=report, kind="other", upload=PDF,
                                 name="matrix.pdf")  # fmt: skip


@contextmanager
def _restored(logger: logging.Logger, level: int) -> Iterator[None]:
    try:
        yield
    finally:
        logger.setLevel(level)


def ask(
    world: World, role: str, method: str, url: str, data: dict[str, Any] | None
) -> tuple[str, str]:
    """(outcome, what was answered) of one request, rolled back whatever it did."""
    client = world.clients[role]
    client.cookies.clear()  # no messages or new session left by the previous request
    if role != ANON:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    try:
        with transaction.atomic():
            response = client.get(url) if method == "GET" else client.post(url, data)
            transaction.set_rollback(True)
    except Exception as exc:  # the test client re-raises a view's exception: a 500
        return "500", f"500 {type(exc).__name__}: {exc}"
    if response.streaming:  # read a file to its end: the client's wrapper then closes it
        b"".join(response.streaming_content)
    location = response.get("Location", "")
    return outcome(response.status_code, location), f"{response.status_code} {location}".strip()


def snapshot() -> dict[str, Any]:
    """Row counts that any change would move (every service action writes an audit entry), and
    the state of every plan version, report and organisation."""
    models = (AuditEntry, Organisation, User, RoleAssignment, PlanVersion, PlanComment, Report,
              ReportCell, MonthFiling, StoredFile, Calculation)  # fmt: skip
    counts: dict[str, Any] = {model.__name__: model.objects.count() for model in models}
    states = {model.__name__ + " states": sorted(model.objects.values_list("pk", field))
              for model, field in ((PlanVersion, "state"), (Report, "state"),
                                   (Organisation, "status"))}  # fmt: skip
    return counts | states


def routes_by_name() -> dict[str, Route]:
    return {route.name: route for route in url_routes()}


# -- the tests ------------------------------------------------------------------------------------
def test_every_route_is_in_the_table():
    """A page cannot be added without its line in ROUTES (nor a line kept for a removed page)."""
    routes = url_routes()
    unnamed = [route.route for route in routes if not route.name]
    assert not unnamed, f"routes without a name (the matrix needs one): {unnamed}"
    assert {route.name for route in routes} >= {"landing", "plans:edit", "reports:pdf"}
    in_urls = {route.name for route in routes}
    in_table = {route_name(key) for key in ROUTES}
    missing, extra = sorted(in_urls - in_table), sorted(in_table - in_urls)
    assert not missing and not extra, (
        f"routes missing from ROUTES (add a line each): {missing}; "
        f"lines in ROUTES for no route (remove them): {extra}"
    )


def test_the_roles_are_what_the_table_assumes(world):
    """The matrix means something only if A, B and the others are who the groups say."""
    a, b = _org(TAIZHOU), _org(JIAWANG)
    assert a.pk != b.pk and a.province_id == b.province_id
    plan = PlanVersion.objects.get(pk=world.objects["A"]["plan"])
    report = Report.objects.get(pk=world.objects["A"]["report"])
    assert (plan.enterprise, plan.state, report.enterprise, report.state) == (
        a, "approved", a, "submitted"
    )  # fmt: skip
    assert StoredFile.objects.get(pk=world.objects["A"]["file"]).owner == a
    # the plan editor's routes take A's report's unit (a reporting row) as a row of A's plan
    unit = plan.units.get(pk=world.objects["A"]["unit"])
    assert unit.merged_into_id is None
    users = {role: User.objects.get(pk=world.clients[role].session["_auth_user_id"])
             for role in ROLES[1:]}  # fmt: skip
    assert users[ENT_A].organisation == a and users[ENT_A].is_enterprise_account
    assert users[ENT_B].organisation == b and users[ENT_B].is_enterprise_account
    js, hb = users[JS_REVIEWER].organisation, users[HB_REVIEWER].organisation
    assert users[JS_ADMIN].organisation == js and js.province_id == a.province_id
    assert hb.kind == "authority" and hb.province_id != a.province_id
    assert users[JS_ADMIN].has_role("authority_admin") and users[JS_REVIEWER].has_role("reviewer")
    agency = {users[r].organisation for r in (AGENCY_LEAD, AGENCY_VERIFIER, AGENCY_TECH,
                                              AGENCY_ADMIN)}  # fmt: skip
    assert len(agency) == 1 and agency.pop().kind == "agency"
    assert users[AGENCY_ADMIN].has_role("agency_admin")
    assert not users[AGENCY_LEAD].has_role("agency_admin")


@pytest.mark.parametrize("key", list(ROUTES))
def test_matrix(world, key):
    """Each role, GET and POST, on the route with A's objects: the table's outcome, never 5xx."""
    route = routes_by_name().get(route_name(key))
    assert route is not None, f"{key}: no such route in the URL configuration"
    rule = ROUTES[key]
    url = build_url(route, rule, world.objects["A"])
    assert resolve(url.split("?")[0]).view_name == route.name, url
    before = snapshot()
    wrong, errors = [], []
    for role in ROLES:
        for method in METHODS:
            got, answer = ask(world, role, method, url, rule.body())
            if got.startswith("5"):
                errors.append(f"{role} {method} {url}: {answer}")
            elif got != rule.expected(role, method):
                wrong.append(f"{role} {method}: expected {rule.expected(role, method)}, got {got}"
                             f" ({answer})")  # fmt: skip
    assert snapshot() == before, "a request changed the data (the savepoint was not rolled back)"
    assert not errors, "server errors:\n" + "\n".join(errors)
    assert not wrong, f"{url}\n" + "\n".join(wrong)


# -- abuse: bad ids everywhere an id is taken -------------------------------------------------------
BAD_IDS = ("²", "١", "１", "-1", "99999999999999999999")
# (role, whose objects, the role it plays in the table): the owner of frozen objects (A), the owner
# of drafts (B, with its revision draft and its draft report, so that the editors parse the ids),
# A's authority, and anonymous (the public pages' forms).
ABUSERS = (
    (ENT_A, "A", ENT_A),
    (ENT_B, "B", ENT_A),
    (JS_REVIEWER, "A", JS_REVIEWER),
    (ANON, "A", ANON),
)


class Case(NamedTuple):
    in_path: bool  # the bad id is in the path (else in the query or the form)
    role: str
    method: str
    url: str
    data: dict[str, Any] | None = None


def _abusable(key: str) -> bool:
    route = routes_by_name().get(route_name(key))
    rule = ROUTES[key]
    return bool(route is None or route.int_params or rule.query_ids or rule.form_ids)


def _resolves(url: str) -> bool:
    try:
        resolve(urlsplit(url).path)
    except Resolver404:
        return False
    return True


@pytest.mark.parametrize("key", [key for key in ROUTES if _abusable(key)])
def test_bad_ids(world, key):
    """A bad id in the path is refused (404, or 405 for a method the route does not take, or the
    login page for anonymous); in the query or a form it is at worst ignored. Never a 5xx.

    A path the URL configuration does not match is asked once (no view sees it); a path that
    reaches a view is asked by every abuser; a bad id in the query or a form is asked by the
    abusers the table lets in (the others are refused before the id is read)."""
    route = routes_by_name().get(route_name(key))
    assert route is not None, f"{key}: no such route in the URL configuration"
    rule = ROUTES[key]
    before = snapshot()
    cases: list[Case] = []
    for index, (role, whose, plays) in enumerate(ABUSERS):
        objects = world.objects[whose]
        let_in = [m for m in METHODS if rule.expected(plays, m) == OK]
        for bad in BAD_IDS:
            for name in route.int_params:
                url = build_url(route, rule, objects, raw={name: bad})
                if index == 0 or _resolves(url):
                    cases += [
                        Case(True, role, "GET", url),
                        Case(True, role, "POST", url, rule.body()),
                    ]
            for name in rule.query_ids:
                url = build_url(route, rule, objects, raw_query={name: bad})
                cases += [Case(False, role, m, url, rule.body()) for m in let_in]
            if "POST" in let_in:
                url = build_url(route, rule, objects)
                cases += [Case(False, role, "POST", url, {**rest, name: bad})
                          for name, rest in rule.form_ids.items()]  # fmt: skip
    wrong, errors = [], []
    for case in cases:
        got, answer = ask(world, case.role, case.method, case.url, case.data)
        where = f"{case.role} {case.method} {case.url} {case.data or ''}".rstrip()
        refused = {DENY, NOT_ALLOWED} | ({LOGIN} if case.role == ANON else set())
        if got.startswith("5"):
            errors.append(f"{where}: {answer}")
        elif case.in_path and got not in refused:
            wrong.append(f"{where}: expected {' or '.join(sorted(refused))}, got {got} ({answer})")
    assert snapshot() == before, "a request changed the data (the savepoint was not rolled back)"
    assert not errors, "server errors:\n" + "\n".join(errors)
    assert not wrong, "\n".join(wrong)
