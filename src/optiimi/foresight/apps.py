from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForesightConfig(AppConfig):
    name = "optiimi.foresight"
    verbose_name = _("Foresight")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # registers its computed indicators, its need sources and what it holds about people
        from optiimi.foresight import indicators, jobs, needs, personal_data  # noqa: F401

        jobs.register()

        from optiimi.core import replica
        from optiimi.foresight.models import Forecast, Indicator, Observation

        # the indicator store: the dashboards read it from a read replica when there is one
        replica.register_store(Indicator, Observation, Forecast)
