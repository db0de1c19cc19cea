"""月度存证 pages: the year's months with deadlines and countdowns for a fixed date, one month
as the national monthly form (four tabs, value rows with mode, source and files), saving (all or
nothing), sealing, amendment with a reason, evidence checked by content, and who may do what."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone

from tanhe.accounts.models import Role
from tanhe.audit.models import AuditEntry
from tanhe.reports import monthly_display, services
from tanhe.reports.models import FilingState, MonthFiling, Report, ReportCell, ValueEvidence

from ..plans.conftest import make_user
from .conftest import JANUARY, PDF, entries

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(client, filer):
    client.force_login(filer)
    return client


@pytest.fixture
def january(report, unit, filer):
    """January filled with the issue example and 自动计算 run: 228518.74 + 292.16 tCO2."""
    services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    outcome = services.autocalc(actor=filer, report=report)
    assert outcome.applied, outcome.problems
    return report


def months_url(report) -> str:
    return reverse("reports:months", args=[report.pk])


def month_url(report, month: int = 1, tab: str = "") -> str:
    url = reverse("reports:month", args=[report.pk, month])
    return url + (f"?tab={tab}" if tab else "")


def action_url(report, action: str, month: int = 1) -> str:
    """A month's action: ``save``, ``evidence``, ``seal`` or ``amend``."""
    return reverse(f"reports:month_{action}", args=[report.pk, month])


def html(response) -> str:
    return response.content.decode()


def rid(unit, table: str, fuel: str, key: str) -> str:
    return f"{unit.pk}.{table}.{fuel or '-'}.{key}"


def text_of(fragment: str) -> str:
    """The visible text of an HTML fragment, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()


def month_row(page: str, month: int) -> str:
    match = re.search(rf'<tr id="month-{month}"[^>]*>(.*?)</tr>', page, re.S)
    assert match, f"no row for month {month}"
    return text_of(match.group(1))


def cell(report, unit, table, fuel, key, month=1) -> ReportCell | None:
    return report.cells.filter(unit=unit, table=table, fuel=fuel, key=key, month=month).first()


def form_data(page: str) -> dict[str, str]:
    """What the month's form posts as it is shown: every v./m./s. field with its value."""
    data: dict[str, str] = {}
    for name, value in re.findall(r'<input type="text"[^>]*name="([vms]\.[^"]+)" value="([^"]*)"',
                                  page):  # fmt: skip
        data[name] = value
    for name, body in re.findall(r'<select name="([vm]\.[^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        data[name] = chosen.group(1) if chosen else ""
    return data


@pytest.fixture
def fixed_today(monkeypatch):
    """Fix the pages' "today" (the services keep the real date)."""

    def fix(day: date) -> None:
        monkeypatch.setattr(monthly_display, "today", lambda: day)

    return fix


# -- the year's months ----------------------------------------------------------------------------
def test_months_show_state_deadline_and_countdown_for_a_fixed_date(
    owner, january, unit, filer, fixed_today
):
    filing = services.seal_month(actor=filer, report=january, month=1)
    fixed_today(date(2023, 4, 20))
    page = html(owner.get(months_url(january)))
    # January: sealed; 31 Jan + 40 days = 12 Mar.
    jan = month_row(page, 1)
    assert "已存证" in jan and "2023-03-12" in jan and "剩余" not in jan
    assert filing.sha256[:12] in jan and "91110000MA0123456P" in jan  # sealed by the account
    assert f"{timezone.localtime(filing.sealed_at):%Y-%m-%d %H:%M}" in jan
    # the month's emissions (fuel 228518.74 + electricity 292.16), read-only: grouped
    assert "228,810.90" in jan
    # February: 28 Feb + 40 = 9 Apr, 11 days before 20 Apr → overdue.
    feb = month_row(page, 2)
    assert "逾期未存证" in feb and "2023-04-09" in feb and "已逾期 11 天" in feb
    # March: 31 Mar + 40 = 10 May → 20 days left. April has not ended yet (9 Jun, 50 days).
    assert "剩余 20 天" in month_row(page, 3) and "2023-05-10" in month_row(page, 3)
    apr = month_row(page, 4)
    assert "未存证" in apr and "2023-06-09" in apr and "剩余 50 天" in apr
    assert "本月尚未结束" in apr
    # December: 31 Dec + 40 = 9 Feb of the next year.
    assert "2024-02-09" in month_row(page, 12)
    stats = text_of(page.split('class="totals month-totals">')[1].split("</div>\n</div>")[0])
    assert stats == "已存证 1 / 12 逾期未存证 1 修改中 0 未存证 10"


def test_deadline_follows_the_setting(owner, report, fixed_today, settings):
    settings.MONTH_FILING_DAYS = 20
    fixed_today(date(2023, 2, 15))
    page = html(owner.get(months_url(report)))
    assert "2023-02-20" in month_row(page, 1) and "剩余 5 天" in month_row(page, 1)
    fixed_today(date(2023, 2, 21))
    page = html(owner.get(months_url(report)))
    assert "逾期未存证" in month_row(page, 1) and "已逾期 1 天" in month_row(page, 1)


def test_amending_month_is_listed_with_its_revision(owner, january, filer):
    filing = services.seal_month(actor=filer, report=january, month=1)
    services.amend_month(actor=filer, filing=filing, reason="热值复检")
    jan = month_row(html(owner.get(months_url(january))), 1)
    assert "修改中" in jan and "重新存证" in jan


# -- one month: the national monthly form ---------------------------------------------------------
def test_month_shows_four_tabs_and_the_fuel_rows_in_the_forms_order(owner, january, unit):
    page = html(owner.get(month_url(january)))
    tabs = re.findall(r'data-tab="(\w+)"[^>]*>([^<]+)</a>', page.split("data-month-tabs")[1])[:4]
    assert tabs == [("fuel", "化石燃料燃烧排放"), ("electricity", "购入使用电力排放"),
                    ("production", "生产数据及排放量汇总"), ("aux", "辅助参数")]  # fmt: skip
    fuel = page.split('id="panel-fuel"')[1].split('id="panel-electricity"')[0]
    coal = fuel.split(">1号机组 烟煤</h3>")[1].split(">1号机组 柴油</h3>")[0]
    labels = re.findall(r'<th scope="row">([^<]+)<', coal)
    assert labels == ["燃料状态", "消耗量", "空气干燥基元素碳含量", "收到基水分", "空气干燥基水分",
                      "干燥基元素碳含量", "低位发热量", "单位热值含碳量", "碳氧化率",
                      "收到基元素碳含量", "化石燃料热量", "化石燃料燃烧排放量"]  # fmt: skip
    data = form_data(page)
    assert data[f"v.{rid(unit, 'fuel', 'bituminous', 'consumption')}"] == "120345.67"
    assert data[f"m.{rid(unit, 'fuel', 'bituminous', 'consumption')}"] == "measured"
    assert data[f"v.{rid(unit, 'fuel', 'bituminous', 'state')}"] == "fired"
    assert data[f"v.{rid(unit, 'fuel', 'bituminous', 'emissions_tco2')}"] == "228518.74"
    assert data[f"m.{rid(unit, 'fuel', 'bituminous', 'emissions_tco2')}"] == "calculated"
    assert data[f"v.{rid(unit, 'electricity', '', 'emissions_tco2')}"] == "292.16"
    # units per fuel: t, GJ/t, % for coal
    row = re.search(r'id="row-\d+-fuel-bituminous-ncv".*?</tr>', page, re.S).group(0)
    assert 'class="unit-col mono">GJ/t<' in row
    # the first tab is shown, the others are hidden until chosen (links work without script)
    assert re.search(r'id="panel-fuel" data-panel="fuel" aria', page)
    assert re.search(r'id="panel-production" data-panel="production" hidden', page)


def test_tabs_work_without_script(owner, january):
    page = html(owner.get(month_url(january, tab="production")))
    assert re.search(r'id="panel-fuel" data-panel="fuel" hidden', page)
    assert re.search(r'id="panel-production" data-panel="production" aria', page)
    assert re.search(r'data-tab="production" aria-current="page"', page)
    summary = text_of(page.split('class="data month-summary"')[1].split("</table>")[0])
    assert "1号机组 228518.74 292.16 228810.90" in summary
    assert 'name="tab" value="production"' in page  # saving comes back to this tab


def test_aux_tab_shows_the_months_test_records_and_auxiliary_values(owner, january, unit, filer):
    services.save_test_record(actor=filer, report=january, unit=unit, fuel="bituminous",
                              parameter="unit_heat_carbon", month=1, data={
                                  "method": "commissioned", "laboratory": "江苏省煤质检测中心",
                                  "accreditation": "cma", "sampled_on": date(2023, 2, 1),
                                  "reported_on": date(2023, 2, 20), "standard": "GB/T 476"})  # fmt: skip
    services.save_test_record(actor=filer, report=january, unit=unit, fuel="bituminous",
                              parameter="ncv", month=2, data={"method": "self"})  # fmt: skip
    page = html(owner.get(month_url(january, tab="aux")))
    aux = text_of(page.split('id="panel-aux"')[1].split("</section>")[0])
    assert (
        "1号机组 烟煤 单位热值含碳量 委托检测 — — / — GB/T 476 江苏省煤质检测中心 CMA — "
        "2023-02-01 2023-02-20"
    ) in aux
    assert "自行检测" not in aux  # February's record is not January's
    assert "1号机组 运行小时数 744 h 实测值" in aux
    assert "1号机组 负荷（出力）系数" in aux and "供热比" in aux


# -- saving ---------------------------------------------------------------------------------------
def test_save_changes_only_what_was_changed(owner, january, unit):
    page = html(owner.get(month_url(january)))
    data = form_data(page) | {"tab": "fuel"}
    ncv = rid(unit, "fuel", "bituminous", "ncv")
    data[f"v.{ncv}"] = "20.600"
    data[f"s.{ncv}"] = "化验室月度热值计算表"
    data[f"m.{rid(unit, 'fuel', 'bituminous', 'consumption')}"] = "calculated"
    response = owner.post(action_url(january, "save"), data)
    assert response.status_code == 302 and response.url == month_url(january)
    changed = cell(january, unit, "fuel", "bituminous", "ncv")
    assert (changed.value, changed.mode, changed.source, changed.origin) == (
        "20.600",
        "measured",
        "化验室月度热值计算表",
        "user",
    )
    assert cell(january, unit, "fuel", "bituminous", "consumption").mode == "calculated"
    # the computed cells posted back unchanged stay the engine's
    assert cell(january, unit, "fuel", "bituminous", "emissions_tco2").origin == "auto"
    entry = AuditEntry.objects.filter(action="report.cells").latest("id")
    assert entry.changes == {
        f"{unit.pk}/fuel/bituminous/ncv/1": ["20.512", "20.600"],
        f"{unit.pk}/fuel/bituminous/ncv/1/source": ["", "化验室月度热值计算表"],
        f"{unit.pk}/fuel/bituminous/consumption/1/mode": ["measured", "calculated"],
    }
    assert "已保存1月的 2 行修改" in html(owner.get(response.url))


def test_save_is_all_or_nothing_and_names_unit_fuel_and_field(owner, january, unit):
    data = form_data(html(owner.get(month_url(january)))) | {"tab": "fuel"}
    data[f"v.{rid(unit, 'fuel', 'bituminous', 'consumption')}"] = "130000.00"
    data[f"v.{rid(unit, 'fuel', 'bituminous', 'ncv')}"] = "20,5x"
    data[f"v.{rid(unit, 'production', '', 'running_hours')}"] = "-1"
    response = owner.post(action_url(january, "save"), data)
    page = html(response)
    assert response.status_code == 200
    assert "1号机组 烟煤 1月 低位发热量：“20,5x”不是数字（只能填写不带正负号的数字）" in page
    assert "1号机组 1月 运行小时数：“-1”不是数字（只能填写不带正负号的数字）" in page
    assert cell(january, unit, "fuel", "bituminous", "consumption").value == "120345.67"
    assert cell(january, unit, "fuel", "bituminous", "ncv").value == "20.512"
    # what was typed is shown again, on the rows marked as wrong
    assert form_data(page)[f"v.{rid(unit, 'fuel', 'bituminous', 'consumption')}"] == "130000.00"
    assert re.search(r'id="row-\d+-fuel-bituminous-ncv" class="value-row has-error"', page)
    assert not re.search(r'id="row-\d+-fuel-bituminous-consumption" class="[^"]*has-error', page)


def test_source_without_value_and_overlong_source_are_refused(owner, report, unit):
    data = {f"v.{rid(unit, 'fuel', 'diesel', 'ncv')}": "",
            f"m.{rid(unit, 'fuel', 'diesel', 'ncv')}": "measured",
            f"s.{rid(unit, 'fuel', 'diesel', 'ncv')}": "油品化验单",
            f"v.{rid(unit, 'fuel', 'diesel', 'consumption')}": "1.5",
            f"m.{rid(unit, 'fuel', 'diesel', 'consumption')}": "measured",
            f"s.{rid(unit, 'fuel', 'diesel', 'consumption')}": "台" * 201}  # fmt: skip
    page = html(owner.post(action_url(report, "save"), data))
    assert "1号机组 柴油 1月 低位发热量：填写了数据来源，请同时填写数值" in page
    assert "1号机组 柴油 1月 消耗量：数据来源不能超过 200 个字" in page
    assert report.cells.count() == 0


# -- sealing and amendment ------------------------------------------------------------------------
def test_sealing_freezes_the_month(owner, january, unit):
    data = form_data(html(owner.get(month_url(january))))
    response = owner.post(action_url(january, "seal"), {})
    assert "请勾选确认后再提交存证" in html(response)
    assert not MonthFiling.objects.exists()
    response = owner.post(action_url(january, "seal"), {"confirm": "1"})
    assert response.status_code == 302
    filing = MonthFiling.objects.get()
    assert (filing.state, filing.revision, filing.month) == (FilingState.SEALED, 1, 1)
    page = html(owner.get(month_url(january)))
    assert filing.sha256 in page and "第 1 次" in page and "申请修改" in page
    assert 'name="v.' not in page and action_url(january, "save") not in page  # read-only
    # a POST that changes a sealed value is refused with the service's message
    data[f"v.{rid(unit, 'fuel', 'bituminous', 'ncv')}"] = "19.000"
    page = html(owner.post(action_url(january, "save"), data))
    assert "1号机组 烟煤 1月 低位发热量：1月已存证，修改须先提出修改申请并说明原因" in page
    assert cell(january, unit, "fuel", "bituminous", "ncv").value == "20.512"
    filing.refresh_from_db()
    assert filing.state == FilingState.SEALED and filing.revision == 1


def test_amendment_needs_a_reason_is_audited_and_reseal_counts(owner, january, unit, filer):
    services.seal_month(actor=filer, report=january, month=1)
    page = html(owner.post(action_url(january, "amend"), {"reason": "  "}))
    assert "修改已存证的月度数据须说明原因" in page
    assert MonthFiling.objects.get().state == FilingState.SEALED
    response = owner.post(action_url(january, "amend"), {"reason": "化验室复检后热值更正"})
    assert response.status_code == 302
    filing = MonthFiling.objects.get()
    assert (filing.state, filing.amendment_reason) == (FilingState.AMENDING, "化验室复检后热值更正")
    audit = AuditEntry.objects.get(action="report.month.amend")
    assert (audit.note, audit.actor_name) == ("化验室复检后热值更正", "91110000MA0123456P")
    # editable again; the change shows against the sealed content
    data = form_data(html(owner.get(month_url(january))))
    data[f"v.{rid(unit, 'fuel', 'bituminous', 'ncv')}"] = "20.600"
    assert owner.post(action_url(january, "save"), data).status_code == 302
    page = html(owner.get(month_url(january)))
    diff = text_of(page.split('class="data diff-table month-diff"')[1].split("</table>")[0])
    assert "1号机组 烟煤 低位发热量 20.512（实测值） 20.600（实测值）" in diff
    assert "重新存证" in page
    assert owner.post(action_url(january, "seal"), {"confirm": "1"}).status_code == 302
    filing.refresh_from_db()
    assert (filing.state, filing.revision) == (FilingState.SEALED, 2)
    assert {c["key"]: c["value"] for c in filing.content["cells"]
            if c["fuel"] == "bituminous"}["ncv"] == "20.600"  # fmt: skip
    trail = text_of(html(owner.get(month_url(january))).split('class="data audit-table"')[1])
    order = [trail.index(t) for t in ("存证", "申请修改", "修改原因：化验室复检后热值更正",
                                      "低位发热量：20.512 → 20.600", "上次存证 SHA-256")]  # fmt: skip
    assert order == sorted(order)


def test_month_not_ended_cannot_be_filed(owner, plan, filer, enterprise, unit):
    today = timezone.localdate()
    current = services.create_report(actor=filer, enterprise=enterprise, year=today.year)
    page = html(owner.get(month_url(current, today.month)))
    assert "本月尚未结束，月末后才能存证" in page and 'name="confirm"' not in page
    page = html(owner.post(action_url(current, "seal", today.month), {"confirm": "1"}))
    assert f"{today.year}年{today.month}月尚未结束，不能存证" in page
    assert not MonthFiling.objects.exists()


def test_seal_refused_without_consumption(owner, report):
    page = html(owner.post(action_url(report, "seal", 2), {"confirm": "1"}))
    assert "2月没有填报燃料消耗量，不能存证" in page
    assert not MonthFiling.objects.exists()


# -- supporting files per value row ---------------------------------------------------------------
def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_evidence_is_checked_by_content_and_attached_to_its_row(owner, january, unit):
    row = rid(unit, "fuel", "bituminous", "ncv")
    fake = upload("化验报告.pdf", "这不是 PDF".encode())
    page = html(owner.post(action_url(january, "evidence"), {"row": row, "file": fake}))
    assert "文件“化验报告.pdf”的内容为无法识别的格式" in page
    assert "按文件内容判断，而非扩展名" in page and "<h2>文件未上传</h2>" in page
    assert not ValueEvidence.objects.exists()
    response = owner.post(action_url(january, "evidence"), {"row": row, "tab": "fuel",
                                               "file": upload("化验报告.pdf", PDF)})  # fmt: skip
    assert response.status_code == 302
    assert response.url.endswith(f"#row-{unit.pk}-fuel-bituminous-ncv")
    evidence = ValueEvidence.objects.get()
    assert (evidence.unit_name, evidence.table, evidence.fuel, evidence.key, evidence.month) == (
        "1号机组",
        "fuel",
        "bituminous",
        "ncv",
        1,
    )
    page = html(owner.get(month_url(january)))
    ncv_row = re.search(r'id="row-\d+-fuel-bituminous-ncv".*?</tr>', page, re.S).group(0)
    assert f'href="/files/{evidence.file.pk}/"' in ncv_row and "化验报告.pdf" in ncv_row
    assert evidence.file.sha256[:16] in ncv_row
    assert owner.get(f"/files/{evidence.file.pk}/").status_code == 200
    assert "1号机组 烟煤 低位发热量：化验报告.pdf" in text_of(page.split("audit-table")[1])


def test_evidence_needs_a_file_and_a_known_row(owner, january, unit):
    row = rid(unit, "fuel", "bituminous", "ncv")
    assert "请选择要上传的文件" in html(owner.post(action_url(january, "evidence"), {"row": row}))
    response = owner.post(action_url(january, "evidence"), {"row": "999.fuel.x.ncv",
                                               "file": upload("a.pdf", PDF)})  # fmt: skip
    assert response.status_code == 404
    assert not ValueEvidence.objects.exists()


def test_evidence_refused_in_a_sealed_month(owner, january, unit, filer):
    services.seal_month(actor=filer, report=january, month=1)
    row = rid(unit, "fuel", "bituminous", "ncv")
    page = html(owner.post(action_url(january, "evidence"), {"row": row,
                                                "file": upload("a.pdf", PDF)}))  # fmt: skip
    assert "1月已存证，补充材料须先提出修改申请" in page
    assert not ValueEvidence.objects.exists()


def test_rows_without_files_are_pointed_out_before_sealing(owner, january, unit):
    seal = html(owner.get(month_url(january))).split('id="seal"')[1]
    assert "以下数值尚无支撑材料" in seal
    assert "1号机组 烟煤 1月 消耗量" in seal and "1号机组 1月 发电量" in seal
    assert "1号机组 柴油 1月 消耗量" not in seal  # 0: nothing to prove
    assert "将封存本月的" in seal


# -- who may see and do what ----------------------------------------------------------------------
def test_anonymous_users_are_sent_to_login(client, report, settings):
    for url in (months_url(report), month_url(report)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(resolve_url(settings.LOGIN_URL))


def test_other_enterprises_and_provinces_get_404(client, january, other_enterprise,
                                                 other_reviewer):  # fmt: skip
    intruder = other_enterprise.users.first()
    for user in (intruder, other_reviewer):
        client.force_login(user)
        for url in (months_url(january), month_url(january)):
            assert client.get(url).status_code == 404
        assert client.post(action_url(january, "seal"), {"confirm": "1"}).status_code == 404
    assert not MonthFiling.objects.exists()


def test_authority_reads_but_cannot_change(client, january, unit, reviewer, filer):
    services.seal_month(actor=filer, report=january, month=1)
    client.force_login(reviewer)
    page = html(client.get(month_url(january)))
    assert "只读：只有本单位的报送账号可以填报和存证" in page
    assert "120345.67" in page and 'name="v.' not in page and "申请修改" not in page
    assert "第 1 次" in page
    assert "已存证" in html(client.get(months_url(january)))
    for action, data in (
        ("amend", {"reason": "x"}),
        ("seal", {"confirm": "1"}),
        ("save", {f"v.{rid(unit, 'fuel', 'bituminous', 'ncv')}": "1"}),
        ("evidence", {"row": rid(unit, "fuel", "bituminous", "ncv"), "file": upload("a.pdf", PDF)}),
    ):
        assert client.post(action_url(january, action), data).status_code == 403, action
    assert MonthFiling.objects.get().state == FilingState.SEALED


def test_enterprise_viewer_without_filing_rights_reads_only(client, january, enterprise):
    viewer = make_user(enterprise, "viewer-1", Role.ENTERPRISE_FILER)
    enterprise.status = "pending"
    enterprise.save(update_fields=["status"])
    client.force_login(viewer)
    page = html(client.get(month_url(january)))
    assert 'name="v.' not in page and "只读" in page
    assert client.post(action_url(january, "seal"), {"confirm": "1"}).status_code == 403


def test_submitted_report_is_read_only(owner, january, unit):
    Report.objects.filter(pk=january.pk).update(state="submitted")
    page = html(owner.get(month_url(january)))
    assert "2023年报第1版已提交，月度数据只能查看，不能修改。" in page
    assert 'name="v.' not in page and 'name="confirm"' not in page
    assert "已提交" in html(owner.get(months_url(january)))
    page = html(owner.post(action_url(january, "save"), {
        f"v.{rid(unit, 'fuel', 'bituminous', 'ncv')}": "19.000",
        f"m.{rid(unit, 'fuel', 'bituminous', 'ncv')}": "measured"}))  # fmt: skip
    assert "2023年报第1版已提交，不能修改" in page
    assert cell(january, unit, "fuel", "bituminous", "ncv").value == "20.512"
    page = html(owner.post(action_url(january, "seal"), {"confirm": "1"}))
    assert "已提交，不能修改" in page and not MonthFiling.objects.exists()
    page = html(owner.post(action_url(january, "evidence"), {"file": upload("a.pdf", PDF),
                                                "row": rid(unit, "fuel", "bituminous", "ncv")}))  # fmt: skip
    assert "月度数据只能查看，不能修改" in page and not ValueEvidence.objects.exists()


def test_each_form_of_the_month_posts_to_its_own_action(owner, january, filer):
    page = html(owner.get(month_url(january)))
    posted = set(re.findall(r'<form method="post" action="([^"]+)"', page))
    assert posted == {action_url(january, a) for a in ("save", "evidence", "seal")}
    assert 'name="action"' not in page
    # shown again at the action's URL after a refusal, the forms still post to their own routes
    refused = html(owner.post(action_url(january, "seal"), {}))
    assert "请勾选确认后再提交存证" in refused
    assert set(re.findall(r'<form method="post" action="([^"]+)"', refused)) == posted
    services.seal_month(actor=filer, report=january, month=1)
    page = html(owner.get(month_url(january)))
    assert set(re.findall(r'<form method="post" action="([^"]+)"', page)) == {
        action_url(january, "amend")
    }


def test_unknown_month_or_action(owner, report):
    assert owner.get(reverse("reports:month", args=[report.pk, 13])).status_code == 404
    assert owner.post(action_url(report, "seal", 13), {"confirm": "1"}).status_code == 404
    assert owner.post(month_url(report), {"action": "seal"}).status_code == 405  # a page: GET


def test_decimal_sums_are_exact(owner, january, unit, filer):
    """The month's total is the exact decimal sum of its emission cells (no float)."""
    lines = monthly_display.year_overview(january, date(2023, 4, 1))
    assert lines[0].emissions == Decimal("228810.90")
    assert lines[1].emissions is None and lines[0].values > 10


def test_english_readers_get_the_rows_english_labels(owner, january, settings):
    owner.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = html(owner.get(month_url(january)))
    assert "Net calorific value" in page and "Combustion emissions" in page
    assert ">1号机组 Bituminous coal</h3>" in page
    assert owner.get(months_url(january)).status_code == 200


def test_finding_11_the_month_shows_every_change_its_seal_covers(owner, january, unit, filer):
    """Finding 11: the change list and the trail left out mode/source, 供热计量 and 确定方式表
    changes, though the seal covers them."""
    services.save_test_record(
        actor=filer, report=january, unit=unit, fuel="bituminous", parameter="ncv", month=1,
        data={"method": "self", "device": "量热仪 A"},
    )  # fmt: skip
    filing = services.seal_month(actor=filer, report=january, month=1)
    services.amend_month(actor=filer, filing=filing, reason="复核数据来源")
    ncv = cell(january, unit, "fuel", "bituminous", "ncv")
    services.save_cells(
        actor=filer,
        report=january,
        entries=[
            services.CellInput(unit, "fuel", "bituminous", "ncv", 1, ncv.value,
                               mode="measured", source="化验室月报 2025-01")
        ],
    )  # fmt: skip
    services.save_heat_measurements(
        actor=filer, report=january, unit=unit, month=1,
        rows=[services.HeatInput(kind="steam", mass_t="1000", enthalpy_kj_per_kg="2800")],
    )  # fmt: skip
    services.save_test_record(
        actor=filer, report=january, unit=unit, fuel="bituminous", parameter="ncv", month=1,
        data={"device": "量热仪 B"},
    )  # fmt: skip

    page = html(owner.get(month_url(january)))
    diff = text_of(page.split('class="data diff-table month-diff"')[1].split("</table>")[0])
    assert "1号机组 烟煤 低位发热量 20.512（实测值） 20.512（实测值，化验室月报 2025-01）" in diff
    assert "供热计量 0 条 1 条" in diff
    assert "1号机组 烟煤 低位发热量 · 检测设备 量热仪 A 量热仪 B" in diff
    trail = text_of(page.split('class="data audit-table"')[1])
    assert "1号机组 烟煤 低位发热量 · 数据来源：— → 化验室月报 2025-01" in trail
    assert "1号机组 供热计量 记录条数：0 → 1" in trail
    assert "1号机组 烟煤 低位发热量 检测设备：量热仪 A → 量热仪 B" in trail
