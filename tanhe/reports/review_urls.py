"""The authority's review of annual reports (mounted at /review/reports/)."""

from django.urls import path

from tanhe.reports.views import review as views

app_name = "report_review"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/return/", views.return_for_correction, name="return"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/comment/", views.add_comment, name="comment"),
]
