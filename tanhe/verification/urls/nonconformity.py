"""URLs of the nonconformity step (views/nonconformity.py): the team's list and the plant's page."""

from django.urls import URLPattern, path

from ..views import nonconformity as views

urlpatterns: list[URLPattern] = [
    path("tasks/<int:pk>/nonconformities/", views.nonconformities, name="nonconformities"),
    path("tasks/<int:pk>/nonconformities/new/", views.create, name="nc_create"),
    path("tasks/<int:pk>/nonconformities/issue/", views.issue, name="nc_issue"),
    path("tasks/<int:pk>/nonconformities/<int:number>/close/", views.close, name="nc_close"),
    path("tasks/<int:pk>/nonconformities/<int:number>/reject/", views.reject, name="nc_reject"),
    path("plant/", views.plant, name="plant"),
    path("plant/nonconformities/<int:nc_pk>/answer/", views.answer, name="plant_answer"),
    path("plant/tasks/<int:task_pk>/final/", views.start_final, name="plant_final"),
]
