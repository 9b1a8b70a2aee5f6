from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchmarkConfig(AppConfig):
    name = "optiimi.benchmark"
    verbose_name = _("SME benchmarks")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from optiimi.benchmark import links  # noqa: F401  (registers the links to projects)
