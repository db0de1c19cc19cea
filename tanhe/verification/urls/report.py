"""URLs of the report step (views/report.py): the team's page, the technical reviewer's page,
the downloads."""

from django.urls import URLPattern, path

from ..views import report as views

urlpatterns: list[URLPattern] = [
    path("tasks/<int:pk>/report/", views.report, name="report"),
    path("tasks/<int:pk>/report/create/", views.create, name="report_create"),
    path("tasks/<int:pk>/report/text/", views.save_text, name="report_text"),
    path("tasks/<int:pk>/report/send/", views.send, name="report_send"),
    path("tasks/<int:pk>/report/review/", views.review, name="report_review"),
    path("tasks/<int:pk>/report/return/", views.return_report, name="report_return"),
    path("tasks/<int:pk>/report/approve/", views.approve, name="report_approve"),
    path("tasks/<int:pk>/report/submit/", views.submit, name="report_submit"),
    path("tasks/<int:pk>/report/download/<str:kind>/", views.download, name="report_download"),
]
