"""What the board pack hears from projects: planning consultations across organisations
(core.evidence). Organisations are named, people never."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlencode

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from optiimi.core.evidence import Claim, Scope, Section, register
from optiimi.projects.models import Consultation, Phase, Project

SHOWN_ORGANISATIONS = 8


@register("projects.consultations", order=50)
def planning_consultations(scope: Scope) -> Section | None:
    """Consultations in the scope's years with an expert of another organisation than the
    project's lead, and the share of projects started then that had one."""
    projects = Project.objects.filter(sub_regions__parent__code=scope.region)
    if scope.subregion is not None:
        projects = Project.objects.filter(sub_regions__code=scope.subregion)
    projects = projects.distinct()
    across = Consultation.objects.filter(
        project__in=projects,
        date__year__gte=scope.start_year,
        date__year__lte=scope.end_year,
    ).exclude(organisation_id=F("project__lead_id"))
    rows = list(across.values_list("project_id", "organisation__name", "organisation__short_name"))
    started = list(
        projects.filter(
            phase__in=[Phase.RUNNING, Phase.CLOSED],
            start__year__gte=scope.start_year,
            start__year__lte=scope.end_year,
        ).values_list("pk", flat=True)
    )
    if not rows and not started:
        return None
    url = reverse("projects:list")
    if scope.subregion is not None:
        url += "?" + urlencode({"sub_region": scope.subregion})
    source = _("the consultations recorded on project pages")
    consulted_projects = {p for p, _n, _s in rows}
    with_outside = set(
        Consultation.objects.filter(project_id__in=started)
        .exclude(organisation_id=F("project__lead_id"))
        .values_list("project_id", flat=True)
    )
    by_org = Counter(short or name for _p, name, short in rows)
    summary = Claim(
        label=_("Consultations with experts of other organisations than the lead"),
        value=len(rows),
        unit="consultations",
        url=url,
        n=len(consulted_projects),
        n_unit="projects",
        source=source,
    )
    claims = [
        summary,
        Claim(
            label=_("Organisations whose experts were consulted"),
            value=len(by_org),
            unit="organisations",
            url=url,
            n=len(rows),
            n_unit="consultations",
            source=source,
        ),
    ]
    if started:
        claims.append(
            Claim(
                label=_("Projects started with an outside consultation"),
                value=round(100 * len(with_outside) / len(started), 1),
                unit="%",
                url=url,
                n=len(started),
                n_unit="projects",
                source=source,
            )
        )
    breakdown = [
        Claim(label=org, value=n, unit="consultations", url=url, source=source)
        for org, n in by_org.most_common(SHOWN_ORGANISATIONS)
    ]
    return Section(
        title=_("Planning consultations across organisations"),
        method=_(
            "Consultations dated in these years in which an expert of another organisation than "
            "the project's lead took part in planning; below, the organisations consulted most."
        ),
        url=url,
        claims=claims,
        bars=breakdown,
        bars_title=_("Consultations by the organisation consulted"),
        summary=summary,
    )
