"""Routes of this area (included by tanhe/reports/urls.py): the report's Excel template, import
and export, and the JSON import and export. Names (namespace ``reports``), all taking ``pk``:
``excel_import`` (GET page / POST .xlsx), ``excel_template``, ``excel_export``, ``json_import``,
``json_export`` (the ``tanhe.plant-year/1`` download)."""

from django.urls import path

from .views import excel as views

urlpatterns = [
    path("<int:pk>/excel/", views.excel_import, name="excel_import"),
    path("<int:pk>/excel/template/", views.template, name="excel_template"),
    path("<int:pk>/excel/export/", views.export, name="excel_export"),
    path("<int:pk>/json/", views.json_import, name="json_import"),
    path("<int:pk>/json/export/", views.json_export, name="json_export"),
]
