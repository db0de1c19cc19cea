"""URLs of the onsite step (views/onsite.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
