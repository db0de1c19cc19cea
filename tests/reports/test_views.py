"""The enterprise's annual report pages: who may open them, creation, every section, the three
number tables with 自动计算 and its confirmation (the issue example's January: 228518.74 +
292.16 = 228810.90 tCO2), a refused save shown again, daily records, sealed months, evidence,
submission, immutability of submitted and returned versions, and the comparison of versions."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from tanhe.accounting.report_form import REQUIRED_EVIDENCE
from tanhe.plans import services as plan_services
from tanhe.reports import services
from tanhe.reports.models import Origin, Report, ReportCell, ReportState

from .conftest import JANUARY, PDF, PNG, entries, fill_tests, fill_year
from .scans import scan_of

pytestmark = pytest.mark.django_db
SECTIONS = (
    "basic", "fuel", "electricity", "production", "tests", "facilities", "summary", "evidence",
    "submit",
)  # fmt: skip


# -- helpers --------------------------------------------------------------------------------------
@pytest.fixture
def login_url(settings):
    return resolve_url(settings.LOGIN_URL)


@pytest.fixture
def owner(client, filer):
    client.force_login(filer)
    return client


def html(response) -> str:
    return response.content.decode()


def client_for_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def edit_url(report, section: str) -> str:
    return reverse("reports:edit", args=[report.pk, section])


def save_url(report, section: str) -> str:
    """A number table's 保存 (``section``: fuel, electricity or production)."""
    return reverse("reports:table_save", args=[report.pk, section])


def autocalc_url(report, section: str) -> str:
    """A number table's 自动计算 button: 保存, then 自动计算."""
    return reverse("reports:table_autocalc", args=[report.pk, section])


def action_url(report, name: str) -> str:
    return reverse(f"reports:{name}", args=[report.pk])


def v(unit, fuel: str, key: str, month: int) -> str:
    """The input name of a table cell (``display.CellView.name``)."""
    return f"v:{unit.pk if unit else 'plant'}:{fuel or '_'}:{key}:{month}"


def m(unit, fuel: str, key: str, month: int) -> str:
    return "m" + v(unit, fuel, key, month)[1:]


class Form(HTMLParser):
    """The fields of the page's table form as the browser would post them."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self.inside = False
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and "report-table-form" in (a.get("class") or ""):
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and a.get("type") in ("text", "hidden", "date", None):
            if a.get("name") and a.get("name") != "csrfmiddlewaretoken":
                self.data[a["name"]] = a.get("value") or ""
        elif tag == "select":
            self.select = a.get("name")
            self.data.setdefault(self.select, "")
        elif tag == "option" and self.select and "selected" in a:
            self.data[self.select] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        if tag == "form":
            self.inside = False


def table_form(response) -> dict[str, str]:
    parser = Form()
    parser.feed(html(response))
    return parser.data


def value(report, unit, table, fuel, key, month=1):
    cell = report.cells.filter(unit=unit, table=table, fuel=fuel, key=key, month=month).first()
    return cell.value if cell else None


def fill_january(owner, report, unit) -> None:
    """January of the issue example, typed into the three tables and saved through the pages."""
    fuel = {
        v(unit, "bituminous", "consumption", 1): "120345.67",
        v(unit, "bituminous", "ncv", 1): "20.512",
        v(unit, "bituminous", "carbon_content", 1): "52.31",
        v(unit, "bituminous", "state", 1): "fired",
        v(unit, "diesel", "consumption", 1): "0",
    }
    response = owner.post(save_url(report, "fuel"), fuel)
    assert response.status_code == 302
    response = owner.post(save_url(report, "electricity"), {v(unit, "", "mwh", 1): "512.30"})
    assert response.status_code == 302
    production = {
        v(unit, "", "generation_mwh", 1): "301234.567",
        v(unit, "", "supply_mwh", 1): "285432.100",
        v(unit, "", "heat_gj", 1): "0.000",
        v(unit, "", "running_hours", 1): "744",
    }
    response = owner.post(save_url(report, "production"), production)
    assert response.status_code == 302


def make_ready(filer, report, unit) -> None:
    """Complete but for the stamped scan: twelve months with their 确定方式表, 自动计算, the 12
    required files and the declaration."""
    fill_year(filer, report, unit)
    fill_tests(filer, report, unit)
    services.autocalc(actor=filer, report=report)
    for kind, _label in REQUIRED_EVIDENCE:
        services.add_evidence(actor=filer, report=report, kind=kind, upload=PDF, name=f"{kind}.pdf")
    services.declare(
        actor=filer, report=report, entity="示例发电有限公司", legal_representative="张三"
    )


def make_submittable(filer, report, unit) -> None:
    """:func:`make_ready` and a stamped scan of the report as it stands."""
    make_ready(filer, report, unit)
    services.upload_stamped_pdf(
        actor=filer, report=report, upload=scan_of(report), name="盖章版.pdf"
    )


def submitted_report(filer, report, unit) -> Report:
    make_submittable(filer, report, unit)
    services.submit(actor=filer, report=report)
    report.refresh_from_db()
    return report


def report_pages(report, unit) -> list[str]:
    return [
        *(edit_url(report, s) for s in SECTIONS),
        reverse("reports:view", args=[report.pk]),
        reverse("reports:daily", args=[report.pk, unit.pk, "bituminous", 1]),
        reverse("reports:compare", args=[report.pk]),
    ]


# -- access ---------------------------------------------------------------------------------------
def test_every_page_renders_for_the_owner(owner, report, unit, filer):
    services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    services.autocalc(actor=filer, report=report)
    for url in [reverse("reports:list"), *report_pages(report, unit)]:
        response = owner.get(url)
        assert response.status_code == 200, url
        assert "2023" in html(response)


def test_pages_render_in_english(owner, report, unit):
    owner.cookies["django_language"] = "en"
    for url in report_pages(report, unit):
        assert owner.get(url, HTTP_ACCEPT_LANGUAGE="en").status_code == 200, url


def test_another_enterprise_gets_404(client, report, unit, other_enterprise):
    client.force_login(other_enterprise.users.get())
    for url in report_pages(report, unit):
        assert client.get(url).status_code == 404, url
    for url in ("autocalc", "submit", "delete"):
        assert client.post(reverse(f"reports:{url}", args=[report.pk])).status_code == 404
    assert client.post(save_url(report, "fuel")).status_code == 404
    assert Report.objects.filter(pk=report.pk).exists()


def test_authority_of_another_province_gets_404(client, report, unit, other_reviewer):
    client.force_login(other_reviewer)
    for url in report_pages(report, unit):
        assert client.get(url).status_code == 404, url


def test_authority_of_the_province_cannot_use_the_enterprise_pages(client, report, unit, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("reports:list")).status_code == 403
    assert client.get(edit_url(report, "fuel")).status_code == 403
    assert client.post(reverse("reports:autocalc", args=[report.pk])).status_code == 403


def test_anonymous_is_sent_to_login(client, report, unit, login_url):
    for url in [reverse("reports:list"), *report_pages(report, unit)]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(login_url), url
    response = client.post(reverse("reports:autocalc", args=[report.pk]))
    assert response.status_code == 302 and response.url.startswith(login_url)


# -- list, create, delete -------------------------------------------------------------------------
def test_list_shows_year_authority_version_plan_and_actions(owner, report):
    page = html(owner.get(reverse("reports:list")))
    row = re.search(r"<tbody>.*?</tbody>", page, re.S).group(0)
    assert "年报" in row and ">2023<" in row
    assert "江苏省生态环境厅" in row
    assert "第1版" in row and "质量控制计划第1版" in row
    assert "草稿" in row
    assert edit_url(report, "basic") in row
    assert reverse("reports:delete", args=[report.pk]) in row


def test_creation_needs_a_submitted_plan(owner, filer, enterprise):
    plan_services.create_plan(actor=filer, enterprise=enterprise)  # a draft only
    response = owner.post(reverse("reports:create"), {"kind": "annual", "year": "2023"})
    assert response.status_code == 400
    assert "请先提交数据质量控制计划：质量控制计划提交后，方可创建排放报告" in html(response)
    assert not Report.objects.exists()


def test_creation_binds_the_plan_and_refuses_a_second_report_of_a_year(owner, plan, enterprise):
    response = owner.post(reverse("reports:create"), {"kind": "annual", "year": "2023"})
    report = Report.objects.get(enterprise=enterprise, year=2023)
    assert response.status_code == 302 and response.url == edit_url(report, "basic")
    assert report.plan_version == plan
    response = owner.post(reverse("reports:create"), {"kind": "annual", "year": "2023"})
    assert response.status_code == 400
    assert "2023年度的年报已存在，请在列表中编辑" in html(response)
    response = owner.post(reverse("reports:create"), {"kind": "annual", "year": ""})
    assert "请选择报告时间（年度）" in html(response)


def test_delete_a_never_submitted_draft(owner, report):
    response = owner.post(reverse("reports:delete", args=[report.pk]), follow=True)
    assert "已删除2023年度排放报告草稿" in html(response)
    assert not Report.objects.filter(pk=report.pk).exists()


# -- 基本信息 ---------------------------------------------------------------------------------------
def test_basic_shows_the_plan_and_edits_only_the_contact(owner, report):
    page = html(owner.get(edit_url(report, "basic")))
    assert "填报说明：企业基本信息中的报告联系人、联系电话和电子邮箱根据实际情况填写" in page
    assert "示例发电有限公司" in page and "91110000MA0123456P" in page
    assert 'name="name"' not in page  # the plan's fields are not inputs
    response = owner.post(
        action_url(report, "basic_save"),
        {"contact_person": "王工", "contact_phone": "025-87654321", "contact_email": "bad"},
    )
    assert response.status_code == 400
    assert "电子邮箱格式不正确" in html(response)
    response = owner.post(
        action_url(report, "basic_save"),
        {"contact_person": "王工", "contact_phone": "025-87654321", "contact_email": "w@x.cn"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.contact_person, report.contact_email) == ("王工", "w@x.cn")


# -- the number tables and 自动计算 ------------------------------------------------------------------
def test_autocalc_through_the_pages_reproduces_the_issue_example(owner, report, unit):
    fill_january(owner, report, unit)
    assert value(report, unit, "fuel", "bituminous", "consumption") == "120345.67"
    assert value(report, unit, "fuel", "bituminous", "state") == "fired"
    response = owner.post(reverse("reports:autocalc", args=[report.pk]), {"back": "fuel"})
    assert response.status_code == 302 and response.url == edit_url(report, "fuel")
    assert value(report, unit, "fuel", "bituminous", "emissions_tco2") == "228518.74"
    assert value(report, unit, "fuel", "bituminous", "heat_gj") == "2468530.383"
    assert value(report, unit, "electricity", "", "emissions_tco2") == "292.16"
    page = table_form(owner.get(edit_url(report, "fuel")))
    assert page[v(unit, "bituminous", "emissions_tco2", 1)] == "228518.74"
    assert page[v(unit, "bituminous", "unit_heat_carbon", 1)] == "0.02550"
    assert (
        table_form(owner.get(edit_url(report, "electricity")))[v(unit, "", "emissions_tco2", 1)]
        == "292.16"
    )
    summary = html(owner.get(edit_url(report, "summary")))
    assert re.search(r'id="plant-total">228,810\.90<', summary)
    assert "228,518.74" in summary and "292.16" in summary


def test_grey_cells_are_grey_and_read_only_until_the_first_autocalc(owner, report, unit):
    fill_january(owner, report, unit)
    before = table_form(owner.get(edit_url(report, "fuel")))
    assert v(unit, "bituminous", "heat_gj", 1) not in before  # 点击“自动计算”后生成
    assert before[v(unit, "bituminous", "consumption", 1)] == "120345.67"
    owner.post(reverse("reports:autocalc", args=[report.pk]), {"back": "fuel"})
    page = html(owner.get(edit_url(report, "fuel")))
    cell = re.search(
        r'<td class="([^"]*)"[^>]*>\s*<input[^>]*name="'
        + v(unit, "bituminous", "heat_gj", 1)
        + '"',
        page,
    )
    assert "is-grey" in cell.group(1)


def test_the_table_button_saves_then_autocalcs(owner, report, unit):
    fill_january(owner, report, unit)
    form = table_form(owner.get(edit_url(report, "production")))
    response = owner.post(autocalc_url(report, "production"), form)
    assert response.status_code == 302
    assert value(report, unit, "production", "", "load_factor_pct") == "61.35"
    assert value(report, unit, "production", "", "power_coal_rate") == "295.46"


def test_second_autocalc_lists_the_changes_and_applies_only_when_confirmed(owner, report, unit):
    fill_january(owner, report, unit)
    owner.post(reverse("reports:autocalc", args=[report.pk]), {"back": "fuel"})
    # the user edits a grey cell by hand, posting the whole table as the page shows it
    form = table_form(owner.get(edit_url(report, "fuel")))
    form[v(unit, "bituminous", "heat_gj", 1)] = "2468530.000"
    response = owner.post(save_url(report, "fuel"), form, follow=True)
    assert "已保存：1 个数值有修改。" in html(response)
    cell = report.cells.get(unit=unit, fuel="bituminous", key="heat_gj", month=1)
    assert (cell.value, cell.origin) == ("2468530.000", Origin.USER)
    response = owner.post(autocalc_url(report, "fuel"), form)
    assert response.status_code == 200
    page = html(response)
    assert "自动计算：确认覆盖" in page
    rows = re.findall(r"<tr class=\"[^\"]*\">(.*?)</tr>", page.split("<tbody>")[1], re.S)
    assert len(rows) == 1
    text = re.sub(r"<[^>]+>|\s+", " ", rows[0]).split()
    assert text == ["1号机组", "燃料信息表", "烟煤", "1月", "化石燃料热量", "2468530.000",
                    "2468530.383", "是，手工修改过"]  # fmt: skip
    assert value(report, unit, "fuel", "bituminous", "heat_gj") == "2468530.000"  # not yet
    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]{64})"', page).group(1)
    # 取消 leaves it; a stale confirmation shows the list again
    stale = owner.post(
        reverse("reports:autocalc", args=[report.pk]),
        {"confirm": "1", "back": "fuel", "fingerprint": "0" * 64},
    )
    assert "报告数据又有变化" in html(stale)
    assert value(report, unit, "fuel", "bituminous", "heat_gj") == "2468530.000"
    response = owner.post(
        reverse("reports:autocalc", args=[report.pk]),
        {"confirm": "1", "back": "fuel", "fingerprint": fingerprint},
        follow=True,
    )
    assert "自动计算完成：1 个数值已更新" in html(response)
    cell.refresh_from_db()
    assert (cell.value, cell.origin) == ("2468530.383", Origin.AUTO)


def test_posting_an_unchanged_table_changes_nothing(owner, report, unit):
    """Values 自动计算 filled stay the engine's: an unchanged cell is not sent as an entry."""
    services.save_cells(
        actor=report.created_by,
        report=report,
        entries=entries(unit, 2, bituminous__consumption="100000.00", bituminous__ncv="20.000",
                        bituminous__carbon_content="50.00", diesel__consumption="10.00"),
    )  # fmt: skip
    owner.post(reverse("reports:autocalc", args=[report.pk]), {"back": "fuel"})
    before = {(c.key, c.fuel, c.month): (c.value, c.mode, c.origin) for c in report.cells.all()}
    form = table_form(owner.get(edit_url(report, "fuel")))
    response = owner.post(save_url(report, "fuel"), form, follow=True)
    assert "没有修改。" in html(response)
    after = {(c.key, c.fuel, c.month): (c.value, c.mode, c.origin) for c in report.cells.all()}
    assert after == before
    assert after[("ncv", "diesel", 2)] == ("42.652", "default", "auto")


def test_a_default_value_is_marked_with_its_source(owner, report, unit):
    services.save_cells(
        actor=report.created_by,
        report=report,
        entries=entries(unit, 2, bituminous__consumption="100000.00", bituminous__ncv="20.000",
                        bituminous__carbon_content="50.00", diesel__consumption="10.00"),
    )  # fmt: skip
    owner.post(reverse("reports:autocalc", args=[report.pk]), {"back": "fuel"})
    response = owner.get(edit_url(report, "fuel"))
    form = table_form(response)
    assert form[v(unit, "diesel", "ncv", 2)] == "42.652"
    assert form[m(unit, "diesel", "ncv", 2)] == "default"
    page = html(response)
    diesel = page.partition('<h3 class="block-title">1号机组 柴油</h3>')[2]
    notes = re.search(r'<ol class="footnotes"[^>]*>(.*?)</ol>', diesel, re.S)
    text = re.sub(r"<[^>]+>", "", notes.group(1))
    assert "低位发热量 缺省值（2月）：《企业温室气体排放核算方法与报告指南 发电设施》附录A" in text
    assert "单位热值含碳量 缺省值（2月）" in text
    # a value typed over the default, the mode left as shown, is the enterprise's measured value
    form[v(unit, "diesel", "ncv", 2)] = "43.000"
    owner.post(save_url(report, "fuel"), form)
    cell = report.cells.get(unit=unit, fuel="diesel", key="ncv", month=2)
    assert (cell.value, cell.mode, cell.origin) == ("43.000", "measured", "user")


def test_a_refused_save_keeps_what_was_typed_and_marks_each_bad_cell(owner, report, unit):
    form = table_form(owner.get(edit_url(report, "fuel")))
    form |= {
        v(unit, "bituminous", "consumption", 1): "120345.67",
        v(unit, "bituminous", "consumption", 3): "12,3x",
        v(unit, "bituminous", "ncv", 3): "20.5123",
        v(unit, "diesel", "moisture_ar", 4): "101",
    }
    response = owner.post(save_url(report, "fuel"), form)
    assert response.status_code == 400
    page = html(response)
    problems = re.findall(r"<li>(.*?)</li>", page.split('id="problems"')[1].split("</ul>")[0])
    assert problems == [
        "1号机组 烟煤 3月 消耗量：“12,3x”不是数字（只能填写不带正负号的数字）",
        "1号机组 烟煤 3月 低位发热量：“20.5123”超过表单规定的 3 位小数",
        "1号机组 柴油 4月 收到基水分：“101”超过 100%",
    ]
    typed = table_form(response)
    assert typed[v(unit, "bituminous", "consumption", 1)] == "120345.67"
    assert typed[v(unit, "bituminous", "consumption", 3)] == "12,3x"
    bad = re.findall(r'<td class="[^"]*has-error[^"]*"[^>]*>\s*<input[^>]*name="([^"]+)"', page)
    assert sorted(bad) == sorted([
        v(unit, "bituminous", "consumption", 3), v(unit, "bituminous", "ncv", 3),
        v(unit, "diesel", "moisture_ar", 4),
    ])  # fmt: skip
    assert report.cells.count() == 0  # all or nothing


def test_autocalc_errors_are_listed_on_the_table(owner, report, unit):
    owner.post(autocalc_url(report, "fuel"), {v(unit, "bituminous", "consumption", 2): "100.00"})
    response = owner.post(reverse("reports:autocalc", args=[report.pk]), {"back": "fuel"})
    assert response.status_code == 400
    page = html(response)
    assert "自动计算未完成" in page
    assert "燃煤低位发热量须实测，核算指南未提供燃煤低位发热量缺省值" in page
    assert value(report, unit, "fuel", "bituminous", "consumption", 2) == "100.00"


def test_split_purchased_electricity_shows_the_plant_row(owner, report, unit):
    response = owner.post(action_url(report, "split_electricity"), {"split": "on"}, follow=True)
    assert "已设为：外购电量无法分机组，按机组数目平分" in html(response)
    report.refresh_from_db()
    assert report.split_purchased_electricity
    form = table_form(response)
    assert v(None, "", "mwh", 1) in form
    assert v(unit, "", "mwh", 1) not in form  # split by the engine
    owner.post(save_url(report, "electricity"), {v(None, "", "mwh", 1): "600.00"})
    cell = report.cells.get(unit__isnull=True, table="electricity", key="mwh", month=1)
    assert cell.value == "600.00"


def test_daily_records_make_the_month_and_lock_its_cells(owner, report, unit):
    url = reverse("reports:daily", args=[report.pk, unit.pk, "bituminous", 1])
    page = html(owner.get(url))
    assert page.count('name="d') == 31 * 3
    response = owner.post(url, {
        "state": "fired",
        "d1-quantity": "1000.00", "d1-ncv": "20.000", "d1-carbon": "50.00",
        "d2-quantity": "2000.00", "d2-ncv": "21.000", "d2-carbon": "50.00",
        "d3-quantity": "3000.00", "d3-ncv": "22.000", "d3-carbon": "50.00",
    })  # fmt: skip
    assert response.status_code == 302
    assert report.daily_records.count() == 3
    owner.post(autocalc_url(report, "fuel"), {v(unit, "diesel", "consumption", 1): "0"})
    assert value(report, unit, "fuel", "bituminous", "consumption") == "6000.00"
    assert value(report, unit, "fuel", "bituminous", "ncv") == "21.333"
    form = table_form(owner.get(edit_url(report, "fuel")))
    assert v(unit, "bituminous", "consumption", 1) not in form  # 由日记录汇总
    assert v(unit, "bituminous", "consumption", 2) in form
    bad = owner.post(url, {"state": "fired", "d5-quantity": "x", "d6-ncv": "20.000"})
    assert bad.status_code == 400
    page = html(bad)
    assert "1号机组 烟煤 2023-01-05 消耗量：“x”不是数字" in page
    assert "1号机组 烟煤 2023-01-06 消耗量：未填写" in page
    assert 'value="x"' in page
    assert report.daily_records.count() == 3


def test_a_sealed_month_is_read_only(owner, report, unit, filer):
    services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    services.seal_month(actor=filer, report=report, month=1)
    response = owner.get(edit_url(report, "fuel"))
    form = table_form(response)
    assert v(unit, "bituminous", "consumption", 1) not in form
    assert v(unit, "bituminous", "consumption", 2) in form
    assert "已存证" in html(response)


def test_test_records_save_and_name_the_row_of_a_problem(owner, report, unit):
    form = table_form(owner.get(edit_url(report, "tests")))
    place = f"t:{unit.pk}:bituminous:ncv:3:"
    form |= {
        place + "method": "commissioned", place + "laboratory": "江苏省煤炭检测中心",
        place + "accreditation": "cma", place + "sampled_on": "2023-03-05",
        place + "reported_on": "2023-03-20", place + "standard": "GB/T 213",
    }  # fmt: skip
    response = owner.post(action_url(report, "tests_save"), form)
    assert response.status_code == 302
    record = report.test_records.get(unit=unit, fuel="bituminous", parameter="ncv", month=3)
    assert (record.laboratory, record.sampled_on) == ("江苏省煤炭检测中心", date(2023, 3, 5))
    form[place + "reported_on"] = "2023-03-01"
    form[f"t:{unit.pk}:diesel:unit_heat_carbon:4:sampled_on"] = "2023-13-01"
    response = owner.post(action_url(report, "tests_save"), form)
    assert response.status_code == 400
    page = html(response)
    assert "1号机组 柴油 单位热值含碳量 4月 采样日期：“2023-13-01”不是有效日期" in page
    form[f"t:{unit.pk}:diesel:unit_heat_carbon:4:sampled_on"] = ""
    response = owner.post(action_url(report, "tests_save"), form)
    assert response.status_code == 400
    assert "1号机组 烟煤 低位发热量 3月 报告日期：报告日期不能早于采样日期" in html(response)
    record.refresh_from_db()
    assert record.reported_on == date(2023, 3, 20)


def test_facilities_and_summary_are_read_only(owner, report):
    page = html(owner.get(edit_url(report, "facilities")))
    assert "1号锅炉" in page and "MF0001" in page and "HG-2100/25.4" in page
    assert 'method="post"' not in page.split('class="report-section"')[1]
    assert owner.post(edit_url(report, "summary")).status_code == 405  # the editor's pages: GET


# -- one route per posted action -------------------------------------------------------------------
def test_each_form_posts_to_its_own_action(owner, report):
    """Every form of the editor names its action's URL, so a page shown at another action's URL
    (after a refused POST) still posts each form where it belongs."""
    forms = {
        "basic": ["basic_save"],
        "electricity": ["split_electricity", save_url(report, "electricity")],
        "tests": ["tests_save"],
        "evidence": ["evidence_upload"],
        "submit": ["declaration_save", "stamped_upload", "submit"],
    }
    for section, actions in forms.items():
        page = html(owner.get(edit_url(report, section))).split('class="report-section"')[1]
        posted = re.findall(r'<form method="post" action="([^"]+)"', page)
        assert len(posted) == len(re.findall(r"<form[^>]*post", page)), section  # all named
        expected = [a if a.startswith("/") else action_url(report, a) for a in actions]
        assert sorted(set(posted)) == sorted(expected), section
    fuel = html(owner.get(edit_url(report, "fuel")))
    assert f'formaction="{autocalc_url(report, "fuel")}"' in fuel
    assert 'name="action"' not in fuel


def test_a_refused_action_shows_its_section_at_the_action_url(owner, report):
    response = owner.post(action_url(report, "declaration_save"), {"entity": ""})
    assert response.status_code == 400
    page = html(response)
    assert "请填写声明中的重点排放单位" in page
    # the other forms of the section still post to their own actions
    assert f'action="{action_url(report, "stamped_upload")}"' in page
    assert f'action="{action_url(report, "submit")}"' in page


def test_the_actions_take_post_and_tables_only_the_three(owner, report):
    for name in ("basic_save", "tests_save", "evidence_upload", "declaration_save", "autocalc"):
        assert owner.get(action_url(report, name)).status_code == 405, name
    assert owner.get(save_url(report, "fuel")).status_code == 405
    for section in ("tests", "basic", "nonsense"):
        assert owner.post(save_url(report, section)).status_code == 404, section
        assert owner.post(autocalc_url(report, section)).status_code == 404, section


def test_evidence_is_deleted_by_its_own_route_and_only_from_its_report(
    owner, client, report, filer, other_enterprise
):
    evidence = services.add_evidence(actor=filer, report=report, kind="other", upload=PDF,
                                     name="说明.pdf", title="计量器具检定证书")  # fmt: skip
    url = reverse("reports:evidence_delete", args=[report.pk, evidence.pk])
    assert url in html(owner.get(edit_url(report, "evidence")))
    intruder = client_for_user(other_enterprise.users.get())
    assert intruder.post(url).status_code == 404
    other_url = reverse("reports:evidence_delete", args=[report.pk, evidence.pk + 1000])
    assert owner.post(other_url).status_code == 404
    assert report.evidence.filter(pk=evidence.pk).exists()
    response = owner.post(url, follow=True)
    assert "已删除附件：计量器具检定证书" in html(response)
    assert not report.evidence.filter(pk=evidence.pk).exists()


# -- materials and submission ---------------------------------------------------------------------
def test_evidence_upload_shows_the_sha256_and_refuses_other_content(owner, report):
    upload = SimpleUploadedFile("电费.pdf", PDF, content_type="application/pdf")
    response = owner.post(
        action_url(report, "evidence_upload"),
        {"kind": "electricity_bills", "file": upload},
        follow=True,
    )
    digest = hashlib.sha256(PDF).hexdigest()
    assert f"已上传电费结算单或发票：电费.pdf（SHA-256 {digest}）" in html(response)
    assert digest in html(owner.get(edit_url(report, "evidence")))
    bad = SimpleUploadedFile("记录.pdf", b"just text", content_type="application/pdf")
    response = owner.post(
        action_url(report, "evidence_upload"), {"kind": "annual_production_report", "file": bad}
    )
    assert response.status_code == 400
    assert "无法识别的格式" in html(response)
    assert report.evidence.count() == 1


def test_submit_page_lists_what_is_missing_and_refuses(owner, report, unit, filer):
    page = html(owner.get(edit_url(report, "submit")))
    assert "本企业对本报告的真实性、完整性、准确性负责" in page
    assert "材料上传：缺少必传附件“电费结算单或发票”" in page
    response = owner.post(reverse("reports:submit", args=[report.pk]))
    assert response.status_code == 400
    assert "未提交：请先完成以下各项。" in html(response)
    png = SimpleUploadedFile("盖章.png", PNG, content_type="image/png")
    response = owner.post(action_url(report, "stamped_upload"), {"file": png})
    assert response.status_code == 400
    assert "此处只接受：PDF" in html(response)
    response = owner.post(
        action_url(report, "declaration_save"),
        {"entity": "示例发电有限公司", "legal_representative": "张三"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.declared_legal_representative == "张三"
    assert report.state == ReportState.DRAFT


def test_submit_then_every_page_is_read_only_and_posts_are_refused(owner, report, unit, filer):
    make_submittable(filer, report, unit)
    assert "可以提交" in html(owner.get(edit_url(report, "submit")))
    response = owner.post(reverse("reports:submit", args=[report.pk]), follow=True)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert f"SHA-256：{report.submission.sha256}" in html(response)
    cells = {c.pk: c.value for c in ReportCell.objects.filter(report=report)}
    for section in SECTIONS:
        page = html(owner.get(edit_url(report, section)))
        assert "已提交，正在等待主管部门审核，不能修改" in page, section
        assert 'name="v:' not in page and 'name="t:' not in page, section
        assert 'type="file"' not in page and 'name="contact_person"' not in page, section
    refusal = "2023年报第1版已提交，不能修改"
    actions = ("basic_save", "tests_save", "split_electricity", "evidence_upload",
               "declaration_save", "stamped_upload")  # fmt: skip
    for url in (*(action_url(report, a) for a in actions), save_url(report, "fuel"),
                autocalc_url(report, "production")):  # fmt: skip
        response = owner.post(url, {v(unit, "bituminous", "consumption", 1): "1.00"})
        page = html(response)
        assert response.status_code == 200 and refusal in page, url  # the section, read-only
        assert "已提交，正在等待主管部门审核，不能修改" in page and 'name="v:' not in page, url
    for url, data in (
        (reverse("reports:autocalc", args=[report.pk]), {"back": "fuel", "confirm": "1"}),
        (reverse("reports:submit", args=[report.pk]), {}),
        (reverse("reports:delete", args=[report.pk]), {}),
        (reverse("reports:daily", args=[report.pk, unit.pk, "bituminous", 1]),
         {"d1-quantity": "1.00"}),
    ):  # fmt: skip
        response = owner.post(url, data, follow=True)
        assert response.status_code == 200 and refusal in html(response), url
    assert {c.pk: c.value for c in ReportCell.objects.filter(report=report)} == cells
    list_page = html(owner.get(reverse("reports:list")))
    assert "已提交" in list_page and edit_url(report, "basic") not in list_page


def test_a_returned_version_shows_comments_and_compares_with_the_new_one(
    owner, report, unit, filer, reviewer
):
    submitted = submitted_report(filer, report, unit)
    draft = services.return_for_correction(
        actor=reviewer, report=submitted, text="请补充1月热值检测报告，并核对1月消耗量。"
    )
    page = html(owner.get(edit_url(draft, "fuel")))
    assert "主管部门退回补正意见" in page and "请补充1月热值检测报告，并核对1月消耗量。" in page
    assert table_form(owner.get(edit_url(draft, "fuel")))  # the new version is editable
    old = html(owner.get(edit_url(submitted, "fuel")))
    assert "已被主管部门退回补正" in old and "请在第2版中修改后重新提交" in old
    assert 'name="v:' not in old
    response = owner.post(
        save_url(submitted, "fuel"), {v(unit, "bituminous", "consumption", 1): "1.00"}, follow=True
    )
    assert "2023年报第1版企业补正，不能修改" in html(response)  # the state as seed 000 names it
    # correct January in version 2, then compare
    owner.post(save_url(draft, "fuel"), {v(unit, "bituminous", "consumption", 1): "120000.00"})
    response = owner.get(reverse("reports:compare", args=[draft.pk]))
    page = html(response)
    rows = re.findall(r'<tr class="diff-changed">(.*?)</tr>', page, re.S)
    texts = [re.sub(r"<[^>]+>|\s+", " ", r).split() for r in rows]
    assert texts == [["燃料信息表", "1号机组", "烟煤", "1月", "消耗量", "120,345.67", "120,000.00"]]
    same = owner.get(
        reverse("reports:compare", args=[draft.pk]), {"a": submitted.pk, "b": submitted.pk}
    )
    assert "选择的是同一个版本。" in html(same)
    list_page = html(owner.get(reverse("reports:list")))
    assert "企业补正" in list_page and reverse("reports:compare", args=[draft.pk]) in list_page
    assert reverse("reports:delete", args=[draft.pk]) not in list_page  # version 2


def test_merged_row_shows_and_saves_each_members_running_hours(client, filer, merged_report):
    report, merged = merged_report
    first, second = merged.members.order_by("position")
    client.force_login(filer)
    page = html(client.get(edit_url(report, "production")))
    assert "运行小时数（成员 1号机组）" in page and "运行小时数（成员 2号机组）" in page
    assert f'name="{v(merged, "", "running_hours", 1)}"' not in page  # the row's own: computed
    data = {v(first, "", "running_hours", 1): "744", v(second, "", "running_hours", 1): "500"}
    response = client.post(save_url(report, "production"), data)
    assert response.status_code == 302
    assert value(report, first, "production", "", "running_hours") == "744"
    assert value(report, second, "production", "", "running_hours") == "500"


def test_heat_supply_measured_as_steam_through_the_pages(owner, report, unit):
    fill_january(owner, report, unit)
    url = reverse("reports:heat", args=[report.pk, unit.pk, 1])
    assert "供热计量" in html(owner.get(edit_url(report, "production")))
    bad = {"rows": "1", "r1-kind": "steam", "r1-mass_t": "1000.000", "r1-enthalpy_kj_per_kg": "x"}
    response = owner.post(url, bad)
    assert response.status_code == 400
    assert "1号机组 1月 供热计量第1行 焓值：“x”不是数字" in html(response)
    good = bad | {"r1-enthalpy_kj_per_kg": "2800.00", "r1-label": "1号抽汽"}
    assert owner.post(url, good).status_code == 302
    owner.post(reverse("reports:autocalc", args=[report.pk]), {"back": "production"})
    assert value(report, unit, "production", "", "heat_gj") == "2716.260"
    page = html(owner.get(edit_url(report, "production")))
    assert "由供热计量计算" in page


def test_steam_with_return_water_through_an_exchanger_through_the_pages(owner, report, unit):
    """核查技术指南 表16 验: (1000 t × 2800 − 800 t × 420 − 150 t × 84) × 10⁻³ = 2451.4 GJ on
    the network side, ÷ 95 % = 2580.421 GJ; a return mass without its enthalpy is refused."""
    fill_january(owner, report, unit)
    url = reverse("reports:heat", args=[report.pk, unit.pk, 1])
    row = {"rows": "1", "r1-kind": "steam", "r1-mass_t": "1000", "r1-enthalpy_kj_per_kg": "2800",
           "r1-return_t": "800", "r1-makeup_t": "150", "r1-makeup_enthalpy_kj_per_kg": "84",
           "r1-exchanger_efficiency_pct": "95"}  # fmt: skip
    response = owner.post(url, row)
    assert response.status_code == 400
    assert "1号机组 1月 供热计量第1行 回水焓" in html(response)
    bad = owner.post(url, row | {"r1-return_enthalpy_kj_per_kg": "420",
                                 "r1-exchanger_efficiency_pct": "150"})  # fmt: skip
    assert "第1行 热网加热器效率：应大于 0、不超过 100（百分数）" in html(bad)
    assert owner.post(url, row | {"r1-return_enthalpy_kj_per_kg": "420"}).status_code == 302
    owner.post(reverse("reports:autocalc", args=[report.pk]), {"back": "production"})
    assert value(report, unit, "production", "", "heat_gj") == "2580.421"
    assert 'name="r1-return_enthalpy_kj_per_kg" value="420' in html(owner.get(url))


def test_a_crafted_post_to_a_locked_or_unknown_place_is_refused_or_ignored(
    owner, report, unit, filer
):
    """The table's save reads the posted names, not the page: a locked place posted anyway is
    the service's refusal (named, nothing saved), and names the grid never writes are no
    entries."""
    services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    services.seal_month(actor=filer, report=report, month=1)
    sealed = owner.post(save_url(report, "fuel"), {
        v(unit, "bituminous", "consumption", 1): "1.00",
        v(unit, "bituminous", "consumption", 2): "2.00",
    })  # fmt: skip
    assert sealed.status_code == 400
    assert "1月已存证" in html(sealed)
    assert value(report, unit, "fuel", "bituminous", "consumption", 2) is None
    ignored = owner.post(save_url(report, "fuel"), {
        v(unit, "bituminous", "consumption", 13): "1.00",  # no such month
        "v:999999:bituminous:consumption:2": "1.00",  # no such unit
        v(unit, "bituminous", "no_such_row", 2): "1.00",
        v(unit, "bituminous", "consumption", "²"): "1.00",
        "v:plant:_:mwh": "1.00",  # a part missing
    })  # fmt: skip
    assert ignored.status_code == 302
    assert report.cells.filter(month=2).count() == 0


def test_typing_over_a_value_autocalc_filled_makes_it_the_enterprises(owner, report, unit):
    fill_january(owner, report, unit)
    owner.post(reverse("reports:autocalc", args=[report.pk]), {"back": "fuel"})
    name = v(unit, "diesel", "ncv", 1)  # 低位发热量: entered if measured, else the default
    form = table_form(owner.get(edit_url(report, "fuel")))
    cell = report.cells.get(unit=unit, fuel="diesel", key="ncv", month=1)
    assert cell.origin == Origin.AUTO
    assert owner.post(save_url(report, "fuel"), form).status_code == 302  # unchanged: stays
    cell.refresh_from_db()
    assert cell.origin == Origin.AUTO
    assert owner.post(save_url(report, "fuel"), {**form, name: "43.000"}).status_code == 302
    cell.refresh_from_db()
    assert (cell.value, cell.origin, cell.mode) == ("43.000", Origin.USER, "measured")
