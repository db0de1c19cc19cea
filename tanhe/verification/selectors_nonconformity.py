"""Reads of the non-conformity form: what a non-conformity may be linked to — the checklist items
(those concluded 不符合 or carrying a confirmed finding first, the rest by table), the checks
engine's findings in words, and the task's samples (linking one enlarges it, guide 4.4.2)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from tanhe.checks import checklist
from tanhe.reports.labels import fuel_name

from .models import ChecklistItem, Conclusion, FindingDecision, FindingReview, Sample, Task
from .selectors_review import _item_title, plant_units, shown_finding, table_heading


@dataclass(frozen=True)
class Choice:
    pk: int
    label: str


@dataclass
class ItemChoices:
    """The checklist items to link: ``flagged`` (不符合, or with a confirmed finding) are offered
    as checkboxes; ``others`` by table in a list."""

    flagged: list[Choice] = field(default_factory=list)
    others: list[tuple[str, list[Choice]]] = field(default_factory=list)


def _flagged(item: ChecklistItem, confirmed: set[int]) -> bool:
    return item.conclusion == Conclusion.NONCONFORMS or item.pk in confirmed


def item_choices(task: Task) -> ItemChoices:
    specs = {s.id: s for s in checklist.load()}
    confirmed = set(
        task.findings.filter(decision=FindingDecision.CONFIRMED).values_list("item_id", flat=True)
    )
    out = ItemChoices()
    groups: dict[int, list[Choice]] = {}
    items = task.checklist.select_related("unit").order_by("position", "pk")
    for item in items:
        spec = specs.get(item.key.split("/", 1)[0])
        title = _item_title(item, spec) if spec is not None else item.key
        if _flagged(item, confirmed):
            state = f"（{item.get_conclusion_display()}）" if item.conclusion else ""
            out.flagged.append(Choice(item.pk, f"{title}{state}"))
        else:
            groups.setdefault(item.table, []).append(Choice(item.pk, title))
    order = sorted(groups, key=lambda t: (t == 0, t))
    out.others = [(table_heading(t), groups[t]) for t in order]
    return out


def finding_choices(task: Task) -> list[tuple[FindingReview, str]]:
    """Each finding with where and what it says (as the review page words it) and its decision
    (a dismissed finding is not offered)."""
    unit_ids = {u.name: u.pk for u in plant_units(task.report)} if task.report else {}
    out = []
    findings = task.findings.exclude(decision=FindingDecision.DISMISSED).order_by("pk")
    for f in findings:
        shown = shown_finding(f, unit_ids)
        where = shown.where + _("：") if shown.where else ""
        out.append((f, f"{where}{shown.message}（{f.get_decision_display()}）"))
    return out


def sample_choices(task: Task) -> list[Sample]:
    return list(task.samples.prefetch_related("records").order_by("pk"))


@dataclass(frozen=True)
class Linked:
    """What a non-conformity rests on, in words: checklist items, findings, samples."""

    items: list[str]
    findings: list[str]
    samples: list[Sample]


def linked(
    task: Task, choices: ItemChoices, findings: list[tuple[FindingReview, str]]
) -> dict[int, Linked]:
    """``nc.pk → Linked`` for the task's non-conformities (the labels of the form's choices)."""
    titles = {c.pk: c.label for c in choices.flagged}
    titles |= {c.pk: c.label for _h, group in choices.others for c in group}
    words = {f.pk: label for f, label in findings}
    out: dict[int, Linked] = {}
    ncs = task.nonconformities.prefetch_related("items", "findings", "samples__records")
    for nc in ncs:
        out[nc.pk] = Linked(
            items=[titles.get(i.pk, i.key) for i in nc.items.all()],
            findings=[words.get(f.pk, f.rule) for f in nc.findings.all()],
            samples=list(nc.samples.all()),
        )
    return out


def fuel_choices(task: Task) -> list[tuple[str, str]]:
    """The fuels of the units under verification: ``(key, name in the reader's language)``."""
    if task.report is None:
        return []
    keys: dict[str, None] = {}
    for unit in plant_units(task.report):
        keys |= dict.fromkeys(unit.fuel_names)
    return [(key, fuel_name(key)) for key in keys]
