"""数据的确定方式 as the seed has it (issue #9 item 8): 记录频次 and 数据记录及管理 on every row (seed
000 数据的确定方式: "数据缺失处理、数据记录及管理信息"; 核查技术指南 5.4.1: 监测频次、记录频次), and a
fuel's 燃料状态 on its consumption row, which its NCV shares (核查技术指南 表7: 入炉煤的优先序高于
入厂煤; 表9: 低位发热量和燃煤量保持状态一致). Each rule on both sides of its condition."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tanhe.audit.models import AuditEntry
from tanhe.plans import display, selectors, services
from tanhe.plans.diff import diff
from tanhe.plans.validation import plan_problems

from .conftest import complete_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(filer, enterprise):
    version = services.create_plan(actor=filer, enterprise=enterprise)
    complete_plan(filer, version)
    return version


def method(version, parameter: str, fuel: str = "bituminous"):
    return version.methods.get(parameter=parameter, fuel=fuel)


def method_problems(version) -> list[str]:
    return [p.message for p in plan_problems(version) if p.section == "methods"]


def test_table7_a_new_consumption_row_starts_as_fired_and_only_consumption_has_a_state(version):
    """核查技术指南 表7 入炉优先: the row a plan gets starts 入炉; the NCV row and the others have no
    state of their own (表9: the NCV's is the consumption's)."""
    assert method(version, "consumption").fuel_state == "fired"
    assert method(version, "consumption", "diesel").fuel_state == "fired"
    assert method(version, "ncv").fuel_state == ""
    assert not version.methods.exclude(parameter="consumption").exclude(fuel_state="").exists()
    assert method_problems(version) == []


def test_seed000_records_frequency_and_management_are_saved_audited_and_compared(filer, version):
    """seed 000 数据的确定方式: 数据记录及管理信息; 核查技术指南 5.4.1.1: 记录频次."""
    before = selectors.plan_content(version)
    row = method(version, "ncv")
    services.update_method(actor=filer, method=row, data={
        "record_frequency": "每班记录，每日汇总",
        "record_keeping": "化验原始记录编号归档，保存 5 年以上",
    })  # fmt: skip
    row.refresh_from_db()
    assert (row.record_frequency, row.record_keeping) == ("每班记录，每日汇总",
                                                          "化验原始记录编号归档，保存 5 年以上")  # fmt: skip
    audit = AuditEntry.objects.filter(action="plan.method.update").latest("pk")
    assert set(audit.changes) == {"record_frequency", "record_keeping"}
    changes = diff(before, selectors.plan_content(version))
    assert {(c.field_label, c.new) for c in changes} == {
        ("记录频次", "每班记录，每日汇总"),
        ("数据记录及管理", "化验原始记录编号归档，保存 5 年以上"),
    }
    with pytest.raises(ValidationError, match="记录频次含有不可见的控制字符"):
        services.update_method(actor=filer, method=row, data={"record_frequency": "每班\x0b"})


def test_table9_the_state_is_chosen_on_the_consumption_row_only(filer, version):
    """核查技术指南 表9: 低位发热量与燃煤量状态一致 — one choice, on the consumption row."""
    consumption = method(version, "consumption")
    services.update_method(actor=filer, method=consumption, data={
        "fuel_state": "received", "description": "入炉皮带秤尚未安装，暂以入厂煤盘库存统计",
    })  # fmt: skip
    consumption.refresh_from_db()
    assert consumption.fuel_state == "received"
    with pytest.raises(ValidationError) as exc:
        services.update_method(actor=filer, method=method(version, "ncv"),
                               data={"fuel_state": "fired"})  # fmt: skip
    assert exc.value.message_dict == {
        "fuel_state": ["燃料状态（入炉 / 入厂）只在燃料的消耗量一行填写，低位发热量与之相同"]
    }
    with pytest.raises(ValidationError) as exc:
        services.update_method(actor=filer, method=consumption, data={"fuel_state": "stock"})
    assert exc.value.message_dict == {"fuel_state": ["请选择入炉或入厂"]}
    rows = {r.method.parameter: r for r in display.plan_view(version).methods[
        consumption.unit_id] if r.method.fuel == "bituminous"}  # fmt: skip
    assert (rows["consumption"].has_state, rows["consumption"].state_label) == (True, "入厂")
    assert (rows["ncv"].has_state, rows["ncv"].state_label) == (False, "入厂")  # shares it
    assert (rows["carbon_content"].has_state, rows["carbon_content"].state) == (False, "")


def test_table7_submission_needs_a_state_and_as_received_needs_its_reason(filer, version):
    """核查技术指南 表7: the plan says 入炉 or 入厂; choosing the lower priority (入厂) needs the reason
    (需询问重点排放单位作出这种选择的理由)."""
    consumption = method(version, "consumption")
    services.update_method(actor=filer, method=consumption, data={"fuel_state": ""})
    assert method_problems(version) == [
        "1号机组 烟煤消耗量：请选择燃料状态（入炉 / 入厂；低位发热量与之相同）"
    ]
    services.update_method(actor=filer, method=consumption, data={"fuel_state": "received"})
    assert method_problems(version) == [
        "1号机组 烟煤消耗量：选择入厂状态时须在具体描述中说明理由"
        "（核查技术指南 表7：入炉煤的优先序高于入厂煤）"
    ]
    services.update_method(actor=filer, method=consumption,
                           data={"description": "入炉皮带秤检修改造期间以入厂煤计量"})  # fmt: skip
    assert method_problems(version) == []
    services.update_method(actor=filer, method=consumption,
                           data={"fuel_state": "fired", "description": ""})  # fmt: skip
    assert method_problems(version) == []  # 入炉 needs no reason
    services.submit(actor=filer, version=version)


def test_the_state_and_records_are_copied_by_sync(filer, enterprise, version):
    """同步填报 copies every field of a row, the state and the records too."""
    source = method(version, "consumption")
    second = services.add_unit(actor=filer, version=version, data={
        "name": "2号机组", "unit_type": "coal", "subtype": "conventional", "fuel_type": "coal",
        "fuel_names": ["bituminous"], "capacity_mw": "660", "data_source": "nameplate",
    })  # fmt: skip
    services.update_method(actor=filer, method=source, data={
        "fuel_state": "received", "description": "以入厂煤计量", "record_frequency": "每日",
    })  # fmt: skip
    services.sync_methods(actor=filer, source=source.unit, targets=[second])
    copied = second.methods.get(parameter="consumption", fuel="bituminous")
    assert (copied.fuel_state, copied.record_frequency) == ("received", "每日")


def test_the_methods_pages_show_the_new_columns_and_the_state_choice(client, filer, version):
    client.force_login(filer)
    edit = client.get(reverse("plans:edit", args=[version.pk, "methods"])).content.decode()
    consumption, ncv = method(version, "consumption"), method(version, "ncv")
    assert f'name="m{consumption.pk}-fuel_state"' in edit
    assert f'name="m{ncv.pk}-fuel_state"' not in edit  # the NCV shares the consumption's
    assert f'name="m{ncv.pk}-record_frequency"' in edit
    assert f'name="m{ncv.pk}-record_keeping"' in edit
    assert "燃料状态：入炉（同消耗量）" in edit
    services.update_method(actor=filer, method=ncv, data={"record_frequency": "每班记录"})
    shown = client.get(reverse("plans:edit", args=[version.pk, "methods"]))
    assert shown.status_code == 200
    view = client.get(reverse("plans:view", args=[version.pk])).content.decode()
    for words in ("记录频次", "数据记录及管理", "燃料状态：入炉", "每班记录"):
        assert words in view


def test_the_page_saves_the_state_and_the_records(client, filer, version):
    client.force_login(filer)
    consumption = method(version, "consumption")
    page = client.get(reverse("plans:edit", args=[version.pk, "methods"]))
    form = {}
    for name, value in _inputs(page.content.decode()):
        form[name] = value
    form[f"m{consumption.pk}-fuel_state"] = "received"
    form[f"m{consumption.pk}-description"] = "入炉皮带秤改造中，以入厂煤计量"
    form[f"m{consumption.pk}-record_keeping"] = "燃料部月度盘煤报告归档"
    url = reverse("plans:methods_save", args=[version.pk, consumption.unit_id])
    assert client.post(url, form).status_code == 302
    consumption.refresh_from_db()
    assert (consumption.fuel_state, consumption.record_keeping) == ("received",
                                                                    "燃料部月度盘煤报告归档")  # fmt: skip


def _inputs(html: str) -> list[tuple[str, str]]:
    """The named fields of the page's form with their current values (inputs, selects,
    textareas), as the browser would post them."""
    import re
    from html import unescape

    out = []
    for m in re.finditer(r'<input[^>]*name="([^"]+)"[^>]*>', html):
        value = re.search(r'value="([^"]*)"', m.group(0))
        out.append((m.group(1), unescape(value.group(1)) if value else ""))
    for m in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', m.group(2))
        out.append((m.group(1), chosen.group(1) if chosen else ""))
    for m in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        out.append((m.group(1), unescape(m.group(2)).strip("\n")))
    return out
