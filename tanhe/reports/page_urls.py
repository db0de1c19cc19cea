"""Routes of the report pages (included by tanhe/reports/urls.py; names in ``reports``). The
editor's pages are GET only; each form on them posts to an action of its own (one handler
each)."""

from django.urls import path

from tanhe.reports.views import (
    daily,
    determination,
    editor,
    evidence,
    heat,
    plan_move,
    read,
    submission,
    tables,
    versions,
)

urlpatterns = [
    path("", versions.report_list, name="list"),
    path("create/", versions.create, name="create"),
    path("<int:pk>/", read.view, name="view"),
    path("<int:pk>/compare/", read.compare, name="compare"),
    path("<int:pk>/delete/", versions.delete, name="delete"),
    path("<int:pk>/final/", versions.final, name="final"),
    path("<int:pk>/edit/<slug:section>/", editor.edit, name="edit"),
    # the editor's actions
    path("<int:pk>/basic/save/", editor.basic_save, name="basic_save"),
    path("<int:pk>/tables/<slug:section>/save/", tables.table_save, name="table_save"),
    path("<int:pk>/tables/<slug:section>/autocalc/", tables.table_autocalc, name="table_autocalc"),
    path("<int:pk>/electricity/split/", tables.split_electricity, name="split_electricity"),
    path("<int:pk>/fuel/allocate/", tables.allocate_fuel, name="allocate_fuel"),
    path("<int:pk>/autocalc/", tables.autocalc, name="autocalc"),
    path("<int:pk>/tests/save/", determination.tests_save, name="tests_save"),
    path("<int:pk>/evidence/upload/", evidence.evidence_upload, name="evidence_upload"),
    path(
        "<int:pk>/evidence/<int:evidence>/delete/",
        evidence.evidence_delete,
        name="evidence_delete",
    ),
    path("<int:pk>/declaration/save/", submission.declaration_save, name="declaration_save"),
    path("<int:pk>/stamped/upload/", submission.stamped_upload, name="stamped_upload"),
    path("<int:pk>/submit/", submission.submit, name="submit"),
    # a month's records behind the tables, the plan
    path("<int:pk>/daily/<int:unit>/<slug:fuel>/<int:month>/", daily.daily, name="daily"),
    path("<int:pk>/heat/<int:unit>/<int:month>/", heat.heat, name="heat"),
    path("<int:pk>/plan/", plan_move.plan_move, name="plan_move"),
]
