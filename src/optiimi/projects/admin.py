from django.contrib import admin

from optiimi.core.admin import ReadOnlyAdmin, ReadOnlyHistoryAdmin, ReadOnlyInline
from optiimi.projects.models import Consultation, Funding, Partner, PhaseChange, Project


class PartnerInline(ReadOnlyInline):
    model = Partner
    extra = 0


class FundingInline(ReadOnlyInline):
    model = Funding
    extra = 0


@admin.register(Project)
class ProjectAdmin(ReadOnlyHistoryAdmin):
    list_display = ("name", "acronym", "phase", "lead", "start", "end")
    list_filter = ("phase",)
    search_fields = ("name", "acronym")
    inlines = [PartnerInline, FundingInline]


admin.site.register(Consultation, ReadOnlyHistoryAdmin)
admin.site.register(PhaseChange, ReadOnlyAdmin)
admin.site.register(Partner, ReadOnlyHistoryAdmin)
admin.site.register(Funding, ReadOnlyHistoryAdmin)
