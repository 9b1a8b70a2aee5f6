from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForesightConfig(AppConfig):
    name = "optiimi.foresight"
    verbose_name = _("Foresight")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from optiimi.foresight import personal_data  # noqa: F401  (registers what it holds)
