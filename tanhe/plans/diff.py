"""修订记录: a field-by-field comparison of two versions' content (``selectors.plan_content``).

Pure: takes two content dicts, returns the changes with Chinese labels for section, row and field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SECTION_LABELS = {
    "basic": "企业基本情况",
    "units": "机组信息",
    "facilities": "生产设施",
    "methods": "数据的确定方式",
    "texts": "文字说明",
    "attachments": "上传附件",
    "revision": "修订信息",
}
FIELD_LABELS = {
    # basic
    "name": "名称",
    "code_type": "代码类型",
    "credit_code": "统一社会信用代码",
    "permit_number": "排污许可证号",
    "registered_address": "注册地址",
    "production_address": "生产经营场所地址",
    "registration_date": "企业注册日期",
    "registered_capital": "注册资本（万元）",
    "nature": "单位性质",
    "legal_representative": "法定代表人",
    "province": "省份",
    "city": "城市",
    "district": "区县",
    "postcode": "邮政编码",
    "industry_code": "行业代码",
    "latitude": "纬度",
    "longitude": "经度",
    "plan_author": "计划制定人",
    "contact_person": "联系人",
    "contact_phone": "联系电话",
    "contact_email": "电子邮箱",
    "authority_name": "报送主管部门",
    # units
    "industry": "行业类别",
    "unit_type": "机组类型",
    "subtype": "机组类型细分",
    "fuel_type": "发电燃料类型",
    "fuel_names": "燃料名称",
    "capacity_mw": "装机容量（MW）",
    "data_source": "数据来源",
    "main_product": "主要产品",
    "is_merged": "合并填报",
    "merge_reason": "合并填报原因",
    "members": "合并填报成员",
    # facilities
    "category": "设施类别",
    "code": "设施编号",
    "model": "型号",
    "boiler_type": "锅炉类型",
    "capacity_tph": "生产能力（t/h）",
    "turbine_type": "汽轮机类型",
    "pressure_parameter": "压力参数",
    "rated_power_mw": "额定功率（MW）",
    "cooling": "排汽冷却方式",
    "description": "说明",
    "location": "设施安装位置",
    "in_boundary": "是否纳入核算边界",
    "remark": "备注说明",
    # methods
    "measure_unit": "单位",
    "method_type": "方式类型",
    "device_model": "监测设备及型号",
    "device_location": "监测设备安装位置",
    "frequency": "监测频次",
    "accuracy": "监测设备精度",
    "calibration_frequency": "校准频次",
    "missing_data": "数据缺失处理",
    # texts and attachments
    "process_description": "生产工艺描述",
    "boundary_description": "核算边界描述",
    "qa_text": "数据内部质量控制和质量保证相关规定",
    "sha256": "文件 SHA-256",
    "revision_reason": "修订原因",
    "revision_reason_text": "修订说明",
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
