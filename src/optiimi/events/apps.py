from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "optiimi.events"
    label = "events"
    verbose_name = _("Joint events")

    def ready(self) -> None:
        # registers its computed indicators, its evidence for the board pack, what it holds
        # about people, its ties between organisations and its panel on the organisation page
        from optiimi.events import evidence, indicators, panels, personal_data, ties  # noqa: F401
