from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from optiimi.foresight.models import (
    Forecast,
    ImportRun,
    Indicator,
    Observation,
    ObservationChange,
)


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_fi", "unit", "frequency", "source_updated"]
    search_fields = ["code", "name_fi", "name_en"]


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    list_display = ["indicator", "area", "period", "key", "value", "status"]
    list_filter = ["status"]
    raw_id_fields = ["indicator", "region", "import_run"]


admin.site.register(ImportRun)
admin.site.register(ObservationChange)
admin.site.register(Forecast)
