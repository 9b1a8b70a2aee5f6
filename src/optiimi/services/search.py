"""Services as search documents, so the front door suggests them for a company's own words
(the index understands Finnish inflections); registered in `ServicesConfig.ready`."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Q

from optiimi.core.search import registry
from optiimi.services.models import Service


def service_texts(ids: list[int] | None) -> Iterator[tuple[int, str]]:
    services = Service.objects.select_related("organisation")
    if ids is not None:
        services = services.filter(pk__in=ids)
    for s in services:
        yield (
            s.pk,
            " ".join(
                [
                    s.name_fi,
                    s.name_en,
                    s.name_sv,
                    s.description_fi,
                    s.description_en,
                    s.description_sv,
                    s.target_group,
                    s.organisation.name,
                ]
            ),
        )


def register() -> None:
    registry.register(
        "service",
        Service,
        texts=service_texts,
        visible=lambda user: Service.objects.filter(active=True),
        public=Q(active=True),
        names=("name_fi",),
    )
