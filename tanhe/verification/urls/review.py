"""URLs of the review step (views/review.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
