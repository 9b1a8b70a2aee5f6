from django.contrib import admin

from optiimi.benchmark.models import Company, Financials, Industry
from optiimi.core.admin import ReadOnlyHistoryAdmin


@admin.register(Industry)
class IndustryAdmin(ReadOnlyHistoryAdmin):
    list_display = ["code", "level", "name_fi", "name_en", "name_sv"]
    search_fields = ["code", "name_fi", "name_en", "name_sv"]


@admin.register(Company)
class CompanyAdmin(ReadOnlyHistoryAdmin):
    list_display = ["business_id", "name", "tol", "municipality", "synthetic"]
    search_fields = ["business_id", "name"]
    list_filter = ["section", "synthetic"]


@admin.register(Financials)
class FinancialsAdmin(ReadOnlyHistoryAdmin):
    list_display = ["company", "year", "turnover", "personnel"]
    list_filter = ["year"]
