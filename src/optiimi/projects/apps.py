from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "optiimi.projects"
    label = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from optiimi.projects import indicators, links, signals  # noqa: F401
