from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from optiimi.core import writes
from optiimi.core.admin import ReadOnlyAdmin, ReadOnlyHistoryAdmin, ReadOnlyInline
from optiimi.network import services
from optiimi.network.models import (
    Affiliation,
    Competence,
    CompetenceGroup,
    Organisation,
    Person,
    Role,
)


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyHistoryAdmin):
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


class AffiliationInline(ReadOnlyInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Person)
class PersonAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "email", "public", "synthetic"]
    list_filter = ["public", "synthetic", "competences__group"]
    search_fields = ["name", "email", "expertise_fi"]
    filter_horizontal = ["competences"]
    inlines = [AffiliationInline]
    raw_id_fields = ["user"]


@admin.register(CompetenceGroup)
class CompetenceGroupAdmin(ReadOnlyAdmin):
    list_display = ["code", "label_fi", "label_en"]


@admin.register(Competence)
class CompetenceAdmin(ReadOnlyHistoryAdmin):
    list_display = ["code", "label_fi", "label_en", "group"]
    list_filter = ["group"]
    search_fields = ["code", "label_fi", "label_en"]


@admin.register(Role)
class RoleAdmin(SimpleHistoryAdmin):
    """Roles are granted here through `services.set_role`, which checks and records them."""

    list_display = ["user", "kind", "organisation", "capabilities"]
    list_filter = ["kind"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["user"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["user"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        # The admin wraps its form in a transaction; the write path must be the outer one.
        with writes.acting(request.user):
            return super().changeform_view(request, *args, **kwargs)

    def save_model(self, request: HttpRequest, obj: Role, form: Any, change: bool) -> None:
        role = services.set_role(
            obj.user,
            obj.kind,
            obj.organisation,
            actor=request.user,
            capabilities=obj.capabilities,
        )
        obj.pk = role.pk
