"""URLs of the values step (views/values.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
