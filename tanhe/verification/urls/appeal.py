"""URLs of the 复核 step (views/appeal.py): one page per task for the plant, the authority and
the agency; the plant's application and the authority's assessment and decision."""

from django.urls import URLPattern, path

from ..views import appeal as views

urlpatterns: list[URLPattern] = [
    path("tasks/<int:pk>/appeals/", views.appeals, name="appeals"),
    path("tasks/<int:pk>/appeals/file/", views.file, name="appeal_file"),
    path("tasks/<int:pk>/appeals/assess/start/", views.assess_start, name="appeal_assess_start"),
    path("tasks/<int:pk>/appeals/assess/end/", views.assess_end, name="appeal_assess_end"),
    path("tasks/<int:pk>/appeals/decide/", views.decide, name="appeal_decide"),
]
