"""Routes of this area (included by tanhe/reports/urls.py): 月度信息化存证."""

from django.urls import path

from tanhe.reports import monthly_views

urlpatterns: list = [
    path("<int:pk>/months/", monthly_views.months, name="months"),
    path("<int:pk>/months/<int:month>/", monthly_views.month, name="month"),
]
