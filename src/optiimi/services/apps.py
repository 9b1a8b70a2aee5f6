from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "optiimi.services"
    label = "services"
    verbose_name = _("Service promise")

    def ready(self) -> None:
        # registers its computed indicators, what it holds about people, its referrals as ties,
        # and its services in the search index
        from optiimi.services import indicators, personal_data, search, ties  # noqa: F401

        search.register()
