"""The enterprise's 质量控制计划 pages (mounted at /plans/)."""

from django.urls import path

from tanhe.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("create/", views.create, name="create"),
    path("diff/", views.compare, name="diff"),
    path("<int:pk>/", views.view, name="view"),
    path("<int:pk>/comments/", views.comments, name="comments"),
    path("<int:pk>/edit/<slug:section>/", views.edit, name="edit"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
]
