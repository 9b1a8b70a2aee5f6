"""The links projects hold to other capabilities, registered in `core.links`."""

from __future__ import annotations

from optiimi.core import links

# A project carries out measures of the strategy's action plan; the measure page lists them.
MEASURES = links.register(
    "projects.measures",
    source="projects.Project",
    target="strategy.Measure",
    name_fi="Toteuttaa strategian toimenpidettä",
    name_en="Carries out strategy measure",
    name_sv="Genomför strategins åtgärd",
).code
