"""Routes of this area (included by tanhe/reports/urls.py): the emission report as PDF."""

from django.urls import path

from tanhe.reports import pdf_views

urlpatterns = [
    path("<int:pk>/pdf/", pdf_views.report_pdf, name="pdf"),
]
