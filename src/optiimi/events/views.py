from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from optiimi.core import history, pdf, spreadsheets
from optiimi.core.forms import edit_page
from optiimi.events import ics, permissions, queries, services
from optiimi.events.forms import (
    CancelEventForm,
    EventFilter,
    EventForm,
    FeedbackForm,
    GroupForm,
    InviteeForm,
    InviteForm,
    QuestionForm,
    RegistrationForm,
)
from optiimi.events.models import (
    Answer,
    Event,
    EventSeries,
    Invitation,
    Registration,
    Status,
)
from optiimi.network.models import Organisation
from optiimi.network.permissions import is_member
from optiimi.regions.models import Region


def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilter(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    events = queries.with_counts(
        permissions.visible_events(request.user).select_related("sub_region", "series")
    )
    if data.get("sub_region"):
        events = events.filter(sub_region=data["sub_region"])
    when = data.get("when") or "upcoming"
    now = timezone.now()
    if when == "upcoming":
        events = events.filter(end__gte=now).order_by("start")
    elif when == "past":
        events = events.filter(end__lt=now).order_by("-start")
    page = Paginator(events, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "events/list.html",
        {
            "form": form,
            "page": page,
            "when": when,
            "can_create": permissions.can_create_event(request.user),
        },
    )


def _counts(event: Event) -> dict[str, int]:
    return {
        s: event.registrations.filter(status=s).count() for s in (Status.CONFIRMED, Status.WAITING)
    }


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = permissions.get_event_for_user(request.user, pk)
    return _detail(request, event, RegistrationForm(initial=_known(request), event=event))


def _known(request: HttpRequest) -> dict[str, str]:
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return {}
    return {
        "name": user.get_full_name() or user.get_username(),  # type: ignore[union-attr]
        "email": getattr(user, "email", ""),
    }


def _detail(
    request: HttpRequest, event: Event, form: RegistrationForm, status: int = 200
) -> HttpResponse:
    counts = _counts(event)
    now = timezone.now()
    closes = event.registration_closes or event.start
    open_now = (
        event.public
        and not event.cancelled
        and now < closes
        and (event.registration_opens is None or now >= event.registration_opens)
    )
    can_manage = permissions.can_manage_event(request.user, event)
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "form": form,
            "counts": counts,
            "open_now": open_now,
            "seats_left": max(event.capacity - counts[Status.CONFIRMED], 0),
            "hosts": event.hosts.all(),
            "can_manage": can_manage,
            "feedback": queries.feedback_for_organisers(event) if can_manage else None,
            "history": history.entries(event) if is_member(request.user) else [],
        },
        status=status,
    )


@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    event = permissions.get_event_for_user(request.user, pk)
    form = RegistrationForm(request.POST, event=event)
    if form.is_valid():
        try:
            registration = services.register(
                event,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                organisation=form.cleaned_data["organisation"],
                actor=services.registrant(request.user),
                answers=form.answers(),
            )
        except services.RegistrationRefused as exc:
            form.add_error(None, str(exc))
        else:
            # POST-redirect-GET: reloading the confirmation shows it again, registers nothing.
            return redirect("events:registered", token=services.registered_token(registration))
    return _detail(request, event, form, status=422)


def _registration(token: str) -> Registration:
    try:
        return services.registration_from_token(token, salt=services.SALT_REGISTERED)
    except Registration.DoesNotExist:
        raise Http404 from None


def registered(request: HttpRequest, token: str) -> HttpResponse:
    """The confirmation after registering, reached by a signed link: the event, its date and a
    calendar file (which works for an invitation-only event too)."""
    registration = _registration(token)
    return render(
        request,
        "events/registered.html",
        {
            "event": registration.event,
            "registration": registration,
            "token": token,
            "cancel_token": services.cancel_token(registration),
        },
    )


def registered_ics(request: HttpRequest, token: str) -> HttpResponse:
    event = _registration(token).event
    return _ics(ics.calendar([event], event.title), f"optiimi-event-{event.pk}.ics")


def cancel(request: HttpRequest, token: str) -> HttpResponse:
    try:
        registration = services.registration_from_token(token)
    except Registration.DoesNotExist:
        raise Http404 from None
    if request.method == "POST":
        services.cancel(registration, actor=services.registrant(request.user))
        registration.refresh_from_db()
    return render(
        request, "events/cancel.html", {"registration": registration, "event": registration.event}
    )


def _invitation(token: str) -> Invitation:
    try:
        return services.invitation_from_token(token)
    except Invitation.DoesNotExist:
        raise Http404 from None


def answer(request: HttpRequest, token: str, reply: str) -> HttpResponse:
    """The yes or no link of the invitation mail. A "yes" to an event that asks questions, or
    from a guest whose name is not known, goes to the invitee's page to answer them."""
    if reply not in ("yes", "no"):
        raise Http404
    invitation = _invitation(token)
    event = invitation.event
    needs_form = reply == "yes" and (
        invitation.person is None or event.questions.filter(asked="registration").exists()
    )
    if needs_form:
        return redirect("events:invited", token=token)
    if request.method != "POST":
        return render(
            request,
            "events/answer.html",
            {"reply": reply, "token": token, "invitation": invitation, "event": event},
        )
    try:
        invitation, registration = services.answer_invitation(
            token, reply, actor=services.registrant(request.user)
        )
    except services.RegistrationRefused as exc:
        messages.error(request, str(exc))
        return redirect("events:invited", token=token)
    return render(
        request,
        "events/answer.html",
        {
            "reply": reply,
            "done": True,
            "invitation": invitation,
            "event": event,
            "registration": registration,
            "token": token,
        },
    )


def invited(request: HttpRequest, token: str) -> HttpResponse:
    """The invitee's own page, reached by the private link of the invitation: the event (even
    one by invitation only), their answer, and the registration questions to answer yes."""
    invitation = _invitation(token)
    event = invitation.event
    initial = {"name": invitation.person.name if invitation.person else ""}
    form = InviteeForm(request.POST or None, event=event, initial=initial)
    status = 200
    if request.method == "POST":
        reply = request.POST.get("reply")
        if reply not in (Answer.YES, Answer.NO):
            raise Http404
        if reply == Answer.NO or form.is_valid():
            try:
                services.answer_invitation(
                    token,
                    reply,
                    actor=services.registrant(request.user),
                    name=form.cleaned_data.get("name", "") if reply == Answer.YES else "",
                    organisation=form.cleaned_data.get("organisation", "")
                    if reply == Answer.YES
                    else "",
                    answers=form.answers() if reply == Answer.YES else None,
                )
            except services.RegistrationRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("Thank you: your answer is yes.")
                    if reply == Answer.YES
                    else _("Thank you: your answer is no."),
                )
                return redirect("events:invited", token=token)
        status = 422
    invitation.refresh_from_db()
    registration = (
        event.registrations.filter(email=invitation.email).exclude(status=Status.CANCELLED).first()
    )
    return render(
        request,
        "events/invited.html",
        {
            "event": event,
            "invitation": invitation,
            "registration": registration,
            "form": form,
            "token": token,
            "hosts": event.hosts.all(),
            "open_now": not event.cancelled
            and timezone.now() < (event.registration_closes or event.start),
        },
        status=status,
    )


def invited_ics(request: HttpRequest, token: str) -> HttpResponse:
    event = _invitation(token).event
    return _ics(ics.calendar([event], event.title), f"optiimi-event-{event.pk}.ics")


def _event_form(request: HttpRequest, event: Event | None) -> HttpResponse:
    if request.method == "POST":
        permissions.check_can_host(
            request.user, [int(v) for v in request.POST.getlist("hosts") if v.isdigit()]
        )

    def save(form: EventForm) -> Event:
        data = dict(form.cleaned_data)
        hosts = data.pop("hosts")
        if event is None:
            return services.create_event(actor=request.user, hosts=hosts, **data)
        services.update_event(event, actor=request.user, hosts=hosts, **data)
        return event

    return edit_page(
        request,
        "events/form.html",
        lambda data: EventForm(data, instance=event, user=request.user),
        save,
        record=event,
        done=lambda saved: saved,
        success=_("Event added.") if event is None else _("Changes saved."),
        context={"event": event},
    )


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    permissions.check_can_create_event(request.user)
    return _event_form(request, None)


@login_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _event_form(request, permissions.get_event_for_manage(request.user, pk))


@login_required
def cancel_event(request: HttpRequest, pk: int) -> HttpResponse:
    """The organisers call the event off; those registered are told by e-mail."""
    event = permissions.get_event_for_manage(request.user, pk)
    if event.cancelled:
        messages.info(request, _("The event is cancelled already."))
        return redirect(event)
    return edit_page(
        request,
        "events/cancel_event.html",
        lambda data: CancelEventForm(data),
        lambda form: services.cancel_event(
            event, actor=request.user, reason=form.cleaned_data["reason"]
        ),
        record=event,
        done=lambda saved: saved,
        success=_("The event is cancelled and those registered were told."),
        context={"event": event},
    )


@login_required
def invitations(request: HttpRequest, pk: int) -> HttpResponse:
    """Build the invitation list from a group of the network, add guests from outside it and a
    personal message, send; remind those who have not answered and, the day before, those
    registered."""
    event = permissions.get_event_for_manage(request.user, pk)
    groups = GroupForm(request.GET or None)
    group = services.Group(**groups.cleaned_data) if groups.is_valid() else services.Group()
    candidates = services.candidates(event, group)
    invite = InviteForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and request.POST.get("action") == "remind":
        try:
            done = services.send_reminders(event, actor=request.user)
        except services.RegistrationRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Reminders sent: %(i)d to those invited, %(r)d to those registered.")
                % {"i": done.invitations, "r": done.registrations},
            )
        return redirect(request.get_full_path())
    if request.method == "POST" and invite.is_valid():
        guests, invalid = services.parse_guests(invite.cleaned_data["guests"])
        if invalid:
            invite.add_error(
                "guests", _("Not e-mail addresses: %(list)s") % {"list": ", ".join(invalid)}
            )
        else:
            chosen = {int(v) for v in request.POST.getlist("person") if v.isdigit()}
            try:
                sent = services.send_invitations(
                    event,
                    [p for p in candidates if p.pk in chosen],
                    guests=guests,
                    message=invite.cleaned_data["message"],
                    actor=request.user,
                )
            except services.RegistrationRefused as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("%(n)d invitations sent.") % {"n": sent})
            return redirect(request.get_full_path())
    if request.method == "POST":
        status = 422
    all_invitations = list(event.invitations.select_related("person"))
    by_person = {i.person_id: i for i in all_invitations if i.person_id}
    return render(
        request,
        "events/invitations.html",
        {
            "event": event,
            "groups": groups,
            "grouped": bool(group),
            "invite": invite,
            "candidates": candidates,
            "invited": by_person,
            "guests": [i for i in all_invitations if i.person_id is None],
            "answers": {
                a: sum(1 for i in all_invitations if i.answer == a) for a in ("yes", "no", "none")
            },
        },
        status=status,
    )


@login_required
def questions(request: HttpRequest, pk: int) -> HttpResponse:
    """The event's own questions: asked when registering, or in the feedback."""
    event = permissions.get_event_for_manage(request.user, pk)
    if request.method == "POST" and request.POST.get("delete"):
        question = get_object_or_404(event.questions, pk=request.POST["delete"])
        services.delete_question(question, actor=request.user)
        messages.success(request, _("Question removed."))
        return redirect("events:questions", pk=event.pk)
    return edit_page(
        request,
        "events/questions.html",
        lambda data: QuestionForm(data),
        lambda form: services.add_question(event, actor=request.user, **form.cleaned_data),
        record=None,
        done=lambda saved: reverse("events:questions", args=[event.pk]),
        success=_("Question added."),
        context={
            "event": event,
            "registration_questions": event.questions.filter(asked="registration"),
            "feedback_questions": event.questions.filter(asked="feedback"),
        },
    )


@login_required
def checkin(request: HttpRequest, pk: int) -> HttpResponse:
    event = permissions.get_event_for_manage(request.user, pk)
    if request.method == "POST" and request.POST.get("action") == "feedback":
        try:
            sent = services.request_feedback(event, actor=request.user)
        except services.RegistrationRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Feedback asked from %(n)d attendees.") % {"n": sent})
        return redirect("events:checkin", pk=event.pk)
    if request.method == "POST":
        registration = get_object_or_404(event.registrations, pk=request.POST.get("registration"))
        try:
            services.check_in(registration, request.POST.get("attended") == "1", actor=request.user)
        except services.RegistrationRefused as exc:
            messages.error(request, str(exc))
        return redirect("events:checkin", pk=event.pk)
    return render(
        request,
        "events/checkin.html",
        {
            "event": event,
            "registrations": event.registrations.exclude(status=Status.CANCELLED).order_by(
                "status", "name"
            ),
            "checkin_open": event.is_event_day_or_after() and not event.cancelled,
            "feedback_open": event.has_ended() and not event.cancelled,
        },
    )


def feedback(request: HttpRequest, token: str) -> HttpResponse:
    try:
        registration = services.registration_from_token(token, salt=services.SALT_FEEDBACK)
    except Registration.DoesNotExist:
        raise Http404 from None
    form = FeedbackForm(request.POST or None, event=registration.event)
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            services.give_feedback(
                registration,
                form.cleaned_data["rating"],
                form.cleaned_data["comment"],
                actor=services.registrant(request.user),
                answers=form.answers(),
            )
            return render(
                request, "events/feedback.html", {"done": True, "event": registration.event}
            )
        except services.RegistrationRefused as exc:
            refused = str(exc)
    if not registration.attended:
        refused = _("Feedback is asked from those who attended.")
    return render(
        request,
        "events/feedback.html",
        {"form": form, "event": registration.event, "refused": refused},
        status=403 if refused else 200,
    )


def targets(request: HttpRequest) -> HttpResponse:
    return render(request, "events/targets.html", queries.project_day_targets())


def series_detail(request: HttpRequest, pk: int) -> HttpResponse:
    series = get_object_or_404(EventSeries.objects.select_related("sub_region"), pk=pk)
    return render(
        request, "events/series.html", {"series": series, **queries.series_summary(series)}
    )


def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = permissions.get_event_for_user(request.user, pk)
    return _ics(ics.calendar([event], event.title), f"optiimi-event-{event.pk}.ics")


def subregion_ics(request: HttpRequest, code: str) -> HttpResponse:
    region = get_object_or_404(Region.objects.subregions(), code=code)
    events = permissions.visible_events(request.user).filter(sub_region=region)
    return _ics(ics.calendar(events, f"Optiimi — {region.name}"), f"optiimi-{code}.ics")


def organisation_ics(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    events = permissions.visible_events(request.user).filter(hosts=organisation)
    return _ics(
        ics.calendar(events, f"Optiimi — {organisation.name}"), f"optiimi-organisation-{pk}.ics"
    )


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def participants(request: HttpRequest, pk: int, fmt: str = "") -> HttpResponse:
    """The participants' list for the event's organisers, on the page or as CSV or XLSX."""
    event = permissions.get_event_for_manage(request.user, pk)
    if fmt not in ("", "csv", "xlsx"):
        raise Http404
    if not fmt:
        return render(
            request,
            "events/participants.html",
            {
                "event": event,
                "participants": queries.participants(event),
                "questions": list(event.questions.filter(asked="registration")),
            },
        )
    rows = queries.participant_rows(event)
    filename = f"optiimi-event-{event.pk}-participants.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        spreadsheets.write_csv(buffer, rows)
        response = HttpResponse(
            buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            spreadsheets.xlsx_bytes(
                rows, _("Participants"), widths=(28, 32, 32, 16, 18, 10, *[24] * len(rows[0]))
            ),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def participant_data(request: HttpRequest) -> HttpResponse:
    """GDPR: the coordinator exports (GET) or erases (POST) a participant's data by e-mail."""
    permissions.check_can_handle_personal_data(request.user)
    email = (request.POST.get("email") or request.GET.get("email") or "").strip()
    if request.method == "POST" and email:
        n = services.erase_participant(email, actor=request.user)
        messages.success(request, _("%(n)d registrations anonymised.") % {"n": n})
        return redirect("events:participant_data")
    if email and request.GET.get("format") == "json":
        return JsonResponse(
            services.export_participant(email),
            safe=False,
            json_dumps_params={"ensure_ascii": False, "indent": 2},
        )
    return render(
        request,
        "events/participant_data.html",
        {"email": email, "rows": services.export_participant(email) if email else []},
    )


@login_required
def participants_pdf(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Name badges, or a sign-in sheet, of the confirmed participants as PDF."""
    event = permissions.get_event_for_manage(request.user, pk)
    if kind not in ("badges", "signin"):
        raise Http404
    people = [p for p in queries.participants(event) if p["confirmed"]]
    html = render(
        request,
        f"events/{kind}_pdf.html",
        {"event": event, "participants": people},
    ).content.decode()
    body = pdf.html_to_pdf(html, request.build_absolute_uri("/"))
    if body is None:
        return HttpResponse(html)  # without WeasyPrint's libraries, the page prints as is
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="optiimi-event-{event.pk}-{kind}.pdf"'
    return response
