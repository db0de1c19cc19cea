"""Accounts end to end in headless Chromium (Debian's /usr/bin/chromium; never `playwright
install`): registration → approval → dashboard, registry errors, the session warning and the
restore of unsaved input. Screenshots: test-artifacts/screenshots/accounts-*.png."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from tanhe.accounts.models import User

from ..conftest import SHOTS, new_context
from .conftest import NEW_CODE, PASSWORD, bad_check
from .test_registry import ROWS, csv_bytes

pytestmark = pytest.mark.browser


def shot(page: Page, name: str) -> None:
    page.screenshot(path=SHOTS / f"accounts-{name}.png", full_page=True)


def log_in(page: Page, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名或统一社会信用代码").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("link", name="企业注册")).to_be_visible()


def test_register_wait_approve_and_log_in(
    page: Page, live_server, flushable, js, reviewer, tmp_path
):
    base = live_server.url
    page.goto(base + "/")
    page.get_by_role("link", name="企业注册").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("重点排放单位注册")
    expect(page.locator("#activation-hint")).to_contain_text("凭激活码开通账号")
    page.get_by_label("统一社会信用代码").fill(NEW_CODE.lower())
    page.get_by_label("所在省份").select_option(label="江苏省")
    page.get_by_label("企业名称").fill("新建热电有限公司")
    page.get_by_label("联系人").fill("李联系")
    page.get_by_label("联系电话").fill("025-83456789")
    page.get_by_label("电子邮箱").fill("li@example.com")
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_label("再次输入密码").fill("Tanhe-2024-typo")
    page.get_by_role("button", name="提交注册申请").click()
    expect(page.locator(".field-error")).to_have_text("两次输入的密码不一致")
    shot(page, "01-register-error")
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_label("再次输入密码").fill(PASSWORD)
    page.get_by_role("button", name="提交注册申请").click()

    expect(page).to_have_url(re.compile(r"/accounts/register/status/$"))
    expect(page.locator("#registration-standing")).to_contain_text("正在等待主管部门审核")
    reference = page.locator("#registration-reference").inner_text()
    shot(page, "02-registration-waiting")
    log_in(page, base, NEW_CODE)
    expect(page.locator(".alert-error")).to_contain_text(f"申请编号 {reference}")

    log_in(page, base, "js-reviewer")
    expect(page.locator("#pending-count .stat-value")).to_have_text("1")
    shot(page, "03-home-authority")
    page.locator(".main-nav").get_by_role("link", name="排放单位名录").click()
    pending = page.locator(".review-item")
    expect(pending).to_contain_text("新建热电有限公司")
    expect(pending).to_contain_text(NEW_CODE)
    expect(pending).to_contain_text("不在名录中")
    shot(page, "04-registry-pending")
    pending.get_by_role("button", name="核实无误，批准").click()
    expect(page.locator(".message-success")).to_contain_text("已批准「新建热电有限公司」的注册申请")
    expect(page.locator("#enterprise-table")).to_contain_text("已开通")

    bad = tmp_path / "名录.csv"
    bad.write_bytes(
        csv_bytes(
            [
                ROWS[0],
                ["", "统一社会信用代码", bad_check(NEW_CODE), "", "南京", "南京", "", "", "2100"],
            ],
            encoding="gbk",
        )
    )
    page.get_by_label("名录文件").set_input_files(bad)
    page.get_by_role("button", name="导入").click()
    errors = page.locator("#registry-errors")
    expect(errors).to_contain_text("文件 名录.csv 有 4 处错误，未导入任何数据")
    expect(errors.locator("tbody tr")).to_have_count(4)
    expect(errors).to_contain_text("校验位（第 18 位）")
    shot(page, "05-registry-errors")
    log_out(page)

    log_in(page, base, NEW_CODE)
    expect(page.locator("#org-status")).to_contain_text("报送账号已启用")
    shot(page, "06-home-enterprise-active")
    assert User.objects.get(username=NEW_CODE).organisation.status == "active"

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    shot(page, "07-home-enterprise-en")
    page.get_by_role("button", name="中文").click()


def test_the_province_issues_an_activation_code_and_the_plant_opens_its_account(
    page: Page, live_server, flushable, listed, reviewer, browser
):
    """The activation-code flow: the authority issues a code (shown once), the plant enters it."""
    base = live_server.url
    log_in(page, base, "js-reviewer")
    page.locator(".main-nav").get_by_role("link", name="排放单位名录").click()
    row = page.locator(f"#enterprise-{listed.pk}")
    expect(row).to_contain_text("未开通")
    row.get_by_role("button", name="发放激活码").click()
    notice = page.locator("#activation-notice")
    expect(notice).to_contain_text(listed.name)
    code = page.locator("#activation-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){3}", code)
    shot(page, "08-activation-code-issued")
    page.reload()
    expect(page.locator("#activation-code")).to_have_count(0)  # shown once
    expect(page.locator(f"#enterprise-{listed.pk}")).to_contain_text("已发放，有效期至")

    plant = new_context(browser).new_page()
    plant.goto(base + "/accounts/login/")
    plant.get_by_role("link", name="凭激活码开通账号").click()
    plant.get_by_label("统一社会信用代码").fill(listed.credit_code)
    plant.get_by_label("激活码").fill("WRNG-WRNG-WRNG-WRNG")
    plant.get_by_label("联系人").fill("钱厂长")
    plant.get_by_label("联系电话").fill("13912345678")
    plant.get_by_label("电子邮箱").fill("q@example.cn")
    plant.get_by_label("密码", exact=True).fill(PASSWORD)
    plant.get_by_label("再次输入密码").fill(PASSWORD)
    plant.get_by_role("button", name="开通账号").click()
    expect(plant.locator(".has-error .field-error")).to_contain_text(
        "统一社会信用代码与激活码不匹配"
    )
    shot(plant, "09-activation-refused")
    plant.get_by_label("激活码").fill(code.lower())
    plant.get_by_label("密码", exact=True).fill(PASSWORD)
    plant.get_by_label("再次输入密码").fill(PASSWORD)
    plant.get_by_role("button", name="开通账号").click()
    expect(plant.locator(".message-success")).to_contain_text("报送账号已开通")
    expect(plant.locator("h1")).to_have_text(listed.name)
    shot(plant, "10-activated-home")
    plant.context.close()

    page.goto(base + "/accounts/events/")
    expect(page.locator("#events-table")).to_contain_text("使用激活码")
    expect(page.locator("#events-table")).to_contain_text("发放激活码")
    page.goto(base + "/accounts/events/?tab=refused")
    expect(page.locator("#refused-table")).to_contain_text("激活失败")
    shot(page, "11-account-events")


def stored(page: Page) -> dict:
    return page.evaluate(
        """() => Object.fromEntries(Object.keys(localStorage)
              .filter(k => k.startsWith('tanhe:autosave:')).map(k => [k, localStorage.getItem(k)]))"""
    )


def test_session_warning_keepalive_expiry_and_restored_input(
    page: Page, live_server, flushable, agency_admin, verifier, settings
):
    settings.SESSION_COOKIE_AGE = 12
    settings.TANHE_SESSION_WARN_SECONDS = 8
    base = live_server.url
    log_in(page, base, "agency-admin")
    page.goto(base + "/accounts/members/")
    form = page.locator("#member-form")
    form.get_by_label("姓名").fill("孙组长")
    form.get_by_label("用户名").fill("lead1")
    form.get_by_label("核查组长").check()
    form.get_by_label("初始密码", exact=True).fill("Secret-pass-1")
    saved = stored(page)
    assert len(saved) == 1
    (value,) = saved.values()
    assert "孙组长" in value and "lead1" in value
    assert "Secret-pass-1" not in value and "csrfmiddlewaretoken" not in value

    # Typing renews the session silently once; a page then left alone is warned.
    warning = page.locator("#session-warning")
    expect(warning).to_be_visible(timeout=20_000)
    expect(warning).to_contain_text("登录即将超时")
    expect(warning.locator("[data-countdown]")).to_have_text(re.compile(r"^0:0\d$"))
    shot(page, "08-session-warning")
    with page.expect_response("**/accounts/keepalive/") as answer:
        warning.get_by_role("button", name="继续工作").click()
    assert json.loads(answer.value.text()) == {"expires_in": 12}
    expect(warning).to_have_count(0)

    expired = page.locator("#session-expired")
    expect(expired).to_be_visible(timeout=30_000)
    expect(expired).to_contain_text("登录已超时，会话已结束")
    shot(page, "09-session-expired")
    form.get_by_role("button", name="添加").click()  # posting now would only meet the login page
    expect(page).to_have_url(re.compile(r"/accounts/members/$"))
    assert not User.objects.filter(username="lead1").exists()

    settings.SESSION_COOKIE_AGE = 600
    expired.get_by_role("link", name="重新登录").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=%2Faccounts%2Fmembers%2F$"))
    page.get_by_label("用户名或统一社会信用代码").fill("agency-admin")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()

    expect(page).to_have_url(re.compile(r"/accounts/members/$"))
    notice = form.locator(".autosave-notice")
    expect(notice).to_contain_text("已恢复上次未保存的输入")
    expect(form.get_by_label("姓名")).to_have_value("孙组长")
    expect(form.get_by_label("用户名")).to_have_value("lead1")
    expect(form.get_by_label("核查组长")).to_be_checked()
    expect(form.get_by_label("初始密码", exact=True)).to_have_value("")
    shot(page, "10-autosave-restored")

    notice.get_by_role("button", name="放弃").click()
    expect(notice).to_have_count(0)
    expect(form.get_by_label("姓名")).to_have_value("")
    expect(form.get_by_label("核查组长")).not_to_be_checked()
    assert stored(page) == {}

    page.reload()
    expect(form.locator(".autosave-notice")).to_have_count(0)
    form.get_by_label("姓名").fill("孙组长")
    form.get_by_label("用户名").fill("lead1")
    form.get_by_label("核查组长").check()
    form.get_by_label("初始密码", exact=True).fill("Secret-pass-1")
    form.get_by_label("再次输入初始密码").fill("Secret-pass-1")
    form.get_by_role("button", name="添加").click()
    expect(page.locator(".message-success")).to_contain_text("已添加「孙组长」（用户名 lead1）。")
    expect(page.locator("#member-table")).to_contain_text("孙组长")
    assert stored(page) == {}  # submitted: the copy is gone
    shot(page, "11-members")


def test_login_page_and_lockout(page: Page, live_server, flushable, reviewer):
    page.goto(live_server.url + "/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("登录")
    shot(page, "00-login")

    for _ in range(4):
        log_in(page, live_server.url, "js-reviewer", "wrong-password")
        expect(page.locator(".alert-error")).to_contain_text(
            "用户名（统一社会信用代码）或密码不正确"
        )
    log_in(page, live_server.url, "js-reviewer", "wrong-password")
    log_in(page, live_server.url, "js-reviewer")  # the right password, too late

    expect(page.locator("#locked-out")).to_contain_text("请在 15 分钟后再试。")
    shot(page, "12-locked-out")
