from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    """信息公开 (核查技术指南 §7): the pages anyone can read without logging in."""

    name = "tanhe.disclosure"
    verbose_name = _("信息公开")
