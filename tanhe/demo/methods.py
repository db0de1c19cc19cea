# ruff: noqa: E501  (data module: long Chinese prose, one sentence per line)
"""数据的确定方式 of the demo plans: how a plant of each kind determines each parameter.

``method_data(profile, parameter, fuel)`` gives the fields to fill in one method row (or ``None``
to keep what the service put there, e.g. the guide's fixed 缺省值 rows).
"""

from __future__ import annotations

from tanhe.accounting.fuels import fuel_catalogue

DAILY = "连续计量，每日记录，按月汇总"
YEARLY = "每年检定 1 次"
# 记录频次 and 数据记录及管理 (seed 000 数据的确定方式: "数据记录及管理信息")
FUEL_RECORDS = {
    "record_frequency": "每班记录，每日汇总，每月形成月报",
    "record_keeping": "燃料管理部建立入炉煤量日报台账，经部门负责人签字后按月归档；电子记录存入燃料管理系统，纸质原始记录保存 5 年以上",
}
LAB_RECORDS = {
    "record_frequency": "每个样品一份化验记录，每月汇总",
    "record_keeping": "化验原始记录和检测报告由燃料化验室编号归档（盖章版），煤样留存 2 个月备查，记录保存 5 年以上",
}
METER_RECORDS = {
    "record_frequency": "每月抄表记录 1 次",
    "record_keeping": "生产技术部按月抄表并与结算单核对，抄表记录和结算单归档保存 5 年以上",
}

COAL_CONSUMPTION = {
    "method_type": "measured",
    "description": "入炉煤量以入炉煤皮带秤计量，每日统计、按月汇总；每月以入厂煤量和库存变化量校核",
    "device_model": "电子皮带秤 ICS-17A",
    "device_location": "输煤系统入炉皮带（C7A / C7B）",
    "frequency": DAILY,
    "accuracy": "±0.5%",
    "calibration_frequency": "每年检定 1 次，每月实物校验 1 次",
    "missing_data": "以入厂煤量扣除库存变化量推算，并按核查技术指南保守处理",
} | FUEL_RECORDS
SLIME_CONSUMPTION = COAL_CONSUMPTION | {
    "description": "煤泥入炉量以柱塞泵出口电磁流量计和煤泥密度计算，每日统计、按月汇总",
    "device_model": "电磁流量计 E+H Promag 10W",
    "device_location": "煤泥柱塞泵出口管道",
    "accuracy": "±0.5%",
    "calibration_frequency": YEARLY,
}
COAL_NCV = {
    "method_type": "measured",
    "description": "入炉煤每日机械采样、制样，按 GB/T 213 测定空气干燥基低位发热量并换算为收到基，按入炉量加权月均",
    "device_model": "全自动量热仪 5E-C5500",
    "device_location": "燃料化验室",
    "frequency": "每日",
    "accuracy": "重复性限 120 J/g",
    "calibration_frequency": "每年检定 1 次，每月用苯甲酸标定热容量",
    "missing_data": "采用核算指南规定的缺省值",
} | LAB_RECORDS
COAL_CARBON = {
    "method_type": "measured",
    "description": "每日入炉煤缩分样按月混合，按 GB/T 30733 测定元素碳含量并换算为收到基",
    "device_model": "元素分析仪 5E-CHN2200",
    "device_location": "燃料化验室（或委托具有 CMA 资质的检测机构）",
    "frequency": "每月 1 次（月度缩分样）",
    "accuracy": "碳含量重复性限 0.5%",
    "calibration_frequency": "每年检定/校准 1 次",
    "missing_data": "采用核算指南规定的单位热值含碳量缺省值计算",
} | LAB_RECORDS
CALCULATED_HEAT_CARBON = {
    "method_type": "calculated",
    "description": "单位热值含碳量 = 收到基元素碳含量 ÷ 收到基低位发热量",
}
OIL_CONSUMPTION = (
    {
        "method_type": "measured",
        "description": "点火、助燃用油量以供油母管流量计计量，按次记录、按月汇总，并与油罐出入库台账核对",
        "device_model": "椭圆齿轮流量计 LC-50",
        "device_location": "燃油泵房供油母管",
        "frequency": "每次用油时记录，按月汇总",
        "accuracy": "±0.5%",
        "calibration_frequency": YEARLY,
        "missing_data": "按油罐液位变化和出入库台账推算",
    }
    | FUEL_RECORDS
    | {"record_frequency": "每次用油记录，每月汇总"}
)
OIL_DEFAULT = {"method_type": "default", "description": "采用核算指南规定的柴油缺省值"}
GAS_CONSUMPTION = {
    "method_type": "measured",
    "description": "天然气消耗量以调压站贸易结算流量计计量，每日记录，按月汇总，并与供气方结算数据核对",
    "device_model": "气体超声波流量计 DN300 SeniorSonic 3400（1.0 级）",
    "device_location": "厂内天然气调压站入口",
    "frequency": DAILY,
    "accuracy": "1.0 级",
    "calibration_frequency": "每年检定 1 次",
    "missing_data": "采用供气方贸易结算数据",
} | FUEL_RECORDS
GAS_NCV = {
    "method_type": "measured",
    "description": "根据天然气组分按 GB/T 11062 计算低位发热量，按月取加权平均值",
    "device_model": "在线气相色谱分析仪 PGC5000",
    "device_location": "厂内天然气调压站",
    "frequency": "连续分析，每月至少 1 次与供气方检测报告比对",
    "accuracy": "重复性 ≤0.1%",
    "calibration_frequency": "每年校准 1 次，标准气每季度核查",
    "missing_data": "采用供气方提供的检测报告数据",
} | LAB_RECORDS
GAS_CARBON = {
    "method_type": "calculated",
    "description": "根据天然气各组分体积分数和碳原子数计算单位体积含碳量（tC/10^4Nm3）",
    "device_model": "在线气相色谱分析仪 PGC5000",
    "device_location": "厂内天然气调压站",
    "frequency": "每月",
}
ELECTRICITY_METER = {
    "method_type": "measured",
    "device_model": "三相智能电能表 DTZ341（0.2S 级）",
    "frequency": "连续计量，每月抄表",
    "accuracy": "0.2S 级",
    "calibration_frequency": "每年由电网公司检定",
    "missing_data": "采用电网公司结算电量",
} | METER_RECORDS
UNIT_LEVEL: dict[str, dict[str, str]] = {
    "purchased_electricity": ELECTRICITY_METER
    | {
        "description": "机组停运期间从电网购入的电量，以启备变高压侧关口电能表计量",
        "device_location": "启动/备用变压器高压侧",
    },
    "generation": ELECTRICITY_METER
    | {
        "description": "发电量以发电机出口电能表计量，每月抄表",
        "device_location": "发电机出口",
        "missing_data": "以 DCS 发电机功率积分值替代",
    },
    "supply": ELECTRICITY_METER
    | {
        "description": "供电量以升压站上网关口电能表计量，并与电网公司结算单核对",
        "device_location": "升压站出线间隔",
    },
    "heat_ratio": {
        "method_type": "calculated",
        "description": "供热比 = 供热量 ÷ 锅炉产热量，按核算指南公式计算",
    },
    "running_hours": {
        "method_type": "measured",
        "description": "运行小时数以 DCS 记录的发电机并网至解列时间统计",
        "device_model": "DCS 分散控制系统（历史数据库）",
        "device_location": "集控室",
        "frequency": "实时记录，每月统计",
        "accuracy": "1 min",
        "calibration_frequency": "每年系统时钟校核 1 次",
        "missing_data": "以值班日志记录的并网、解列时间统计",
        "record_frequency": "实时记录，每班交接时登记",
        "record_keeping": "运行日志由值长签字，按月归档保存 5 年以上",
    },
    "load_factor": {
        "method_type": "calculated",
        "description": "负荷（出力）系数 = 发电量 ÷（额定功率 × 运行小时数）",
    },
}
NO_HEAT = {
    "heat_supply": {"method_type": "other", "description": "纯凝机组，不对外供热，供热量按 0 填报"},
    "heat_ratio": {"method_type": "other", "description": "不对外供热，供热比为 0"},
    "heat_coal_rate": {"method_type": "other", "description": "不对外供热，不计算供热煤（气）耗"},
}
HEAT_METER = {
    "heat_supply": {
        "method_type": "measured",
        "description": "供热量以供热首站出口蒸汽流量计和温度、压力变送器计量，按蒸汽焓值计算，每月与热用户结算数据核对",
        "device_model": "涡街流量计 YF100 + 温度压力变送器 EJA530E",
        "device_location": "供热首站出口蒸汽母管",
        "frequency": DAILY,
        "accuracy": "±1.0%",
        "calibration_frequency": YEARLY,
        "missing_data": "采用与热用户的结算供热量",
        "record_frequency": "每日记录，每月汇总",
        "record_keeping": "供热量日报和与热用户的月度结算单由经营部归档保存 5 年以上",
    },
}


def method_data(profile: str, parameter: str, fuel: str) -> dict[str, str] | None:
    """The fields of one method row for a plant of ``profile`` (coal, chp or gas)."""
    if fuel:
        category = fuel_catalogue()[fuel].category
        if category == "oil":
            return {
                "consumption": OIL_CONSUMPTION,
                "ncv": OIL_DEFAULT,
                "carbon_content": {
                    "method_type": "calculated",
                    "description": "由柴油低位发热量和单位热值含碳量的缺省值计算",
                },
                "unit_heat_carbon": OIL_DEFAULT,
            }.get(parameter)
        if category == "gas":
            return {
                "consumption": GAS_CONSUMPTION,
                "ncv": GAS_NCV,
                "carbon_content": GAS_CARBON,
                "unit_heat_carbon": CALCULATED_HEAT_CARBON,
            }.get(parameter)
        consumption = SLIME_CONSUMPTION if fuel == "coal_slime" else COAL_CONSUMPTION
        return {
            "consumption": consumption,
            "ncv": COAL_NCV,
            "carbon_content": COAL_CARBON,
            "unit_heat_carbon": CALCULATED_HEAT_CARBON,
        }.get(parameter)
    heat = HEAT_METER if profile == "chp" else NO_HEAT
    if parameter in heat:
        return heat[parameter]
    return UNIT_LEVEL.get(parameter)
