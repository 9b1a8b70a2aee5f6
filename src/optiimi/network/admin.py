from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from optiimi.network.models import (
    Affiliation,
    Competence,
    CompetenceGroup,
    Organisation,
    Person,
    Role,
)


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "short_name",
        "business_id",
        "kind",
        "home_municipality",
        "member_since",
        "member_until",
    ]
    list_filter = ["kind", "synthetic"]
    search_fields = ["name", "short_name", "business_id"]
    filter_horizontal = ["sub_regions"]
    autocomplete_fields = ["home_municipality"]


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "email", "public", "synthetic"]
    list_filter = ["public", "synthetic", "competences__group"]
    search_fields = ["name", "email", "expertise_fi"]
    filter_horizontal = ["competences"]
    inlines = [AffiliationInline]
    raw_id_fields = ["user"]


@admin.register(CompetenceGroup)
class CompetenceGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "label_fi", "label_en"]


@admin.register(Competence)
class CompetenceAdmin(SimpleHistoryAdmin):
    list_display = ["code", "label_fi", "label_en", "group"]
    list_filter = ["group"]
    search_fields = ["code", "label_fi", "label_en"]


@admin.register(Role)
class RoleAdmin(SimpleHistoryAdmin):
    list_display = ["user", "kind", "organisation"]
    list_filter = ["kind"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["user"]
