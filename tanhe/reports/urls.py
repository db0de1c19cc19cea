"""The annual report's URLs (mounted at /reports/, namespace ``reports``). Each area keeps its
own route module; their names share this namespace."""

from django.urls import include, path

app_name = "reports"
urlpatterns = [
    path("", include("tanhe.reports.page_urls")),  # list, sections, submission, versions
    path("", include("tanhe.reports.excel_urls")),  # .xlsx template, import, export; JSON import
    path("", include("tanhe.reports.pdf_urls")),  # the emission report as PDF
    path("", include("tanhe.reports.monthly_urls")),  # 月度存证
]
