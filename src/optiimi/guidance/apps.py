from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidanceConfig(AppConfig):
    name = "optiimi.guidance"
    label = "guidance"
    verbose_name = _("Competence needs and guidance")

    def ready(self) -> None:
        # registers its computed indicators, its side of the need sources, what it holds about
        # people, and its programmes in the search index
        from optiimi.guidance import indicators, jobs, needs, personal_data, search  # noqa: F401

        search.register()
        jobs.register()
