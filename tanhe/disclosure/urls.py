"""/public/: the disclosure pages (guide §7), open without login."""

from django.urls import URLPattern, path

from . import views

app_name = "disclosure"
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("<str:province>/<int:year>/", views.campaign, name="campaign"),
    path("<str:province>/<int:year>/<slug:table>.csv", views.table_csv, name="csv"),
]
