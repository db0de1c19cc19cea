"""Declared freezing: what a submitted version freezes, and the database triggers made from it.

A parent model (``Report``, ``PlanVersion``) is *frozen* while its state is one of ``states``.
Then its columns do not change (except those declared ``writable``), its state moves only along
its transition table, it cannot be deleted, and no row of a child table (reached from the child
by ``path``, foreign keys ending at the parent) can be inserted, changed or deleted. The services
refuse all this first; the triggers catch whatever bypasses them (the admin, a shell, a bug).

Each app declares its parent beside its models (``tanhe/<app>/freeze.py``). A migration holds the
SQL generated here as literal text (``python -m tanhe.frozen <app> <its latest migration>``
prints the next one), and ``tests/test_frozen.py`` checks that the latest such migration equals
what the declaration generates now, and that every model hanging from a parent is declared
frozen or exempt.
"""

from __future__ import annotations

import importlib
import itertools
import pkgutil
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any

VENDORS = ("sqlite", "postgresql")
_NAME = re.compile(r"^[a-z_]+$")  # state values and messages are inlined into SQL


@dataclass(frozen=True)
class Child:
    """A table frozen with its parent. ``path``: the foreign keys from the child to the parent;
    ``per_statement``: on PostgreSQL, check once per statement (tables written in bulk)."""

    model: str
    path: tuple[str, ...]
    per_statement: bool = False


@dataclass(frozen=True)
class Exempt:
    """A model hanging from the parent that stays writable once it is frozen, and why."""

    model: str
    reason: str


@dataclass(frozen=True)
class Freeze:
    model: str  # "reports.Report"
    states: tuple[str, ...]  # frozen while the state is one of these
    transitions: Mapping[str, frozenset[str]]  # the model's transition table
    message: str  # the database error
    children: tuple[Child, ...]
    exempt: tuple[Exempt, ...] = ()
    writable: tuple[str, ...] = ()  # fields that may still change once frozen (besides state)
    state: str = "state"  # the parent's state field


# -- the model graph ------------------------------------------------------------------------------
def _model(label: str) -> Any:
    from django.apps import apps

    return apps.get_model(label)


def _label(model: Any) -> str:
    return str(model._meta.label)


def _hops(child: Any, path: tuple[str, ...]) -> list[tuple[Any, Any]]:
    """(field, model it points to) for each foreign key of ``path``."""
    hops, model = [], child
    for name in path:
        fk = model._meta.get_field(name)
        if not fk.many_to_one and not fk.one_to_one:
            raise ValueError(f"{_label(model)}.{name} is not a foreign key")
        model = fk.related_model
        hops.append((fk, model))
    return hops


def check_paths(freeze: Freeze) -> None:
    """Every child's path ends at the parent."""
    parent = _model(freeze.model)
    for child in freeze.children:
        hops = _hops(_model(child.model), child.path)
        if not hops or hops[-1][1] is not parent:
            raise ValueError(f"{child.model}: path {child.path} does not end at {freeze.model}")


def undeclared(freezes: Iterable[Freeze]) -> list[str]:
    """Models with a foreign key to a parent, or to a frozen child, that no declaration lists as
    frozen or exempt (labels, sorted). The walk goes on through frozen tables only."""
    from django.db.models import ForeignObjectRel

    freezes = tuple(freezes)
    frozen = {f.model for f in freezes} | {c.model for f in freezes for c in f.children}
    exempt = {e.model for f in freezes for e in f.exempt}
    missing: set[str] = set()
    todo = [_model(f.model) for f in freezes]
    seen = {_label(m) for m in todo}
    while todo:
        model = todo.pop()
        for rel in model._meta.get_fields(include_hidden=True):  # related_name="+" too
            if not isinstance(rel, ForeignObjectRel):
                continue
            label = _label(rel.related_model)
            if label in seen:
                continue
            seen.add(label)
            if label in frozen:
                todo.append(rel.related_model)
            elif label not in exempt:
                missing.add(label)
    return sorted(missing)


# -- SQL ------------------------------------------------------------------------------------------
def _quoted(values: Iterable[str]) -> str:
    values = [str(v) for v in values]
    for v in values:
        if not _NAME.match(v):
            raise ValueError(f"not a plain state name: {v!r}")
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _frozen_row(freeze: Freeze, child: Child, row: str) -> str:
    """SQL true when the parent of ``row`` (NEW or OLD) is frozen."""
    hops = _hops(_model(child.model), child.path)
    expr = f"{row}.{hops[0][0].column}"
    for (fk, model), (nxt, _) in itertools.pairwise(hops):
        key = fk.target_field.column
        expr = f"(SELECT {nxt.column} FROM {model._meta.db_table} WHERE {key} = {expr})"
    fk, parent = hops[-1]
    return (
        f"(SELECT {freeze.state} FROM {parent._meta.db_table} "
        f"WHERE {fk.target_field.column} = {expr}) IN {_quoted(freeze.states)}"
    )


def _frozen_rows(freeze: Freeze, child: Child, rows: str) -> str:
    """SQL true when any row of the transition table ``rows`` belongs to a frozen parent."""
    hops = _hops(_model(child.model), child.path)
    joins, alias = [], "x"
    for i, (fk, model) in enumerate(hops):
        nxt = "p" if i == len(hops) - 1 else f"j{i}"
        key = fk.target_field.column
        joins.append(f"JOIN {model._meta.db_table} {nxt} ON {nxt}.{key} = {alias}.{fk.column}")
        alias = nxt
    return (
        f"EXISTS (SELECT 1 FROM {rows} x {' '.join(joins)} "
        f"WHERE p.{freeze.state} IN {_quoted(freeze.states)})"
    )


def _table(label: str) -> str:
    return str(_model(label)._meta.db_table)


def _first_column(child: Child) -> str:
    return str(_hops(_model(child.model), child.path)[0][0].column)


def frozen_columns(freeze: Freeze) -> list[str]:
    """The parent's columns that never change once frozen: all but its key, its state and the
    declared writable fields."""
    model = _model(freeze.model)
    skip = {model._meta.pk.name, freeze.state, *freeze.writable}
    return [f.column for f in model._meta.concrete_fields if f.name not in skip]


def _refused_move(freeze: Freeze) -> str:
    """SQL true when a frozen parent's state moves outside its transition table."""
    moves = []
    for state in freeze.states:
        allowed = (state, *sorted(freeze.transitions[state]))
        moves.append(
            f"(OLD.{freeze.state} = '{state}' AND NEW.{freeze.state} NOT IN {_quoted(allowed)})"
        )
    return "\n             OR ".join(moves)


def _sqlite_child(freeze: Freeze, child: Child) -> list[str]:
    table, raise_ = _table(child.model), f"SELECT RAISE(ABORT, '{freeze.message}');"
    column = _first_column(child)
    moved = f"(NEW.{column} IS NOT OLD.{column} AND {_frozen_row(freeze, child, 'NEW')})"
    return [
        f"""CREATE TRIGGER {table}_frozen_insert BEFORE INSERT ON {table}
        WHEN {_frozen_row(freeze, child, "NEW")}
        BEGIN {raise_} END""",
        f"""CREATE TRIGGER {table}_frozen_update BEFORE UPDATE ON {table}
        WHEN {_frozen_row(freeze, child, "OLD")}
             OR {moved}
        BEGIN {raise_} END""",
        f"""CREATE TRIGGER {table}_frozen_delete BEFORE DELETE ON {table}
        WHEN {_frozen_row(freeze, child, "OLD")}
        BEGIN {raise_} END""",
    ]


def _sqlite_parent(freeze: Freeze) -> list[str]:
    table, raise_ = _table(freeze.model), f"SELECT RAISE(ABORT, '{freeze.message}');"
    changed = "\n             OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in frozen_columns(freeze))
    states = _quoted(freeze.states)
    return [
        f"""CREATE TRIGGER {table}_frozen_update BEFORE UPDATE ON {table}
        WHEN OLD.{freeze.state} IN {states}
         AND ({changed}
             OR {_refused_move(freeze)})
        BEGIN {raise_} END""",
        f"""CREATE TRIGGER {table}_frozen_delete BEFORE DELETE ON {table}
        WHEN OLD.{freeze.state} IN {states}
        BEGIN {raise_} END""",
    ]


def _postgres_row_child(freeze: Freeze, child: Child) -> list[str]:
    table, raise_ = _table(child.model), f"RAISE EXCEPTION '{freeze.message}';"
    column = _first_column(child)
    return [
        f"""CREATE FUNCTION {table}_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            IF {_frozen_row(freeze, child, "NEW")} THEN {raise_} END IF;
            RETURN NEW;
          END IF;
          IF {_frozen_row(freeze, child, "OLD")} THEN {raise_} END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          IF NEW.{column} IS DISTINCT FROM OLD.{column} THEN
            IF {_frozen_row(freeze, child, "NEW")} THEN {raise_} END IF;
          END IF;
          RETURN NEW;
        END $$""",
        f"""CREATE TRIGGER {table}_frozen BEFORE INSERT OR UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION {table}_frozen()""",
    ]


_STATEMENT = (  # (operation, name, transition tables, REFERENCING clause)
    ("INSERT", "new", ("new_rows",), "NEW TABLE AS new_rows"),
    ("DELETE", "old", ("old_rows",), "OLD TABLE AS old_rows"),
    ("UPDATE", "both", ("old_rows", "new_rows"), "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
)


def _postgres_statement_child(freeze: Freeze, child: Child) -> list[str]:
    """AFTER … FOR EACH STATEMENT: one check however many rows (a fuel table is one UPDATE of
    ~1,000 cells; a row trigger would run its lookup ~1,000 times)."""
    table, sql = _table(child.model), []
    for _op, name, rows, _ref in _STATEMENT:
        test = "\n             OR ".join(_frozen_rows(freeze, child, r) for r in rows)
        sql.append(
            f"""CREATE FUNCTION {table}_frozen_{name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF {test}
          THEN RAISE EXCEPTION '{freeze.message}'; END IF;
          RETURN NULL;
        END $$"""
        )
    for op, name, _rows, ref in _STATEMENT:
        sql.append(
            f"""CREATE TRIGGER {table}_frozen_{op.lower()} AFTER {op} ON {table}
        REFERENCING {ref} FOR EACH STATEMENT
        EXECUTE FUNCTION {table}_frozen_{name}()"""
        )
    return sql


def _postgres_parent(freeze: Freeze) -> list[str]:
    table, raise_ = _table(freeze.model), f"RAISE EXCEPTION '{freeze.message}';"
    changed = "\n             OR ".join(
        f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in frozen_columns(freeze)
    )
    states = _quoted(freeze.states)
    return [
        f"""CREATE FUNCTION {table}_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN
            IF OLD.{freeze.state} IN {states} THEN {raise_} END IF;
            RETURN OLD;
          END IF;
          IF OLD.{freeze.state} IN {states}
             AND ({changed}
             OR {_refused_move(freeze)})
          THEN {raise_} END IF;
          RETURN NEW;
        END $$""",
        f"""CREATE TRIGGER {table}_frozen BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION {table}_frozen()""",
    ]


def create_sql(freeze: Freeze, vendor: str) -> list[str]:
    """The statements that create the freeze triggers of ``freeze`` on ``vendor``."""
    if vendor not in VENDORS:
        raise ValueError(f"no freeze triggers for {vendor}")
    check_paths(freeze)
    if not _NAME.match(freeze.message.replace(" ", "_")):
        raise ValueError(f"message must be plain words: {freeze.message!r}")
    sql: list[str] = []
    for child in freeze.children:
        if vendor == "sqlite":
            sql += _sqlite_child(freeze, child)
        elif child.per_statement:
            sql += _postgres_statement_child(freeze, child)
        else:
            sql += _postgres_row_child(freeze, child)
    sql += _sqlite_parent(freeze) if vendor == "sqlite" else _postgres_parent(freeze)
    return sql


def drop_sql(freeze: Freeze, vendor: str) -> list[str]:
    """The statements that drop what ``create_sql`` creates."""
    tables = [_table(c.model) for c in freeze.children]
    parent = _table(freeze.model)
    if vendor == "sqlite":
        names = [f"{t}_frozen_{op}" for t in tables for op in ("insert", "update", "delete")]
        names += [f"{parent}_frozen_update", f"{parent}_frozen_delete"]
        return [f"DROP TRIGGER {n}" for n in names]
    sql = []
    for child, table in zip(freeze.children, tables, strict=True):
        if child.per_statement:
            sql += [f"DROP TRIGGER {table}_frozen_{op.lower()} ON {table}" for op, *_ in _STATEMENT]
            sql += [f"DROP FUNCTION {table}_frozen_{name}()" for _, name, *_ in _STATEMENT]
        else:
            sql += [f"DROP TRIGGER {table}_frozen ON {table}", f"DROP FUNCTION {table}_frozen()"]
    sql += [f"DROP TRIGGER {parent}_frozen ON {parent}", f"DROP FUNCTION {parent}_frozen()"]
    return sql


# -- migrations -----------------------------------------------------------------------------------
def declaration(app_label: str) -> Freeze:
    module = importlib.import_module(f"tanhe.{app_label}.freeze")
    return module.FREEZE  # type: ignore[no-any-return]


def migrations_with_triggers(app_label: str) -> list[ModuleType]:
    """The app's migrations that create generated freeze triggers (a ``CREATE`` mapping), in
    order of their names."""
    package = importlib.import_module(f"tanhe.{app_label}.migrations")
    names = sorted(m.name for m in pkgutil.iter_modules(package.__path__))
    modules = [importlib.import_module(f"{package.__name__}.{n}") for n in names]
    return [m for m in modules if isinstance(getattr(m, "CREATE", None), dict)]


def migration_source(app_label: str, dependency: str) -> str:
    """A migration that replaces the app's latest generated freeze triggers by those its
    declaration generates now (``dependency``: the app's latest migration)."""
    freeze = declaration(app_label)
    previous = migrations_with_triggers(app_label)[-1]
    out = [
        f'"""Freeze triggers regenerated from tanhe/{app_label}/freeze.py '
        f'(python -m tanhe.frozen {app_label})."""\n',
        "from django.db import migrations\n",
        f"# the triggers of {previous.__name__.rsplit('.', 1)[-1]}",
        _literal("DROP_OLD", previous.DROP),
        _literal("CREATE_OLD", previous.CREATE),
        "# generated; tests/test_frozen.py checks these equal what the declaration generates",
        _literal("CREATE", {v: create_sql(freeze, v) for v in VENDORS}),
        _literal("DROP", {v: drop_sql(freeze, v) for v in VENDORS}),
        MIGRATION_TAIL.format(app=app_label, dependency=dependency),
    ]
    return "\n".join(out)


def _literal(name: str, sql: Mapping[str, list[str]]) -> str:
    lines = [f"{name} = {{"]
    for vendor in VENDORS:
        lines.append(f"    {vendor!r}: [")
        for statement in sql[vendor]:
            if '"""' in statement or "\\" in statement or statement.endswith('"'):
                lines.append(f"        {statement!r},")
            else:
                lines.append(f'        """{statement}""",')
        lines.append("    ],")
    lines.append("}")
    return "\n".join(lines) + "\n"


MIGRATION_TAIL = """
def _run(statements, schema_editor):
    for sql in statements[schema_editor.connection.vendor]:
        schema_editor.execute(sql)


def forwards(apps, schema_editor):
    _run(DROP_OLD, schema_editor)
    _run(CREATE, schema_editor)


def backwards(apps, schema_editor):
    _run(DROP, schema_editor)
    _run(CREATE_OLD, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("{app}", "{dependency}")]
    operations = [migrations.RunPython(forwards, backwards)]
"""


def main(argv: list[str] | None = None) -> None:
    """``python -m tanhe.frozen <app> <latest migration>``: print the next freeze migration."""
    import os
    import sys

    import django

    args = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    django.setup()
    sys.stdout.write(migration_source(args[0], args[1]))


if __name__ == "__main__":
    main()
