from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from optiimi.core import history, links, spreadsheets
from optiimi.core import jobs as core_jobs
from optiimi.core.formats import FormatError, InvalidRows
from optiimi.core.formats.tables import table_rows
from optiimi.core.forms import edit_page, submit, track_version
from optiimi.core.pdf import html_to_pdf
from optiimi.network.permissions import is_member
from optiimi.regions.models import Region
from optiimi.strategy import board, charts, exports, permissions, queries, services
from optiimi.strategy import jobs as strategy_jobs
from optiimi.strategy.forms import (
    CopyPlanForm,
    GoalForm,
    IndicatorForm,
    MeasureForm,
    MeasureUpdateForm,
    PeriodForm,
    PriorityForm,
    TargetForm,
    ValueForm,
    ValueImportForm,
)
from optiimi.strategy.models import (
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    Period,
    Priority,
    ResultKind,
    Target,
)

# Projects link to the measures they carry out (registered by projects in core.links).
PROJECT_MEASURES = "projects.measures"


def plan_index(request: HttpRequest) -> HttpResponse:
    periods = permissions.visible_periods(request.user)
    return render(
        request,
        "strategy/index.html",
        {
            "periods": periods,
            "strategies": permissions.visible_strategies(request.user),
            "indicators": permissions.visible_indicators(request.user).order_by("name_fi"),
            "can_import": permissions.can_import_values(request.user),
            "can_edit": permissions.can_edit_plan(request.user),
        },
    )


def _period(request: HttpRequest, code: str) -> Period:
    return permissions.get_period_for_user(request.user, code)


def plan(request: HttpRequest, code: str) -> HttpResponse:
    period = _period(request, code)
    return render(
        request,
        "strategy/plan.html",
        {
            "period": period,
            "tree": queries.plan_tree(period),
            "can_edit": permissions.can_edit_plan(request.user),
        },
    )


def matrix(request: HttpRequest, code: str) -> HttpResponse:
    period = _period(request, code)
    return render(
        request,
        "strategy/matrix.html",
        {"period": period, **queries.subregion_matrix(period, settings.HOME_REGION)},
    )


def measure(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_measure_for_user(request.user, pk)
    period = item.goal.priority.period
    progress = [
        queries.indicator_progress(i, period)
        for i in item.indicators.prefetch_related("values", "targets__period")
    ]
    verdict = queries.measure_light(item, progress=progress)
    can_update = permissions.can_update_measure(request.user, item)
    return render(
        request,
        "strategy/measure.html",
        {
            "measure": item,
            "period": period,
            "progress": progress,
            "verdict": verdict,
            "charts": [charts.indicator_chart(p.indicator, p.series) for p in progress],
            "notes": item.notes.select_related("author"),
            "projects": links.sources(PROJECT_MEASURES, item),
            "can_update": can_update,
            "can_edit": permissions.can_edit_plan(request.user),
            "form": _measure_form(item) if can_update else None,
            "history": history.entries(item) if is_member(request.user) else [],
        },
    )


def _measure_form(item: Measure, data: Any = None) -> MeasureUpdateForm:
    form = MeasureUpdateForm(data, initial={"status": item.status})
    track_version(form, item)
    return form


@login_required
@require_POST
def measure_update(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_measure_for_update(request.user, pk)
    return edit_page(
        request,
        "strategy/measure_form.html",
        lambda data: _measure_form(item, data),
        lambda form: services.update_measure(
            item,
            actor=request.user,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            date=form.cleaned_data["date"],
        ),
        record=item,
        done=lambda _saved: item,
        success=_("The measure was updated."),
        context={"measure": item},
    )


def indicator(request: HttpRequest, code: str) -> HttpResponse:
    item = permissions.get_indicator_for_user(request.user, code)
    prefetch_related_objects(
        [item],
        Prefetch("values", queryset=IndicatorValue.objects.select_related("region")),
        Prefetch("targets", queryset=Target.objects.select_related("period", "region")),
    )
    can_enter = permissions.can_enter_values(request.user, item)
    return render(
        request,
        "strategy/indicator.html",
        {
            "indicator": item,
            "table": queries.value_table(item),
            "has_records": queries.has_records(item),
            "chart": None
            if item.by_subregion
            else charts.indicator_chart(item, queries.series(item)),
            "small": (
                charts.subregion_charts(item, timezone.localdate().year)
                if item.by_subregion
                else []
            ),
            "targets": sorted(
                item.targets.all(), key=lambda t: (t.period.start_year, t.region_id or 0)
            ),
            "measures": item.measures.select_related("goal"),
            "can_enter": can_enter,
            "can_refresh": permissions.can_refresh(request.user, item),
            "can_edit": permissions.can_edit_plan(request.user),
            "form": ValueForm(by_subregion=item.by_subregion) if can_enter else None,
            "import_form": ValueImportForm() if can_enter else None,
            "history": history.entries(item) if is_member(request.user) else [],
        },
    )


def indicator_records(
    request: HttpRequest, code: str, year: int, region: str | None = None
) -> HttpResponse:
    """The records one computed value counts (a year, and a sub-region where broken down)."""
    item = permissions.get_indicator_for_user(request.user, code)
    found = queries.value_records(item, year, region)
    if found is None:
        raise Http404("This indicator's values are not counted from records.")
    shown = found.records if is_member(request.user) else [r for r in found.records if r.public]
    page = Paginator(shown, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "strategy/indicator_records.html",
        {
            "indicator": item,
            "found": found,
            "page": page,
            "hidden": len(found.records) - len(shown),
        },
    )


@login_required
@require_POST
def indicator_value(request: HttpRequest, code: str) -> HttpResponse:
    item = permissions.get_indicator_for_values(request.user, code)
    form = ValueForm(request.POST, by_subregion=item.by_subregion)
    if form.is_valid():
        data = form.cleaned_data
        services.set_value(
            item,
            data["year"],
            data["value"],
            actor=request.user,
            source=data["source"],
            region=data.get("region"),
        )
        messages.success(request, _("The value was saved."))
        return redirect(item)
    return render(
        request, "strategy/value_form.html", {"indicator": item, "form": form}, status=422
    )


@login_required
def indicator_import(request: HttpRequest) -> HttpResponse:
    """Typed-in values from a CSV or XLSX file: every row checked, all saved or none."""
    permissions.check_can_import_values(request.user)
    form = ValueImportForm(request.POST or None, request.FILES or None)
    errors: list[FormatError] = []
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        notes: list[str] = []  # e.g. that the file may be cut short, with its last row
        try:
            rows = table_rows(upload.read(), upload.name, services.VALUE_COLUMNS, notes=notes)
            summary = services.import_values(
                rows,
                actor=request.user,
                may_enter=lambda ind: permissions.can_enter_values(request.user, ind),
            )
        except InvalidRows as exc:
            errors = exc.errors
        except FormatError as exc:
            errors = [exc]
        else:
            messages.success(
                request,
                _("Imported: %(new)s new, %(changed)s changed, %(unchanged)s unchanged.")
                % {"new": summary.new, "changed": summary.changed, "unchanged": summary.unchanged},
            )
            for note in [*notes, *summary.warnings]:
                messages.warning(request, note)
            if back:
                return redirect(back)
            return redirect("strategy:indicator_import")
    indicators = [
        i
        for i in Indicator.objects.filter(computed="").prefetch_related("measures__responsible")
        if permissions.can_enter_values(request.user, i)
    ]
    return render(
        request,
        "strategy/value_import.html",
        {"form": form, "errors": errors, "indicators": indicators, "back": back},
        status=422 if errors or form.errors else 200,
    )


@login_required
@require_POST
def indicator_refresh(request: HttpRequest, code: str) -> HttpResponse:
    item = permissions.get_indicator_for_refresh(request.user, code)
    summary = services.refresh_computed([item.code], actor=request.user)
    messages.success(request, _("Recomputed: %(summary)s") % {"summary": summary})
    return redirect(item)


def results(request: HttpRequest, code: str) -> HttpResponse:
    period = _period(request, code)
    return render(
        request,
        "strategy/results.html",
        {"period": period, "groups": queries.results(period), "kinds": ResultKind},
    )


def _board(request: HttpRequest, code: str) -> board.Board:
    period = _period(request, code)
    wanted = request.GET.get("region") or ""
    subregion = None
    if wanted:
        subregion = get_object_or_404(
            Region.objects.subregions().filter(parent__code=settings.HOME_REGION), code=wanted
        )
    return board.build(period, subregion)


def board_page(request: HttpRequest, code: str) -> HttpResponse:
    """The board pack, "järkee vai ei?", for a period and the whole region or one sub-region."""
    pack = _board(request, code)
    return render(
        request,
        "strategy/board.html",
        {"board": pack, "period": pack.period, "pdf": exports.pdf_available()},
    )


def board_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The board pack as a PDF: made in a worker for a signed-in reader, who waits on the job's
    page and downloads it there; made at once for an anonymous visitor (a public page)."""
    if request.user.is_authenticated:
        period = _period(request, code)
        region = request.GET.get("region") or ""
        if region:
            get_object_or_404(
                Region.objects.subregions().filter(parent__code=settings.HOME_REGION), code=region
            )
        job = core_jobs.start(
            strategy_jobs.BOARD_PDF,
            actor=request.user,
            params={"code": period.code, "region": region},
            key=f"{strategy_jobs.BOARD_PDF}:{period.code}:{region}:{get_language()}:"
            f"{request.user.pk}",
            label=_("Board pack %(period)s") % {"period": period},
        )
        return redirect("core:job", pk=job.pk)
    pack = _board(request, code)
    html = render_to_string(
        "strategy/board_pdf.html", {"board": pack, "period": pack.period}, request=request
    )
    pdf = html_to_pdf(html, base_url=request.build_absolute_uri("/"))
    if pdf is None:
        messages.error(
            request, _("PDF is not available on this server; use your browser's print to PDF.")
        )
        return redirect(_board_url(code, pack.subregion))
    region = f"-{pack.subregion.code}" if pack.subregion else ""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="optiimi-{pack.period.code}{region}-{get_language()}.pdf"'
    )
    return response


def _board_url(code: str, subregion: Region | None) -> str:
    url = reverse("strategy:board", args=[code])
    return f"{url}?region={subregion.code}" if subregion else url


def report(request: HttpRequest, code: str) -> HttpResponse:
    """The period report became the board pack (kept for old links)."""
    return redirect(_with_query(reverse("strategy:board", args=[code]), request), permanent=True)


def report_pdf(request: HttpRequest, code: str) -> HttpResponse:
    return redirect(
        _with_query(reverse("strategy:board_pdf", args=[code]), request), permanent=True
    )


def _with_query(url: str, request: HttpRequest) -> str:
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url


def export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    period = _period(request, code)
    rows = exports.plan_rows(period)
    if fmt == "csv":
        buffer = io.StringIO()
        spreadsheets.write_csv(buffer, rows)
        response = HttpResponse(
            buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            exports.xlsx(rows, period.name),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="optiimi-plan-{period.code}.{fmt}"'
    return response


# Editing the plan (coordinator) ----------------------------------------------------------------


def _edit_page(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[], Any],
    *,
    title: str,
    back: str,
    done: Callable[[Any], str] | None = None,
    record: Any = None,
    reopen: Callable[[], forms.BaseForm] | None = None,
) -> HttpResponse:
    """Show a plan form; on a valid POST save it through a service and go back (or to `done`).
    Errors and lost updates are answered as `core.forms.submit` does; `reopen()` makes the form
    of the current values shown after a conflict."""
    result = submit(
        request,
        lambda data: form if data is not None or reopen is None else reopen(),
        lambda _form: save(),
        record=record,
    )
    if result.done:
        messages.success(request, _("Saved."))
        return redirect(done(result.saved) if done else back)
    context = {"form": result.form, "title": title, "back": back, "conflict": result.conflict}
    return render(request, "strategy/plan_form.html", context, status=result.status)


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@login_required
def period_create(request: HttpRequest) -> HttpResponse:
    permissions.check_can_edit_plan(request.user)
    form = PeriodForm(_data(request))
    return _edit_page(
        request,
        form,
        lambda: services.define_period(
            actor=request.user, code=form.cleaned_data["code"], **form.values()
        ),
        title=_("New period"),
        back=reverse("strategy:index"),
        done=lambda period: period.get_absolute_url(),
    )


@login_required
def period_edit(request: HttpRequest, code: str) -> HttpResponse:
    period = permissions.get_for_plan_edit(request.user, Period, code=code)
    form = PeriodForm(_data(request), instance=period)
    return _edit_page(
        request,
        form,
        lambda: services.define_period(actor=request.user, code=period.code, **form.values()),
        title=_("Edit the period"),
        back=period.get_absolute_url(),
        record=period,
        reopen=lambda: PeriodForm(instance=period),
    )


@login_required
def priority_create(request: HttpRequest, code: str) -> HttpResponse:
    period = permissions.get_for_plan_edit(request.user, Period, code=code)
    form = PriorityForm(_data(request), parent=period)
    return _edit_page(
        request,
        form,
        lambda: services.define_priority(
            period, form.cleaned_data["number"], actor=request.user, **form.values()
        ),
        title=_("New priority"),
        back=period.get_absolute_url(),
    )


@login_required
def priority_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_for_plan_edit(request.user, Priority, pk=pk)
    form = PriorityForm(_data(request), instance=item, parent=item.period)
    return _edit_page(
        request,
        form,
        lambda: services.define_priority(
            item.period, item.number, actor=request.user, **form.values()
        ),
        title=_("Edit the priority"),
        back=item.period.get_absolute_url(),
        record=item,
        reopen=lambda: PriorityForm(instance=item, parent=item.period),
    )


@login_required
def goal_create(request: HttpRequest, pk: int) -> HttpResponse:
    priority = permissions.get_for_plan_edit(request.user, Priority, pk=pk)
    form = GoalForm(_data(request), parent=priority)
    return _edit_page(
        request,
        form,
        lambda: services.define_goal(
            priority, form.cleaned_data["number"], actor=request.user, **form.values()
        ),
        title=_("New goal"),
        back=priority.period.get_absolute_url(),
    )


@login_required
def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_for_plan_edit(request.user, Goal, pk=pk)
    form = GoalForm(_data(request), instance=item, parent=item.priority)
    return _edit_page(
        request,
        form,
        lambda: services.define_goal(
            item.priority, item.number, actor=request.user, **form.values()
        ),
        title=_("Edit the goal"),
        back=item.priority.period.get_absolute_url(),
        record=item,
        reopen=lambda: GoalForm(instance=item, parent=item.priority),
    )


def _measure_values(form: MeasureForm) -> dict[str, Any]:
    values = form.values()
    values["responsible"] = list(values["responsible"])
    values["sub_regions"] = list(values["sub_regions"])
    return values


@login_required
def measure_create(request: HttpRequest, pk: int) -> HttpResponse:
    goal = permissions.get_for_plan_edit(request.user, Goal, pk=pk)
    form = MeasureForm(_data(request), parent=goal)
    return _edit_page(
        request,
        form,
        lambda: services.define_measure(
            goal, form.cleaned_data["number"], actor=request.user, **_measure_values(form)
        ),
        title=_("New measure"),
        back=goal.priority.period.get_absolute_url(),
        done=lambda m: m.get_absolute_url(),
    )


@login_required
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_for_plan_edit(request.user, Measure, pk=pk)
    form = MeasureForm(_data(request), instance=item, parent=item.goal)
    return _edit_page(
        request,
        form,
        lambda: services.define_measure(
            item.goal, item.number, actor=request.user, **_measure_values(form)
        ),
        title=_("Edit the measure"),
        back=item.get_absolute_url(),
        record=item,
        reopen=lambda: MeasureForm(instance=item, parent=item.goal),
    )


def _indicator_values(form: IndicatorForm) -> dict[str, Any]:
    values = form.values()
    values["measures"] = list(values["measures"])
    return values


@login_required
def indicator_create(request: HttpRequest) -> HttpResponse:
    permissions.check_can_edit_plan(request.user)
    form = IndicatorForm(_data(request))
    return _edit_page(
        request,
        form,
        lambda: services.define_indicator(
            form.cleaned_data["code"], actor=request.user, **_indicator_values(form)
        ),
        title=_("New indicator"),
        back=reverse("strategy:index"),
        done=lambda i: i.get_absolute_url(),
    )


@login_required
def indicator_edit(request: HttpRequest, code: str) -> HttpResponse:
    item = permissions.get_for_plan_edit(request.user, Indicator, code=code)
    form = IndicatorForm(_data(request), instance=item)
    return _edit_page(
        request,
        form,
        lambda: services.define_indicator(item.code, actor=request.user, **_indicator_values(form)),
        title=_("Edit the indicator"),
        back=item.get_absolute_url(),
        record=item,
        reopen=lambda: IndicatorForm(instance=item),
    )


@login_required
def indicator_target(request: HttpRequest, code: str) -> HttpResponse:
    item = permissions.get_for_plan_edit(request.user, Indicator, code=code)
    form = TargetForm(_data(request), by_subregion=item.by_subregion)
    return _edit_page(
        request,
        form,
        lambda: services.set_target(
            item,
            form.cleaned_data["period"],
            form.cleaned_data["value"],
            actor=request.user,
            region=form.cleaned_data.get("region"),
        ),
        title=_("Set a target"),
        back=item.get_absolute_url(),
    )


@login_required
def period_copy(request: HttpRequest, code: str) -> HttpResponse:
    period = permissions.get_for_plan_edit(request.user, Period, code=code)
    form = CopyPlanForm(_data(request), source=period)
    return _edit_page(
        request,
        form,
        lambda: services.copy_plan(period, form.cleaned_data["into"], actor=request.user),
        title=_("Copy this plan into another period"),
        back=period.get_absolute_url(),
        done=lambda into: into.get_absolute_url(),
    )
