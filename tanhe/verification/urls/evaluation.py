"""URLs of the campaign's end and the agency evaluation (views/evaluation.py)."""

from django.urls import URLPattern, path

from ..views import evaluation

urlpatterns: list[URLPattern] = [
    path("campaigns/<int:pk>/evaluation/", evaluation.evaluation, name="evaluation"),
    path("campaigns/<int:pk>/close/", evaluation.campaign_close, name="campaign_close"),
    path("campaigns/<int:pk>/evaluation/save/", evaluation.evaluation_save, name="evaluation_save"),
    path(
        "campaigns/<int:pk>/evaluation/publish/",
        evaluation.evaluation_publish,
        name="evaluation_publish",
    ),
]
