"""The enterprise's pages for the 数据质量控制计划 (报送系统 报送-数据质量控制计划), one module per
concern:

- ``versions``: the list of versions, 创建/修订, deleting a draft, 提交;
- ``read``: 查看, 意见 and 修订记录;
- ``editor``: the eight sections' pages (GET);
- ``sections`` (those of one form each), ``units``, ``facilities``, ``methods``, ``attachments``:
  each posted action of the editor, one handler (and one URL) each, wrapped by
  ``common.editor_action``.

Thin: a view authorises, lets a form parse the input, calls the service and redirects
(POST-redirect-GET); a service's ``ValidationError`` is shown next to its field; a frozen version
is refused by the service and shown read-only. No view opens a transaction.
"""

from tanhe.plans.views.attachments import attachment_delete, attachment_upload
from tanhe.plans.views.common import SECTION_KEYS
from tanhe.plans.views.editor import edit
from tanhe.plans.views.facilities import facility_add, facility_delete, facility_save
from tanhe.plans.views.methods import methods_save, methods_sync
from tanhe.plans.views.read import comments, compare, view
from tanhe.plans.views.sections import basic_save, boundary_save, products_save, qa_save
from tanhe.plans.views.units import (
    unit_add,
    unit_delete,
    unit_save,
    unit_standby,
    unit_unmerge,
    units_merge,
    units_merge_preview,
)
from tanhe.plans.views.versions import create, delete, plan_list, submit

__all__ = [
    "SECTION_KEYS",
    "attachment_delete",
    "attachment_upload",
    "basic_save",
    "boundary_save",
    "comments",
    "compare",
    "create",
    "delete",
    "edit",
    "facility_add",
    "facility_delete",
    "facility_save",
    "methods_save",
    "methods_sync",
    "plan_list",
    "products_save",
    "qa_save",
    "submit",
    "unit_add",
    "unit_delete",
    "unit_save",
    "unit_standby",
    "unit_unmerge",
    "units_merge",
    "units_merge_preview",
    "view",
]
