"""The authority's 数据筛查 (mounted at /screening/)."""

from django.urls import path

from . import views

app_name = "screening"
urlpatterns = [
    path("", views.index, name="index"),
    path("start/", views.start, name="start"),
    path("<int:pk>/", views.run_detail, name="run"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/export.csv", views.export_csv, name="export_csv"),
    path("<int:pk>/export.xlsx", views.export_xlsx, name="export_xlsx"),
]
