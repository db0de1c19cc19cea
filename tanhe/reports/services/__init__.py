"""Business actions on the annual report and the monthly 存证, one module per concern. Each action
is one transaction that checks permission and state, changes, and writes its audit row
(tanhe.audit).

Rules by source:
- report creation gated on a submitted plan: seed 000 FAQ 2 (质量控制计划提交后，方可创建…);
- decimals of each cell: the national form's 填表说明 (``parameters/rounding.toml``);
- 自动计算 overwrites only after confirmation: seed 000 燃料信息表 (再次点击自动计算…会重新覆盖);
- monthly 存证 within 40 days of month end: accounting-rules §11 (环办气候函〔2022〕111号);
- submitted reports are immutable; 退回补正 creates the next version;
- 终版 after verification, from the accepted version: seed 000 part 3 提交报告
  (在整改内容得到核查组的认可后，企业应修改并在系统提交终版排放报告).
"""

from ..models import TEST_FIELDS
from ._common import (
    CONTACT_FIELDS,
    MEMBER_ROW,
    PDF_ONLY,
    PLANT_NAME,
    SOURCE_MAX,
    CellErrors,
    StampedScanRefused,
    SubmissionRefused,
    copy_version,
    plan_in_force,
)
from .autocalc import AutocalcOutcome, Change, autocalc, changes_fingerprint
from .binding import ValuesHeld
from .cells import CellInput, place_of, save_cells
from .daily import DailyInput, save_daily_records
from .determination import (
    DeterminationErrors,
    DeterminationInput,
    save_test_record,
    save_test_records,
)
from .evidence import add_evidence, add_value_evidence, remove_evidence, remove_value_evidence
from .final import create_final_version, final_version
from .heat import (
    HEAT_LABEL_MAX,
    HEAT_NUMBER_DECIMALS,
    HeatInput,
    save_heat_measurements,
)
from .monthly import amend_month, filing_deadline, month_content, seal_month
from .plan_move import MoveOutcome, MovePreview, move_preview, move_report_to_plan, newer_plan
from .report import (
    create_report,
    delete_draft,
    set_allocated_fuel,
    set_split_electricity,
    update_contact,
)
from .review import accept, comment, return_for_correction
from .submission import declare, submit, upload_stamped_pdf

__all__ = [
    "CONTACT_FIELDS",
    "HEAT_LABEL_MAX",
    "HEAT_NUMBER_DECIMALS",
    "MEMBER_ROW",
    "PDF_ONLY",
    "PLANT_NAME",
    "SOURCE_MAX",
    "TEST_FIELDS",
    "AutocalcOutcome",
    "CellErrors",
    "CellInput",
    "Change",
    "DailyInput",
    "DeterminationErrors",
    "DeterminationInput",
    "HeatInput",
    "MoveOutcome",
    "MovePreview",
    "StampedScanRefused",
    "SubmissionRefused",
    "ValuesHeld",
    "accept",
    "add_evidence",
    "add_value_evidence",
    "amend_month",
    "autocalc",
    "changes_fingerprint",
    "comment",
    "copy_version",
    "create_final_version",
    "create_report",
    "declare",
    "delete_draft",
    "filing_deadline",
    "final_version",
    "month_content",
    "move_preview",
    "move_report_to_plan",
    "newer_plan",
    "place_of",
    "plan_in_force",
    "remove_evidence",
    "remove_value_evidence",
    "return_for_correction",
    "save_cells",
    "save_daily_records",
    "save_heat_measurements",
    "save_test_record",
    "save_test_records",
    "seal_month",
    "set_allocated_fuel",
    "set_split_electricity",
    "submit",
    "update_contact",
    "upload_stamped_pdf",
]
