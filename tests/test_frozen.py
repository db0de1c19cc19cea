"""The declared freeze lists (tanhe/plans/freeze.py, tanhe/reports/freeze.py) against the model
graph, the migrations and the database: a new table hanging from a report or a plan version is
frozen with it or exempted for a reason, and the triggers installed are those the lists make."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from django.db import DatabaseError, connection, transaction

from tanhe import frozen
from tanhe.accounts.models import Organisation, Province, User
from tanhe.plans.models import PlanFacility, PlanUnit, PlanVersion

APPS = ("plans", "reports", "verification")
HINT = (
    "the freeze triggers in the database differ from tanhe/{app}/freeze.py: write a migration "
    "with `.venv/bin/python -m tanhe.frozen {app} <latest migration of {app}> > "
    "tanhe/{app}/migrations/<next>_freeze.py`"
)


def declarations() -> list[frozen.Freeze]:
    return [frozen.declaration(app) for app in APPS]


def without(freeze: frozen.Freeze, label: str) -> frozen.Freeze:
    return replace(
        freeze,
        children=tuple(c for c in freeze.children if c.model != label),
        exempt=tuple(e for e in freeze.exempt if e.model != label),
    )


# -- the model graph ------------------------------------------------------------------------------
def test_every_table_hanging_from_a_report_or_plan_version_is_declared():
    assert frozen.undeclared(declarations()) == [], (
        "list it in tanhe/<app>/freeze.py: a Child (frozen with the version) or an Exempt "
        "(writable after submission, with the reason)"
    )


def test_a_table_left_out_is_named():
    plans, reports, verification = declarations()
    assert frozen.undeclared(
        [plans, without(reports, "reports.HeatMeasurement"), verification]
    ) == ["reports.HeatMeasurement"]
    assert frozen.undeclared([without(plans, "plans.PlanComment"), reports, verification]) == [
        "plans.PlanComment"
    ]


def test_tables_reached_through_a_frozen_child_count_too():
    """Report cells point at the plan's units: walking from the plan version alone reaches them
    through ``PlanUnit`` (and the report through its ``plan_version``)."""
    plans, *_ = declarations()
    assert frozen.undeclared([plans]) == [
        "reports.DailyFuelRecord",
        "reports.HeatMeasurement",
        "reports.Report",
        "reports.ReportCell",
        "reports.ReportComment",  # a comment at a place names the unit
        "reports.TestRecord",
        "verification.NonConformity",
    ]


def test_each_exemption_is_a_child_and_says_why():
    for freeze in declarations():
        for exempt in freeze.exempt:
            assert len(exempt.reason) > 20, exempt.model
            others = [without(f, exempt.model) if f is freeze else f for f in declarations()]
            assert exempt.model in frozen.undeclared(others), f"{exempt.model} is not a child"


def test_a_path_must_end_at_the_parent():
    plans, *_ = declarations()
    wrong = replace(plans, children=(frozen.Child("plans.PlanFacility", ("unit",)),))
    with pytest.raises(ValueError, match=r"does not end at plans\.PlanVersion"):
        frozen.create_sql(wrong, "sqlite")
    with pytest.raises(ValueError, match="is not a foreign key"):
        frozen.create_sql(replace(plans, children=(frozen.Child("plans.PlanUnit", ("name",)),)),
                          "sqlite")  # fmt: skip


def test_the_parent_columns_are_frozen_unless_declared_writable():
    plans, reports, _verification = declarations()
    assert "qa_text" in frozen.frozen_columns(plans)
    assert "decided_at" not in frozen.frozen_columns(plans)
    assert {"year", "contact_person", "submitted_at"} <= set(frozen.frozen_columns(reports))
    assert not {"id", "state", "updated_at"} & set(frozen.frozen_columns(reports))


# -- the migrations -------------------------------------------------------------------------------
@pytest.mark.parametrize("app", APPS)
@pytest.mark.parametrize("vendor", frozen.VENDORS)
def test_the_latest_freeze_migration_is_what_the_list_generates(app, vendor):
    latest = frozen.migrations_with_triggers(app)[-1]
    freeze = frozen.declaration(app)
    assert latest.CREATE[vendor] == frozen.create_sql(freeze, vendor), HINT.format(app=app)
    assert latest.DROP[vendor] == frozen.drop_sql(freeze, vendor), HINT.format(app=app)


@pytest.mark.parametrize("app", APPS)
def test_the_next_migration_replaces_the_latest_triggers(app):
    latest = frozen.migrations_with_triggers(app)[-1]
    namespace: dict = {}
    exec(compile(frozen.migration_source(app, "9999_latest"), "next", "exec"), namespace)
    assert namespace["DROP_OLD"] == latest.DROP and namespace["CREATE_OLD"] == latest.CREATE
    freeze = frozen.declaration(app)
    for vendor in frozen.VENDORS:
        assert namespace["CREATE"][vendor] == frozen.create_sql(freeze, vendor)
    assert namespace["Migration"].dependencies == [(app, "9999_latest")]


# -- the database ---------------------------------------------------------------------------------
def _installed(kind: str) -> set[str]:
    if connection.vendor == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%frozen%'"
        if kind == "FUNCTION":
            return set()
    elif kind == "TRIGGER":
        sql = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE '%frozen%'"
    else:
        sql = "SELECT proname FROM pg_proc WHERE proname LIKE '%frozen%'"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["TRIGGER", "FUNCTION"])
def test_the_database_holds_exactly_the_generated_triggers(kind):
    statements = [s for f in declarations() for s in frozen.create_sql(f, connection.vendor)]
    expected = {m[1] for s in statements if (m := re.match(rf"CREATE {kind} (\w+)", s))}
    assert _installed(kind) == expected
    tables = {f.model for f in declarations()} | {
        c.model for f in declarations() for c in f.children
    }
    if kind == "TRIGGER":  # every declared table has its own
        assert {t.split(".")[1].lower() for t in tables} == {
            re.sub(r"^[a-z]+?_([a-z_]+?)_frozen.*$", r"\1", name) for name in expected
        }


@pytest.fixture
def versions(db):
    """A submitted version with a unit, and a draft version of the same enterprise."""
    province = Province.objects.create(code="320000", name="江苏省")
    org = Organisation.objects.create(kind="enterprise", name="甲电厂", province=province,
                                      credit_code="91110000MA0123456P")  # fmt: skip
    user = User.objects.create_user(username="u", password="Xx-12345678", organisation=org)
    frozen_version, draft = (
        PlanVersion.objects.create(enterprise=org, number=n, business_type="filing",
                                   created_by=user)
        for n in (1, 2)
    )  # fmt: skip
    unit = PlanUnit.objects.create(version=frozen_version, name="1号机组", unit_type="coal",
                                   subtype="conventional", capacity_mw=1)  # fmt: skip
    PlanVersion.objects.filter(pk=frozen_version.pk).update(state="submitted")
    return draft, unit


@pytest.mark.parametrize("per_statement", [False, True])
def test_a_path_through_another_child_is_followed(versions, per_statement):
    """A facility declared frozen through its unit (unit → version) is refused when the unit's
    version is submitted, whatever its own ``version`` says."""
    draft, unit = versions
    plans, *_ = declarations()
    via_unit = replace(
        plans,
        children=(frozen.Child("plans.PlanFacility", ("unit", "version"), per_statement),),
    )
    facility = {"version": draft, "unit": unit, "category": "boiler", "code": "MF1", "name": "炉"}
    PlanFacility.objects.create(**facility)  # the shipped triggers look at its own version
    with connection.cursor() as cursor:
        for sql in frozen.drop_sql(plans, connection.vendor):
            cursor.execute(sql)
        for sql in frozen.create_sql(via_unit, connection.vendor):
            cursor.execute(sql)
    with pytest.raises(DatabaseError, match="submitted"), transaction.atomic():
        PlanFacility.objects.create(**facility)
    with pytest.raises(DatabaseError, match="submitted"), transaction.atomic():
        PlanFacility.objects.filter(unit=unit).delete()
