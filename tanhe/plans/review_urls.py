"""The authority's review pages, mounted at /review/ (config/urls.py)."""

from django.urls import path

from tanhe.plans import review_views as views

app_name = "review"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/comment/", views.decide, {"action": "comment"}, name="comment"),
    path("<int:pk>/return/", views.decide, {"action": "return"}, name="return"),
    path("<int:pk>/approve/", views.decide, {"action": "approve"}, name="approve"),
    path("<int:pk>/opinions/", views.opinions, name="opinions"),
]
