from django.contrib import admin

from optiimi.core.admin import ReadOnlyHistoryAdmin, ReadOnlyInline
from optiimi.strategy.models import (
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    Period,
    Priority,
    ProgressNote,
    Result,
    SubregionStrategy,
    Target,
)


@admin.register(Period)
class PeriodAdmin(ReadOnlyHistoryAdmin):
    list_display = ["code", "name_fi", "kind", "start_year", "end_year", "public"]


@admin.register(Priority)
class PriorityAdmin(ReadOnlyHistoryAdmin):
    list_display = ["period", "number", "title_fi"]
    list_filter = ["period"]


@admin.register(Goal)
class GoalAdmin(ReadOnlyHistoryAdmin):
    list_display = ["priority", "number", "title_fi"]


class NoteInline(ReadOnlyInline):
    model = ProgressNote
    extra = 0


@admin.register(Measure)
class MeasureAdmin(ReadOnlyHistoryAdmin):
    list_display = ["number", "title_fi", "status", "goal"]
    list_filter = ["status", "goal__priority__period"]
    filter_horizontal = ["responsible", "sub_regions"]
    inlines = [NoteInline]


class TargetInline(ReadOnlyInline):
    model = Target
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyHistoryAdmin):
    list_display = ["code", "name_fi", "unit", "computed", "public", "synthetic"]
    list_filter = ["public", "synthetic", "by_subregion"]
    search_fields = ["code", "name_fi", "name_en"]
    filter_horizontal = ["measures"]
    inlines = [TargetInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyHistoryAdmin):
    list_display = ["indicator", "year", "region", "value", "source", "computed_at"]
    list_filter = ["indicator"]


@admin.register(SubregionStrategy)
class SubregionStrategyAdmin(ReadOnlyHistoryAdmin):
    list_display = ["region", "title", "adopted", "public"]


@admin.register(Result)
class ResultAdmin(ReadOnlyHistoryAdmin):
    list_display = ["period", "kind", "number", "title_fi"]
    list_filter = ["period", "kind"]
    filter_horizontal = ["goals", "measures", "sub_regions", "indicators"]
