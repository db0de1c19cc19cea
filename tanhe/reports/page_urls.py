"""Routes of the report pages (included by tanhe/reports/urls.py; names in ``reports``)."""

from django.urls import path

from tanhe.reports import heat_views, plan_views, views

urlpatterns = [
    path("", views.report_list, name="list"),
    path("create/", views.create, name="create"),
    path("<int:pk>/", views.view, name="view"),
    path("<int:pk>/edit/<slug:section>/", views.edit, name="edit"),
    path("<int:pk>/autocalc/", views.autocalc, name="autocalc"),
    path("<int:pk>/daily/<int:unit>/<slug:fuel>/<int:month>/", views.daily, name="daily"),
    path("<int:pk>/heat/<int:unit>/<int:month>/", heat_views.heat, name="heat"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/compare/", views.compare, name="compare"),
    path("<int:pk>/plan/", plan_views.plan_move, name="plan_move"),
]
