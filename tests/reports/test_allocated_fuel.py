"""An auxiliary fuel allocated by generation (seed 000 机组信息 说明 c): "如果机组辅助燃料量无法分机组
计量的，可按机组发电量比例分配或其他合理方式分机组填报". The report gives the plant's monthly
consumption of the fuel (e.g. start-up diesel); 自动计算 splits it over the units listing the fuel
by their generation, shown grey like the split purchase of electricity."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tanhe.accounting.formulas import split_by_weights
from tanhe.audit.models import AuditEntry
from tanhe.plans import services as plan_services
from tanhe.reports import calculation, excel_services, selectors, services
from tanhe.reports.completeness import completeness
from tanhe.reports.excel.refusals import WorkbookRejected
from tanhe.reports.models import AllocatedFuel, FilingState, MonthFiling, Origin, ReportState
from tanhe.reports.places import Lock, Place
from tanhe.reports.services import CellErrors, CellInput
from tanhe.reports.services._common import copy_version

from ..plans.conftest import COAL_UNIT, complete_plan
from .conftest import JANUARY, entries
from .test_excel import import_file, put, refused, row_of, saved, template
from .test_views import html, save_url, v

pytestmark = pytest.mark.django_db

GENERATION = {"1号机组": "301234.567", "2号机组": "300000.000"}


@pytest.fixture
def two_units(filer, enterprise):
    """Two 660 MW coal units, each burning bituminous coal and diesel, and their 2023 report."""
    version = plan_services.create_plan(actor=filer, enterprise=enterprise)
    complete_plan(filer, version)
    second = plan_services.add_unit(actor=filer, version=version,
                                    data=COAL_UNIT | {"name": "2号机组"})  # fmt: skip
    plan_services.add_facility(actor=filer, unit=second, data={
        "category": "boiler", "code": "MF0002", "name": "2号锅炉", "boiler_type": "煤粉锅炉",
        "model": "HG-2100/25.4", "capacity_tph": "2100", "location": "主厂房西侧",
    })  # fmt: skip
    plan_services.set_main_product(actor=filer, unit=second, product="electricity")
    for method in version.methods.filter(method_type="measured"):
        plan_services.update_method(actor=filer, method=method, data={"device_model": "皮带秤"})
    plan_services.submit(actor=filer, version=version)
    report = services.create_report(actor=filer, enterprise=enterprise, year=2023)
    one, two = (report.plan_version.units.get(name=n) for n in ("1号机组", "2号机组"))
    return report, one, two


def january(filer, report, *units):
    """The issue example's January for each unit (its own generation), diesel left to the
    plant."""
    month = {k: v for k, v in JANUARY.items() if k != "diesel__consumption"}
    for unit in units:
        generation = {"production__generation_mwh": GENERATION[unit.name]}
        services.save_cells(actor=filer, report=report,
                            entries=entries(unit, 1, **(month | generation)))  # fmt: skip


def plant_diesel(month: int, value: str) -> CellInput:
    return CellInput(None, "fuel", "diesel", "consumption", month, value)


# -- the service ----------------------------------------------------------------------------------
def test_allocation_on_locks_the_units_and_opens_the_plant_row_seed_000_c(two_units, filer):
    """Seed 000 机组信息 说明 c): on, the units' diesel consumption is derived and the plant's
    typed; off, the plant's values are cleared — each change audited."""
    report, one, _two = two_units
    place = Place(one.pk, "fuel", "diesel", "consumption", 1)
    plant = Place(None, "fuel", "diesel", "consumption", 1)
    assert selectors.place_rules(report).lock(place) is None
    assert not selectors.place_rules(report).at_plant(plant)
    services.set_allocated_fuel(actor=filer, report=report, fuel="diesel", allocate=True)
    rules = selectors.place_rules(report)
    assert rules.lock(place) is Lock.ALLOCATED and rules.lock(plant) is None
    assert rules.at_plant(plant)
    assert rules.lock(Place(one.pk, "fuel", "diesel", "ncv", 1)) is None  # its own NCV
    services.save_cells(actor=filer, report=report, entries=[plant_diesel(1, "120.50")])
    entry = AuditEntry.objects.filter(action="report.allocated_fuel").get()
    assert entry.changes == {"allocated_fuels/diesel": [False, True]}
    services.set_allocated_fuel(actor=filer, report=report, fuel="diesel", allocate=False)
    assert not report.allocated_fuels.exists()
    assert not report.cells.filter(unit__isnull=True, fuel="diesel").exists()
    last = AuditEntry.objects.filter(action="report.allocated_fuel").order_by("-id").first()
    assert last.changes == {"allocated_fuels/diesel": [True, False],
                            "plant/fuel/diesel/consumption/1": ["120.50", None]}  # fmt: skip
    assert selectors.place_rules(report).lock(place) is None


def test_allocation_refusals_seed_000_c(two_units, filer, enterprise):
    """Seed 000 机组信息 说明 c): not a fuel of the units, a unit's typed consumption (named),
    sealed months, a submitted version; allowed again once the unit's value is cleared."""
    report, _one, two = two_units
    with pytest.raises(ValidationError, match="不是本报告机组使用的化石燃料"):
        services.set_allocated_fuel(actor=filer, report=report, fuel="natural_gas", allocate=True)
    services.save_cells(actor=filer, report=report,
                        entries=entries(two, 1, diesel__consumption="3.00"))  # fmt: skip
    with pytest.raises(ValidationError, match="2号机组已填报柴油的消耗量") as exc:
        services.set_allocated_fuel(actor=filer, report=report, fuel="diesel", allocate=True)
    assert "1号机组" not in exc.value.messages[0]
    services.save_cells(actor=filer, report=report,
                        entries=entries(two, 1, diesel__consumption=""))  # fmt: skip
    MonthFiling.objects.create(enterprise=enterprise, year=2023, month=1,
                               state=FilingState.SEALED, sealed_at=timezone.now(), first_sealed_at=timezone.now(),
                               content={}, sha256="0" * 64, sealed_by=filer)  # fmt: skip
    with pytest.raises(ValidationError, match="已存证"):
        services.set_allocated_fuel(actor=filer, report=report, fuel="diesel", allocate=True)
    MonthFiling.objects.all().delete()
    services.set_allocated_fuel(actor=filer, report=report, fuel="diesel", allocate=True)
    type(report).objects.filter(pk=report.pk).update(state=ReportState.SUBMITTED)
    with pytest.raises(ValidationError):
        services.set_allocated_fuel(actor=filer, report=report, fuel="diesel", allocate=False)
    assert report.allocated_fuels.count() == 1


def test_a_plant_fuel_is_refused_unless_allocated_seed_000_c(two_units, filer):
    """Seed 000 机组信息 说明 c): a plant-level fuel value only for an allocated fuel; then a
    unit's consumption of it is refused."""
    report, one, _two = two_units
    with pytest.raises(CellErrors) as exc:
        services.save_cells(actor=filer, report=report, entries=[plant_diesel(1, "5.00")])
    assert [p.code for p in exc.value.items] == ["plant_fuel_not_allocated"]
    services.set_allocated_fuel(actor=filer, report=report, fuel="diesel", allocate=True)
    with pytest.raises(CellErrors) as exc:
        services.save_cells(actor=filer, report=report,
                            entries=entries(one, 1, diesel__consumption="5.00"))  # fmt: skip
    assert [p.code for p in exc.value.items] == ["locked.allocated"]
    services.save_cells(actor=filer, report=report, entries=[plant_diesel(1, "5.00")])


def test_versions_and_snapshot_keep_the_allocation_seed_000_c(two_units, filer):
    report, _one, _two = two_units
    services.set_allocated_fuel(actor=filer, report=report, fuel="diesel", allocate=True)
    assert selectors.report_content(report)["allocated_fuels"] == ["diesel"]
    type(report).objects.filter(pk=report.pk).update(state=ReportState.SUBMITTED)
    draft = copy_version(report, filer)
    assert list(draft.allocated_fuels.values_list("fuel", flat=True)) == ["diesel"]


# -- the engine bridge ----------------------------------------------------------------------------
def test_autocalc_writes_the_engines_allocation_seed_000_c(two_units, filer):
    """Seed 000 机组信息 说明 c): 120.50 t of the plant's diesel over the units' generation;
    the grey values are the engine's, adding up to the plant's."""
    report, one, two = two_units
    january(filer, report, one, two)
    services.set_allocated_fuel(actor=filer, report=report, fuel="diesel", allocate=True)
    services.save_cells(actor=filer, report=report, entries=[plant_diesel(1, "120.50")])
    document = calculation.plant_year_data(report, calculation.cell_rows(report))
    assert document["plant_auxiliary_fuels"] == [
        {"fuel": "diesel", "months": [{"month": 1, "consumption": "120.50"}]}
    ]
    outcome = services.autocalc(actor=filer, report=report)
    assert outcome.applied and not outcome.problems
    weights = [Decimal(GENERATION["1号机组"]), Decimal(GENERATION["2号机组"])]
    expected = [format(x, "f") for x in split_by_weights(Decimal("120.50"), weights, 2)]
    cells = [
        report.cells.get(unit=u, fuel="diesel", key="consumption", month=1) for u in (one, two)
    ]
    assert [c.value for c in cells] == expected
    assert sum(Decimal(c.value) for c in cells) == Decimal("120.50")
    assert {(c.origin, c.mode) for c in cells} == {(Origin.AUTO, "calculated")}
    result = calculation.compute(report).result
    engine = [next(m.consumption for f in u.fuels if f.fuel == "diesel" for m in f.months
                   if m.month == 1) for u in result.units]  # fmt: skip
    assert [format(x, "f") for x in engine] == expected


def test_completeness_asks_the_plants_months_seed_000_c(two_units, filer):
    report, _one, _two = two_units
    services.set_allocated_fuel(actor=filer, report=report, fuel="diesel", allocate=True)
    services.save_cells(actor=filer, report=report, entries=[plant_diesel(1, "120.50")])
    missing = [p for p in completeness(report) if p.code == "missing_zero" and p.place.fuel
               == "diesel"]  # fmt: skip
    assert [(p.place.unit, list(p.params["months"])) for p in missing] == [
        (None, list(range(2, 13)))
    ]


# -- pages ----------------------------------------------------------------------------------------
def test_the_fuel_page_switches_and_shows_the_plant_block_seed_000_c(two_units, client, filer):
    report, one, _two = two_units
    client.force_login(filer)
    page = html(client.get(f"/reports/{report.pk}/edit/fuel/"))
    assert "柴油无法分机组计量，按机组发电量分配" in page
    assert v(None, "diesel", "consumption", 1) not in page
    refused_plant = client.post(save_url(report, "fuel"),
                                {v(None, "diesel", "consumption", 1): "5.00"})  # fmt: skip
    assert refused_plant.status_code == 400
    assert "柴油未设为“按机组发电量分配”" in html(refused_plant)
    url = f"/reports/{report.pk}/fuel/allocate/"
    response = client.post(url, {"fuel": "diesel", "allocate": "on"}, follow=True)
    page = html(response)
    assert "已设为：柴油按机组发电量分配" in page
    assert "全厂 柴油（按机组发电量分配）" in page
    assert f'name="{v(None, "diesel", "consumption", 1)}"' in page
    assert f'name="{v(one, "diesel", "consumption", 1)}"' not in page  # derived
    crafted = client.post(save_url(report, "fuel"), {v(one, "diesel", "consumption", 1): "9.00"})
    assert crafted.status_code == 400
    assert "该燃料的消耗量按机组发电量分配" in html(crafted)
    assert not report.cells.filter(unit=one, fuel="diesel", key="consumption").exists()
    client.post(save_url(report, "fuel"), {v(None, "diesel", "consumption", 1): "120.50"})
    assert report.cells.get(unit=None, fuel="diesel").value == "120.50"
    month = html(client.get(f"/reports/{report.pk}/months/1/"))
    assert "全厂 柴油（按机组发电量分配）" in month
    client.post(url, {"fuel": "diesel"})
    assert not report.allocated_fuels.exists()


def test_english_refusal_of_the_allocation_seed_000_c(two_units, english, filer):
    """Seed 000 机组信息 说明 c): the refusals read in English."""
    from .test_english_errors import chinese_left

    report, _one, two = two_units
    services.save_cells(actor=filer, report=report,
                        entries=entries(two, 1, diesel__consumption="3.00"))  # fmt: skip
    response = english.post(f"/reports/{report.pk}/fuel/allocate/",
                            {"fuel": "diesel", "allocate": "on"})  # fmt: skip
    assert response.status_code == 400
    assert "Diesel" in html(response)
    assert chinese_left(html(response), ["1号机组", "2号机组"]) == []
    plant = english.post(save_url(report, "fuel"), {v(None, "diesel", "consumption", 1): "5"})
    assert plant.status_code == 400
    assert chinese_left(html(plant), ["1号机组", "2号机组"]) == []


# -- Excel and JSON -------------------------------------------------------------------------------
def test_excel_round_trip_of_the_plant_row_seed_000_c(two_units, client, filer):
    report, _one, _two = two_units
    client.force_login(filer)
    old = template(client, report)
    services.set_allocated_fuel(actor=filer, report=report, fuel="diesel", allocate=True)
    assert refused(filer, report, saved(old)) == [
        "下载模板后按机组发电量分配的燃料已改为“柴油”，燃料信息表的行已不同"
    ]
    wb = template(client, report)
    fuel = wb["燃料信息表"]
    row = row_of(fuel, "|diesel|consumption")
    assert [fuel.cell(row=row, column=c).value for c in (2, 3, 7)] == [
        "全厂", "柴油", "填报（全厂，按机组发电量分配）"]  # fmt: skip
    assert fuel[f"G{row_of(fuel, '1号机组|diesel|consumption')}"].value == "自动计算（导入时忽略）"
    put(wb, "燃料信息表", "|diesel|consumption", 1, "120.50")
    assert import_file(client, report, saved(wb)).status_code == 302
    assert report.cells.get(unit=None, fuel="diesel", key="consumption", month=1).value == "120.50"
    again = template(client, report)
    assert again["燃料信息表"][f"H{row_of(again['燃料信息表'], '|diesel|consumption')}"].value == (
        "120.50"
    )


def test_json_import_of_plant_auxiliary_fuels_seed_000_c(two_units, filer):
    report, one, two = two_units
    january(filer, report, one, two)
    document = calculation.plant_year_data(report, calculation.cell_rows(report))
    for unit in document["units"]:
        for fuel in unit["fuels"]:
            for m in fuel["months"]:
                if fuel["fuel"] == "diesel":
                    m.pop("consumption", None)
    document["plant_auxiliary_fuels"] = [
        {"fuel": "diesel", "months": [{"month": 1, "consumption": "88.00"}]}
    ]
    data = json.dumps(document, ensure_ascii=False).encode()
    with pytest.raises(WorkbookRejected) as exc:
        excel_services.import_json(actor=filer, report=report, data=data, name="p.json")
    assert [str(p) for p in exc.value.problems] == [
        "文件给出了全厂柴油消耗量（plant_auxiliary_fuels），但本报告未选择“柴油无法分机组计量，"
        "按机组发电量分配”：请先在燃料信息表中选择，或按机组填报"
    ]
    assert not AllocatedFuel.objects.exists()  # allocating is the user's act
    services.set_allocated_fuel(actor=filer, report=report, fuel="diesel", allocate=True)
    excel_services.import_json(actor=filer, report=report, data=data, name="p.json")
    assert report.cells.get(unit=None, fuel="diesel", key="consumption", month=1).value == "88.00"


def test_the_pdf_prints_the_plants_allocated_fuel_seed_000_c(two_units, filer, tmp_path):
    """The plant's diesel row, with its year sum, heads the 燃料信息表 of the report's PDF."""
    from tanhe.reports import pdf

    from .test_pdf import save, text

    report, one, two = two_units
    january(filer, report, one, two)
    services.set_allocated_fuel(actor=filer, report=report, fuel="diesel", allocate=True)
    services.save_cells(actor=filer, report=report, entries=[plant_diesel(1, "120.50")])
    services.autocalc(actor=filer, report=report)
    whole = text(save(tmp_path, pdf.render_report(report).data))
    assert "全厂 柴油（辅助燃料无法分机组计量，按机组发电量比例分配）" in whole
    row = next(line.split() for line in whole.splitlines()
               if line.split()[:3] == ["消耗量", "t", "120.50"])  # fmt: skip
    assert row[-1] == "120.50"
