"""Pages of the guidance capability: the sub-regions' gaps between competence needs and
education on offer, one sub-region's ranked gaps, the occupation–field crosswalk, and the
public page "Mitä opiskelisin, kuka ohjaa?"."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from optiimi.core.search import store
from optiimi.guidance import charts, maps, queries
from optiimi.guidance.forms import StudyForm
from optiimi.guidance.models import Need, OccupationField, Programme
from optiimi.regions.models import Region

SUGGESTIONS = 10
GUIDES = 8


def _year(request: HttpRequest, years: list[int]) -> int | None:
    latest = queries.latest_need_year() or (years[-1] if years else None)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return latest
    return year if year in years else latest


def index(request: HttpRequest) -> HttpResponse:
    years = queries.years()
    year = _year(request, years)
    rows = queries.overview(year) if year else []
    return render(
        request,
        "guidance/index.html",
        {
            "years": years,
            "year": year,
            "rows": rows,
            "map": maps.gap_map(rows),
            "legend": maps.legend(),
        },
    )


def subregion(request: HttpRequest, code: str) -> HttpResponse:
    region = Region.objects.subregions().filter(code=code).first()
    if region is None:
        raise Http404
    years = queries.years(region)
    year = _year(request, years)
    rows = queries.gaps(region, year) if year else []
    return render(
        request,
        "guidance/subregion.html",
        {
            "region": region,
            "years": years,
            "year": year,
            "rows": rows,
            "chart": charts.gap_chart(rows, region.name, year) if rows and year else None,
            "programmes": Programme.objects.filter(municipality__parent=region, year=year or 0)
            .select_related("municipality")
            .order_by("field", "provider", "name"),
            "subregions": queries.subregions_with_data(),
            "synthetic": Need.objects.filter(
                sub_region=region, year=year or 0, synthetic=True
            ).exists(),
        },
    )


def provider(request: HttpRequest) -> HttpResponse:
    """A provider's yearly list: the uncovered needs of the sub-regions where it teaches."""
    names = queries.providers()
    chosen = request.GET.get("provider", "")
    if chosen not in names:
        chosen = ""
    years = queries.years()
    year = _year(request, years)
    return render(
        request,
        "guidance/provider.html",
        {
            "providers": names,
            "chosen": chosen,
            "years": years,
            "year": year,
            "regions": queries.provider_needs(chosen, year) if chosen and year else [],
        },
    )


def crosswalk(request: HttpRequest) -> HttpResponse:
    return render(request, "guidance/crosswalk.html", {"lines": OccupationField.objects.all()})


def _place(programme: Programme, municipality: Region) -> tuple[int, str]:
    if programme.municipality_id == municipality.pk:
        return 0, _("in your municipality")
    if programme.municipality.parent_id == municipality.parent_id:
        return 1, _("in your sub-region")
    return 2, _("elsewhere in the region: %(place)s") % {"place": programme.municipality.name}


def _demand(gap: queries.Gap | None, region: Region) -> str:
    if gap is None or gap.need == 0:
        return _("no stated need in %(region)s") % {"region": region.name}
    words = {
        queries.UNCOVERED: _("no places in the sub-region yet"),
        queries.GAP: _("more need than places"),
        queries.COVERED: _("places meet the need"),
        queries.SURPLUS: _("more places than need"),
    }[gap.status]
    return _("need in %(region)s %(need)s a year against %(places)s places: %(words)s") % {
        "region": region.name,
        "need": number_format(gap.need, 0 if gap.need.is_integer() else 1, use_l10n=True),
        "places": gap.places,
        "words": words,
    }


def suggestions(interests: str, municipality: Region) -> tuple[list[dict[str, Any]], int | None]:
    """Programmes near the municipality that fit the person's words (or, without words, those
    whose field the sub-region needs most), each with why."""
    region = municipality.parent
    if region is None:
        return [], None
    years = queries.years(region)
    year = queries.latest_need_year() or (years[-1] if years else None)
    if year is None:
        return [], None
    nearby = Programme.objects.filter(
        municipality__parent__parent=region.parent_id, year=year
    ).select_related("municipality", "municipality__parent")
    demand = queries.field_demand(region, year)
    matched: dict[int, list[str]] = {}
    order: dict[int, int] = {}
    if interests.strip():
        hits = store.get().search(interests, kinds=["programme"], limit=300, public_only=True)
        for position, hit in enumerate(hits):
            order[hit.key[1]] = position
            matched[hit.key[1]] = sorted(hit.matched)
        candidates = [p for p in nearby if p.pk in order]
    else:
        candidates = [p for p in nearby if p.municipality.parent_id == region.pk]

    def rank_of(p: Programme) -> int:
        gap = demand.get(p.field) or demand.get(p.field[:2])
        return gap.rank if gap else 10_000

    def key(p: Programme) -> tuple[int, int]:
        # nearby first; then by how well the words fit, or (without words) by the field's gap
        near, _where = _place(p, municipality)
        return (near, order[p.pk] if order else rank_of(p))

    demands = {region.pk: demand}

    def gap_of(p: Programme) -> tuple[queries.Gap | None, Region]:
        """The field's demand in the person's sub-region; where none is stated there, in the
        programme's own sub-region."""
        gap = demand.get(p.field) or demand.get(p.field[:2])
        there = p.municipality.parent
        if (gap is None or gap.need == 0) and there is not None and there.pk != region.pk:
            if there.pk not in demands:
                demands[there.pk] = queries.field_demand(there, year)
            other = demands[there.pk].get(p.field) or demands[there.pk].get(p.field[:2])
            if other is not None and other.need > 0:
                return other, there
        return gap, region

    result = []
    for p in sorted(candidates, key=key)[:SUGGESTIONS]:
        _near, where = _place(p, municipality)
        gap, place = gap_of(p)
        result.append(
            {
                "programme": p,
                "words": matched.get(p.pk, []),
                "where": where,
                "demand": _demand(gap, place),
                "status": gap.status if gap else "",
            }
        )
    return result, year


def study(request: HttpRequest) -> HttpResponse:
    """Mitä opiskelisin, kuka ohjaa? A person describes interests in their own words and picks
    a municipality; nearby education with its field's regional demand, each with why."""
    form = StudyForm(request.GET or None)
    found: list[dict[str, Any]] = []
    year = None
    guides: list[tuple[Any, bool]] = []
    if form.is_valid():
        municipality = form.cleaned_data["municipality"]
        found, year = suggestions(form.cleaned_data["interests"], municipality)
        if municipality.parent is not None:
            guides = queries.guiding_organisations(municipality.parent)[:GUIDES]
    return render(
        request,
        "guidance/study.html",
        {
            "form": form,
            "suggestions": found,
            "year": year,
            "searched": form.is_valid(),
            "guides": guides,
        },
    )
