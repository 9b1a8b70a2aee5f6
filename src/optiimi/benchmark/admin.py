from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from optiimi.benchmark.models import Company, Financials, Industry


@admin.register(Industry)
class IndustryAdmin(SimpleHistoryAdmin):
    list_display = ["code", "level", "name_fi", "name_en"]
    search_fields = ["code", "name_fi", "name_en"]


@admin.register(Company)
class CompanyAdmin(SimpleHistoryAdmin):
    list_display = ["business_id", "name", "tol", "municipality", "synthetic"]
    search_fields = ["business_id", "name"]
    list_filter = ["section", "synthetic"]


@admin.register(Financials)
class FinancialsAdmin(SimpleHistoryAdmin):
    list_display = ["company", "year", "turnover", "personnel"]
    list_filter = ["year"]
