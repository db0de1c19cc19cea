"""The site's URLs with Django's admin mounted, as with TANHE_ADMIN_ENABLED=true."""

from django.contrib import admin
from django.urls import path

from config.urls import urlpatterns as site

urlpatterns = [*site, path("admin/", admin.site.urls)]
