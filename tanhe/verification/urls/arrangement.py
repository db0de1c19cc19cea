"""URLs of the arrangement step (views/arrangement.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
