from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "optiimi.projects"
    label = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        # registers its computed indicators, its evidence for the board pack, its links, what
        # it holds about people, its ties between organisations, and its documents in the
        # search index
        from optiimi.projects import (  # noqa: F401
            evidence,
            indicators,
            links,
            personal_data,
            search,
            ties,
        )

        search.register()
