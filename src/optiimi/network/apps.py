from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "optiimi.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self) -> None:
        # indicators registers computed indicators; search, the organisation and person
        # documents of the search index.
        from optiimi.network import indicators, search  # noqa: F401

        search.register()
