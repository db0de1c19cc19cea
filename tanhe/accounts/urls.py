from django.urls import path

from tanhe.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("register/", views.register, name="register"),
    path("password/", views.password_change, name="password_change"),
    path("keepalive/", views.keepalive, name="keepalive"),
    path("registry/", views.registry, name="registry"),
    path("registry/template.csv", views.registry_template, name="registry_template"),
    path("registry/<int:pk>/approve/", views.approve, name="approve"),
    path("registry/<int:pk>/reject/", views.reject, name="reject"),
    path("members/", views.members, name="members"),
    path("members/<int:pk>/roles/", views.member_roles, name="member_roles"),
]
