from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "optiimi.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self) -> None:
        # registers its computed indicators, what it holds about people, and its documents
        # in the search index
        from optiimi.network import indicators, personal_data, search  # noqa: F401

        search.register()
