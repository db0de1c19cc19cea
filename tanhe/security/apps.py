from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """Who is asking (the client's address behind a proxy), how often (rate limits), and what was
    refused (the log of refused state-changing attempts the authority reads)."""

    name = "tanhe.security"
    label = "security"
    verbose_name = _("访问安全")
