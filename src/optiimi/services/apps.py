from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "optiimi.services"
    label = "services"
    verbose_name = _("Service promise")

    def ready(self) -> None:
        # registers its computed indicators, its evidence for the board pack, its requests as
        # competence needs, what it holds about people, its referrals as ties, and its services in
        # the search index
        from optiimi.services import (  # noqa: F401
            evidence,
            indicators,
            needs,
            personal_data,
            search,
            ties,
        )

        search.register()

        from django.db.models.signals import post_delete, post_save

        from optiimi.services import figures
        from optiimi.services.models import Case, Referral

        for model in (Case, Referral):
            post_save.connect(figures.changed, sender=model, dispatch_uid=f"figures-{model}")
            post_delete.connect(figures.changed, sender=model, dispatch_uid=f"figures-d-{model}")
