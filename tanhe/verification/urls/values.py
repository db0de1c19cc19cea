"""URLs of the values step (views/values.py)."""

from django.urls import URLPattern, path

from ..views import values as views

urlpatterns: list[URLPattern] = [
    path("tasks/<int:pk>/values/", views.values, name="values"),
    path("tasks/<int:pk>/values/confirm/", views.confirm, name="value_confirm"),
    path("tasks/<int:pk>/values/conservative/", views.conservative, name="value_conservative"),
    path("tasks/<int:pk>/values/finish/", views.finish, name="values_finish"),
]
