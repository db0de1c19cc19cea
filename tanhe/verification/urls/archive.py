"""URLs of this step (filled by its views module)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
