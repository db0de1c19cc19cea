"""Root URLs. Language is chosen by cookie (``/i18n/setlang/``) or Accept-Language, not by URL
prefix, so result links stay the same whichever language a user reads them in."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

urlpatterns = [
    path("", TemplateView.as_view(template_name="landing.html"), name="landing"),
    path("calculator/", include("tanhe.calculator.urls")),
    path("accounts/", include("tanhe.accounts.urls")),
    path("plans/", include("tanhe.plans.urls")),
    path("reports/", include("tanhe.reports.urls")),
    path("review/reports/", include("tanhe.reports.review_urls")),
    path("review/", include("tanhe.plans.review_urls")),
    path("files/", include("tanhe.documents.urls")),
    path("screening/", include("tanhe.authority.urls")),
    path("verification/", include("tanhe.verification.urls")),
    path("public/", include("tanhe.disclosure.urls")),
    path("workdays/", include("tanhe.workdays.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
if settings.TANHE_ADMIN_ENABLED:  # off unless an operator turns it on
    urlpatterns.append(path("admin/", admin.site.urls))
