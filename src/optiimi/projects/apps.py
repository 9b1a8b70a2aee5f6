from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "optiimi.projects"
    label = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        # registers its computed indicators and what it holds about people
        from optiimi.projects import indicators, personal_data, signals  # noqa: F401
