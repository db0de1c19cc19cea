"""/public/: the disclosure pages (guide §7), open without login."""

from django.urls import URLPattern

app_name = "disclosure"
urlpatterns: list[URLPattern] = []
