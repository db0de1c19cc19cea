"""Views stay thin (issue #8): no view module opens a transaction (a business action is one
service, which owns its transaction and audit row), and none switches on a posted ``action`` or
``op`` (each posted action has its own handler and URL).

Read from the source, so that a new views module is covered without being listed here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import tanhe

TANHE = Path(tanhe.__file__).parent
TRANSACTION_NAMES = frozenset({"atomic", "set_rollback", "savepoint", "non_atomic_requests"})
SWITCH_FIELDS = frozenset({"action", "op"})


def view_modules() -> list[Path]:
    """Every module named like ``views`` (``views.py``, ``review_views.py``, ``views/*.py``)."""
    return sorted(
        path
        for path in TANHE.rglob("*.py")
        if "views" in path.stem or any("views" in part for part in path.relative_to(TANHE).parts)
    )


def _is_post(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "POST"


def _constant(node: ast.AST | None) -> object:
    return node.value if isinstance(node, ast.Constant) else None


def offences(source: str) -> list[str]:
    """Where ``source`` opens a transaction or reads a posted ``action`` / ``op``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", None)
        if name in TRANSACTION_NAMES:
            found.append(f"line {node.lineno}: transaction ({name})")
        if (
            isinstance(node, ast.ImportFrom)
            and node.module == "django.db"
            and any(alias.name == "transaction" for alias in node.names)
        ):
            found.append(f"line {node.lineno}: imports django.db.transaction")
        posted = None
        if isinstance(node, ast.Subscript) and _is_post(node.value):
            posted = _constant(node.slice)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("get", "getlist", "__getitem__")
            and _is_post(node.func.value)
            and node.args
        ):
            posted = _constant(node.args[0])
        if posted in SWITCH_FIELDS:
            found.append(f"line {node.lineno}: switches on the posted {posted!r}")
    return found


def test_the_views_modules_are_found():
    names = {str(path.relative_to(TANHE)) for path in view_modules()}
    assert {"reports/views/tables.py", "reports/views/monthly_actions.py",
            "plans/views/units.py", "plans/review_views.py", "accounts/views.py"} <= names  # fmt: skip


@pytest.mark.parametrize(
    "source",
    [
        "from django.db import transaction\n",
        "with transaction.atomic():\n    pass\n",
        "@atomic\ndef view(request): ...\n",
        "transaction.set_rollback(True)\n",
        "HANDLERS[request.POST.get('action', 'save')](request)\n",
        "if request.POST['op'] == 'remove': ...\n",
    ],
)
def test_the_check_finds_what_it_looks_for(source):
    assert offences(source)


def test_no_view_opens_a_transaction_or_switches_on_a_posted_action():
    found = {
        str(path.relative_to(TANHE)): offences(path.read_text(encoding="utf-8"))
        for path in view_modules()
    }
    assert {path: lines for path, lines in found.items() if lines} == {}
