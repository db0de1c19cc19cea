"""The accounts pages through the test client: login and throttling, registration, dashboards,
the registry page, members, password, keep-alive and the header."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tanhe.accounts import activation, enrolment
from tanhe.accounts.models import Organisation, Registration, Role, User
from tanhe.audit.models import AuditEntry
from tanhe.security.models import RefusedAttempt

from .conftest import (
    JS_CODE,
    NEW_CODE,
    PASSWORD,
    apply_for,
    bad_check,
    make_user,
    open_account,
    registration,
    registry_enterprise,
)
from .test_registry import ROWS, csv_bytes

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def login(client, user) -> None:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")


def html(response) -> str:
    return response.content.decode()


def text(response) -> str:
    """The page's text without tags, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html(response)))


# ---------------------------------------------------------------- login, throttling, logout


def test_login_page_is_chinese_and_links_to_registration(client):
    response = client.get(LOGIN)

    assert response.status_code == 200
    page = html(response)
    assert "用户名或统一社会信用代码" in page
    assert reverse("accounts:register") in page
    assert "data-autosave-keep" in page


def test_enterprise_logs_in_with_its_credit_code_in_any_case(client, js, reviewer):
    open_account(js, reviewer)

    response = client.post(LOGIN, {"username": NEW_CODE.lower(), "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")
    assert client.get(reverse("accounts:home")).context["user"].username == NEW_CODE


def test_wrong_password_says_so_in_chinese(client, reviewer):
    response = client.post(LOGIN, {"username": "js-reviewer", "password": "wrong"})

    assert response.status_code == 200
    assert "用户名（统一社会信用代码）或密码不正确" in html(response)


def test_sixth_attempt_after_five_failures_is_locked_even_with_the_right_password(
    client, reviewer, js_admin
):
    for _ in range(4):
        response = client.post(LOGIN, {"username": "js-reviewer", "password": "wrong-password"})
        assert response.status_code == 200
    client.post(LOGIN, {"username": "js-reviewer", "password": "wrong-password"})  # 5th: locks

    response = client.post(LOGIN, {"username": "js-reviewer", "password": PASSWORD})

    assert response.status_code == 429
    page = text(response)
    assert "登录已暂时锁定" in page
    assert "密码连续输错 5 次" in page
    assert "请在 15 分钟后再试" in page
    assert "_auth_user_id" not in client.session
    # Locked per username and address: another account from the same address still logs in.
    other = client.post(LOGIN, {"username": "js-admin", "password": PASSWORD})
    assert other.status_code == 302


def test_finding_8_behind_a_proxy_a_lockout_holds_only_for_the_attackers_address(
    client, reviewer, settings
):
    """Finding 8: behind a reverse proxy every client looked like the proxy, so five bad
    passwords from anyone locked the account for everyone."""
    settings.TANHE_TRUSTED_PROXIES = 1
    attacker = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    plant = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    for _ in range(5):
        client.post(LOGIN, {"username": "js-reviewer", "password": "wrong"}, **attacker)

    locked = client.post(LOGIN, {"username": "js-reviewer", "password": PASSWORD}, **attacker)
    assert locked.status_code == 429
    opened = Client().post(LOGIN, {"username": "js-reviewer", "password": PASSWORD}, **plant)
    assert opened.status_code == 302


def test_without_a_trusted_proxy_a_forged_forwarded_for_does_not_escape_the_lockout(
    client, reviewer, settings
):
    settings.TANHE_TRUSTED_PROXIES = 0
    for number in range(5):
        forged = {"HTTP_X_FORWARDED_FOR": f"203.0.113.{number}"}
        client.post(LOGIN, {"username": "js-reviewer", "password": "wrong"}, **forged)

    again = {"HTTP_X_FORWARDED_FOR": "203.0.113.99"}
    response = client.post(LOGIN, {"username": "js-reviewer", "password": PASSWORD}, **again)
    assert response.status_code == 429


def test_failed_logins_are_limited_per_address_over_all_accounts(
    client, reviewer, js_admin, settings
):
    settings.TANHE_RATE_LIMITS = {"login.ip": (6, 900)}
    for number in range(6):  # a different account each time: no account reaches five
        client.post(LOGIN, {"username": f"guess-{number}", "password": "wrong"})

    response = client.post(LOGIN, {"username": "js-admin", "password": PASSWORD})

    assert response.status_code == 429
    assert "登录失败次数过多，请 15 分钟后再试。" in text(response)
    assert "_auth_user_id" not in client.session
    assert RefusedAttempt.objects.filter(reason="throttled").count() == 1
    other_address = Client(REMOTE_ADDR="192.0.2.10")
    assert (
        other_address.post(LOGIN, {"username": "js-admin", "password": PASSWORD}).status_code == 302
    )


def test_four_failures_then_success_resets_the_count(client, reviewer):
    for _ in range(4):
        client.post(LOGIN, {"username": "js-reviewer", "password": "wrong-password"})
    assert client.post(LOGIN, {"username": "js-reviewer", "password": PASSWORD}).status_code == 302
    client.post(reverse("accounts:logout"))

    for _ in range(4):
        client.post(LOGIN, {"username": "js-reviewer", "password": "wrong-password"})
    assert client.post(LOGIN, {"username": "js-reviewer", "password": PASSWORD}).status_code == 302


def test_logout_is_post_only(client, reviewer):
    login(client, reviewer)

    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("landing")
    assert "_auth_user_id" not in client.session


# ---------------------------------------------------------------- registration


def test_register_page_lists_provinces(client, js, hb):
    response = client.get(reverse("accounts:register"))

    page = html(response)
    assert response.status_code == 200
    assert "请选择省份" in page
    assert "江苏省" in page and "河北省" in page
    assert "data-autosave" in page


def register_post(client, province, **overrides):
    data = registration(**overrides)
    data["password2"] = data["password"]
    data["province"] = province.pk
    return client.post(reverse("accounts:register"), data)


def test_registration_shows_its_reference_and_opens_no_account(client, js):
    response = register_post(client, js)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:registration_status")
    status = client.get(response["Location"])
    page = text(status)
    registration_ = Registration.objects.get()
    assert "正在等待主管部门审核" in page
    assert registration_.reference in page
    assert not User.objects.filter(username=NEW_CODE).exists()
    assert "_auth_user_id" not in client.session  # nobody is logged in


def test_registration_for_a_registry_code_says_the_same_and_discloses_nothing(client, listed, js):
    """Finding 1: the error named the 名录's enterprise name."""
    wrong = register_post(client, js, credit_code=JS_CODE, name="随便写的名称有限公司")

    assert wrong.status_code == 302
    page = text(client.get(wrong["Location"]))
    assert listed.name not in page and "名录" not in page
    assert "正在等待主管部门审核" in page
    assert not User.objects.filter(username=JS_CODE).exists()


def test_a_waiting_applicant_logging_in_is_told_how_the_registration_stands(client, js, reviewer):
    registration_ = apply_for(js)

    page = text(client.post(LOGIN, {"username": NEW_CODE.lower(), "password": PASSWORD}))
    assert f"您的注册申请（申请编号 {registration_.reference}）正在等待主管部门审核" in page

    wrong = text(client.post(LOGIN, {"username": NEW_CODE, "password": "Wrong-pass-123"}))
    assert "申请编号" not in wrong  # only the applicant's own password tells

    enrolment.reject_registration(actor=reviewer, registration=registration_, reason="证照不符")
    page = text(client.post(LOGIN, {"username": NEW_CODE, "password": PASSWORD}))
    assert "未通过审核。理由：证照不符" in page


def test_registration_progress_by_credit_code_and_reference(client, js, reviewer):
    registration_ = apply_for(js)
    url = reverse("accounts:registration_status")

    found = client.post(
        url, {"credit_code": NEW_CODE.lower(), "reference": registration_.reference}
    )
    assert "正在等待主管部门审核" in text(found)

    missing = client.post(url, {"credit_code": NEW_CODE, "reference": "AAAABBBBCCCC"})
    assert "没有找到该统一社会信用代码和申请编号对应的注册申请" in text(missing)
    assert RefusedAttempt.objects.filter(reason="registration_lookup").count() == 1

    enrolment.approve_registration(actor=reviewer, registration=registration_)
    approved = client.post(url, {"credit_code": NEW_CODE, "reference": registration_.reference})
    assert "报送账号已开通" in text(approved)


def test_second_registration_shows_the_one_account_rule(client, js, reviewer):
    open_account(js, reviewer)

    response = register_post(client, js, email="other@example.com")

    assert response.status_code == 200
    assert "该统一社会信用代码已注册报送账号（一个统一社会信用代码只能注册一个账号）" in html(
        response
    )
    assert User.objects.filter(is_enterprise_account=True).count() == 1


def test_registration_form_errors_are_per_field(client, js):
    response = register_post(client, js, credit_code=bad_check(NEW_CODE), password="short")

    page = html(response)
    assert "统一社会信用代码校验位（第 18 位）与前 17 位不符，请逐位核对" in page
    assert "密码太短，至少需要 10 个字符。" in page
    assert not Registration.objects.exists()


def test_password_confirmation_must_match(client, js):
    data = registration()
    data.update(password2="Different-2024", province=js.pk)

    response = client.post(reverse("accounts:register"), data)

    assert "两次输入的密码不一致" in html(response)


# ---------------------------------------------------------------- dashboards and header


def test_home_needs_login(client):
    response = client.get(reverse("accounts:home"))

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_authority_home_counts_pending_registrations(client, js, reviewer):
    apply_for(js)
    login(client, reviewer)

    response = client.get(reverse("accounts:home"))

    assert response.context["counts"]["pending"] == 1
    page = html(response)
    assert 'id="pending-count"' in page
    assert reverse("accounts:registry") in page


def test_agency_home_lists_its_members(client, agency_admin, verifier):
    login(client, verifier)

    page = text(client.get(reverse("accounts:home")))

    assert "赵机构" in page and "机构管理员" in page
    assert "钱核查" in page and "核查员" in page


def test_header_shows_the_user_and_role_based_navigation(
    client, js, reviewer, js_admin, agency_admin
):
    anonymous = html(client.get("/"))
    assert reverse("accounts:login") in anonymous and reverse("accounts:register") in anonymous
    assert "data-session-seconds" not in anonymous

    login(client, reviewer)
    page = html(client.get("/"))
    assert "王审核" in page and "江苏省生态环境厅" in page
    assert f'action="{reverse("accounts:logout")}"' in page
    assert "排放单位名录" in page
    assert "人员管理" not in page  # a reviewer is not an admin
    assert 'data-session-seconds="1800"' in page
    assert 'data-keepalive-url="/accounts/keepalive/"' in page
    assert "tanhe/session.js" in page

    login(client, js_admin)
    assert "人员管理" in html(client.get("/"))

    login(client, agency_admin)
    page = html(client.get("/"))
    assert "人员管理" in page and "排放单位名录" not in page

    filer = open_account(js, reviewer)
    login(client, filer)
    page = html(client.get("/"))
    assert "排放单位名录" not in page and "人员管理" not in page


# ---------------------------------------------------------------- registry page


def test_registry_page_shows_only_the_own_province(client, js, hb, reviewer, hb_reviewer):
    registry_enterprise(js)
    Organisation.objects.create(
        kind="enterprise",
        name="河北电厂",
        province=hb,
        credit_code="91130100MA0ABCDE1" + "0",
        in_registry=True,
    )
    login(client, hb_reviewer)

    page = html(client.get(reverse("accounts:registry")))

    assert "河北省排放单位名录" in page
    assert "河北电厂" in page
    assert "示例发电有限公司" not in page and JS_CODE not in page


@pytest.mark.parametrize("who", ["filer", "agency_admin", "clerk"])
def test_registry_page_is_for_authority_users_only(
    client, js, js_authority, agency_admin, reviewer, who
):
    users = {
        "filer": lambda: open_account(js, reviewer),
        "agency_admin": lambda: agency_admin,
        "clerk": lambda: make_user(js_authority, "clerk"),
    }
    login(client, users[who]())

    assert client.get(reverse("accounts:registry")).status_code == 403
    response = client.post(
        reverse("accounts:registry"), {"file": SimpleUploadedFile("a.csv", csv_bytes(ROWS))}
    )
    assert response.status_code == 403
    assert "只有省级主管部门的审核人或管理员可以查看排放单位名录" in html(response)
    assert not Organisation.objects.filter(in_registry=True).exists()


def test_registry_page_shows_claims_beside_the_registry_data_and_filters(
    client, js, reviewer, listed
):
    apply_for(js, credit_code=JS_CODE, name="冒名顶替有限公司")
    apply_for(js, name="新建热电有限公司")
    login(client, reviewer)

    response = client.get(reverse("accounts:registry"))
    page = text(response)
    claims = response.context["claims"]
    assert [(c.registration.name, c.holder, c.name_matches) for c in claims] == [
        ("冒名顶替有限公司", listed, False),
        ("新建热电有限公司", None, None),
    ]
    assert "冒名顶替有限公司" in page and "示例发电有限公司" in page and "名称不一致" in page
    assert "李联系" in page and "025-83456789" in page

    without = client.get(reverse("accounts:registry"), {"status": "without_account"})
    assert [o.name for o in without.context["page"].object_list] == ["示例发电有限公司"]
    search = client.get(reverse("accounts:registry"), {"q": JS_CODE[:8]})
    assert [o.name for o in search.context["page"].object_list] == ["示例发电有限公司"]


def test_upload_with_errors_lists_them_all_and_saves_nothing(client, js, reviewer):
    login(client, reviewer)
    rows = [ROWS[0], ["", "统一社会信用代码", bad_check(NEW_CODE), "P", "地址", "地址", "", "", ""]]

    response = client.post(
        reverse("accounts:registry"), {"file": SimpleUploadedFile("名录.csv", csv_bytes(rows))}
    )

    assert response.status_code == 200
    page = text(response)
    assert "文件 名录.csv 有 2 处错误，未导入任何数据" in page
    assert "必填，不能为空" in page
    assert bad_check(NEW_CODE) in page
    assert "校验位（第 18 位）" in page
    assert [(e.row, e.column) for e in response.context["row_errors"]] == [
        (3, "企业名称"),
        (3, "统一社会信用代码"),
    ]
    assert not Organisation.objects.filter(kind="enterprise").exists()


def test_upload_imports_and_reports(client, js, reviewer):
    login(client, reviewer)

    response = client.post(
        reverse("accounts:registry"),
        {"file": SimpleUploadedFile("名录.csv", csv_bytes(ROWS, encoding="gbk"))},
        follow=True,
    )

    assert "已导入名录文件 名录.csv：新增 2 家，更新 0 家，未变 0 家。" in text(response)
    assert (
        Organisation.objects.filter(kind="enterprise", in_registry=True, province=js).count() == 2
    )


def test_upload_needs_a_file(client, reviewer):
    login(client, reviewer)

    response = client.post(reverse("accounts:registry"), {})

    assert "请选择名录文件。" in html(response)


def test_template_download(client, reviewer):
    login(client, reviewer)

    response = client.get(reverse("accounts:registry_template"))

    assert response["Content-Type"].startswith("text/csv")
    assert "统一社会信用代码" in response.content.decode("utf-8-sig")


def test_approve_and_reject_through_the_page(client, js, reviewer, hb_reviewer):
    first = apply_for(js)
    second = apply_for(js, credit_code=JS_CODE, name="第二家", email="b@example.com")
    approve = reverse("accounts:registration_approve", args=[first.pk])
    reject = reverse("accounts:registration_reject", args=[second.pk])

    login(client, hb_reviewer)
    assert client.post(approve).status_code == 403
    assert client.post(reject, {"reason": "x"}).status_code == 403
    first.refresh_from_db()
    assert first.status == "pending"
    assert RefusedAttempt.objects.filter(reason="forbidden", actor=hb_reviewer).count() == 2

    login(client, reviewer)
    response = client.post(approve, follow=True)
    assert f"已批准「新建热电有限公司」的注册申请，报送账号 {NEW_CODE} 已开通。" in text(response)
    assert User.objects.get(username=NEW_CODE).organisation.status == "active"

    response = client.post(reject, {"reason": " "}, follow=True)
    assert "请填写不予通过的理由" in text(response)
    response = client.post(reject, {"reason": "营业执照名称不符"}, follow=True)
    assert "已退回「第二家」的注册申请。" in text(response)
    second.refresh_from_db()
    assert (second.status, second.reason) == ("rejected", "营业执照名称不符")


def test_approve_needs_post_and_a_registration(client, reviewer, js_authority):
    login(client, reviewer)
    url = reverse("accounts:registration_approve", args=[999])

    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 404


def test_the_authority_issues_a_code_shown_once_and_the_plant_activates(client, listed, reviewer):
    login(client, reviewer)

    response = client.post(reverse("accounts:activation_issue", args=[listed.pk]))
    assert response["Location"] == reverse("accounts:activation_issued")
    shown = client.get(response["Location"])
    plaintext = re.search(r'id="activation-code">([A-Z0-9-]{19})<', html(shown)).group(1)
    assert listed.name in text(shown) and "只在本页显示一次" in text(shown)
    again = client.get(reverse("accounts:activation_issued"))
    assert again.status_code == 302 and plaintext not in html(client.get(again["Location"]))
    listing = text(client.get(reverse("accounts:registry")))
    assert "已发放，有效期至" in listing and plaintext not in listing

    plant = Client()
    data = {
        "credit_code": JS_CODE.lower(), "activation_code": plaintext.lower(),
        "contact_name": "钱厂长", "phone": "13912345678", "email": "q@example.cn",
        "password": PASSWORD, "password2": PASSWORD,
    }  # fmt: skip
    done = plant.post(reverse("accounts:activate"), data, follow=True)
    assert "报送账号已开通" in text(done)
    assert done.context["user"].organisation == listed
    assert plaintext not in str(list(AuditEntry.objects.values_list("changes", "note")))


def test_a_wrong_activation_code_is_refused_logged_and_throttled(client, listed, js, settings):
    settings.TANHE_RATE_LIMITS = {"activate.ip": (3, 900)}
    data = {
        "credit_code": JS_CODE, "activation_code": "AAAA-BBBB-CCCC-DDDD",
        "contact_name": "钱厂长", "phone": "13912345678", "email": "q@example.cn",
        "password": PASSWORD, "password2": PASSWORD,
    }  # fmt: skip

    pages = [text(client.post(reverse("accounts:activate"), data)) for _ in range(4)]

    assert all("统一社会信用代码与激活码不匹配" in p for p in pages[:3])
    assert listed.name not in pages[0]
    assert "提交过于频繁，请稍后再试。" in pages[3]
    refused = RefusedAttempt.objects.filter(province=js)
    assert set(refused.values_list("reason", flat=True)) == {"activation", "throttled"}
    assert not listed.users.exists()


def test_account_events_page_lists_the_provinces_events_and_refusals(
    client, js, hb, reviewer, hb_reviewer, listed
):
    apply_for(js, credit_code=JS_CODE, name="冒名顶替有限公司")
    activation.issue_activation_code(actor=reviewer, enterprise=listed)
    login(client, hb_reviewer)
    client.post(reverse("accounts:activation_issue", args=[listed.pk]))  # refused: 江苏's
    login(client, reviewer)

    events = client.get(reverse("accounts:events"))
    actions = [e.action for e in events.context["page"].object_list]
    assert actions == ["activation_code.issue", "registration.submit"]
    assert "发放激活码" in text(events) and "提交注册申请" in text(events)

    refused = client.get(reverse("accounts:events"), {"tab": "refused"})
    rows = list(refused.context["page"].object_list)
    # 河北's reviewer tried 江苏's enterprise: both provinces see it
    assert [(r.method, r.reason, r.actor) for r in rows] == [("POST", "forbidden", hb_reviewer)]
    login(client, hb_reviewer)
    hb_refused = client.get(reverse("accounts:events"), {"tab": "refused"})
    assert [(r.method, r.reason) for r in hb_refused.context["page"].object_list] == [
        ("POST", "forbidden")
    ]
    assert list(client.get(reverse("accounts:events")).context["page"].object_list) == []


# ---------------------------------------------------------------- members


def test_members_page_for_admins_only(client, agency_admin, verifier, reviewer):
    for user in (verifier, reviewer):
        login(client, user)
        assert client.get(reverse("accounts:members")).status_code == 403

    login(client, agency_admin)
    response = client.get(reverse("accounts:members"))
    page = html(response)
    assert response.status_code == 200
    assert "人员管理 · 中环联合核查中心" in page
    assert "核查组长" in page and "技术复核人" in page
    assert "审核人" not in page  # an authority role is not offered to an agency


def test_admin_adds_a_member_and_changes_roles(client, agency, agency_admin, verifier):
    login(client, agency_admin)

    response = client.post(
        reverse("accounts:members"),
        {
            "username": "lead1",
            "display_name": "孙组长",
            "roles": ["lead_verifier"],
            "password": PASSWORD,
            "password2": PASSWORD,
        },
        follow=True,
    )

    assert "已添加「孙组长」（用户名 lead1）。" in text(response)
    lead = User.objects.get(username="lead1")
    assert lead.organisation == agency and lead.role_set() == {Role.LEAD_VERIFIER}

    response = client.post(
        reverse("accounts:member_roles", args=[verifier.pk]),
        {f"u{verifier.pk}-roles": ["verifier", "technical_reviewer"]},
        follow=True,
    )
    assert "已更新「钱核查」的角色。" in text(response)
    assert User.objects.get(pk=verifier.pk).role_set() == {Role.VERIFIER, Role.TECHNICAL_REVIEWER}
    assert AuditEntry.objects.filter(action__in=["member.create", "member.roles"]).count() == 2


def test_member_form_errors_are_shown(client, agency_admin, verifier):
    login(client, agency_admin)

    response = client.post(
        reverse("accounts:members"),
        {"username": "verifier1", "display_name": "", "password": "short", "password2": "short"},
    )

    page = html(response)
    assert "请至少选择一个角色" in page
    assert "用户名「verifier1」已被使用" in page
    assert "请填写姓名" in page
    assert "密码太短" in page


def test_last_admin_is_told_why_the_role_stays(client, agency_admin):
    login(client, agency_admin)

    response = client.post(
        reverse("accounts:member_roles", args=[agency_admin.pk]),
        {f"u{agency_admin.pk}-roles": ["verifier"]},
        follow=True,
    )

    assert "您是本机构唯一的管理员，不能取消自己的管理员角色" in text(response)
    assert User.objects.get(pk=agency_admin.pk).role_set() == {Role.AGENCY_ADMIN}


def test_roles_of_other_organisations_people_are_not_found(client, agency_admin, reviewer):
    login(client, agency_admin)

    response = client.post(
        reverse("accounts:member_roles", args=[reviewer.pk]),
        {f"u{reviewer.pk}-roles": ["agency_admin"]},
    )

    assert response.status_code == 404
    assert User.objects.get(pk=reviewer.pk).role_set() == {Role.REVIEWER}


# ---------------------------------------------------------------- password, keep-alive


def test_password_change(client, reviewer):
    login(client, reviewer)
    url = reverse("accounts:password_change")

    wrong = client.post(
        url,
        {
            "old_password": "nope",
            "new_password1": "New-pass-2024",
            "new_password2": "New-pass-2024",
        },
    )
    assert "原密码不正确，请重新输入。" in html(wrong)
    weak = client.post(
        url,
        {"old_password": PASSWORD, "new_password1": "newpass2024", "new_password2": "newpass2024"},
    )
    assert "至少三类" in html(weak)

    response = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "New-pass-2024",
            "new_password2": "New-pass-2024",
        },
        follow=True,
    )

    assert "密码已修改。" in text(response)
    assert response.context["user"].is_authenticated  # still logged in
    reviewer.refresh_from_db()
    assert reviewer.check_password("New-pass-2024")
    assert AuditEntry.objects.filter(action="account.password_change", actor=reviewer).exists()


def test_keepalive(client, reviewer, settings):
    url = reverse("accounts:keepalive")
    anonymous = client.post(url)
    assert anonymous.status_code == 401
    assert anonymous.json() == {"expires_in": 0}

    login(client, reviewer)
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 200
    assert response.json() == {"expires_in": settings.SESSION_COOKIE_AGE}

    settings.SESSION_COOKIE_AGE = 90
    assert client.post(url).json() == {"expires_in": 90}


def test_keepalive_needs_the_csrf_token(reviewer):
    client = Client(enforce_csrf_checks=True)
    login(client, reviewer)
    client.get(reverse("accounts:home"))  # sets the csrftoken cookie
    token = client.cookies["csrftoken"].value

    assert client.post(reverse("accounts:keepalive")).status_code == 403
    assert (
        client.post(reverse("accounts:keepalive"), headers={"X-CSRFToken": token}).status_code
        == 200
    )


def test_session_warning_time_comes_from_settings(client, reviewer, settings):
    settings.TANHE_SESSION_WARN_SECONDS = 7
    settings.SESSION_COOKIE_AGE = 20
    login(client, reviewer)

    page = html(client.get(reverse("accounts:home")))

    assert 'data-session-seconds="20"' in page
    assert 'data-session-warn-seconds="7"' in page
    assert 'id="tanhe-session-warning"' in page and "继续工作" in page


def test_plans_link_once_the_enterprise_may_file(client, js, reviewer):
    try:
        plans_url = reverse("plans:list")
    except NoReverseMatch:  # the plans pages are another app's; the link appears when they do
        pytest.skip("plans:list not defined")
    filer = open_account(js, reviewer)
    login(client, filer)

    page = html(client.get(reverse("accounts:home")))
    # navigation, the workbench's next step (编制数据质量控制计划) and its plan card
    assert page.count(f'href="{plans_url}"') == 3


def test_authority_links_to_plan_review(client, reviewer):
    try:
        review_url = reverse("review:list")
    except NoReverseMatch:
        pytest.skip("review:list not defined")
    login(client, reviewer)

    page = html(client.get(reverse("accounts:home")))

    assert page.count(f'href="{review_url}"') == 2  # navigation and dashboard tile


def test_failed_logins_are_logged_for_the_accounts_province(client, reviewer, hb_reviewer):
    client.post(LOGIN, {"username": "js-reviewer", "password": "wrong"}, REMOTE_ADDR="192.0.2.9")
    client.post(LOGIN, {"username": "no-such-user", "password": "wrong"})

    rows = list(RefusedAttempt.objects.filter(reason="login").order_by("id"))
    assert [(r.detail, r.province) for r in rows] == [
        ("js-reviewer", reviewer.organisation.province),
        ("no-such-user", None),
    ]
    assert rows[0].ip == "192.0.2.9" and rows[0].actor is None


def test_nul_and_overlong_input_is_refused_not_a_server_error(client, reviewer):
    """On PostgreSQL a NUL cannot be stored or even compared: each of these answered 500."""
    login_page = client.post(LOGIN, {"username": "a\x00b", "password": "x"})
    assert login_page.status_code == 200
    assert client.post(LOGIN, {"username": "a" * 5000, "password": "x"}).status_code == 200
    assert client.post("/anything%00/").status_code in (403, 404)
    login(client, reviewer)
    assert client.get(reverse("accounts:registry"), {"q": "南\x00通"}).status_code == 200
    assert "\x00" not in "".join(RefusedAttempt.objects.values_list("path", flat=True))


def test_cross_province_refusals_reach_the_province_concerned(client, js, hb_reviewer, listed):
    login(client, hb_reviewer)

    client.post(reverse("accounts:activation_issue", args=[listed.pk]))

    refused = RefusedAttempt.objects.get()
    assert (refused.reason, refused.province, refused.organisation) == (
        "forbidden",
        js,
        hb_reviewer.organisation,
    )


def test_the_activation_code_page_is_never_cached(client, listed, reviewer):
    login(client, reviewer)
    client.post(reverse("accounts:activation_issue", args=[listed.pk]))

    response = client.get(reverse("accounts:activation_issued"))

    assert "no-store" in response["Cache-Control"]
