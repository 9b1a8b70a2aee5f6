from django.contrib import admin

from optiimi.core.admin import ReadOnlyAdmin, ReadOnlyHistoryAdmin
from optiimi.foresight.models import (
    Forecast,
    ImportRun,
    Indicator,
    Observation,
    ObservationChange,
)


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyHistoryAdmin):
    list_display = ["code", "name_fi", "unit", "frequency", "source_updated"]
    search_fields = ["code", "name_fi", "name_en"]


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "area", "period", "key", "value", "status"]
    list_filter = ["status"]
    raw_id_fields = ["indicator", "region", "import_run"]


admin.site.register(ImportRun, ReadOnlyAdmin)
admin.site.register(ObservationChange, ReadOnlyAdmin)
admin.site.register(Forecast, ReadOnlyAdmin)
