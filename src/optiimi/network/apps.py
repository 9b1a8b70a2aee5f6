from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "optiimi.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self) -> None:
        from optiimi.network import indicators  # noqa: F401  (registers computed indicators)
