from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "tanhe.verification"
    verbose_name = _("核查")

    def ready(self) -> None:
        from . import retention

        retention.connect()  # a closed verification's records are not changed (guide 4.8)
