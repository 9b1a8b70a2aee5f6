from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchmarkConfig(AppConfig):
    name = "optiimi.benchmark"
    verbose_name = _("SME benchmarks")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # registers the links to projects and its evidence for the board pack
        from optiimi.benchmark import evidence, jobs, links  # noqa: F401

        jobs.register()

        from optiimi.benchmark.models import Company, Financials, Industry
        from optiimi.core import replica

        # the financials store: the dashboards read it from a read replica when there is one
        replica.register_store(Industry, Company, Financials)
