"""The emission report (排放报告) as a PDF: the document the enterprise downloads, prints, stamps
and uploads again (提交确认), and that anyone who may see the report can download.

Sections follow the national form: 基本信息, 燃料信息表, 购入使用电量表, 生产数据表, 确定方式表,
生产设施表, 信息汇总表, 附件清单, 声明. The month tables are set on landscape pages; when the 12
months and the year column do not fit the page width, they are split into consecutive parts (two
halves first) so that no value is ever cut. Nothing is computed here: every value is a stored
cell's text, a selector's value (``selectors.grid`` with the engine result of
``calculation.compute``, ``selectors.summary``) or the evidence list of
``selectors.report_content``.

Every page carries the enterprise, the year and the version in its header and, in its footer, the
page number ("第 N 页 / 共 M 页") and the first 16 hex digits of the data fingerprint: SHA-256 of
the canonical JSON of ``selectors.report_content(report)`` (sorted keys, UTF-8, Chinese not
escaped; the same form as the submission snapshot's). The last page prints the whole hash.

The document is the national form, so it is always Chinese (rendered under ``zh-hans`` whatever
the user's language). Chinese text uses the WenQuanYi Micro Hei TrueType font, embedded as a
subset (``tanhe.documents.fonts.cjk_font``); without it the PDF is refused rather than produced
with a font reference the reader may not have. Output is deterministic: the same data gives the
same bytes.

One module per job: :mod:`.render` (the file: font, names, fingerprint), :mod:`.builder` (pages
and the story), :mod:`.page` (page furniture), :mod:`.base` (styles and measures) and one per
group of sections: :mod:`.cover`, :mod:`.months`, :mod:`.tables`, :mod:`.declaration`.
"""

from .render import FontMissing, ReportPdf, embedded_font, filenames, render_report

__all__ = ["FontMissing", "ReportPdf", "embedded_font", "filenames", "render_report"]
