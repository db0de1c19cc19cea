"""What a submitted report freezes. The database triggers are generated from this list
(tanhe/frozen.py) and kept in a migration; tests/test_frozen.py fails when a model hanging from
``Report`` is neither listed here nor exempted, or when the migration differs from the list."""

from __future__ import annotations

from tanhe.frozen import Child, Exempt, Freeze

from .models import FROZEN_STATES, TRANSITIONS, ReportState

FREEZE = Freeze(
    model="reports.Report",
    states=tuple(s.value for s in ReportState if s in FROZEN_STATES),
    transitions=TRANSITIONS,
    message="report version is submitted and cannot be changed",
    writable=("updated_at",),
    children=(
        Child("reports.ReportCell", ("report",), per_statement=True),  # ~1,000 rows a save
        Child("reports.TestRecord", ("report",)),
        Child("reports.ReportEvidence", ("report",)),
        Child("reports.DailyFuelRecord", ("report",)),
        Child("reports.HeatMeasurement", ("report",)),
        Child("reports.AllocatedFuel", ("report",)),
    ),
    exempt=(
        Exempt(
            "reports.ReportSubmission",
            "the snapshot, written once by services.submission.submit; its SHA-256 shows any "
            "later change (pdf.render_report vouches only for an intact one). Not frozen by the "
            "database so far: freezing it is a separate decision",
        ),
        Exempt(
            "authority.ScreeningFinding",
            "the authority's screening (tanhe.authority.screening) records its findings on "
            "submitted versions; it never changes the report",
        ),
        Exempt(
            "verification.Task",
            "a verification task names the submitted version it verifies; it never changes it "
            "(tanhe.verification)",
        ),
        Exempt(
            "reports.ReportFigures",
            "the review list's total and warnings count of a submitted version, worked out once "
            "from it (reports.review_list.figures); never a value of the report",
        ),
        Exempt(
            "reports.ReportComment",
            "the authority writes its 退回补正 comment and its comments at a place on the "
            "submitted version (services.review.return_for_correction, comment)",
        ),
    ),
)
