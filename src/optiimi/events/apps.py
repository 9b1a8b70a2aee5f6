from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "optiimi.events"
    label = "events"
    verbose_name = _("Joint events")

    def ready(self) -> None:
        from optiimi.events import indicators  # noqa: F401  (registers computed indicators)
