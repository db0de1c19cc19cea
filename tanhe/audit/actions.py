"""Every business action the audit log records (审计操作), in one enumeration.

The value is the code stored in ``AuditEntry.action`` (rows keep it for good: a code is never
renamed or reused); the label is how every page names the action. ``record()`` takes nothing else,
so a new action is added here first. A retired action leaves the enumeration, and its old rows
show their code.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Action(models.TextChoices):
    # 注册申请、激活码、账号、名录、人员: the account events page lists these
    REGISTRATION_SUBMIT = "registration.submit", _("提交注册申请")
    REGISTRATION_APPROVE = "registration.approve", _("批准注册申请")
    REGISTRATION_REJECT = "registration.reject", _("不予通过注册申请")
    REGISTRATION_SUPERSEDE = "registration.supersede", _("注册申请失效")
    ACCOUNT_OPEN = "account.open", _("开通报送账号")
    ACCOUNT_PASSWORD_CHANGE = "account.password_change", _("修改密码")
    ACTIVATION_CODE_ISSUE = "activation_code.issue", _("发放激活码")
    ACTIVATION_CODE_REVOKE = "activation_code.revoke", _("作废激活码")
    ACTIVATION_CODE_USE = "activation_code.use", _("使用激活码")
    REGISTRY_IMPORT = "registry.import", _("导入名录")
    REGISTRY_ENTERPRISE_CREATE = "registry.enterprise.create", _("名录新增单位")
    REGISTRY_ENTERPRISE_UPDATE = "registry.enterprise.update", _("名录更新单位")
    ENTERPRISE_CREATE = "enterprise.create", _("新增排放单位")
    ENTERPRISE_APPROVE = "enterprise.approve", _("启用排放单位")
    MEMBER_CREATE = "member.create", _("添加人员")
    MEMBER_ROLES = "member.roles", _("调整角色")

    # 质量控制计划: a version's 操作记录
    PLAN_CREATE = "plan.create", _("创建质量控制计划")
    PLAN_REVISE = "plan.revise", _("创建修订版本")
    PLAN_DELETE_DRAFT = "plan.delete_draft", _("删除草稿")
    PLAN_BASIC_UPDATE = "plan.basic.update", _("修改企业基本情况")
    PLAN_UNIT_ADD = "plan.unit.add", _("新增机组")
    PLAN_UNIT_UPDATE = "plan.unit.update", _("修改机组信息")
    PLAN_UNIT_DELETE = "plan.unit.delete", _("删除机组")
    PLAN_UNIT_MERGE = "plan.unit.merge", _("合并填报")
    PLAN_UNIT_STANDBY = "plan.unit.standby", _("设定备用机组")
    PLAN_UNIT_PRODUCT = "plan.unit.product", _("选择主要产品")
    PLAN_TEXT_UPDATE = "plan.text.update", _("修改文字说明")
    PLAN_FACILITY_ADD = "plan.facility.add", _("新增生产设施")
    PLAN_FACILITY_UPDATE = "plan.facility.update", _("修改生产设施")
    PLAN_FACILITY_DELETE = "plan.facility.delete", _("删除生产设施")
    PLAN_METHOD_UPDATE = "plan.method.update", _("修改数据的确定方式")
    PLAN_METHOD_SYNC = "plan.method.sync", _("同步填报数据的确定方式")
    PLAN_ATTACHMENT_ADD = "plan.attachment.add", _("上传附件")
    PLAN_ATTACHMENT_REMOVE = "plan.attachment.remove", _("删除附件")
    PLAN_SUBMIT = "plan.submit", _("提交")
    PLAN_COMMENT = "plan.comment", _("填写意见")
    PLAN_APPROVE = "plan.approve", _("审核通过")
    PLAN_RETURN = "plan.return", _("退回补正")

    # 排放报告: the month's trail shows its value changes, seals and supporting files
    REPORT_CREATE = "report.create", _("创建排放报告")
    REPORT_CONTACT = "report.contact", _("修改报告联系人")
    REPORT_SPLIT_ELECTRICITY = "report.split_electricity", _("修改外购电量分机组方式")
    REPORT_ALLOCATED_FUEL = "report.allocated_fuel", _("修改辅助燃料按机组发电量分配")
    REPORT_DELETE = "report.delete", _("删除报告草稿")
    REPORT_CELLS = "report.cells", _("修改数值")
    REPORT_AUTOCALC = "report.autocalc", _("自动计算")
    REPORT_DAILY = "report.daily", _("日消耗记录")
    REPORT_HEAT = "report.heat", _("供热计量")
    REPORT_TEST_RECORD = "report.test_record", _("确定方式表")
    REPORT_IMPORT_EXCEL = "report.import.excel", _("导入 Excel 填报表")
    REPORT_IMPORT_JSON = "report.import.json", _("导入 JSON 数据")
    REPORT_EVIDENCE_ADD = "report.evidence.add", _("上传报告附件")
    REPORT_EVIDENCE_REMOVE = "report.evidence.remove", _("删除报告附件")
    REPORT_VALUE_EVIDENCE_ADD = "report.value_evidence.add", _("上传支撑材料")
    REPORT_VALUE_EVIDENCE_REMOVE = "report.value_evidence.remove", _("删除支撑材料")
    REPORT_MONTH_SEAL = "report.month.seal", _("存证")
    REPORT_MONTH_AMEND = "report.month.amend", _("申请修改")
    REPORT_PLAN_MOVE = "report.plan_move", _("迁移到新版质量控制计划")
    REPORT_PLAN_CLEARED = "report.plan_cleared", _("清除计划修改后无处存放的数值")
    REPORT_DECLARE = "report.declare", _("填写声明")
    REPORT_STAMPED_PDF = "report.stamped_pdf", _("上传盖章扫描版报告")
    REPORT_SUBMIT = "report.submit", _("提交排放报告")
    REPORT_RETURN = "report.return", _("排放报告退回补正")
    REPORT_COMMENT = "report.comment", _("排放报告审核意见")
    REPORT_ACCEPT = "report.accept", _("排放报告审核通过")
    REPORT_FINAL = "report.final", _("创建终版排放报告")

    # 数据筛查 (the authority's province-wide screening)
    SCREENING_START = "screening.start", _("发起数据筛查")
    SCREENING_RESUME = "screening.resume", _("恢复中断的数据筛查")
    SCREENING_FINISH = "screening.finish", _("数据筛查结束")

    # 核查 (tanhe.verification): arrangement, team, document review, on-site, sampling,
    # non-conformities, confirmed values
    CAMPAIGN_CREATE = "campaign.create", _("创建年度核查工作")
    TASK_ASSIGN = "task.assign", _("分配核查任务")
    TASK_REASSIGN = "task.reassign", _("重新分配核查任务")
    TASK_ACCEPT = "task.accept", _("接受核查任务")
    TASK_DECLINE = "task.decline", _("拒绝核查任务")
    TEAM_DECLARE = "team.declare", _("提交公正性声明")
    TEAM_ADD = "team.add", _("加入核查组")
    TEAM_REMOVE = "team.remove", _("移出核查组")
    TEAM_REVIEWER = "team.reviewer", _("指定技术复核人")
    REVIEW_START = "review.start", _("开始文件评审")
    REVIEW_RECORD = "review.record", _("填写核查记录")
    REVIEW_CONCLUDE = "review.conclude", _("作出评审条目结论")
    REVIEW_FINDING = "review.finding", _("确认或排除自动核验发现")
    REVIEW_FOCUS = "review.focus", _("确定现场核查重点")
    ONSITE_SAVE = "onsite.save", _("保存现场核查计划")
    ONSITE_NOTIFY = "onsite.notify", _("通知重点排放单位现场核查")
    REMOTE_REQUEST = "remote.request", _("申请远程核查")
    REMOTE_DECIDE = "remote.decide", _("审批远程核查")
    SAMPLE_DRAW = "sample.draw", _("抽样")
    SAMPLE_ESCALATE = "sample.escalate", _("扩大抽样")
    SAMPLE_CHECK = "sample.check", _("核对抽样记录")
    NC_CREATE = "nc.create", _("填写不符合项")
    NC_ISSUE = "nc.issue", _("开具不符合项清单")
    NC_ANSWER = "nc.answer", _("提交不符合项整改")
    NC_CLOSE = "nc.close", _("关闭不符合项")
    NC_REJECT = "nc.reject", _("不符合项整改未通过")
    VALUE_CONFIRM = "value.confirm", _("确认核查数值")
    VALUE_CONSERVATIVE = "value.conservative", _("保守处理核查数值")
    VALUES_CONFIRMED = "values.confirmed", _("核查数据确认完成")
    VREPORT_CREATE = "vreport.create", _("编写核查报告")
    VREPORT_TEXT = "vreport.text", _("填写核查报告说明")
    VREPORT_SEND = "vreport.send", _("核查报告送内部技术评审")
    VREPORT_RETURN = "vreport.return", _("内部技术评审退回")
    VREPORT_APPROVE = "vreport.approve", _("内部技术评审通过")
    VREPORT_SUBMIT = "vreport.submit", _("提交核查报告")
    ESTIMATE_PREPARE = "estimate.prepare", _("保守测算排放量")
    RECHECK_ORDER = "recheck.order", _("发起复查")
    RECHECK_CONCLUDE = "recheck.conclude", _("记录复查结论")
    RESULT_NOTIFY = "result.notify", _("告知核查结果")
    RESULT_ACKNOWLEDGE = "result.acknowledge", _("确认收悉核查结果")
    APPEAL_FILE = "appeal.file", _("申请复核")
    APPEAL_ASSESS = "appeal.assess", _("记录复核技术论证")
    APPEAL_DECIDE = "appeal.decide", _("作出复核结论")
    CAMPAIGN_CLOSE = "campaign.close", _("结束年度核查工作")
    EVALUATION_SAVE = "evaluation.save", _("填写技术服务机构评价")
    EVALUATION_PUBLISH = "evaluation.publish", _("公开技术服务机构信息公开表")
    ARCHIVE_EXPORT = "archive.export", _("导出核查档案")

    # 工作日历 (the national working-day calendar, tanhe/workdays/)
    WORKDAYS_YEAR_CREATE = "workdays.year.create", _("新增工作日历年度")
    WORKDAYS_YEAR_PUBLISH = "workdays.year.publish", _("发布工作日历年度")
    WORKDAYS_YEAR_UNPUBLISH = "workdays.year.unpublish", _("撤回发布工作日历年度")
    WORKDAYS_DAY_SET = "workdays.day.set", _("设置工作日历日期")
    WORKDAYS_DAY_REMOVE = "workdays.day.remove", _("删除工作日历日期")

    # 文件
    FILE_UPLOAD = "file.upload", _("上传文件")


def action_choices() -> Sequence[tuple[str, StrOrPromise]]:
    """``AuditEntry.action``'s choices, by reference: the migration names this function, so a new
    action or label needs no migration."""
    return Action.choices
