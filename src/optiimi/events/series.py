"""Event series with their yearly targets: listed for everyone, kept by the coordinator."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from optiimi.core import writes
from optiimi.core.forms import add_service_errors, conflict_message, opened_version, track_version
from optiimi.events import permissions, services
from optiimi.events.forms import SeriesForm
from optiimi.events.models import EventSeries


def series_list(request: HttpRequest) -> HttpResponse:
    series = EventSeries.objects.select_related("sub_region").annotate(n=Count("events"))
    return render(
        request,
        "events/series_list.html",
        {"series_list": series, "can_manage": permissions.can_manage_series(request.user)},
    )


def _series_form(
    request: HttpRequest, series: EventSeries | None, conflict: str = ""
) -> HttpResponse:
    post = request.POST if request.method == "POST" and not conflict else None
    # The form validates a copy: the service compares the stored values with the new ones.
    form = SeriesForm(post, instance=copy.copy(series))
    track_version(form, series)
    if post is not None and form.is_valid():
        version = opened_version(form)
        try:
            with writes.unchanged_since(series, version, actor=request.user):
                saved = services.save_series(series, actor=request.user, **form.cleaned_data)
        except writes.Conflict as exc:
            return _series_form(request, series, conflict_message(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The series was saved."))
            return redirect("events:series", pk=saved.pk)
    return render(
        request,
        "events/series_form.html",
        {"form": form, "series": series, "conflict": conflict},
        status=409 if conflict else 422 if form.errors else 200,
    )


@login_required
def series_create(request: HttpRequest) -> HttpResponse:
    permissions.check_can_manage_series(request.user)
    return _series_form(request, None)


@login_required
def series_edit(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.check_can_manage_series(request.user)
    return _series_form(request, get_object_or_404(EventSeries, pk=pk))
