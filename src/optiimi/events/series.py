"""Event series with their yearly targets: listed for everyone, kept by the coordinator."""

from __future__ import annotations

import copy

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from optiimi.core.forms import edit_page
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


def _series_form(request: HttpRequest, series: EventSeries | None) -> HttpResponse:
    return edit_page(
        request,
        "events/series_form.html",
        # The form validates a copy: the service compares the stored values with the new ones.
        lambda data: SeriesForm(data, instance=copy.copy(series)),
        lambda form: services.save_series(series, actor=request.user, **form.cleaned_data),
        record=series,
        done=lambda saved: reverse("events:series", kwargs={"pk": saved.pk}),
        success=_("The series was saved."),
        context={"series": series},
    )


@login_required
def series_create(request: HttpRequest) -> HttpResponse:
    permissions.check_can_manage_series(request.user)
    return _series_form(request, None)


@login_required
def series_edit(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.check_can_manage_series(request.user)
    return _series_form(request, get_object_or_404(EventSeries, pk=pk))
