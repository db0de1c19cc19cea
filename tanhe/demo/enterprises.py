# ruff: noqa: E501  (data module: long Chinese prose, one sentence per line)
"""The five demo enterprises of 江苏省 and their quality control plans, as plain data.

Names, people, codes and addresses are invented (any likeness is accidental), but shaped like the
real thing: GB 32100 credit codes with a correct check character, permit numbers built from them,
addresses with the district's postcode, facility codes MF0001… as in an emission permit, and unit,
boiler, turbine and generator models of the kind such plants run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from tanhe.demo.drawings import Area, Flow, OrgChart
from tanhe.identifiers import check_character


def credit_code(first17: str) -> str:
    """A 统一社会信用代码 completed with its GB 32100 check character."""
    return first17 + check_character(first17)


@dataclass(frozen=True)
class Person:
    username: str
    display_name: str
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Review:
    """What the authority does with the first version (after the enterprise submits it)."""

    outcome: str  # "draft" (not submitted) | "submitted" | "returned" | "approved"
    comments: tuple[str, ...] = ()  # 填写意见 before the decision
    decision_text: str = ""  # the approval note or the 退回补正 comment


@dataclass(frozen=True)
class Revision:
    reason: str  # plans.models.RevisionReason
    reason_text: str
    method_changes: tuple[tuple[str, str, str, dict[str, str]], ...]  # unit, parameter, fuel, data


@dataclass(frozen=True)
class EnterpriseSpec:
    key: str
    organisation: dict[str, Any]  # Organisation fields (registry data)
    filer: Person
    basic: dict[str, Any]  # editable 企业基本情况 fields
    units: tuple[dict[str, Any], ...]  # add_unit data + "main_product"
    merge: tuple[tuple[str, ...], str, tuple[str, ...]] | None  # (unit names, reason, cases)
    facilities: dict[str, tuple[dict[str, Any], ...]]  # unit name → add_facility data
    texts: dict[str, str]
    profile: str  # method profile: coal | chp | gas
    org_chart: OrgChart
    site: tuple[Area, ...]
    flow: Flow
    review: Review
    revision: Revision | None = None
    complete: bool = True
    methods: dict[str, dict[str, str]] = field(default_factory=dict)  # per-plan overrides


def _org(**fields: Any) -> dict[str, Any]:
    code = fields["credit_code"]
    return {
        "kind": "enterprise",
        "code_type": "credit_code",
        "permit_number": f"{code}001P",
        "industry_code": "4411",
        "in_registry": True,
        "status": "active",
    } | fields


QA_COMMON = (
    "1. 职责分工：公司成立碳排放管理小组，由总工程师任组长，生产技术部归口管理，燃料管理部负责燃料计量、"
    "采制样和化验，运行部负责发电量、供电量和运行小时数的统计，设备部负责计量器具的检定和校准，"
    "安全环保部负责排放报告的编制和报送。\n\n"
    "2. 计量器具管理：建立计量器具台账，皮带秤、电能表、流量计、量热仪和元素分析仪等按规定周期检定或校准，"
    "检定证书和校准报告归档保存；计量器具故障时按本计划规定的数据缺失处理方式处理并记录。\n\n"
    "3. 燃料采样、制样和化验：入炉煤按 GB/T 19494 机械采样、GB/T 474 制样，低位发热量按 GB/T 213 测定，"
    "元素碳含量按 GB/T 30733 测定或委托具有 CMA 资质的检测机构检测；保存煤样和原始记录，"
    "月度缩分样保存 1 年以上。\n\n"
    "4. 数据记录与复核：原始数据由岗位人员记录，班组长每日复核，生产技术部每月汇总并与财务结算数据交叉核对；"
    "排放报告报送前由碳排放管理小组组长审核签字。\n\n"
    "5. 记录保存：质量控制计划、计量和检测原始记录、台账及排放报告电子版和纸质版保存 5 年以上。\n\n"
    "6. 计划修订：排放设施、燃料、计量仪器或检测方法发生变化时，在 30 日内修订本计划并报送主管部门。"
)


def _qa(extra: str = "") -> str:
    return QA_COMMON + (f"\n\n7. {extra}" if extra else "")


# -- (1) 纯燃煤 2×660 MW 超超临界 ---------------------------------------------------------------
TAIZHOU_CODE = credit_code("91321203720564813")
TAIZHOU = EnterpriseSpec(
    key="taizhou",
    organisation=_org(
        name="泰州江畔发电有限公司",
        credit_code=TAIZHOU_CODE,
        registered_address="江苏省泰州市高港区永安洲镇沿江大道88号",
        production_address="江苏省泰州市高港区永安洲镇沿江大道88号",
        city="泰州市",
        district="高港区",
        postcode="225321",
        registration_date=date(2006, 3, 18),
        registered_capital=Decimal("208000"),
        nature="state_owned",
        legal_representative="顾振华",
        latitude=Decimal("32.245600"),
        longitude=Decimal("119.868300"),
    ),
    filer=Person(TAIZHOU_CODE, "陆海燕", "luhaiyan@jp-power.example.cn", "0523-86551208"),
    basic={
        "plan_author": "陆海燕",
        "contact_person": "陆海燕",
        "contact_phone": "0523-86551208",
        "contact_email": "luhaiyan@jp-power.example.cn",
    },
    units=(
        {
            "name": "1号机组",
            "unit_type": "coal",
            "subtype": "conventional",
            "fuel_type": "coal",
            "fuel_names": ["bituminous", "diesel"],
            "capacity_mw": "660",
            "data_source": "nameplate",
            "main_product": "electricity",
        },
        {
            "name": "2号机组",
            "unit_type": "coal",
            "subtype": "conventional",
            "fuel_type": "coal",
            "fuel_names": ["bituminous", "diesel"],
            "capacity_mw": "660",
            "data_source": "nameplate",
            "main_product": "electricity",
        },
    ),
    merge=None,
    facilities={
        "1号机组": (
            {
                "category": "boiler",
                "code": "MF0001",
                "name": "1号锅炉",
                "boiler_type": "煤粉锅炉",
                "model": "HG-1968/29.3-YM3",
                "capacity_tph": "1968",
                "location": "一期主厂房锅炉房（1号炉）",
                "remark": "超超临界变压运行直流炉，一次再热",
            },
            {
                "category": "turbine",
                "code": "MF0002",
                "name": "1号汽轮机",
                "turbine_type": "condensing",
                "model": "N660-28/600/620",
                "pressure_parameter": "ultra_supercritical",
                "rated_power_mw": "660",
                "cooling": "water",
                "location": "一期主厂房汽机房（1号机）",
            },
            {
                "category": "generator",
                "code": "MF0003",
                "name": "1号发电机",
                "model": "QFSN-660-2-22",
                "rated_power_mw": "660",
                "location": "一期主厂房汽机房（1号机）",
            },
        ),
        "2号机组": (
            {
                "category": "boiler",
                "code": "MF0004",
                "name": "2号锅炉",
                "boiler_type": "煤粉锅炉",
                "model": "HG-1968/29.3-YM3",
                "capacity_tph": "1968",
                "location": "一期主厂房锅炉房（2号炉）",
                "remark": "超超临界变压运行直流炉，一次再热",
            },
            {
                "category": "turbine",
                "code": "MF0005",
                "name": "2号汽轮机",
                "turbine_type": "condensing",
                "model": "N660-28/600/620",
                "pressure_parameter": "ultra_supercritical",
                "rated_power_mw": "660",
                "cooling": "water",
                "location": "一期主厂房汽机房（2号机）",
            },
            {
                "category": "generator",
                "code": "MF0006",
                "name": "2号发电机",
                "model": "QFSN-660-2-22",
                "rated_power_mw": "660",
                "location": "一期主厂房汽机房（2号机）",
            },
        ),
    },
    texts={
        "process_description": (
            "本厂建有 2×660 MW 超超临界燃煤发电机组，主要产品为电能（产品代码 4411），经 500 kV 升压站送入"
            "江苏电网，不对外供热。\n\n"
            "燃煤由长江码头卸船后经输煤栈桥送至条形封闭煤场，经入炉煤皮带秤计量后送入原煤仓，由中速磨煤机磨制成"
            "煤粉，经一次风送入 HG-1968/29.3-YM3 型超超临界直流锅炉燃烧；锅炉产生 29.3 MPa、605 ℃ 的主蒸汽"
            "驱动 N660-28/600/620 型凝汽式汽轮机，带动 QFSN-660-2-22 型发电机发电。锅炉点火和低负荷稳燃使用"
            "0 号柴油。\n\n"
            "主要化学反应：C + O₂ → CO₂；2H₂ + O₂ → 2H₂O；S + O₂ → SO₂。烟气经 SCR 脱硝、静电除尘、"
            "石灰石—石膏湿法脱硫后由 240 m 烟囱排放。"
        ),
        "boundary_description": (
            "核算边界为泰州江畔发电有限公司法人边界内的 1 号、2 号发电机组，包括锅炉、汽轮机、发电机及其辅助"
            "系统（燃料储运、制粉、除尘、脱硫脱硝、化学水处理、循环冷却水系统）；地理边界为高港区永安洲镇厂区"
            "围墙以内。排放源为燃煤和点火助燃用柴油燃烧产生的二氧化碳排放，以及购入使用电力产生的排放；"
            "厂区办公楼、食堂等附属设施用电计入厂用电，不单独核算。脱硫过程排放不属于发电设施核算范围。"
        ),
        "qa_text": _qa(),
    },
    profile="coal",
    org_chart=OrgChart(
        top="总经理",
        leaders=("副总经理（生产）", "总工程师", "副总经理（经营）"),
        departments=("运行部", "设备部", "生产技术部", "燃料管理部", "安全环保部", "财务部"),
        carbon_team="碳排放管理小组（组长：总工程师）",
    ),
    site=(
        Area(
            "一期主厂房\n1号、2号锅炉 MF0001 / MF0004\n汽机房 MF0002、MF0003、MF0005、MF0006",
            24,
            24,
            38,
            20,
        ),
        Area("条形封闭煤场", 2, 36, 18, 20, "fuel"),
        Area("输煤栈桥\n入炉煤皮带秤", 2, 24, 18, 9, "fuel"),
        Area("燃油罐区", 2, 4, 14, 10, "fuel"),
        Area("烟囱 240 m", 66, 30, 10, 10, "emission"),
        Area("脱硫脱硝区", 66, 42, 16, 14, "plant"),
        Area("500 kV 升压站", 66, 4, 18, 16, "electric"),
        Area("自然通风冷却塔 ×2", 36, 2, 26, 16, "water"),
        Area("化学水处理", 20, 4, 14, 12, "water"),
        Area("行政办公楼", 86, 44, 12, 12, "office"),
    ),
    flow=Flow(
        steps=(
            "煤场",
            "输煤皮带\n入炉煤计量",
            "磨煤机",
            "锅炉\nMF0001/MF0004",
            "汽轮机\nMF0002/MF0005",
            "发电机\nMF0003/MF0006",
            "升压站\n上网关口表",
        ),
        emission_at=3,
        side=(("燃煤（烟煤）", 0), ("空气", 2), ("柴油（点火）、给水", 3)),
        note="主要产品：电能。化学反应：C + O2 → CO2。",
    ),
    review=Review(
        outcome="approved",
        comments=("请确认入炉煤元素碳含量的检测频次与核算指南一致（每日缩分样按月检测）。",),
        decision_text="计划内容完整，符合《企业温室气体排放核算与报告指南 发电设施》要求，同意备案。",
    ),
)

# -- (2) 燃煤热电联产，2×135 MW 合并填报 ------------------------------------------------------
XIDONG_CODE = credit_code("91320205MA1NT3Q5R")
XIDONG = EnterpriseSpec(
    key="xidong",
    organisation=_org(
        name="无锡锡东热电有限公司",
        credit_code=XIDONG_CODE,
        registered_address="江苏省无锡市锡山区东港镇锡港东路18号",
        production_address="江苏省无锡市锡山区东港镇锡港东路18号",
        city="无锡市",
        district="锡山区",
        postcode="214196",
        registration_date=date(2003, 9, 26),
        registered_capital=Decimal("56000"),
        nature="joint_venture",
        legal_representative="钱国平",
        industry_code="4412",
        latitude=Decimal("31.652100"),
        longitude=Decimal("120.512700"),
    ),
    filer=Person(XIDONG_CODE, "华丽娟", "hualijuan@xdrd.example.cn", "0510-88216630"),
    basic={
        "plan_author": "华丽娟",
        "contact_person": "华丽娟",
        "contact_phone": "0510-88216630",
        "contact_email": "hualijuan@xdrd.example.cn",
    },
    units=(
        {
            "name": "1号机组",
            "unit_type": "coal",
            "subtype": "conventional",
            "fuel_type": "coal",
            "fuel_names": ["bituminous", "diesel"],
            "capacity_mw": "135",
            "data_source": "operating_rules",
            "main_product": "electricity_heat",
        },
        {
            "name": "2号机组",
            "unit_type": "coal",
            "subtype": "conventional",
            "fuel_type": "coal",
            "fuel_names": ["bituminous", "diesel"],
            "capacity_mw": "135",
            "data_source": "operating_rules",
            "main_product": "electricity_heat",
        },
    ),
    merge=(
        ("1号机组", "2号机组"),
        "两台机组产出相同（热电联产）、压力参数相同（超高压）、容量等级相同、均为煤粉锅炉、均为水冷；"
        "主蒸汽和供热蒸汽为母管制运行，入炉煤量和供热量无法分机组计量，故合并填报。",
        ("fuel", "heat"),
    ),
    facilities={
        "1号机组": (
            {
                "category": "boiler",
                "code": "MF0001",
                "name": "1号锅炉",
                "boiler_type": "煤粉锅炉",
                "model": "HG-440/13.7-L.YM28",
                "capacity_tph": "440",
                "location": "主厂房锅炉房（1号炉）",
            },
            {
                "category": "turbine",
                "code": "MF0002",
                "name": "1号汽轮机",
                "turbine_type": "extraction_condensing",
                "model": "C135-13.24/0.981/535/535",
                "pressure_parameter": "ultra_high",
                "rated_power_mw": "135",
                "cooling": "water",
                "location": "主厂房汽机房（1号机）",
            },
            {
                "category": "generator",
                "code": "MF0003",
                "name": "1号发电机",
                "model": "QF-135-2",
                "rated_power_mw": "135",
                "location": "主厂房汽机房（1号机）",
            },
        ),
        "2号机组": (
            {
                "category": "boiler",
                "code": "MF0004",
                "name": "2号锅炉",
                "boiler_type": "煤粉锅炉",
                "model": "HG-440/13.7-L.YM28",
                "capacity_tph": "440",
                "location": "主厂房锅炉房（2号炉）",
            },
            {
                "category": "turbine",
                "code": "MF0005",
                "name": "2号汽轮机",
                "turbine_type": "extraction_condensing",
                "model": "C135-13.24/0.981/535/535",
                "pressure_parameter": "ultra_high",
                "rated_power_mw": "135",
                "cooling": "water",
                "location": "主厂房汽机房（2号机）",
            },
            {
                "category": "generator",
                "code": "MF0006",
                "name": "2号发电机",
                "model": "QF-135-2",
                "rated_power_mw": "135",
                "location": "主厂房汽机房（2号机）",
            },
            {
                "category": "other",
                "code": "MF0007",
                "name": "供热首站",
                "description": "减温减压器及供热管网首站，向锡东工业园区供汽",
                "location": "厂区东侧供热首站",
                "remark": "对外供热计量点",
            },
        ),
    },
    texts={
        "process_description": (
            "本厂为热电联产企业，建有 2×135 MW 超高压抽凝式燃煤热电联产机组，主要产品为电能和热能（蒸汽），"
            "电能经 110 kV 升压站送入无锡电网，蒸汽经供热首站和 18 km 供热管网供锡东工业园区 60 余家用户。\n\n"
            "燃煤经汽车运输进厂、入厂煤汽车衡计量后进入干煤棚，经入炉煤皮带秤计量后送入原煤仓，由钢球磨煤机"
            "制粉送入 HG-440/13.7-L.YM28 型煤粉锅炉燃烧；两台锅炉的主蒸汽进入母管，分送两台"
            "C135-13.24/0.981/535/535 型抽凝式汽轮机，汽轮机工业抽汽（0.981 MPa）经供热首站对外供热，"
            "汽轮机带动 QF-135-2 型发电机发电。锅炉点火和稳燃使用 0 号柴油。\n\n"
            "主要化学反应：C + O₂ → CO₂。"
        ),
        "boundary_description": (
            "核算边界为无锡锡东热电有限公司法人边界内的 1 号、2 号热电联产机组（合并填报）及其辅助系统，包括"
            "燃料储运、制粉、锅炉、汽轮机、发电机、供热首站、除尘脱硫脱硝、化学水处理和循环冷却水系统；"
            "地理边界为锡山区东港镇厂区围墙以内，厂外供热管网不在边界内。排放源为燃煤和柴油燃烧排放及购入"
            "使用电力排放。"
        ),
        "qa_text": _qa(
            "供热量计量：对外供热以供热首站出口蒸汽流量计和温度、压力变送器计量，按焓值计算供热量，"
            "每月与热用户结算数据核对。"
        ),
    },
    profile="chp",
    org_chart=OrgChart(
        top="董事会 / 总经理",
        leaders=("副总经理（生产）", "总工程师", "副总经理（经营）"),
        departments=("运行部", "检修部", "生产技术部", "燃料部", "热网管理部", "财务部"),
        carbon_team="碳排放管理小组（组长：总工程师）",
    ),
    site=(
        Area(
            "主厂房\n1号、2号锅炉 MF0001 / MF0004\n汽机房 MF0002、MF0003、MF0005、MF0006",
            26,
            26,
            36,
            20,
        ),
        Area("干煤棚", 2, 34, 20, 22, "fuel"),
        Area("入炉煤皮带秤", 2, 24, 20, 8, "fuel"),
        Area("汽车衡", 2, 4, 12, 8, "fuel"),
        Area("供热首站 MF0007", 66, 34, 16, 12, "plant"),
        Area("烟囱 150 m", 66, 20, 10, 10, "emission"),
        Area("110 kV 升压站", 80, 2, 16, 14, "electric"),
        Area("机械通风冷却塔", 30, 4, 22, 14, "water"),
        Area("化学水处理", 56, 4, 18, 12, "water"),
        Area("综合楼", 86, 44, 12, 12, "office"),
    ),
    flow=Flow(
        steps=(
            "干煤棚",
            "输煤皮带\n入炉煤计量",
            "磨煤机",
            "锅炉\nMF0001/MF0004",
            "主蒸汽母管",
            "抽凝式汽轮机\nMF0002/MF0005",
            "发电机\nMF0003/MF0006",
            "供热首站\nMF0007",
        ),
        emission_at=3,
        side=(("燃煤（烟煤）", 0), ("空气", 2), ("柴油（点火）、给水", 3)),
        note="主要产品：电能 + 热能（蒸汽）。两台机组母管制运行，合并填报。",
    ),
    review=Review(outcome="submitted"),
)

# -- (3) 燃气—蒸汽联合循环 400 MW（9F 级） -----------------------------------------------------
WUJIANG_CODE = credit_code("91320509MA1MW2HL6")
WUJIANG = EnterpriseSpec(
    key="wujiang",
    organisation=_org(
        name="苏州吴淞江燃机发电有限公司",
        credit_code=WUJIANG_CODE,
        registered_address="江苏省苏州市吴江区松陵街道江兴东路1288号",
        production_address="江苏省苏州市吴江区同里镇屯村燃机路6号",
        city="苏州市",
        district="吴江区",
        postcode="215217",
        registration_date=date(2015, 11, 2),
        registered_capital=Decimal("62000"),
        nature="state_owned",
        legal_representative="沈一鸣",
        latitude=Decimal("31.138400"),
        longitude=Decimal("120.781900"),
    ),
    filer=Person(WUJIANG_CODE, "徐婷", "xuting@wsjrj.example.cn", "0512-63398120"),
    basic={
        "plan_author": "徐婷",
        "contact_person": "徐婷",
        "contact_phone": "0512-63398120",
        "contact_email": "xuting@wsjrj.example.cn",
    },
    units=(
        {
            "name": "1号机组",
            "unit_type": "gas",
            "subtype": "none",
            "fuel_type": "gas",
            "fuel_names": ["natural_gas"],
            "gas_class": "F",
            "capacity_mw": "400",
            "data_source": "nameplate",
            "main_product": "electricity",
        },
    ),
    merge=None,
    facilities={
        "1号机组": (
            {
                "category": "turbine",
                "code": "MF0001",
                "name": "1号燃气轮机",
                "turbine_type": "gas_turbine",
                "model": "M701F4",
                "rated_power_mw": "270",
                "location": "燃机厂房",
                "remark": "F 级重型燃气轮机（燃机功率 270 MW，核查技术指南 表3：F级约200–350MW）",
            },
            {
                "category": "boiler",
                "code": "MF0002",
                "name": "1号余热锅炉",
                "boiler_type": "余热锅炉",
                "model": "NG-M701F4-R",
                "capacity_tph": "310",
                "location": "燃机厂房北侧",
                "remark": "三压、再热、卧式、无补燃",
            },
            {
                "category": "turbine",
                "code": "MF0003",
                "name": "1号汽轮机",
                "turbine_type": "condensing",
                "model": "TC2F-30",
                "pressure_parameter": "ultra_high",
                "rated_power_mw": "140",
                "cooling": "water",
                "location": "燃机厂房（单轴布置）",
            },
            {
                "category": "generator",
                "code": "MF0004",
                "name": "1号发电机",
                "model": "QFR-400-2-20",
                "rated_power_mw": "400",
                "location": "燃机厂房（单轴布置）",
                "remark": "燃机与汽轮机同轴驱动一台发电机",
            },
        ),
    },
    texts={
        "process_description": (
            "本厂建有 1 套 400 MW 级（9F 级）单轴燃气—蒸汽联合循环发电机组（CCPP，按一台机组填报），主要产品"
            "为电能，经 220 kV 升压站送入苏州电网。\n\n"
            "天然气由西气东输管网经厂外门站、厂内调压站（贸易结算计量）调压后送入 M701F4 型燃气轮机燃烧室，"
            "高温燃气推动燃气轮机做功；燃机排气进入 NG-M701F4-R 型三压再热余热锅炉产生蒸汽，驱动 TC2F-30 型"
            "凝汽式汽轮机；燃气轮机和汽轮机同轴驱动 QFR-400-2-20 型发电机发电。\n\n"
            "主要化学反应：CH₄ + 2O₂ → CO₂ + 2H₂O。"
        ),
        "boundary_description": (
            "核算边界为苏州吴淞江燃机发电有限公司法人边界内的 1 号燃气—蒸汽联合循环机组，包括天然气调压站、"
            "燃气轮机、余热锅炉、汽轮机、发电机及辅助系统；地理边界为同里镇屯村燃机路 6 号厂区围墙以内。"
            "排放源为天然气燃烧排放和购入使用电力排放。"
        ),
        "qa_text": _qa(
            "天然气检测：天然气组分由调压站在线气相色谱仪连续分析，每月与供气方检测报告比对，"
            "偏差超过 2% 时查明原因并记录。"
        ),
    },
    profile="gas",
    org_chart=OrgChart(
        top="总经理",
        leaders=("副总经理（生产）", "总工程师"),
        departments=("运行部", "设备部", "生产技术部", "安全环保部", "计划经营部"),
        carbon_team="碳排放管理小组（组长：总工程师）",
    ),
    site=(
        Area("燃机厂房\n燃气轮机 MF0001、汽轮机 MF0003\n发电机 MF0004（单轴）", 30, 26, 34, 20),
        Area("余热锅炉 MF0002", 30, 48, 34, 10),
        Area("天然气调压站\n贸易结算流量计", 2, 30, 20, 16, "fuel"),
        Area("烟囱 80 m", 68, 46, 10, 10, "emission"),
        Area("220 kV 升压站", 72, 4, 20, 16, "electric"),
        Area("机械通风冷却塔", 30, 4, 26, 14, "water"),
        Area("化学水处理", 4, 4, 18, 14, "water"),
        Area("生产综合楼", 84, 44, 14, 12, "office"),
    ),
    flow=Flow(
        steps=(
            "门站",
            "调压站\n天然气计量",
            "燃气轮机\nMF0001",
            "余热锅炉\nMF0002",
            "汽轮机\nMF0003",
            "发电机\nMF0004",
            "升压站\n上网关口表",
        ),
        emission_at=3,
        side=(("天然气", 0), ("空气", 2), ("给水", 3)),
        note="主要产品：电能。化学反应：CH4 + 2O2 → CO2 + 2H2O。烟气经余热锅炉后由烟囱排放。",
    ),
    review=Review(
        outcome="returned",
        decision_text=(
            "请补正：1. 天然气消耗量的计量设备应写明贸易结算流量计的型号、准确度等级和检定周期；"
            "2. 天然气组分检测应说明检测频次及比对的供气方检测报告；"
            "3. 余热锅炉无补燃，请在备注中说明，并确认核算边界内无其他燃烧设施。"
        ),
    ),
    methods={
        "consumption natural_gas": {
            "device_model": "超声波流量计",  # the authority asks for more: model and class
            "accuracy": "",
        },
    },
)

# -- (4) 循环流化床 300 MW（煤矸石、煤泥） -----------------------------------------------------
JIAWANG_CODE = credit_code("91320305782716509")
JIAWANG = EnterpriseSpec(
    key="jiawang",
    organisation=_org(
        name="徐州贾汪矸石综合利用发电有限公司",
        credit_code=JIAWANG_CODE,
        registered_address="江苏省徐州市贾汪区青山泉镇工业集中区电厂路6号",
        production_address="江苏省徐州市贾汪区青山泉镇工业集中区电厂路6号",
        city="徐州市",
        district="贾汪区",
        postcode="221011",
        registration_date=date(2005, 12, 8),
        registered_capital=Decimal("48000"),
        nature="private",
        legal_representative="马晓光",
        latitude=Decimal("34.393700"),
        longitude=Decimal("117.391200"),
    ),
    filer=Person(JIAWANG_CODE, "邵春梅", "shaochunmei@jwgs.example.cn", "0516-87712356"),
    basic={
        "plan_author": "邵春梅",
        "contact_person": "邵春梅",
        "contact_phone": "0516-87712356",
        "contact_email": "shaochunmei@jwgs.example.cn",
    },
    units=(
        {
            "name": "1号机组",
            "unit_type": "coal",
            "subtype": "cfb",
            "fuel_type": "coal",
            "fuel_names": ["coal_gangue", "coal_slime", "diesel", "agri_forestry_residue"],
            "capacity_mw": "300",
            "data_source": "nameplate",
            "main_product": "electricity",
        },
    ),
    merge=None,
    facilities={
        "1号机组": (
            {
                "category": "boiler",
                "code": "MF0001",
                "name": "1号锅炉",
                "boiler_type": "循环流化床锅炉",
                "model": "DG1025/17.4-Ⅱ16",
                "capacity_tph": "1025",
                "location": "主厂房锅炉房",
                "remark": "亚临界、一次中间再热、炉内喷钙脱硫",
            },
            {
                "category": "turbine",
                "code": "MF0002",
                "name": "1号汽轮机",
                "turbine_type": "condensing",
                "model": "N300-16.7/537/537",
                "pressure_parameter": "subcritical",
                "rated_power_mw": "300",
                "cooling": "water",
                "location": "主厂房汽机房",
            },
            {
                "category": "generator",
                "code": "MF0003",
                "name": "1号发电机",
                "model": "QFSN-300-2",
                "rated_power_mw": "300",
                "location": "主厂房汽机房",
            },
            {
                "category": "other",
                "code": "MF0004",
                "name": "煤泥输送系统",
                "description": "煤泥仓、柱塞泵和管道，将煤泥直接泵入炉膛",
                "location": "锅炉房西侧煤泥仓",
            },
        ),
    },
    texts={
        "process_description": (
            "本厂为资源综合利用电厂，建有 1×300 MW 亚临界循环流化床（CFB）机组，燃用周边煤矿洗选产生的煤矸石"
            "和煤泥，主要产品为电能，经 220 kV 升压站送入徐州电网。\n\n"
            "煤矸石经汽车衡计量进厂、破碎筛分后由入炉皮带秤计量送入 DG1025/17.4-Ⅱ16 型循环流化床锅炉；煤泥经"
            "煤泥仓和柱塞泵（MF0004）计量后直接泵入炉膛。锅炉产生的蒸汽驱动 N300-16.7/537/537 型凝汽式汽轮机，"
            "带动 QFSN-300-2 型发电机发电。锅炉点火使用 0 号柴油，炉内喷石灰石脱硫。\n\n"
            "主要化学反应：C + O₂ → CO₂；CaCO₃ → CaO + CO₂（脱硫过程排放，不属于发电设施核算范围）。"
        ),
        "boundary_description": (
            "核算边界为徐州贾汪矸石综合利用发电有限公司法人边界内的 1 号 CFB 机组及其辅助系统，包括煤矸石"
            "破碎筛分和输送系统、煤泥输送系统、锅炉、汽轮机、发电机、除尘系统、化学水处理和循环冷却水系统；"
            "地理边界为青山泉镇厂区围墙以内。排放源为煤矸石、煤泥和柴油燃烧排放及购入使用电力排放。"
        ),
        "qa_text": _qa(
            "煤矸石、煤泥分别计量、分别采样化验；煤泥含水率高，入炉量以柱塞泵流量计和煤泥仓料位"
            "变化计量，每月与入厂量和库存盘点核对。"
        ),
    },
    profile="coal",
    org_chart=OrgChart(
        top="总经理",
        leaders=("生产副总经理", "总工程师", "经营副总经理"),
        departments=("运行部", "设备部", "生产技术部", "燃料部", "安环部", "财务部"),
        carbon_team="碳排放管理小组（组长：总工程师）",
    ),
    site=(
        Area("主厂房\n锅炉 MF0001\n汽机房 MF0002、MF0003", 28, 26, 32, 20),
        Area("煤矸石堆场", 2, 38, 22, 18, "fuel"),
        Area("破碎筛分楼\n入炉皮带秤", 2, 24, 22, 12, "fuel"),
        Area("煤泥仓 MF0004", 28, 48, 16, 10, "fuel"),
        Area("烟囱 210 m", 64, 32, 10, 10, "emission"),
        Area("220 kV 升压站", 76, 4, 20, 16, "electric"),
        Area("冷却塔", 36, 4, 22, 16, "water"),
        Area("化学水处理", 8, 4, 18, 12, "water"),
        Area("办公楼", 84, 44, 14, 12, "office"),
    ),
    flow=Flow(
        steps=(
            "煤矸石堆场",
            "破碎筛分\n入炉计量",
            "CFB 锅炉\nMF0001",
            "汽轮机\nMF0002",
            "发电机\nMF0003",
            "升压站\n上网关口表",
        ),
        emission_at=2,
        side=(("煤矸石", 0), ("煤泥 MF0004", 1), ("柴油、石灰石", 3)),
        note="主要产品：电能。燃料：煤矸石、煤泥（非常规燃煤，循环流化床机组）。",
    ),
    review=Review(
        outcome="approved",
        decision_text="同意备案。请于下一年度按计划落实煤泥入炉量的计量。",
    ),
    revision=Revision(
        reason="new_method",
        reason_text="入炉煤矸石皮带秤更换为 0.2 级高精度电子皮带秤，煤矸石元素碳含量由每月检测改为每日缩分样检测。",
        method_changes=(
            (
                "1号机组",
                "consumption",
                "coal_gangue",
                {
                    "device_model": "高精度电子皮带秤 ICS-20A（0.2 级）",
                    "accuracy": "±0.2%",
                    "calibration_frequency": "每半年检定 1 次，每月实物校验 1 次",
                },
            ),
            (
                "1号机组",
                "carbon_content",
                "coal_gangue",
                {
                    "frequency": "每日缩分样，按日检测、按月加权",
                    "description": "每日入炉煤矸石缩分样按 GB/T 30733 测定元素碳含量，按入炉量加权计算月均值",
                },
            ),
        ),
    ),
)

# -- (5) 燃煤耦合生物质 350 MW（草稿，未填完） ----------------------------------------------------
SUYU_CODE = credit_code("91321311MA1X7YBC3")
SUYU = EnterpriseSpec(
    key="suyu",
    organisation=_org(
        name="宿迁宿豫耦合发电有限公司",
        credit_code=SUYU_CODE,
        registered_address="江苏省宿迁市宿豫区经济开发区洪泽湖东路58号",
        production_address="江苏省宿迁市宿豫区经济开发区洪泽湖东路58号",
        city="宿迁市",
        district="宿豫区",
        postcode="223800",
        registration_date=date(2012, 4, 20),
        registered_capital=Decimal("76000"),
        nature="state_owned",
        legal_representative="季卫东",
        latitude=Decimal("33.946200"),
        longitude=Decimal("118.330400"),
    ),
    filer=Person(SUYU_CODE, "蔡文静", "caiwenjing@sysy.example.cn", "0527-84458872"),
    basic={
        "contact_person": "蔡文静",
        "contact_phone": "0527-84458872",
        "contact_email": "caiwenjing@sysy.example.cn",
    },  # 计划制定人 not yet filled in
    units=(
        {
            "name": "1号机组",
            "unit_type": "coal",
            "subtype": "conventional",
            "fuel_type": "coal",
            "fuel_names": ["bituminous", "diesel"],
            "capacity_mw": "350",
            "data_source": "nameplate",
            "main_product": "electricity",
        },
    ),
    merge=None,
    facilities={
        "1号机组": (
            {
                "category": "boiler",
                "code": "MF0001",
                "name": "1号锅炉",
                "boiler_type": "煤粉锅炉",
                "model": "SG-1150/25.4-M4403",
                "capacity_tph": "1150",
                "remark": "超临界直流炉，掺烧秸秆成型燃料",
            },  # location not yet filled in
            {
                "category": "other",
                "code": "MF0002",
                "name": "生物质预处理及输送系统",
                "description": "秸秆成型燃料破碎、气力输送至锅炉生物质燃烧器",
                "location": "厂区北侧生物质料棚",
            },
        ),
    },
    texts={
        "process_description": (
            "本厂建有 1×350 MW 超临界燃煤机组，2023 年完成农林生物质耦合发电改造，掺烧秸秆成型燃料，"
            "生物质掺烧比例约 10%（按热量计）。生物质燃料燃烧产生的二氧化碳排放不计入机组排放量，"
            "生物质燃料消耗量和热量单独计量、单独记录。"
        ),
    },
    profile="coal",
    org_chart=OrgChart(
        top="总经理",
        leaders=("副总经理（生产）", "总工程师"),
        departments=("运行部", "设备部", "生产技术部", "燃料部", "安全环保部"),
        carbon_team="碳排放管理小组（组长：总工程师）",
    ),
    site=(),
    flow=Flow(steps=(), emission_at=0, side=(), note=""),
    review=Review(outcome="draft"),
    complete=False,
)

ENTERPRISES: tuple[EnterpriseSpec, ...] = (TAIZHOU, XIDONG, WUJIANG, JIAWANG, SUYU)
