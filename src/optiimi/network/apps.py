from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "optiimi.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self) -> None:
        # registers its computed indicators and what it holds about people
        from optiimi.network import indicators, personal_data  # noqa: F401
