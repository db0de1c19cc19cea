"""URLs of the archive step (views/archive.py)."""

from django.urls import URLPattern, path

from ..views import archive as views

urlpatterns: list[URLPattern] = [
    path("tasks/<int:pk>/archive/", views.archive, name="archive"),
    path("tasks/<int:pk>/archive/download/", views.download, name="archive_download"),
]
