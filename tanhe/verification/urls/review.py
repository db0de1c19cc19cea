"""URLs of the review step (views/review.py)."""

from django.urls import URLPattern, path

from ..views import review

urlpatterns: list[URLPattern] = [
    path("tasks/<int:pk>/review/", review.review, name="review"),
    path("tasks/<int:pk>/review/start/", review.start, name="review_start"),
    path("tasks/<int:pk>/review/items/<int:item>/records/", review.record, name="review_record"),
    path(
        "tasks/<int:pk>/review/items/<int:item>/conclusion/",
        review.conclusion,
        name="review_conclude",
    ),
    path("tasks/<int:pk>/review/findings/<int:finding>/", review.finding, name="review_finding"),
    path("tasks/<int:pk>/review/focus/", review.focus, name="review_focus"),
]
