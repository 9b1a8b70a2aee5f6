from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "optiimi.strategy"
    label = "strategy"
    verbose_name = _("Strategy and action plan")

    def ready(self) -> None:
        # registers its computed indicators
        from optiimi.strategy import indicators, jobs  # noqa: F401

        jobs.register()
