"""Routes of this area (included by tanhe/reports/urls.py): 月度信息化存证. A month's page is
GET only; each of its forms posts to an action of its own."""

from django.urls import path

from tanhe.reports.views import monthly, monthly_actions

urlpatterns: list = [
    path("<int:pk>/months/", monthly.months, name="months"),
    path("<int:pk>/months/<int:month>/", monthly.month, name="month"),
    path("<int:pk>/months/<int:month>/save/", monthly_actions.month_save, name="month_save"),
    path(
        "<int:pk>/months/<int:month>/evidence/",
        monthly_actions.month_evidence,
        name="month_evidence",
    ),
    path("<int:pk>/months/<int:month>/seal/", monthly_actions.month_seal, name="month_seal"),
    path("<int:pk>/months/<int:month>/amend/", monthly_actions.month_amend, name="month_amend"),
]
