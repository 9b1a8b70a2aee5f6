"""Pages of the guidance capability: the sub-regions' gaps between competence needs and
education on offer, one sub-region's ranked gaps, the occupation–field crosswalk, and the
public page "Mitä opiskelisin, kuka ohjaa?"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from optiimi.core import indicators, panels, referrals
from optiimi.core.forms import add_service_errors, edit_page, submit
from optiimi.core.search import store
from optiimi.guidance import charts, maps, permissions, queries, services
from optiimi.guidance.forms import (
    ClientForm,
    DeclineClientForm,
    ReferClientForm,
    StudyForm,
    SurveyForm,
)
from optiimi.guidance.models import (
    ClientReferral,
    GuidanceClient,
    Need,
    OccupationField,
    Programme,
    SurveyInvitation,
)
from optiimi.network.models import Organisation
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


ADULT_EDUCATION_DAYS = "events.adult_education_days"
CALENDAR_YEARS = 3


def _days_held(subregions: list[Region]) -> dict[str, Any] | None:
    """The adult-education days held per sub-region in the last years, from the indicator
    registered in `core.indicators` (None when no capability registers it)."""
    try:
        indicator = indicators.get(ADULT_EDUCATION_DAYS)
    except indicators.UnknownIndicator:
        return None
    values = {(v.region, v.period): v.value for v in indicator.compute()}
    periods = sorted({period for _region, period in values}, reverse=True)[:CALENDAR_YEARS]
    periods.reverse()
    return {
        "indicator": indicator,
        "periods": periods,
        "rows": [
            (region, [int(values.get((region.code, period), 0)) for period in periods])
            for region in subregions
        ],
    }


def calendar(request: HttpRequest) -> HttpResponse:
    """The guidance network's shared calendar: the coming guidance and adult-education days
    (a panel of the events capability) and the adult-education days held per sub-region."""
    subregions = list(Region.objects.subregions().order_by("code"))
    code = request.GET.get("subregion", "")
    region = next((r for r in subregions if r.code == code), None)
    return render(
        request,
        "guidance/calendar.html",
        {
            "panels": panels.render("guidance.calendar", request, region),
            "subregions": subregions,
            "region": region,
            "held": _days_held(subregions),
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


# Guidance clients --------------------------------------------------------------------------


@login_required
def clients(request: HttpRequest) -> HttpResponse:
    """The guidance service's clients: those it holds or held, and those offered to it."""
    org = permissions.check_counsellor(request.user)
    visible = permissions.visible_clients(request.user).select_related("holder", "municipality")
    offered = (
        ClientReferral.objects.filter(to_organisation_id=org, status=referrals.Status.PENDING)
        .select_related("client", "client__municipality", "from_organisation")
        .order_by("created")
    )
    return render(
        request,
        "guidance/clients.html",
        {
            "held": [c for c in visible if c.holder_id == org],
            "offered": offered,
            "earlier": [
                c for c in visible if c.holder_id != org and referrals.holds_or_held(c, org)
            ],
        },
    )


@login_required
def client_create(request: HttpRequest) -> HttpResponse:
    org = permissions.check_counsellor(request.user)

    def save(form: ClientForm) -> GuidanceClient:
        return services.open_client(
            actor=request.user,
            organisation=Organisation.objects.get(pk=org),
            **form.cleaned_data,
        )

    return edit_page(
        request,
        "guidance/client_form.html",
        ClientForm,
        save,
        done=lambda saved: saved,
        success=_("Client added."),
    )


def _client_page(
    request: HttpRequest, client: GuidanceClient, status: int = 200, **extra: Any
) -> HttpResponse:
    org = permissions.counsellor_organisation_id(request.user)
    refer_form: ReferClientForm = extra.pop("refer_form", None) or ReferClientForm(prefix="refer")
    targets = refer_form.fields["organisation"]
    targets.queryset = Organisation.objects.exclude(pk=client.holder_id)  # type: ignore[attr-defined]
    pending = referrals.pending(client)
    return render(
        request,
        "guidance/client.html",
        {
            "client": client,
            "may_see": permissions.can_see_client(request.user, client),
            "holds": client.holder_id == org,
            "pending": pending,
            "answering": pending is not None and pending.to_organisation_id == org,
            "referrals": client.referrals.select_related("from_organisation", "to_organisation"),
            "refer_form": refer_form,
            "decline_form": extra.pop("decline_form", None) or DeclineClientForm(prefix="decline"),
            **extra,
        },
        status=status,
    )


@login_required
def client(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.check_counsellor(request.user)
    return _client_page(request, permissions.get_client_for_user(request.user, pk))


def _act(
    request: HttpRequest,
    client: GuidanceClient,
    build: Callable[[Any], forms.Form],
    save: Callable[[Any], Any],
    name: str,
) -> HttpResponse:
    try:
        result = submit(request, build, save)
    except referrals.Refused as exc:
        messages.error(request, str(exc))
        return redirect("guidance:client", pk=client.pk)
    if result.done:
        messages.success(request, _("Saved."))
        if (
            name in ("accept", "decline", "refer")
            and not permissions.visible_clients(request.user).filter(pk=client.pk).exists()
        ):
            return redirect("guidance:clients")
        return redirect("guidance:client", pk=client.pk)
    client.refresh_from_db()
    return _client_page(request, client, status=result.status, **{f"{name}_form": result.form})


@login_required
@require_POST
def client_refer(request: HttpRequest, pk: int) -> HttpResponse:
    client = permissions.get_client_to_handle(request.user, pk)

    def build(data: Any) -> ReferClientForm:
        form = ReferClientForm(data, prefix="refer")
        form.fields["organisation"].queryset = Organisation.objects.exclude(pk=client.holder_id)  # type: ignore[attr-defined]
        return form

    return _act(
        request,
        client,
        build,
        lambda f: services.refer_client(
            client,
            actor=request.user,
            to=f.cleaned_data["organisation"],
            reason=f.cleaned_data["reason"],
        ),
        "refer",
    )


@login_required
@require_POST
def client_complete(request: HttpRequest, pk: int) -> HttpResponse:
    client = permissions.get_client_to_handle(request.user, pk)
    return _act(
        request,
        client,
        lambda data: forms.Form(data),
        lambda f: services.complete_client(client, actor=request.user),
        "complete",
    )


@login_required
@require_POST
def client_accept(request: HttpRequest, rid: int) -> HttpResponse:
    referral = permissions.get_referral_to_answer(request.user, rid)
    return _act(
        request,
        referral.client,
        lambda data: forms.Form(data),
        lambda f: services.accept_client(referral, actor=request.user),
        "accept",
    )


@login_required
@require_POST
def client_decline(request: HttpRequest, rid: int) -> HttpResponse:
    referral = permissions.get_referral_to_answer(request.user, rid)
    return _act(
        request,
        referral.client,
        lambda data: DeclineClientForm(data, prefix="decline"),
        lambda f: services.decline_client(
            referral, actor=request.user, reason=f.cleaned_data["reason"]
        ),
        "decline",
    )


#: Survey pages one address may open or send in an hour (a link is a secret; this stops guessing).
SURVEY_PER_HOUR = 30


def _survey_allowed(request: HttpRequest) -> bool:
    key = f"guidance.survey:{request.META.get('REMOTE_ADDR', '') or 'unknown'}"
    cache.add(key, 0, 60 * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 60 * 60)
        count = 1
    return count <= SURVEY_PER_HOUR


def survey(request: HttpRequest, token: str) -> HttpResponse:
    """The needs survey a company reaches by its own link: which fields of education it will
    need people from in two years, and roughly how many."""
    if not _survey_allowed(request):
        return render(request, "guidance/survey_too_many.html", status=429)
    invitation = SurveyInvitation.objects.filter(token=token).select_related("sub_region").first()
    if invitation is None:
        raise Http404
    year = services.survey_year()
    initial: dict[str, Any] = {}
    for n, answer in enumerate(invitation.answers.order_by("field"), start=1):
        if n <= SurveyForm.LINES:
            initial[f"field_{n}"], initial[f"people_{n}"] = answer.field, answer.people
    form = SurveyForm(request.POST or None, initial=initial, auto_id="survey_%s")
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_survey(
                invitation, actor=services.COMPANY, answers=form.cleaned_data["answers"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            saved = True
    status = 422 if form.errors else 200
    return render(
        request,
        "guidance/survey.html",
        {"invitation": invitation, "form": form, "year": year, "saved": saved},
        status=status,
    )
