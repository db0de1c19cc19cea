"""How the account events page names each audit action (the rows themselves keep the code)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise] = {
    "registration.submit": _("提交注册申请"),
    "registration.approve": _("批准注册申请"),
    "registration.reject": _("不予通过注册申请"),
    "registration.supersede": _("注册申请失效"),
    "account.open": _("开通报送账号"),
    "account.password_change": _("修改密码"),
    "activation_code.issue": _("发放激活码"),
    "activation_code.revoke": _("作废激活码"),
    "activation_code.use": _("使用激活码"),
    "registry.import": _("导入名录"),
    "registry.enterprise.create": _("名录新增单位"),
    "registry.enterprise.update": _("名录更新单位"),
    "enterprise.create": _("新增排放单位"),
    "enterprise.approve": _("启用排放单位"),
    "member.create": _("添加人员"),
    "member.roles": _("调整角色"),
}


def action_label(action: str) -> str:
    """The label of an audit action, or the action's code when it has none."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action
