from django.urls import path

from tanhe.accounts import enrolment_views, registry_views, views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("keepalive/", views.keepalive, name="keepalive"),
    # getting in (public)
    path("register/", enrolment_views.register, name="register"),
    path("register/status/", enrolment_views.registration_status, name="registration_status"),
    path("activate/", enrolment_views.activate, name="activate"),
    # the authority's 名录, registrations, activation codes and account log
    path("registry/", registry_views.registry, name="registry"),
    path("registry/template.csv", registry_views.registry_template, name="registry_template"),
    path(
        "registrations/<int:pk>/approve/",
        registry_views.registration_approve,
        name="registration_approve",
    ),
    path(
        "registrations/<int:pk>/reject/",
        registry_views.registration_reject,
        name="registration_reject",
    ),
    path(
        "registry/<int:pk>/activation-code/",
        registry_views.activation_issue,
        name="activation_issue",
    ),
    path("activation-code/", registry_views.activation_issued, name="activation_issued"),
    path(
        "activation-codes/<int:pk>/revoke/",
        registry_views.activation_revoke,
        name="activation_revoke",
    ),
    path("events/", registry_views.events, name="events"),
    # people of agencies and authorities
    path("members/", views.members, name="members"),
    path("members/<int:pk>/roles/", views.member_roles, name="member_roles"),
]
