"""/verification/: one URL module per step, each owned by its views module."""

from django.urls import path

from ..views import home
from . import (
    appeal,
    archive,
    arrangement,
    evaluation,
    nonconformity,
    onsite,
    report,
    result,
    review,
    values,
)

app_name = "verification"
urlpatterns = [
    path("", home.home, name="home"),
    path("tasks/<int:pk>/", home.task, name="task"),
    *arrangement.urlpatterns,
    *review.urlpatterns,
    *onsite.urlpatterns,
    *nonconformity.urlpatterns,
    *values.urlpatterns,
    *report.urlpatterns,
    *result.urlpatterns,
    *appeal.urlpatterns,
    *evaluation.urlpatterns,
    *archive.urlpatterns,
]
