from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    name = "optiimi.collaboration"
    label = "collaboration"
    verbose_name = _("Collaboration network")

    def ready(self) -> None:
        # follows the records behind the registered ties, registers the bridging share as a
        # computed indicator and its evidence for the board pack, and adds its section to the
        # organisation page
        from optiimi.collaboration import evidence, follow, indicators, panels  # noqa: F401

        follow.connect()
