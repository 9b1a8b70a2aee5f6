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
