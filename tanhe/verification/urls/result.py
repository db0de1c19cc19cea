"""URLs of the result step (views/result.py): 复查, notification, acknowledgement, 保守测算."""

from django.urls import URLPattern, path

from ..views import result as views

urlpatterns: list[URLPattern] = [
    path("tasks/<int:pk>/result/", views.result, name="result"),
    path("tasks/<int:pk>/result/recheck/", views.recheck_order, name="result_recheck_order"),
    path(
        "tasks/<int:pk>/result/recheck/conclude/",
        views.recheck_conclude,
        name="result_recheck_conclude",
    ),
    path("tasks/<int:pk>/result/notify/", views.notify, name="result_notify"),
    path("tasks/<int:pk>/result/acknowledge/", views.acknowledge, name="result_acknowledge"),
    path("tasks/<int:pk>/result/estimate/", views.estimate, name="result_estimate"),
]
