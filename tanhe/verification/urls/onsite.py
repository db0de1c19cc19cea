"""URLs of the onsite step (views/onsite.py)."""

from django.urls import URLPattern, path

from ..views import onsite

urlpatterns: list[URLPattern] = [
    path("tasks/<int:pk>/onsite/", onsite.onsite, name="onsite"),
    path("tasks/<int:pk>/onsite/plan/", onsite.plan_save, name="onsite_plan_save"),
    path("tasks/<int:pk>/onsite/notify/", onsite.plan_notify, name="onsite_notify"),
    path("tasks/<int:pk>/onsite/remote/", onsite.remote_request, name="onsite_remote_request"),
    path(
        "tasks/<int:pk>/onsite/remote/approve/", onsite.remote_approve, name="onsite_remote_approve"
    ),
    path("tasks/<int:pk>/onsite/remote/refuse/", onsite.remote_refuse, name="onsite_remote_refuse"),
    path("tasks/<int:pk>/samples/draw/", onsite.sample_draw, name="sample_draw"),
    path("tasks/<int:pk>/samples/<int:sample_pk>/check/", onsite.sample_check, name="sample_check"),
    path("plant/tasks/<int:pk>/onsite/", onsite.plant_onsite, name="plant_onsite"),
]
