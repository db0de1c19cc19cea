"""建立核查组 (guide 4.2, 4.6): the assigned agency's 机构管理员 or 核查组长 forms the team once the
task is accepted — at least two members, one leader, at least one with the sector's expertise,
each declaring independence from the plant — and names a technical reviewer who is not on it.

Enforced here, not advised: a person whose declaration does not clear them is refused (the
declaration is stored all the same: it is why), the technical reviewer cannot join and a member
cannot be named reviewer, and ``team_problems`` lists what keeps the team from starting the
document review (``review.start_review`` refuses while it is not empty).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tanhe.accounts import permissions as perm
from tanhe.accounts.models import Role, User
from tanhe.audit.actions import Action

from ..models import Declaration, Task, TaskState, TeamMember
from ._common import _audit, is_agency_manager, locked, require_state

MIN_MEMBERS = 2  # guide 4.2: 每个核查组至少由2名成员组成
TEAM_ROLES = (Role.LEAD_VERIFIER, Role.VERIFIER)
# the reviewer may be named or changed until the values are confirmed (the next issue's 4.6)
REVIEWER_STATES = (TaskState.ACCEPTED, TaskState.REVIEW, TaskState.ONSITE, TaskState.CORRECTION)


def independence_years() -> int:
    """The period of the 公正性声明's "no consulting or other service" (settings)."""
    return int(settings.VERIFICATION_INDEPENDENCE_YEARS)


def declaration_items(years: int) -> dict[str, str]:
    """The three items of the 公正性声明, worded for ``years``, by field."""
    return {
        "no_service": _("近%(years)s年未向该单位提供咨询或其他服务") % {"years": years},
        "no_employment": _("未在该单位任职或受雇"),
        "no_family_tie": _("与该单位负责人无亲属关系"),
    }


def _require_manager(actor: User, task: Task) -> None:
    perm.require(
        is_agency_manager(actor, task),
        _("只有受托机构的机构管理员或核查组长可以组建核查组"),
    )


def _of_agency(person: User, task: Task) -> bool:
    return bool(person.is_active and person.organisation_id == task.agency_id)


def _check_joiner(task: Task, person: User, is_leader: bool, qualification: str) -> None:
    """Why ``person`` cannot join ``task``'s team (before anything is stored)."""
    name = person.display_name or person.username
    if not _of_agency(person, task) or not person.has_role(*TEAM_ROLES):
        raise ValidationError(
            {"person": _("%(name)s不是本机构在职的核查组长或核查员") % {"name": name}}
        )
    if task.technical_reviewer_id == person.pk:
        raise ValidationError(
            {"person": _("%(name)s是本任务的技术复核人，技术复核人须独立于核查组，不能加入核查组")
             % {"name": name}}
        )  # fmt: skip
    if task.members.filter(person=person).exists():
        raise ValidationError({"person": _("%(name)s已是核查组成员") % {"name": name}})
    _refuse_conflicted(task, person, name)
    if is_leader and task.members.filter(is_leader=True).exists():
        raise ValidationError({"is_leader": _("核查组已有组长，每个核查组只有1名组长")})
    if is_leader and not person.has_role(Role.LEAD_VERIFIER):
        raise ValidationError(
            {"is_leader": _("%(name)s没有核查组长角色，不能担任组长") % {"name": name}}
        )
    if not qualification.strip():
        raise ValidationError({"qualification": _("请填写成员的资质与专业领域")})


def _refuse_conflicted(task: Task, person: User, name: str) -> None:
    """A person who once declared a conflict with this plant stays out of its verification: a
    later declaration does not undo the earlier one (guide 4.2, 4.6)."""
    conflicts = task.declarations.filter(person=person).exclude(
        no_service=True, no_employment=True, no_family_tie=True
    )
    if conflicts.exists():
        message = _("%(name)s已声明与该单位存在利益冲突，不能参加本任务的核查")
        raise ValidationError({"person": message % {"name": name}})


@transaction.atomic
def declare(
    actor: User,
    task: Task,
    person: User | None,
    *,
    is_leader: bool,
    qualification: str,
    no_service: bool,
    no_employment: bool,
    no_family_tie: bool,
    statement: str = "",
) -> Declaration:
    """公正性声明: store ``person``'s declaration for ``task`` (whatever it says) once the person
    could otherwise join the team."""
    task = locked(task)
    _require_manager(actor, task)
    require_state(task, TaskState.ACCEPTED)
    if person is None:
        raise ValidationError({"person": _("请选择本机构的核查组长或核查员")})
    _check_joiner(task, person, is_leader, qualification)
    years = independence_years()
    declaration = Declaration.objects.create(
        task=task, person=person, years=years, no_service=no_service,
        no_employment=no_employment, no_family_tie=no_family_tie, statement=statement.strip(),
    )  # fmt: skip
    items = declaration_items(years)
    failing = [items[f] for f in items if not getattr(declaration, f)]
    _audit(actor, Action.TEAM_DECLARE, declaration, task, changes={
        "no_service": (None, no_service), "no_employment": (None, no_employment),
        "no_family_tie": (None, no_family_tie),
    }, note="；".join(failing))  # fmt: skip
    return declaration


def declare_and_join(
    actor: User,
    task: Task,
    person: User | None,
    *,
    is_leader: bool,
    has_sector_expertise: bool,
    qualification: str,
    no_service: bool,
    no_employment: bool,
    no_family_tie: bool,
    statement: str = "",
) -> TeamMember:
    """加入核查组: the person's declaration is stored (its own transaction, so that a refusal
    keeps it), then the person joins if it clears them; otherwise ``ValidationError`` naming
    each item the person could not declare."""
    declaration = declare(
        actor, task, person, is_leader=is_leader, qualification=qualification,
        no_service=no_service, no_employment=no_employment, no_family_tie=no_family_tie,
        statement=statement,
    )  # fmt: skip
    if not declaration.independent:
        items = declaration_items(declaration.years)
        failing = [items[f] for f in items if not getattr(declaration, f)]
        name = declaration.person.display_name or declaration.person.username
        raise ValidationError(
            {"declaration": _("%(name)s未能声明“%(items)s”，与该单位存在利益冲突，不能加入核查组")
             % {"name": name, "items": "”“".join(failing)}}
        )  # fmt: skip
    return _join(actor, task, declaration, is_leader, has_sector_expertise, qualification)


@transaction.atomic
def _join(
    actor: User,
    task: Task,
    declaration: Declaration,
    leader: bool,
    has_sector_expertise: bool,
    qualification: str,
) -> TeamMember:
    """The member joins on a declaration that clears them (checked again under the lock)."""
    task = locked(task)
    _require_manager(actor, task)
    require_state(task, TaskState.ACCEPTED)
    person = declaration.person
    if not declaration.independent or declaration.task_id != task.pk:
        raise ValidationError(_("公正性声明不能证明其独立性，不能加入核查组"))
    _check_joiner(task, person, leader, qualification)
    member = TeamMember.objects.create(
        task=task, person=person, is_leader=leader, has_sector_expertise=has_sector_expertise,
        qualification=qualification.strip(), declaration=declaration,
    )  # fmt: skip
    _audit(actor, Action.TEAM_ADD, member, task, changes={
        "person": (None, person.pk), "is_leader": (None, leader),
        "has_sector_expertise": (None, has_sector_expertise),
    })  # fmt: skip
    return member


@transaction.atomic
def remove_member(actor: User, task: Task, member: TeamMember) -> None:
    """移出核查组, before the document review starts (the declaration stays on record)."""
    task = locked(task)
    _require_manager(actor, task)
    require_state(task, TaskState.ACCEPTED)
    if member.task_id != task.pk:
        raise ValidationError(_("该成员不属于本任务的核查组"))
    _audit(actor, Action.TEAM_REMOVE, member, task, changes={"person": (member.person_id, None)})
    member.delete()


@transaction.atomic
def name_reviewer(actor: User, task: Task, person: User | None) -> Task:
    """指定技术复核人 (4.6): a technical reviewer of the agency who is not on the team."""
    task = locked(task)
    _require_manager(actor, task)
    require_state(task, *REVIEWER_STATES)
    if person is None:
        raise ValidationError({"person": _("请选择本机构的技术复核人")})
    name = person.display_name or person.username
    if not _of_agency(person, task) or not person.has_role(Role.TECHNICAL_REVIEWER):
        raise ValidationError({"person": _("%(name)s不是本机构在职的技术复核人") % {"name": name}})
    _refuse_conflicted(task, person, name)
    if task.members.filter(person=person).exists():
        raise ValidationError(
            {"person": _("%(name)s是核查组成员，技术复核人须独立于核查组") % {"name": name}}
        )
    before = task.technical_reviewer_id
    task.technical_reviewer = person
    task.save(update_fields=["technical_reviewer", "updated_at"])
    _audit(
        actor, Action.TEAM_REVIEWER, task, task, changes={"technical_reviewer": (before, person.pk)}
    )
    return task


def team_problems(task: Task) -> list[str]:
    """What keeps the team from starting the document review (empty: complete)."""
    members = list(task.members.all())
    problems = []
    if len(members) < MIN_MEMBERS:
        problems.append(
            _("核查组至少由%(min)s名成员组成（现有%(n)s名）")
            % {"min": MIN_MEMBERS, "n": len(members)}
        )
    if not any(m.is_leader for m in members):
        problems.append(_("核查组须有1名组长"))
    if not any(m.has_sector_expertise for m in members):
        problems.append(_("核查组至少须有1名成员具备发电行业的专业知识和工作经验"))
    if task.technical_reviewer_id is None:
        problems.append(_("尚未指定独立于核查组的技术复核人"))
    elif any(m.person_id == task.technical_reviewer_id for m in members):
        problems.append(_("技术复核人不能是核查组成员"))
    return problems
