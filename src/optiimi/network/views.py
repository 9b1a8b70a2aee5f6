from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from optiimi.core import history, panels
from optiimi.core.forms import edit_page
from optiimi.network import permissions, queries, services
from optiimi.network.forms import OrganisationFilter, OrganisationForm, PersonFilter, PersonForm
from optiimi.network.models import (
    Affiliation,
    Competence,
    CompetenceGroup,
    Organisation,
    OrganisationKind,
    Person,
)
from optiimi.regions.maps import legend, subregion_map
from optiimi.regions.models import Region

PAGE_SIZE = 25


def _page(request: HttpRequest, items: object) -> object:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))  # type: ignore[arg-type]


# The figures the reader can put on the home page's map: a column of the sub-region table.
MAP_FIGURES = {
    "based": gettext_lazy("Organisations based here"),
    "serving": gettext_lazy("Organisations serving it"),
    "members": gettext_lazy("Member organisations serving it"),
    "people": gettext_lazy("People in the registry"),
}


def _map_label(figure: str, n: int) -> str:
    if figure == "serving":
        return ngettext("%(n)d serving it", "%(n)d serving it", n) % {"n": n}
    if figure == "members":
        return ngettext("%(n)d member serving", "%(n)d members serving", n) % {"n": n}
    if figure == "people":
        return ngettext("%(n)d person", "%(n)d people", n) % {"n": n}
    return _("%(n)d based here") % {"n": n}


def home(request: HttpRequest) -> HttpResponse:
    home_region = settings.HOME_REGION
    region = Region.objects.regions().filter(code=home_region).first()
    overview = queries.subregion_overview(home_region)
    municipalities = list(
        Region.objects.municipalities()
        .filter(parent__parent__code=home_region)
        .select_related("parent")
    )
    figure = request.GET.get("figure", "based")
    if figure not in MAP_FIGURES:
        figure = "based"
    counts = {row["region"].code: _map_label(figure, row[figure]) for row in overview}
    members = (
        Organisation.objects.members()
        .select_related("home_municipality")
        .exclude(kind__in=[OrganisationKind.COMPANY, OrganisationKind.MUNICIPALITY])
        .order_by("kind", "name")
    )
    return render(
        request,
        "network/home.html",
        {
            "region": region,
            "overview": overview,
            "map": subregion_map(municipalities, counts),
            "legend": legend(municipalities),
            "figure": figure,
            "figures": list(MAP_FIGURES.items()),
            "members": members,
            "totals": {
                "organisations": Organisation.objects.count(),
                "members": Organisation.objects.members().count(),
                "people": permissions.visible_people(request.user).count(),
                "municipalities": len(municipalities),
            },
            "synthetic": Organisation.objects.filter(synthetic=True).exists()
            or Person.objects.filter(synthetic=True).exists(),
        },
    )


def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilter(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    items = queries.organisations(
        q=data.get("q", ""),
        kind=data.get("kind", ""),
        sub_region=data.get("sub_region"),
        members_only=data.get("members", False),
    )
    partial = request.headers.get("HX-Request") == "true"
    template = "network/_organisation_results.html" if partial else "network/organisation_list.html"
    return render(
        request,
        template,
        {
            "form": form,
            "page": _page(request, items),
            "can_create": permissions.can_create_organisation(request.user),
        },
    )


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.select_related("home_municipality__parent"), pk=pk
    )
    people = (
        permissions.visible_people(request.user)
        .filter(affiliations__organisation=organisation)
        .prefetch_related(
            Prefetch(
                "affiliations", queryset=Affiliation.objects.filter(organisation=organisation)
            ),
            "competences",
        )
        .distinct()
    )
    return render(
        request,
        "network/organisation_detail.html",
        {
            "organisation": organisation,
            "people": people,
            "hidden_people": organisation.affiliations.count() - people.count(),
            "sub_regions": organisation.sub_regions.order_by("name_fi"),
            "can_edit": permissions.can_edit_organisation(request.user, organisation),
            "history": history.entries(organisation) if permissions.is_member(request.user) else [],
            # sections other capabilities add (the collaboration network's figures)
            "panels": panels.render("network.organisation", request, organisation),
        },
    )


def _organisation_form(request: HttpRequest, organisation: Organisation | None) -> HttpResponse:
    def save(form: OrganisationForm) -> Organisation:
        data = dict(form.cleaned_data)
        sub_regions = data.pop("sub_regions")
        if organisation is None:
            return services.create_organisation(actor=request.user, sub_regions=sub_regions, **data)
        services.update_organisation(
            organisation, actor=request.user, sub_regions=sub_regions, **data
        )
        return organisation

    return edit_page(
        request,
        "network/organisation_form.html",
        lambda data: OrganisationForm(data, instance=organisation),
        save,
        record=organisation,
        done=lambda saved: saved,
        success=_("Organisation added.") if organisation is None else _("Changes saved."),
        context={"organisation": organisation},
    )


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    permissions.check_can_create_organisation(request.user)
    return _organisation_form(request, None)


@login_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _organisation_form(request, permissions.get_organisation_for_edit(request.user, pk))


def person_list(request: HttpRequest) -> HttpResponse:
    form = PersonFilter(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    items = queries.people(
        request.user,
        q=data.get("q", ""),
        competence=data.get("competence"),
        organisation=data.get("organisation"),
    )
    return render(
        request,
        "network/person_list.html",
        {
            "form": form,
            "page": _page(request, items),
            "can_create": permissions.can_create_person(request.user),
            "is_member": permissions.is_member(request.user),
        },
    )


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = permissions.get_person_for_user(request.user, pk)
    return render(
        request,
        "network/person_detail.html",
        {
            "person": person,
            "affiliations": person.affiliations.select_related("organisation"),
            "competences": person.competences.select_related("group"),
            "show_email": permissions.can_see_email(request.user, person),
            "can_edit": permissions.can_edit_person(request.user, person),
            "history": history.entries(person) if permissions.is_member(request.user) else [],
        },
    )


def _person_form(request: HttpRequest, person: Person | None) -> HttpResponse:
    if request.method == "POST" and request.POST.get("organisation", "").isdigit():
        # Refuse an organisation the user may not staff outright, not as a form error.
        chosen = Organisation.objects.filter(pk=request.POST["organisation"]).first()
        permissions.check_can_create_person(request.user, chosen)

    def save(form: PersonForm) -> Person:
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation")
        if person is None:
            return services.create_person(actor=request.user, organisation=organisation, **data)
        services.update_person(person, actor=request.user, organisation=organisation, **data)
        return person

    return edit_page(
        request,
        "network/person_form.html",
        lambda data: PersonForm(data, instance=person, user=request.user),
        save,
        record=person,
        done=lambda saved: saved,
        success=_("Person added.") if person is None else _("Changes saved."),
        context={"person": person},
    )


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    permissions.check_can_create_person(request.user, None)
    return _person_form(request, None)


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _person_form(request, permissions.get_person_for_edit(request.user, pk))


@login_required
def person_export(request: HttpRequest, pk: int) -> JsonResponse:
    person = permissions.get_person_for_edit(request.user, pk)
    response = JsonResponse(
        services.export_person(person), json_dumps_params={"indent": 2, "ensure_ascii": False}
    )
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
    return response


@login_required
@require_POST
def person_erase(request: HttpRequest, pk: int) -> HttpResponse:
    person = permissions.get_person_for_edit(request.user, pk)
    services.erase_person(person, actor=request.user)
    messages.success(request, _("The person's data was erased."))
    return redirect("network:people")


def competence_list(request: HttpRequest) -> HttpResponse:
    # Proposed entries are listed for the coordinator only, on the proposals page.
    accepted = Competence.objects.filter(proposed=False)
    groups = (
        CompetenceGroup.objects.filter(competences__proposed=False)
        .distinct()
        .prefetch_related(Prefetch("competences", queryset=accepted))
    )
    counts = dict(
        permissions.visible_people(request.user)
        .values_list("competences__code")
        .annotate(n=Count("id"))
        .values_list("competences__code", "n")
    )
    proposed = (
        Competence.objects.filter(proposed=True).count()
        if permissions.is_coordinator(request.user)
        else 0
    )
    return render(
        request,
        "network/competence_list.html",
        {"groups": groups, "counts": counts, "proposed": proposed},
    )
