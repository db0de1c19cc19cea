"""修订记录: a field-by-field comparison of two versions' content (``selectors.plan_content``).

Pure: takes two content dicts, returns the changes with Chinese labels for section, row and field
(marked for translation; the pages translate them: ``display.field_label``, ``section_label``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_noop

SECTION_LABELS = {
    "basic": gettext_noop("企业基本情况"),
    "units": gettext_noop("机组信息"),
    "facilities": gettext_noop("生产设施"),
    "methods": gettext_noop("数据的确定方式"),
    "texts": gettext_noop("文字说明"),
    "attachments": gettext_noop("上传附件"),
    "revision": gettext_noop("修订信息"),
}
FIELD_LABELS = {
    # basic
    "name": gettext_noop("名称"),
    "code_type": gettext_noop("代码类型"),
    "credit_code": gettext_noop("统一社会信用代码"),
    "permit_number": gettext_noop("排污许可证号"),
    "registered_address": gettext_noop("注册地址"),
    "production_address": gettext_noop("生产经营场所地址"),
    "registration_date": gettext_noop("企业注册日期"),
    "registered_capital": gettext_noop("注册资本（万元）"),
    "nature": gettext_noop("单位性质"),
    "legal_representative": gettext_noop("法定代表人"),
    "province": gettext_noop("省份"),
    "city": gettext_noop("城市"),
    "district": gettext_noop("区县"),
    "postcode": gettext_noop("邮政编码"),
    "industry_code": gettext_noop("行业代码"),
    "latitude": gettext_noop("纬度"),
    "longitude": gettext_noop("经度"),
    "plan_author": gettext_noop("计划制定人"),
    "contact_person": gettext_noop("联系人"),
    "contact_phone": gettext_noop("联系电话"),
    "contact_email": gettext_noop("电子邮箱"),
    "authority_name": gettext_noop("报送主管部门"),
    # units
    "industry": gettext_noop("行业类别"),
    "unit_type": gettext_noop("机组类型"),
    "subtype": gettext_noop("机组类型细分"),
    "fuel_type": gettext_noop("发电燃料类型"),
    "fuel_names": gettext_noop("燃料名称"),
    "capacity_mw": gettext_noop("装机容量（MW）"),
    "data_source": gettext_noop("数据来源"),
    "main_product": gettext_noop("主要产品"),
    "is_merged": gettext_noop("合并填报"),
    "merge_reason": gettext_noop("合并填报原因"),
    "merge_cases": gettext_noop("无法分机组计量的数据"),
    "merge_exception": gettext_noop("成员机组条件不同的说明"),
    "standby_for": gettext_noop("调剂的机组（备用机组）"),
    "gas_class": gettext_noop("燃气机组等级"),
    "members": gettext_noop("合并填报成员"),
    # facilities
    "category": gettext_noop("设施类别"),
    "code": gettext_noop("设施编号"),
    "model": gettext_noop("型号"),
    "boiler_type": gettext_noop("锅炉类型"),
    "capacity_tph": gettext_noop("生产能力（t/h）"),
    "turbine_type": gettext_noop("汽轮机类型"),
    "pressure_parameter": gettext_noop("压力参数"),
    "rated_power_mw": gettext_noop("额定功率（MW）"),
    "cooling": gettext_noop("排汽冷却方式"),
    "description": gettext_noop("说明"),
    "location": gettext_noop("设施安装位置"),
    "in_boundary": gettext_noop("是否纳入核算边界"),
    "remark": gettext_noop("备注说明"),
    # methods
    "measure_unit": gettext_noop("单位"),
    "method_type": gettext_noop("方式类型"),
    "device_model": gettext_noop("监测设备及型号"),
    "device_location": gettext_noop("监测设备安装位置"),
    "frequency": gettext_noop("监测频次"),
    "accuracy": gettext_noop("监测设备精度"),
    "calibration_frequency": gettext_noop("校准频次"),
    "missing_data": gettext_noop("数据缺失处理"),
    "record_frequency": gettext_noop("记录频次"),
    "record_keeping": gettext_noop("数据记录及管理"),
    "fuel_state": gettext_noop("燃料状态"),
    # texts and attachments
    "process_description": gettext_noop("生产工艺描述"),
    "boundary_description": gettext_noop("核算边界描述"),
    "qa_text": gettext_noop("数据内部质量控制和质量保证相关规定"),
    "sha256": gettext_noop("文件 SHA-256"),
    "revision_reason": gettext_noop("修订原因"),
    "revision_reason_text": gettext_noop("修订说明"),
}


@dataclass(frozen=True)
class Change:
    section: str
    row: str  # "" for single-record sections
    field: str
    old: Any
    new: Any

    @property
    def section_label(self) -> str:
        return SECTION_LABELS.get(self.section, self.section)

    @property
    def field_label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)

    @property
    def kind(self) -> str:
        if self.field == "*":
            return "added" if self.old is None else "removed"
        return "changed"


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every difference between two versions, section by section, rows in a stable order."""
    changes: list[Change] = []
    for field in ("revision_reason", "revision_reason_text"):
        if old.get(field) != new.get(field):
            changes.append(Change("revision", "", field, old.get(field), new.get(field)))
    changes += _fields("basic", "", old.get("basic", {}), new.get("basic", {}))
    changes += _fields("texts", "", old.get("texts", {}), new.get("texts", {}))
    for section in ("units", "facilities", "methods", "attachments"):
        a, b = old.get(section, {}), new.get(section, {})
        for row in sorted(set(a) | set(b)):
            if row not in a:
                changes.append(Change(section, row, "*", None, b[row]))
            elif row not in b:
                changes.append(Change(section, row, "*", a[row], None))
            else:
                changes += _fields(section, row, a[row], b[row])
    return changes


def _fields(section: str, row: str, a: dict[str, Any], b: dict[str, Any]) -> list[Change]:
    return [
        Change(section, row, field, a.get(field), b.get(field))
        for field in list(a) + [f for f in b if f not in a]
        if a.get(field) != b.get(field)
    ]
