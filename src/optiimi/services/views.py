"""Pages of the service promise: the catalogue, the front door, the company's status page, the
advisors' queue and case page, and the monthly figures."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from optiimi.core import history
from optiimi.core.forms import edit_page, submit
from optiimi.core.search import store
from optiimi.network.models import Organisation
from optiimi.regions.models import Region
from optiimi.services import permissions, queries, services, spam
from optiimi.services.forms import (
    AnnounceForm,
    CloseForm,
    DeclineForm,
    FieldForm,
    MetricsFilter,
    NeedForm,
    NoteForm,
    ReferForm,
    ReplyForm,
    RequestForm,
    RespondForm,
    ServiceForm,
)
from optiimi.services.models import Case, Referral, Service, Step

SUGGESTIONS = 5


# The catalogue ---------------------------------------------------------------------------------


def catalogue(request: HttpRequest) -> HttpResponse:
    services_ = (
        Service.objects.filter(active=True)
        .select_related("organisation")
        .prefetch_related(Prefetch("sub_regions", queryset=Region.objects.order_by("code")))
    )
    code = request.GET.get("sub_region", "")
    if code:
        services_ = services_.filter(sub_regions__code=code)
    return render(
        request,
        "services/catalogue.html",
        {
            "services": services_,
            "sub_regions": Region.objects.subregions(),
            "chosen": code,
            "can_add": permissions.can_add_service(request.user),
            "is_advisor": permissions.is_advisor(request.user)
            or permissions.is_coordinator(request.user),
        },
    )


def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(Service.objects.select_related("organisation"), pk=pk)
    if not service.active and not permissions.can_edit_service(request.user, service):
        raise Http404
    return render(
        request,
        "services/service.html",
        {
            "service": service,
            "can_edit": permissions.can_edit_service(request.user, service),
            "history": history.entries(service)
            if permissions.can_edit_service(request.user, service)
            else [],
        },
    )


def _service_form(request: HttpRequest, service: Service | None) -> HttpResponse:
    allowed = permissions.service_organisations(request.user)
    if service is None and request.method == "POST":
        posted = request.POST.get("organisation", "")
        if posted.isdigit() and not allowed.filter(pk=int(posted)).exists():
            raise PermissionDenied("You may add services only for your own organisation.")

    def build(data: Any) -> ServiceForm:
        form = ServiceForm(data, instance=service)
        if service is None:
            form.fields["organisation"] = django_forms.ModelChoiceField(
                label=_("Organisation"), queryset=allowed, initial=allowed.first()
            )
            form.order_fields(["organisation"])
        return form

    def save(form: ServiceForm) -> Service:
        data = dict(form.cleaned_data)
        sub_regions = data.pop("sub_regions")
        owner = data.pop("organisation", None) or (service.organisation if service else None)
        return services.save_service(
            service, actor=request.user, organisation=owner, sub_regions=sub_regions, **data
        )

    return edit_page(
        request,
        "services/service_form.html",
        build,
        save,
        record=service,
        done=lambda saved: saved,
        success=_("Service added.") if service is None else _("Changes saved."),
        context={"service": service, "owner": service.organisation if service else None},
    )


@login_required
def service_create(request: HttpRequest) -> HttpResponse:
    permissions.check_can_add_service(request.user)
    return _service_form(request, None)


@login_required
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _service_form(request, permissions.get_service_for_edit(request.user, pk))


# The front door -----------------------------------------------------------------------------


def suggestions(need: str, municipality: Region | None) -> list[dict[str, Any]]:
    """Services that fit the company's words (inflections understood) and place, with why."""
    if not need.strip():
        return []
    hits = store.get().search(need, kinds=["service"], limit=50, public_only=True)
    found = (
        Service.objects.filter(active=True)
        .select_related("organisation")
        .in_bulk([hit.key[1] for hit in hits])
    )
    serving: set[int] | None = None
    if municipality is not None and municipality.parent_id:
        serving = set(
            Service.objects.filter(sub_regions=municipality.parent_id).values_list("pk", flat=True)
        ) | set(Service.objects.filter(sub_regions=None).values_list("pk", flat=True))
    result = []
    for hit in hits:
        service = found.get(hit.key[1])
        if service is None or (serving is not None and service.pk not in serving):
            continue
        result.append({"service": service, "words": sorted(hit.matched)})
        if len(result) == SUGGESTIONS:
            break
    return result


def front_door(request: HttpRequest) -> HttpResponse:
    """Mistä apua yritykselle? A company describes its need, sees fitting services with why,
    and files a request."""
    need_form = NeedForm(request.GET or None)
    found: list[dict[str, Any]] = []
    initial: dict[str, Any] = {}
    if need_form.is_valid():
        found = suggestions(need_form.cleaned_data["need"], need_form.cleaned_data["municipality"])
        initial = {
            "need": need_form.cleaned_data["need"],
            "municipality": need_form.cleaned_data["municipality"],
            "service": found[0]["service"] if found else None,
        }
    if request.method == "POST":
        if spam.is_trap(request.POST):
            return render(request, "services/received.html", {"case": None})
        if not spam.allow(request):
            return render(request, "services/too_many.html", status=429)

    def save(form: RequestForm) -> Case:
        data = dict(form.cleaned_data)
        data.pop("website", None)
        return services.receive_request(actor=services.COMPANY, **data)

    result = submit(
        request, lambda data: RequestForm(data, initial=initial, auto_id="req_%s"), save
    )
    if result.done:
        return render(request, "services/received.html", {"case": result.saved})
    return render(
        request,
        "services/front_door.html",
        {"need_form": need_form, "form": result.form, "suggestions": found},
        status=result.status,
    )


def _status_page(
    request: HttpRequest, case: Case, *, reply_form: ReplyForm | None = None, status: int = 200
) -> HttpResponse:
    steps = case.steps.select_related("organisation")
    context = {"case": case, "steps": steps, "reply_form": reply_form or ReplyForm(prefix="reply")}
    return render(request, "services/status.html", context, status=status)


def status(request: HttpRequest, token: str) -> HttpResponse:
    """The company's own view of its request, through the private link in its receipt."""
    return _status_page(request, permissions.get_case_by_token(token))


@require_POST
def status_erase(request: HttpRequest, token: str) -> HttpResponse:
    case = permissions.get_case_by_token(token)
    services.erase_contact(case, actor=services.COMPANY)
    messages.success(request, _("Your contact details were erased from the request."))
    return redirect("services:status", token=token)


@require_POST
def status_reply(request: HttpRequest, token: str) -> HttpResponse:
    """The company writes to the advisors holding its request."""
    case = permissions.get_case_by_token(token)
    if not spam.allow(request, "replies", spam.REPLIES_PER_HOUR):
        return render(request, "services/too_many.html", status=429)
    try:
        result = submit(
            request,
            lambda data: ReplyForm(data, prefix="reply"),
            lambda form: services.reply(
                case, actor=services.COMPANY, message=form.cleaned_data["message"]
            ),
        )
    except services.Refused as exc:
        messages.error(request, str(exc))
        return redirect("services:status", token=token)
    if result.done:
        messages.success(request, _("Your message was sent to the advisors."))
        return redirect("services:status", token=token)
    return _status_page(request, case, reply_form=result.form, status=result.status)


@require_POST
def status_withdraw(request: HttpRequest, token: str) -> HttpResponse:
    """The company withdraws its consent to share the request within the network."""
    case = permissions.get_case_by_token(token)
    try:
        services.withdraw_consent(case, actor=services.COMPANY)
    except services.Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Your consent was withdrawn: the request will not be passed on.")
        )
    return redirect("services:status", token=token)


# The advisors' queue and the case --------------------------------------------------------------


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    permissions.check_is_advisor(request.user)
    org_id = permissions.advisor_organisation_id(request.user)
    which = request.GET.get("q", "new")
    if which not in queries.QUEUES:
        which = "new"
    page = Paginator(queries.queue(request.user, org_id, which), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "services/queue.html",
        {
            "page": page,
            "which": which,
            "counts": queries.queue_counts(request.user, org_id),
            "organisation": Organisation.objects.filter(pk=org_id or 0).first(),
            "today": timezone.localdate(),
        },
    )


ACTIONS: dict[str, tuple[type[django_forms.Form], str]] = {
    "respond": (RespondForm, "respond"),
    "resume": (NoteForm, "resume"),
    "refer": (ReferForm, "refer"),
    "announce": (AnnounceForm, "announce"),
    "close": (CloseForm, "close"),
    "field": (FieldForm, "field"),
}


def _forms(case: Case, posted: str = "", bound: django_forms.Form | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, (form_class, _prefix) in ACTIONS.items():
        form = bound if name == posted and bound is not None else form_class(prefix=name)
        if name == "refer":
            form.fields["organisation"].queryset = permissions.referral_targets(case)  # type: ignore[attr-defined]
        out[f"{name}_form"] = form
    if posted != "field":
        out["field_form"] = FieldForm(
            prefix="field", initial={"education_field": case.education_field}
        )
    return out


def _case_page(
    request: HttpRequest, case: Case, *, status: int = 200, **extra: Any
) -> HttpResponse:
    pending = permissions.pending_referral(case)
    org_id = permissions.advisor_organisation_id(request.user)
    context = {
        "case": case,
        "steps": case.steps.select_related("organisation"),
        "referrals": case.referrals.select_related("from_organisation", "to_organisation"),
        "pending": pending,
        "can_answer": pending is not None
        and (permissions.is_coordinator(request.user) or org_id == pending.to_organisation_id),
        "can_handle": permissions.can_handle(request.user, case),
        "see_contact": permissions.can_see_contact(request.user, case),
        "decline_form": DeclineForm(prefix="decline"),
        "accept_form": NoteForm(prefix="accept"),
        **_forms(case),
        **extra,
    }
    return render(request, "services/case.html", context, status=status)


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, permissions.get_case_for_user(request.user, pk))


def _act(
    request: HttpRequest,
    case: Case,
    name: str,
    save: Callable[[Any], Any],
    record: Any,
) -> HttpResponse:
    form_class, prefix = ACTIONS.get(name, (NoteForm, name))

    def build(data: Any) -> django_forms.Form:
        form = form_class(data, prefix=prefix)
        if name == "refer":
            form.fields["organisation"].queryset = permissions.referral_targets(case)  # type: ignore[attr-defined]
        return form

    try:
        result = submit(request, build, save, record=record)
    except services.Refused as exc:
        messages.error(request, str(exc))
        return redirect("services:case", pk=case.pk)
    if result.done:
        messages.success(request, _("Saved."))
        return redirect("services:case", pk=case.pk)
    case.refresh_from_db()
    extra: dict[str, Any] = {"conflict": result.conflict, f"{name}_form": result.form}
    return _case_page(request, case, status=result.status, **extra)


@login_required
@require_POST
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    case = permissions.get_case_for_handling(request.user, pk)
    return _act(
        request,
        case,
        "respond",
        lambda f: services.respond(
            case, actor=request.user, note=f.cleaned_data["note"], waiting=f.cleaned_data["waiting"]
        ),
        case,
    )


@login_required
@require_POST
def education_field(request: HttpRequest, pk: int) -> HttpResponse:
    case = permissions.get_case_for_handling(request.user, pk)
    return _act(
        request,
        case,
        "field",
        lambda f: services.set_education_field(
            case, actor=request.user, field=f.cleaned_data["education_field"]
        ),
        case,
    )


@login_required
@require_POST
def resume(request: HttpRequest, pk: int) -> HttpResponse:
    case = permissions.get_case_for_handling(request.user, pk)
    return _act(
        request,
        case,
        "resume",
        lambda f: services.resume(case, actor=request.user, note=f.cleaned_data["note"]),
        case,
    )


@login_required
@require_POST
def refer(request: HttpRequest, pk: int) -> HttpResponse:
    case = permissions.get_case_for_handling(request.user, pk)
    return _act(
        request,
        case,
        "refer",
        lambda f: services.refer(
            case,
            actor=request.user,
            to=f.cleaned_data["organisation"],
            reason=f.cleaned_data["reason"],
        ),
        case,
    )


@login_required
@require_POST
def announce(request: HttpRequest, pk: int) -> HttpResponse:
    case = permissions.get_case_for_handling(request.user, pk)
    return _act(
        request,
        case,
        "announce",
        lambda f: services.announce_delay(
            case, actor=request.user, message=f.cleaned_data["message"]
        ),
        case,
    )


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    case = permissions.get_case_for_handling(request.user, pk)
    return _act(
        request,
        case,
        "close",
        lambda f: services.close(
            case, actor=request.user, outcome=f.cleaned_data["outcome"], note=f.cleaned_data["note"]
        ),
        case,
    )


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    referral = permissions.get_referral_for_answer(request.user, pk)
    return _act(
        request,
        referral.case,
        "accept",
        lambda f: services.accept(referral, actor=request.user, note=f.cleaned_data["note"]),
        None,
    )


@login_required
@require_POST
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    referral = permissions.get_referral_for_answer(request.user, pk)
    form_class = DeclineForm

    def save(f: Any) -> Referral:
        return services.decline(referral, actor=request.user, reason=f.cleaned_data["reason"])

    try:
        result = submit(request, lambda data: form_class(data, prefix="decline"), save)
    except services.Refused as exc:
        messages.error(request, str(exc))
        return redirect("services:case", pk=referral.case_id)
    if result.done:
        messages.success(request, _("Saved."))
        if permissions.visible_cases(request.user).filter(pk=referral.case_id).exists():
            return redirect("services:case", pk=referral.case_id)
        return redirect("services:queue")
    return _case_page(request, referral.case, status=result.status, decline_form=result.form)


# Is the promise kept? -------------------------------------------------------------------------


def metrics(request: HttpRequest) -> HttpResponse:
    form = MetricsFilter(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    year, until = data.get("year"), data.get("until")
    start = datetime.date(year, 1, 1) if year else None
    last = until or year
    end = datetime.date(last, 12, 31) if last else None
    organisation = data.get("organisation")
    sub_region = data.get("sub_region")
    rows = queries.metrics(
        start=start,
        end=end,
        organisation=organisation.pk if organisation else None,
        sub_region=sub_region.code if sub_region else None,
    )
    return render(
        request,
        "services/metrics.html",
        {
            "form": form,
            "rows": rows,
            "totals": queries.totals(rows),
            "synthetic": Case.objects.filter(synthetic=True).exists(),
        },
    )


__all__ = ["Step"]
