"""Who may read and change the plan: the one place these checks live.

- coordinator: edits everything in the plan;
- an organisation's editor: updates the measures their organisation is responsible for (status,
  progress notes) and enters values of those measures' indicators;
- member: reads everything;
- anonymous: reads the periods, indicators and strategies the coordinator has marked public.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from optiimi.network.permissions import edited_organisation_id, is_coordinator, is_member
from optiimi.strategy.models import Indicator, Measure, Period, SubregionStrategy

M = TypeVar("M", bound=Model)


def can_edit_plan(user: Any) -> bool:
    return is_coordinator(user)


def can_update_measure(user: Any, measure: Measure) -> bool:
    if is_coordinator(user):
        return True
    org_id = edited_organisation_id(user)
    return org_id is not None and measure.responsible.filter(pk=org_id).exists()


def can_enter_values(user: Any, indicator: Indicator) -> bool:
    if indicator.computed:
        return False
    if is_coordinator(user):
        return True
    org_id = edited_organisation_id(user)
    return org_id is not None and indicator.measures.filter(responsible__pk=org_id).exists()


def can_import_values(user: Any) -> bool:
    """Who sees the upload form: the coordinator and organisations' editors. Each row of an
    upload is then checked with `can_enter_values` for its indicator."""
    return is_coordinator(user) or edited_organisation_id(user) is not None


def check_can_import_values(user: Any) -> None:
    if not can_import_values(user):
        raise PermissionDenied(
            "Only the coordinator and organisations' editors may import indicator values."
        )


def can_refresh(user: Any, indicator: Indicator) -> bool:
    """Recomputing a computed indicator on demand is the coordinator's."""
    return bool(indicator.computed) and is_coordinator(user)


def get_indicator_for_refresh(user: Any, code: str) -> Indicator:
    indicator = get_indicator_for_user(user, code)
    if not can_refresh(user, indicator):
        raise PermissionDenied("Only the coordinator recomputes computed indicators.")
    return indicator


def visible_periods(user: Any) -> QuerySet[Period]:
    periods = Period.objects.all()
    return periods if is_member(user) else periods.filter(public=True)


def visible_indicators(user: Any) -> QuerySet[Indicator]:
    indicators = Indicator.objects.all()
    return indicators if is_member(user) else indicators.filter(public=True)


def visible_strategies(user: Any) -> QuerySet[SubregionStrategy]:
    strategies = SubregionStrategy.objects.select_related("region")
    return strategies if is_member(user) else strategies.filter(public=True)


def get_period_for_user(user: Any, code: str) -> Period:
    return get_object_or_404(visible_periods(user), code=code)


def get_measure_for_user(user: Any, pk: int) -> Measure:
    measure = get_object_or_404(Measure.objects.select_related("goal__priority__period"), pk=pk)
    if not (is_member(user) or measure.goal.priority.period.public):
        raise Http404
    return measure


def get_measure_for_update(user: Any, pk: int) -> Measure:
    measure = get_object_or_404(Measure.objects.select_related("goal__priority__period"), pk=pk)
    if not can_update_measure(user, measure):
        raise PermissionDenied(
            "Only the coordinator and the responsible organisations' editors "
            "may update this measure."
        )
    return measure


def get_indicator_for_user(user: Any, code: str) -> Indicator:
    return get_object_or_404(visible_indicators(user), code=code)


def get_indicator_for_values(user: Any, code: str) -> Indicator:
    indicator = get_object_or_404(Indicator, code=code)
    if indicator.computed:
        raise PermissionDenied(
            "This indicator is computed from platform data; its values cannot be entered by hand."
        )
    if not can_enter_values(user, indicator):
        raise PermissionDenied(
            "Only the coordinator and the editors of the organisations "
            "responsible for its measures may enter values."
        )
    return indicator


def check_can_edit_plan(user: Any) -> None:
    if not can_edit_plan(user):
        raise PermissionDenied("Only the network coordinator may edit the plan.")


def get_for_plan_edit(user: Any, model: type[M], **lookup: Any) -> M:
    """An object of the plan the coordinator edits: refused (403) for everyone else."""
    check_can_edit_plan(user)
    return get_object_or_404(model, **lookup)
