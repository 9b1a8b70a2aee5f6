"""The links benchmark holds to other capabilities, registered in `core.links`."""

from __future__ import annotations

from optiimi.core import links

# A cohort follows the companies of one project; the project page shows the cohort's impact.
PROJECT = links.register(
    "benchmark.project",
    source="benchmark.Cohort",
    target="projects.Project",
    name_fi="Seuraa hankkeen yrityksiä",
    name_en="Follows the companies of project",
    name_sv="Följer projektets företag",
    single=True,
).code
