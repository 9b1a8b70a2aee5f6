from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "optiimi.projects"
    label = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        # registers its computed indicators, its links, what it holds about people, its ties
        # between organisations, and its documents in the search index
        from optiimi.projects import indicators, links, personal_data, search, ties  # noqa: F401

        search.register()
