"""建立核查组 (guide 4.2, 4.6): the agency's manager forms the team once the task is accepted;
each member's 公正性声明 is stored, and a member who cannot declare independence is refused; the
technical reviewer is not on the team (either way round); ``team_problems`` says what keeps the
review from starting; every step audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse

from tanhe.accounts.models import RoleAssignment
from tanhe.audit.models import AuditEntry
from tanhe.verification.models import Declaration, Task, TaskState, TeamMember
from tanhe.verification.services import team

from .arrangement_world import *  # noqa: F403  (the fixtures)
from .arrangement_world import declare, user

pytestmark = pytest.mark.django_db


def audited(task: Task, action: str) -> int:
    return AuditEntry.objects.filter(organisation=task.enterprise, action=action).count()


# -- the rules ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("item", "words"),
    [
        ("no_service", "近3年未向该单位提供咨询或其他服务"),
        ("no_employment", "未在该单位任职或受雇"),
        ("no_family_tie", "与该单位负责人无亲属关系"),
    ],
)
def test_a_member_who_declared_a_conflict_cannot_join(accepted, item, words):
    with pytest.raises(ValidationError) as refused:
        declare(accepted, "agency-verifier", **{item: False})
    assert (
        words in " ".join(refused.value.messages) and "不能加入核查组" in refused.value.messages[0]
    )
    assert not accepted.members.exists()
    declaration = Declaration.objects.get(task=accepted, person=user("agency-verifier"))
    assert not getattr(declaration, item) and not declaration.independent
    assert declaration.years == 3
    assert audited(accepted, "team.declare") == 1 and audited(accepted, "team.add") == 0


def test_a_conflict_once_declared_is_not_undone_by_declaring_again(accepted):
    with pytest.raises(ValidationError):
        declare(accepted, "agency-verifier", no_service=False)
    with pytest.raises(ValidationError, match="已声明与该单位存在利益冲突"):
        declare(accepted, "agency-verifier")  # all three ticked this time
    assert not accepted.members.exists()
    assert Declaration.objects.filter(task=accepted, person=user("agency-verifier")).count() == 1


def test_the_technical_reviewer_cannot_be_a_team_member(accepted):
    lead = user("agency-lead")
    team.name_reviewer(lead, accepted, user("agency-tech"))
    with pytest.raises(ValidationError, match="核查组长或核查员"):
        declare(accepted, "agency-tech")  # no verifier role
    # a person with both roles, named reviewer, cannot join either

    RoleAssignment.objects.create(user=user("agency-tech"), role="verifier")
    with pytest.raises(ValidationError, match="技术复核人须独立于核查组，不能加入核查组"):
        declare(accepted, "agency-tech")
    assert not accepted.members.exists()


def test_a_member_cannot_be_named_technical_reviewer(accepted):

    RoleAssignment.objects.create(user=user("agency-verifier"), role="technical_reviewer")
    declare(accepted, "agency-verifier")
    with pytest.raises(ValidationError, match="是核查组成员，技术复核人须独立于核查组"):
        team.name_reviewer(user("agency-lead"), accepted, user("agency-verifier"))
    assert Task.objects.get(pk=accepted.pk).technical_reviewer is None


# -- forming the team -----------------------------------------------------------------------------
def test_a_complete_team(formed):
    members = list(formed.members.select_related("person"))
    assert [(m.person.username, m.is_leader) for m in members] == [
        ("agency-lead", True),
        ("agency-verifier", False),
    ]
    assert all(m.declaration.independent and m.qualification for m in members)
    assert formed.technical_reviewer == user("agency-tech")
    assert team.team_problems(formed) == []
    assert audited(formed, "team.declare") == 2 and audited(formed, "team.add") == 2
    assert audited(formed, "team.reviewer") == 1


def test_team_problems_name_what_is_missing(accepted):
    assert team.team_problems(accepted) == [
        "核查组至少由2名成员组成（现有0名）",
        "核查组须有1名组长",
        "核查组至少须有1名成员具备发电行业的专业知识和工作经验",
        "尚未指定独立于核查组的技术复核人",
    ]
    declare(accepted, "agency-lead", leader=True, expert=False)
    declare(accepted, "agency-verifier", expert=False)
    assert team.team_problems(accepted) == [
        "核查组至少须有1名成员具备发电行业的专业知识和工作经验",
        "尚未指定独立于核查组的技术复核人",
    ]


def test_one_leader_who_has_the_lead_role(accepted):
    with pytest.raises(ValidationError, match="没有核查组长角色"):
        declare(accepted, "agency-verifier", leader=True)
    declare(accepted, "agency-lead", leader=True)

    RoleAssignment.objects.create(user=user("agency-verifier"), role="lead_verifier")
    with pytest.raises(ValidationError, match="已有组长"):
        declare(accepted, "agency-verifier", leader=True)
    with pytest.raises(ValidationError, match="已是核查组成员"):
        declare(accepted, "agency-lead")
    assert accepted.members.count() == 1
    # refused before anything was declared: only the lead's declaration is stored
    assert accepted.declarations.count() == 1


def test_only_people_of_the_agency_with_a_verifier_role(accepted):
    for who in ("other-verifier", "agency-admin", "js-reviewer"):
        with pytest.raises(ValidationError, match="不是本机构在职的核查组长或核查员"):
            declare(accepted, who)
    verifier = user("agency-verifier")
    verifier.is_active = False
    verifier.save()
    with pytest.raises(ValidationError, match="不是本机构在职"):
        declare(accepted, "agency-verifier")
    with pytest.raises(ValidationError, match="资质"):
        team.declare_and_join(
            user("agency-lead"), accepted, user("agency-lead"), is_leader=True,
            has_sector_expertise=True, qualification=" ", no_service=True, no_employment=True,
            no_family_tie=True,
        )  # fmt: skip
    assert not accepted.declarations.exists()


def test_only_the_agencys_manager_forms_the_team(accepted):
    for who in ("agency-verifier", "agency-tech", "other-lead", "js-reviewer"):
        with pytest.raises(PermissionDenied):
            team.declare_and_join(
                user(who), accepted, user("agency-verifier"), is_leader=False,
                has_sector_expertise=True, qualification="核查员", no_service=True,
                no_employment=True, no_family_tie=True,
            )  # fmt: skip
        with pytest.raises(PermissionDenied):
            team.name_reviewer(user(who), accepted, user("agency-tech"))
    team.declare_and_join(
        user("agency-admin"), accepted, user("agency-verifier"), is_leader=False,
        has_sector_expertise=True, qualification="核查员", no_service=True, no_employment=True,
        no_family_tie=True,
    )  # fmt: skip
    assert accepted.members.count() == 1


def test_the_team_is_formed_only_once_accepted(assigned):
    with pytest.raises(ValidationError, match="待机构接受"):
        declare(assigned, "agency-lead", leader=True)


def test_removing_a_member_keeps_the_declaration(formed):
    verifier = formed.members.get(person__username="agency-verifier")
    Task.objects.filter(pk=formed.pk).update(state=TaskState.REVIEW)
    with pytest.raises(ValidationError):
        team.remove_member(user("agency-lead"), formed, verifier)
    Task.objects.filter(pk=formed.pk).update(state=TaskState.ACCEPTED)
    team.remove_member(user("agency-lead"), formed, verifier)
    assert not TeamMember.objects.filter(pk=verifier.pk).exists()
    assert formed.declarations.filter(person__username="agency-verifier").exists()
    assert audited(formed, "team.remove") == 1
    assert "核查组至少由2名成员组成（现有1名）" in team.team_problems(formed)


@override_settings(VERIFICATION_INDEPENDENCE_YEARS=5)
def test_the_independence_period_is_a_setting(accepted):
    with pytest.raises(ValidationError, match="近5年未向该单位提供咨询或其他服务"):
        declare(accepted, "agency-verifier", no_service=False)
    assert Declaration.objects.get(task=accepted).years == 5


# -- the page -------------------------------------------------------------------------------------
def test_the_team_page_forms_the_team(client, accepted):
    client.force_login(user("agency-lead"))
    url = reverse("verification:team", args=[accepted.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "近3年未向该单位提供咨询或其他服务" in page.text and 'id="team-add-form"' in page.text
    assert "核查组至少由2名成员组成（现有0名）" in page.text
    add = reverse("verification:team_add", args=[accepted.pk])
    declared = {"no_service": "1", "no_employment": "1", "no_family_tie": "1"}
    lead, verifier = user("agency-lead"), user("agency-verifier")
    client.post(add, {"person": lead.pk, "is_leader": "1", "has_sector_expertise": "1",
                      "qualification": "火电核查组长"} | declared)  # fmt: skip
    other = user("agency-admin")  # a verifier too, with a brother at the plant
    RoleAssignment.objects.create(user=other, role="verifier")
    refused = client.post(
        add, {"person": other.pk, "qualification": "核查员", "no_service": "1",
              "no_employment": "1", "statement": "其兄为该厂厂长"}, follow=True,
    )  # fmt: skip
    assert "与该单位负责人无亲属关系" in refused.text and "不能加入核查组" in refused.text
    assert 'id="refused-declarations"' in refused.text and "其兄为该厂厂长" in refused.text
    again = client.post(
        add, {"person": other.pk, "qualification": "核查员"} | declared, follow=True
    )
    assert "已声明与该单位存在利益冲突" in again.text
    client.post(add, {"person": verifier.pk, "qualification": "核查员"} | declared)
    tech = user("agency-tech")
    client.post(reverse("verification:team_reviewer", args=[accepted.pk]), {"person": tech.pk})
    page = client.get(url)
    assert 'id="team-complete"' in page.text and "火电核查组长" in page.text
    assert list(accepted.members.values_list("person__username", flat=True)) == [
        "agency-lead", "agency-verifier",
    ]  # fmt: skip
    member = accepted.members.get(person=verifier)
    client.post(reverse("verification:team_remove", args=[accepted.pk, member.pk]))
    assert accepted.members.count() == 1


def test_the_authority_reads_the_team_page_without_forms(client, formed):
    client.force_login(user("js-reviewer"))
    page = client.get(reverse("verification:team", args=[formed.pk]))
    assert page.status_code == 200 and "陈立新" in page.text
    assert 'id="team-add-form"' not in page.text and 'id="reviewer-form"' not in page.text
    add = reverse("verification:team_add", args=[formed.pk])
    assert client.post(add, {"person": user("agency-verifier").pk}).status_code == 403


def test_another_agency_does_not_see_the_team(client, formed):
    client.force_login(user("other-lead"))
    assert client.get(reverse("verification:team", args=[formed.pk])).status_code == 404
    add = reverse("verification:team_add", args=[formed.pk])
    assert client.post(add, {"person": user("other-verifier").pk}).status_code == 404
