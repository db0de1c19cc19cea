"""The working-day calendar (mounted at /workdays/)."""

from django.urls import path

from . import views

app_name = "workdays"
urlpatterns = [
    path("", views.index, name="index"),
    path("years/", views.create_year, name="create_year"),
    path("<int:year>/", views.year_detail, name="year"),
    path("<int:year>/days/", views.set_day, name="set_day"),
    path("<int:year>/days/<int:pk>/remove/", views.remove_day, name="remove_day"),
    path("<int:year>/publish/", views.publish, name="publish"),
    path("<int:year>/unpublish/", views.unpublish, name="unpublish"),
]
