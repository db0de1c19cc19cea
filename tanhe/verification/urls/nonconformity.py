"""URLs of the nonconformity step (views/nonconformity.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
