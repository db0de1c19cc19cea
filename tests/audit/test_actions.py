"""The audit actions are one enumeration: every service records a member of it, each member is
recorded by some service, and every page names an action by the member's label."""

from __future__ import annotations

import ast
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from tanhe.accounts.models import Organisation, Province
from tanhe.audit.actions import Action
from tanhe.audit.models import AuditEntry
from tanhe.audit.services import record

SOURCE = Path(__file__).resolve().parents[2] / "tanhe"
# The functions that write an audit row: record() and the apps' helpers around it.
WRITERS = {"record", "_audit"}
CODE = re.compile(r"[a-z_]+(\.[a-z_]+)+")


def _writer_calls() -> list[tuple[str, ast.Call]]:
    calls = []
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if name in WRITERS:
                    where = f"{path.relative_to(SOURCE.parent)}:{node.lineno}"
                    calls.append((where, node))
    return calls


def _members_in(node: ast.AST) -> set[str]:
    return {
        n.attr
        for n in ast.walk(node)
        if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "Action"
    }


def test_the_source_has_the_writers_this_test_reads():
    """Guards the two tests below: they read these calls, so they must find them."""
    calls = _writer_calls()
    assert len(calls) > len(Action)
    assert {where.split(":")[0] for where, _ in calls} >= {
        "tanhe/plans/services.py",
        "tanhe/reports/services/_common.py",
        "tanhe/accounts/enrolment.py",
        "tanhe/documents/services.py",
    }


def test_every_action_is_recorded_by_some_service():
    used = set().union(*(_members_in(call) for _, call in _writer_calls()))
    assert [a.name for a in Action if a.name not in used] == []
    assert used <= set(Action.names)  # a misspelt member would fail at import anyway


def test_no_audit_call_passes_a_free_string():
    """A new action is a member of the enumeration, never a string at the call."""
    free = []
    for where, call in _writer_calls():
        action = next((k.value for k in call.keywords if k.arg == "action"), None)
        if isinstance(action, ast.Constant | ast.JoinedStr | ast.BinOp):
            free.append(where)
        for arg in call.args:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                if CODE.fullmatch(arg.value):
                    free.append(where)
            elif isinstance(arg, ast.JoinedStr):
                free.append(where)  # an action code put together at run time
    assert free == []


@pytest.mark.django_db
def test_record_refuses_a_string():
    province = Province.objects.create(code="320000", name="江苏省")
    org = Organisation.objects.create(kind="authority", name="江苏省生态环境厅", province=province)
    with transaction.atomic(), pytest.raises(TypeError, match="Action"):
        record(actor=None, action="enterprise.approve", obj=org)
    assert not AuditEntry.objects.exists()
    with transaction.atomic():
        entry = record(actor=None, action=Action.ENTERPRISE_APPROVE, obj=org)
    assert (entry.action, entry.actor_name) == ("enterprise.approve", "系统")


def test_values_keep_the_stored_codes_and_names_follow_them():
    """Stored rows keep their meaning: the member's name is its code, and no code repeats."""
    assert [a.name for a in Action] == [a.value.upper().replace(".", "_") for a in Action]
    assert all(CODE.fullmatch(a.value) and len(a.value) <= 64 for a in Action)
    assert Action.PLAN_SUBMIT == "plan.submit"  # one of the codes stored since the start


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_action_has_its_own_label(language):
    with translation.override(language):
        labels = [str(a.label) for a in Action]
    assert len(set(labels)) == len(labels)
    assert not set(labels) & set(Action.values)
    if language == "en":
        assert all(label.isascii() for label in labels), labels


def test_a_stored_action_is_named_by_its_label_and_a_retired_one_by_its_code():
    with translation.override("zh-hans"):
        assert AuditEntry(action="activation_code.use").get_action_display() == "使用激活码"
        assert AuditEntry(action="enterprise.reject").get_action_display() == "enterprise.reject"
    with translation.override("en"):
        assert AuditEntry(action="plan.unit.merge").get_action_display() == str(
            Action.PLAN_UNIT_MERGE.label
        )


@pytest.mark.django_db
def test_the_field_takes_its_choices_from_the_enumeration_without_a_migration():
    """The choices are named by reference (tanhe.audit.actions.action_choices), so a new action
    needs no migration — and no model change lacks one."""
    assert list(AuditEntry._meta.get_field("action").choices) == Action.choices
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
