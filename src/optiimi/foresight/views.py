from __future__ import annotations

import itertools
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Avg, Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from optiimi.core import jobs as core_jobs
from optiimi.core import replica, spreadsheets
from optiimi.core.forms import add_service_errors
from optiimi.foresight import barometer, dashboards, permissions, queries, services
from optiimi.foresight import jobs as foresight_jobs
from optiimi.foresight.forms import (
    CommentForm,
    RatingForm,
    RoundAnswerForm,
    RoundForm,
    SignalForm,
    ThemeForm,
    UploadForm,
)
from optiimi.foresight.models import BarometerRound, Horizon, Indicator, WeakSignal
from optiimi.regions.maps import legend, subregion_map
from optiimi.regions.models import Region


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """Take a statistics file and answer at once with its import job's page; the job's report
    is the one the CLI gives."""
    permissions.check_import(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = core_jobs.start(
            foresight_jobs.IMPORT,
            actor=request.user,
            params={"name": upload.name, "table": form.cleaned_data["table"]},
            payload=upload.read(),
            label=_("Import %(name)s") % {"name": upload.name},
        )
        return redirect("core:job", pk=job.pk)
    status = 422 if form.errors else 200
    return render(request, "foresight/upload.html", {"form": form}, status=status)


def method(request: HttpRequest) -> HttpResponse:
    """How the forecasts are made, in plain words; the forecast notes link here."""
    return render(request, "foresight/method.html")


@replica.reads_from_replica
def series_csv(request: HttpRequest) -> HttpResponse:
    """One series (or a filtered set) as CSV in the same long format the importer reads."""
    code = request.GET.get("indicator", "")
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        raise Http404("No such indicator")
    try:
        rows = queries.observations(
            code,
            request.GET.get("region") or None,
            request.GET.get("period") or None,
            request.GET.get("key"),
            request.GET.get("industry"),
        )
    except queries.AmbiguousRegion as exc:
        raise Http404(str(exc)) from None
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{code}.csv"'
    header = ["indicator", "area", "industry", "period", "key", "value", "status", "unit", "source"]
    spreadsheets.write_csv(
        response,
        itertools.chain(
            [header],
            (
                [
                    code,
                    o.area,
                    o.industry,
                    o.period,
                    o.key,
                    "" if o.value is None else repr(o.value).removesuffix(".0"),
                    o.status,
                    indicator.unit,
                    indicator.source,
                ]
                for o in rows.iterator()
            ),
        ),
    )
    return response


HOME_REGION = "13"  # Keski-Suomi


@replica.reads_from_replica
def region_page(request: HttpRequest) -> HttpResponse:
    region = Region.objects.regions().filter(code=request.GET.get("region", HOME_REGION)).first()
    if region is None:
        raise Http404("No such region")
    context = dashboards.region_context(region)
    municipalities = list(
        Region.objects.municipalities().filter(parent__parent=region).select_related("parent")
    )
    context.update(
        region=region,
        map=subregion_map(municipalities),
        legend=legend(municipalities),
        can_import=permissions.can_import(request.user),
    )
    return render(request, "foresight/region.html", context)


@replica.reads_from_replica
def subregion_page(request: HttpRequest, code: str) -> HttpResponse:
    sub = get_object_or_404(Region.objects.subregions().select_related("parent"), code=code)
    context = dashboards.subregion_context(sub)
    services.count_dashboard_view(sub)  # a count for the sub-region and day, nothing about who
    municipalities = list(
        Region.objects.municipalities().filter(parent__parent=sub.parent).select_related("parent")
    )
    latest = BarometerRound.objects.filter(state=BarometerRound.State.CLOSED).first()
    context["barometer"] = barometer.results(latest, Horizon.M12, sub) if latest else {}
    context["barometer_round"] = latest
    here = _("this sub-region")
    context.update(
        sub=sub,
        region=sub.parent,
        map=subregion_map(municipalities, {sub.code: here}),
        legend=legend(municipalities),
    )
    return render(request, "foresight/subregion.html", context)


def barometer_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "foresight/barometer_list.html",
        {
            "rounds": BarometerRound.objects.all(),
            "can_manage": permissions.can_manage_barometer(request.user),
        },
    )


def barometer_round(request: HttpRequest, pk: int) -> HttpResponse:
    """Raters answer an open round on one page and see only their own answers; a closed one
    shows all (cells with fewer answers than the minimum hidden)."""
    round = get_object_or_404(BarometerRound, pk=pk)
    form = None
    if round.is_open and permissions.can_rate(request.user):
        answered = permissions.visible_answers(request.user, round).filter(
            rater=request.user.pk or 0
        )
        sub = request.GET.get("subregion", "")
        initial_sub = (
            int(sub) if sub.isdigit() else answered.values_list("subregion", flat=True).first()
        )
        initial: dict[str, Any] = {"subregion": initial_sub}
        for a in answered.filter(subregion=initial_sub):
            initial[f"q_{a.theme_id}_{a.horizon}"] = a.score
        form = RoundAnswerForm(
            request.POST or None, initial=initial, round=round, language=get_language()
        )
        if request.method == "POST" and form.is_valid():
            try:
                count = services.answer_round(
                    actor=request.user,
                    round=round,
                    subregion=form.cleaned_data["subregion"],
                    scores=form.scores(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Your answers were saved (%(n)d question).",
                        "Your answers were saved (%(n)d questions).",
                        count,
                    )
                    % {"n": count},
                )
                return redirect("foresight:barometer_round", pk=round.pk)
    elif request.method == "POST":
        raise PermissionDenied("Only network members rate an open round.")
    horizon = request.GET.get("horizon", Horizon.M12)
    if horizon not in Horizon.values:
        horizon = Horizon.M12
    results = barometer.results(round, horizon)
    themes = list(zip(results.get("theme_ids", []), results.get("themes", []), strict=True))
    theme = request.GET.get("theme", "")
    theme_id = int(theme) if theme.isdigit() else None
    if themes and theme_id not in results["theme_ids"]:
        theme_id = themes[0][0]
    can_manage = permissions.can_manage_barometer(request.user)
    return render(
        request,
        "foresight/barometer_round.html",
        {
            "round": round,
            "form": form,
            "horizons": Horizon.choices,
            "horizon": horizon,
            "themes": themes,
            "theme_id": theme_id,
            "theme_name": dict(themes).get(theme_id, ""),
            "map": barometer.diffusion_map(results, theme_id) if theme_id else None,
            "legend": barometer.legend(),
            "own": permissions.visible_answers(request.user, round)
            .select_related("subregion", "theme")
            .filter(rater=request.user.pk or 0)
            .order_by("subregion__code", "theme", "horizon")
            if not round.is_closed
            else [],
            "results": results,
            "can_manage": can_manage,
            "response": services.response(round) if can_manage else None,
        },
        status=422 if form is not None and form.errors else 200,
    )


@require_POST
@login_required
def barometer_send(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    """Send a round's invitations or reminders, on the coordinator's or an analyst's command."""
    round = get_object_or_404(BarometerRound, pk=pk)
    permissions.check_manage_barometer(request.user)
    send = services.invite if what == "invitations" else services.remind
    try:
        sent = send(actor=request.user, round=round)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            ngettext("%(n)d message was sent.", "%(n)d messages were sent.", sent) % {"n": sent},
        )
    return redirect("foresight:barometer_round", pk=round.pk)


def barometer_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """A closed round's results per sub-region, theme and horizon (no person's answers; cells
    with fewer answers than the minimum carry only their count)."""
    round = get_object_or_404(BarometerRound, pk=pk)
    if not round.is_closed:
        raise Http404("Results are published when the round closes.")
    rows = barometer.export_rows(round)
    name = f"optiimi-barometer-{round.pk}"
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")
        spreadsheets.write_csv(response, rows)
    else:
        response = HttpResponse(content=spreadsheets.xlsx_bytes(rows, title=round.name[:31]))
        response["Content-Type"] = (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def barometer_open(request: HttpRequest) -> HttpResponse:
    """Open a round: its days, its themes (the defaults are ticked) and who is invited."""
    permissions.check_manage_barometer(request.user)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round = services.open_round(actor=request.user, **form.values())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The round was opened."))
            return redirect("foresight:barometer_round", pk=round.pk)
    status = 422 if form.errors else 200
    return render(request, "foresight/barometer_open.html", {"form": form}, status=status)


@login_required
def barometer_theme_create(request: HttpRequest) -> HttpResponse:
    """Add a custom theme; rounds opened afterwards may use it."""
    permissions.check_manage_themes(request.user)
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.create_theme(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The theme “%(name)s” was added.") % {"name": theme.name_fi}
            )
            return redirect("foresight:barometer_open")
    status = 422 if form.errors else 200
    return render(request, "foresight/barometer_theme.html", {"form": form}, status=status)


@require_POST
@login_required
def barometer_close(request: HttpRequest, pk: int) -> HttpResponse:
    round = get_object_or_404(BarometerRound, pk=pk)
    services.close_round(actor=request.user, round=round)
    return redirect("foresight:barometer_round", pk=round.pk)


def _member(request: HttpRequest) -> None:
    if not permissions.can_rate(request.user):
        raise PermissionDenied("Weak signals are for network members.")


@login_required
def signal_list(request: HttpRequest) -> HttpResponse:
    _member(request)
    form = SignalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        signal = services.note_signal(actor=request.user, **form.cleaned_data)
        return redirect("foresight:signal", pk=signal.pk)
    signals = list(
        WeakSignal.objects.annotate(
            impact=Avg("ratings__impact"),
            likelihood=Avg("ratings__likelihood"),
            raters=Count("ratings", distinct=True),
        ).order_by("-created_at")
    )
    return render(
        request,
        "foresight/signal_list.html",
        {
            "signals": signals,
            "form": form,
            "chart": dashboards.signal_chart(signals),
            "synthetic": any(s.synthetic for s in signals),
        },
    )


@login_required
def signal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _member(request)
    signal = get_object_or_404(WeakSignal, pk=pk)
    rating = RatingForm(request.POST if "impact" in request.POST else None)
    comment = CommentForm(request.POST if "text" in request.POST else None)
    if request.method == "POST":
        if rating.is_valid():
            services.rate_signal(actor=request.user, signal=signal, **rating.cleaned_data)
            return redirect("foresight:signal", pk=pk)
        if comment.is_valid():
            services.comment_signal(actor=request.user, signal=signal, **comment.cleaned_data)
            return redirect("foresight:signal", pk=pk)
    return render(
        request,
        "foresight/signal_detail.html",
        {
            "signal": signal,
            "rating_form": rating,
            "comment_form": comment,
            "comments": signal.comments.select_related("author"),
            "summary": signal.ratings.aggregate(
                impact=Avg("impact"), likelihood=Avg("likelihood"), n=Count("id")
            ),
        },
    )
