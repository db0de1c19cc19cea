"""The report's workbook and interchange JSON, between the database and :mod:`tanhe.reports.excel`:
the template and the export are built from the report; an imported Excel template or
``tanhe.plant-year/1`` document becomes one all-or-nothing save through the report services
(``save_cells`` once, then 确定方式表 records and daily records), inside one transaction.

Rules (docs/report-excel.md): only the enterprise's filer imports, into an editable draft; every
problem of a file is listed and nothing is saved while any remains; sealed months are refused by
``save_cells`` and its message is shown.

One module per job: :mod:`.workbook` (the report as its workbook: template and export),
:mod:`.excel_import` and :mod:`.json_import` (a file becomes one save), and :mod:`._common`
(what both imports share: the guard, the size limit, the entries, the audit row).
"""

from ._common import MAX_JSON_BYTES, Imported, upload_limit
from .excel_import import import_excel
from .json_import import import_json
from .workbook import (
    WORKBOOK_LANGUAGE,
    XLSX_MIME,
    book_for,
    export_bytes,
    file_name,
    template_bytes,
)

__all__ = [
    "MAX_JSON_BYTES",
    "WORKBOOK_LANGUAGE",
    "XLSX_MIME",
    "Imported",
    "book_for",
    "export_bytes",
    "file_name",
    "import_excel",
    "import_json",
    "template_bytes",
    "upload_limit",
]
