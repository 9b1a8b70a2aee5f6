from django.contrib import admin

from optiimi.core.admin import ReadOnlyHistoryAdmin
from optiimi.regions.models import Region


@admin.register(Region)
class RegionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["code", "name_fi", "name_sv", "level", "parent", "year"]
    list_filter = ["level", "year"]
    search_fields = ["code", "name_fi", "name_sv"]
    raw_id_fields = ["parent"]
    exclude = ["geometry"]
