"""Routes of this area (included by tanhe/reports/urls.py): the emission report as PDF."""

from django.urls import path

from tanhe.reports.views import submission

urlpatterns = [
    path("<int:pk>/pdf/", submission.report_pdf, name="pdf"),
]
