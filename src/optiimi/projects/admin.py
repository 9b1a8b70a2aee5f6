from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from optiimi.projects.models import Consultation, Funding, Partner, PhaseChange, Project


class PartnerInline(admin.TabularInline):
    model = Partner
    extra = 0


class FundingInline(admin.TabularInline):
    model = Funding
    extra = 0


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ("name", "acronym", "phase", "lead", "start", "end")
    list_filter = ("phase",)
    search_fields = ("name", "acronym")
    inlines = [PartnerInline, FundingInline]


admin.site.register(Consultation, SimpleHistoryAdmin)
admin.site.register(PhaseChange)
admin.site.register(Partner, SimpleHistoryAdmin)
admin.site.register(Funding, SimpleHistoryAdmin)
