from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "optiimi.events"
    label = "events"
    verbose_name = _("Joint events")

    def ready(self) -> None:
        # registers its computed indicators, its evidence for the board pack, what it holds
        # about people, and its ties between organisations
        from optiimi.events import evidence, indicators, personal_data, ties  # noqa: F401
