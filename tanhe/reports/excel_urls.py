"""Routes of this area (included by tanhe/reports/urls.py)."""

urlpatterns: list = []
