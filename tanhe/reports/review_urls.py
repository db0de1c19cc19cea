"""The authority's review of annual reports (mounted at /review/reports/)."""

app_name = "report_review"
urlpatterns: list = []
