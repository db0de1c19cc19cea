"""抽样 (guide 4.4.2): the team draws at least 30 % of a population of records with a recorded
seed and principle (``tanhe.checks.sampling``), records what it finds for each drawn record, and
each non-conformity found in the population takes the sample up to 50 %, 80 %, then 100 % — the
records drawn before stay (a larger level's draw contains the smaller's). A facility under
allowance control (配额管控设施) is checked in full."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from decimal import Decimal, localcontext

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tanhe.accounts.models import User
from tanhe.audit.actions import Action
from tanhe.checks import sampling
from tanhe.inputs import InputRefused, parse_number
from tanhe.validators import number_message

from .. import selectors_onsite
from ..models import ChecklistItem, Sample, SampleRecord, Task, TaskState
from ..selectors_onsite import Population, number
from ._common import _audit, locked, require_member, require_state

SAMPLING_STATES = (TaskState.REVIEW, TaskState.ONSITE, TaskState.CORRECTION)
SEED_BELOW = 10**12  # a twelve-digit seed: short enough to write into the verification report
PRINCIPLE_LABELS = {  # 样本选择的原则 (tanhe.checks.sampling.PRINCIPLES)
    "random": gettext_lazy("随机抽样"),
    "stratified": gettext_lazy("按月分层抽样"),
    "risk": gettext_lazy("基于风险抽样（偏离均值最大者优先）"),
}


def _records(sample: Sample, found: Population, keys: list[str], percent: int) -> int:
    """Add the drawn ``keys`` not yet in ``sample`` (at ``percent``); how many were added."""
    have = set(sample.records.values_list("key", flat=True))
    new = [found.record(k) for k in keys if k not in have]
    SampleRecord.objects.bulk_create(
        SampleRecord(
            sample=sample,
            key=r.key,
            label=r.label,
            month=r.month,
            percent=percent,
            reported=r.reported,
        )
        for r in new
    )
    return len(new)


@transaction.atomic
def draw_sample(
    actor: User,
    task: Task,
    population: str | Population,
    principle: str,
    seed: int | None = None,
    controlled: bool = False,
    item: ChecklistItem | None = None,
) -> Sample:
    """Draw the first sample of a population: 30 % (100 % for a controlled facility) by
    ``principle`` from ``seed`` (a random one when None), recorded so it can be drawn again."""
    task = locked(task)
    require_member(actor, task)
    require_state(task, *SAMPLING_STATES)
    if principle not in sampling.PRINCIPLES:
        raise ValidationError(_("请选择抽样原则"))
    population_key = population if isinstance(population, str) else population.key
    found = selectors_onsite.population(task, population_key)
    if found is None or not found.size:
        raise ValidationError(_("该报告中没有这一抽样对象的记录"))
    if task.samples.filter(population=population_key).exists():
        raise ValidationError(
            _("已对“%(label)s”抽样；发现不符合项时扩大样本") % {"label": found.label}
        )
    if item is not None and item.task_id != task.pk:
        raise ValidationError(_("评审条目不属于本任务"))
    if seed is None:
        seed = secrets.randbelow(SEED_BELOW)
    percent = sampling.level_after(0, controlled)
    keys = sampling.draw(found.for_sampling(), percent, seed, principle, controlled)
    sample = Sample.objects.create(
        task=task,
        item=item,
        population=population_key,
        label=found.label,
        population_size=found.size,
        principle=principle,
        seed=seed,
        percent=percent,
        controlled=controlled,
        created_by=actor,
    )
    _records(sample, found, keys, percent)
    _audit(
        actor,
        Action.SAMPLE_DRAW,
        sample,
        task,
        note=_(
            "%(label)s：总体%(n)s条，抽取%(k)s条（%(percent)s%%），原则%(principle)s，种子%(seed)s"
        )
        % {
            "label": found.label,
            "n": found.size,
            "k": len(keys),
            "percent": percent,
            "principle": PRINCIPLE_LABELS[principle],
            "seed": seed,
        },
    )
    return sample


@transaction.atomic
def escalate_for_nonconformity(actor: User, sample: Sample, note: str = "") -> Sample:
    """A non-conformity was found in ``sample``'s population (4.4.2 "如发现不符合项，可扩大样本
    至50%、80%，直至100%"): count it and extend the sample to the next level from the same seed
    and principle, keeping the records drawn before. At 100 % the count still goes up."""
    task = locked(sample.task)
    require_member(actor, task)
    require_state(task, *SAMPLING_STATES)
    sample = Sample.objects.select_for_update().get(pk=sample.pk)
    before = sample.percent
    sample.nonconformities += 1
    sample.percent = max(before, sampling.level_after(sample.nonconformities, sample.controlled))
    sample.save(update_fields=["nonconformities", "percent"])
    added = 0
    if sample.percent > before:
        found = selectors_onsite.population(task, sample.population)
        if found is None:
            raise ValidationError(_("该报告中已没有这一抽样对象的记录"))
        keys = sampling.draw(
            found.for_sampling(), sample.percent, sample.seed, sample.principle, sample.controlled
        )
        added = _records(sample, found, keys, sample.percent)
    _audit(
        actor,
        Action.SAMPLE_ESCALATE,
        sample,
        task,
        changes={
            "percent": (before, sample.percent),
            "nonconformities": (sample.nonconformities - 1, sample.nonconformities),
        },
        note=(note or "").strip() or _("新增抽样记录%(n)s条") % {"n": added},
    )
    return sample


def difference(found: str, reported: str) -> str:
    """``found − reported``, exactly ("" when the reported value is not a number)."""
    f, r = number(found), number(reported)
    if f is None or r is None:
        return ""
    with localcontext() as ctx:
        ctx.prec = 100  # values are at most 40 characters: the difference is exact
        result: Decimal = f - r
    return str(result)


@transaction.atomic
def check_record(actor: User, record: SampleRecord, found: str, note: str = "") -> SampleRecord:
    """Record the value the team found for a drawn record, and its difference from the
    reported value (an exact decimal). A record may be checked again; each check is audited."""
    task = locked(record.sample.task)
    require_member(actor, task)
    require_state(task, *SAMPLING_STATES)
    record = SampleRecord.objects.select_for_update().get(pk=record.pk)
    raw = (found or "").strip()
    try:  # the input rules of every typed number (digits, width): "1e999999999" is refused
        found = parse_number(raw, signed=True)
    except InputRefused as refused:
        raise ValidationError(
            _("%(record)s：核查数值%(message)s")
            % {"record": record.label, "message": number_message(raw[:40], refused.problem)}
        ) from refused
    note = (note or "").strip()
    if len(note) > 200:
        raise ValidationError(_("%(record)s：说明不能超过200字") % {"record": record.label})
    changes = {"found": (record.found, found)}
    record.found, record.note = found, note
    record.difference = difference(found, record.reported)
    record.checked_by, record.checked_at = actor, timezone.now()
    record.save(update_fields=["found", "note", "difference", "checked_by", "checked_at"])
    _audit(actor, Action.SAMPLE_CHECK, record, task, changes=changes, note=note)
    return record


@transaction.atomic
def check_records(
    actor: User, sample: Sample, results: Mapping[int, tuple[str, str]]
) -> list[SampleRecord]:
    """Check several records of ``sample`` at once (``record pk → (found, note)``): all or
    none are saved."""
    records = {r.pk: r for r in sample.records.filter(pk__in=list(results))}
    if set(results) - set(records):
        raise ValidationError(_("抽样记录不属于该抽样"))
    return [check_record(actor, records[pk], *results[pk]) for pk in sorted(results)]
