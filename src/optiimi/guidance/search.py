"""Education programmes as search documents, so the public study page finds them for a
person's own words (the index understands Finnish inflections); registered in
`GuidanceConfig.ready`."""

from __future__ import annotations

from collections.abc import Iterator

from optiimi.core.search import registry
from optiimi.guidance import fields
from optiimi.guidance.models import Programme


def programme_texts(ids: list[int] | None) -> Iterator[tuple[int, str]]:
    programmes = Programme.objects.select_related("municipality")
    if ids is not None:
        programmes = programmes.filter(pk__in=ids)
    for p in programmes:
        names = []
        for code in {p.field, p.field[:2]}:
            f = fields.get(code)
            if f is not None:
                names += [f.name_fi, f.name_sv, f.name_en]
        yield (p.pk, " ".join([p.name, p.provider, p.level, p.municipality.name_fi, *names]))


def register() -> None:
    registry.register(
        "programme",
        Programme,
        texts=programme_texts,
        visible=lambda user: Programme.objects.all(),
        names=("name",),
    )
