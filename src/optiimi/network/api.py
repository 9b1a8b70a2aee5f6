import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import field_validator

from optiimi.accounts.auth import READ_AUTH, WRITE_AUTH
from optiimi.core import ytunnus
from optiimi.core.api import UNSET, Code, Id, Pages, Payload, RegionCode, Text, errors
from optiimi.core.apierrors import FieldError, saved
from optiimi.network import permissions, queries, services
from optiimi.network.models import Competence, Organisation, OrganisationKind, Person
from optiimi.regions.models import Level, Region

router = Router(tags=["network"])


class OrganisationOut(Schema):
    id: int
    name: str
    short_name: str
    business_id: str | None
    kind: OrganisationKind
    home_municipality: str | None = Field(None, description="municipality code")
    sub_regions: list[str] = Field(description="codes of the sub-regions served")
    member_since: datetime.date | None
    member_until: datetime.date | None
    website: str
    description_fi: str
    description_en: str
    synthetic: bool

    @staticmethod
    def resolve_home_municipality(obj: Organisation) -> str | None:
        return obj.home_municipality.code if obj.home_municipality else None

    @staticmethod
    def resolve_sub_regions(obj: Organisation) -> list[str]:
        return [r.code for r in obj.sub_regions.all()]


class OrganisationIn(Payload):
    name: str = Field(min_length=1, max_length=200)
    short_name: str = Field("", max_length=40)
    business_id: str | None = Field(None, max_length=20, description="Y-tunnus, e.g. 0112038-9")
    kind: OrganisationKind
    home_municipality: RegionCode | None = Field(None, description="municipality code, e.g. 179")
    sub_regions: list[RegionCode] | None = Field(None, description="sub-region codes, e.g. ['131']")
    member_since: datetime.date | None = None
    member_until: datetime.date | None = None
    website: str = Field("", max_length=200)
    description_fi: str = ""
    description_en: str = ""

    @field_validator("business_id")
    @classmethod
    def valid_business_id(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        try:
            return ytunnus.normalise(value)
        except ytunnus.InvalidBusinessId as exc:
            raise ValueError(str(exc)) from None


class OrganisationPatch(OrganisationIn):
    """Only the fields given change; a text field is never null (send "" to empty it)."""

    name: str = Field(UNSET, min_length=1, max_length=200)
    kind: OrganisationKind = Field(UNSET)


class AffiliationOut(Schema):
    organisation_id: int
    organisation: str
    title: str
    primary: bool

    @staticmethod
    def resolve_organisation(obj: Any) -> str:
        return obj.organisation.name


class PersonOut(Schema):
    id: int
    name: str
    email: str | None
    affiliations: list[AffiliationOut]
    competences: list[str]
    expertise_fi: str
    expertise_en: str
    public: bool

    @staticmethod
    def resolve_competences(obj: Person) -> list[str]:
        return [c.code for c in obj.competences.all()]

    @staticmethod
    def resolve_affiliations(obj: Person) -> list[Any]:
        return list(obj.affiliations.all())

    @staticmethod
    def resolve_email(obj: Person, context: dict[str, Any]) -> str | None:
        return obj.email if permissions.can_see_email(context["request"].user, obj) else None


class PersonIn(Payload):
    name: str = Field(min_length=1, max_length=200)
    email: str | None = Field(None, max_length=254)
    organisation_id: Id
    title: str = Field("", max_length=200)
    competences: list[Code] = Field(default_factory=list, description="competence codes")
    expertise_fi: str = ""
    expertise_en: str = ""
    public: bool = False


class PersonPatch(PersonIn):
    """Only the fields given change; a text field is never null (send "" to empty it)."""

    name: str = Field(UNSET, min_length=1, max_length=200)
    organisation_id: Id = Field(UNSET)
    competences: list[Code] = Field(UNSET)
    title: str = Field(UNSET, max_length=200)
    public: bool = Field(UNSET)


class CompetenceOut(Schema):
    code: str
    label_fi: str
    label_en: str
    group: str

    @staticmethod
    def resolve_group(obj: Competence) -> str:
        return obj.group.code


def _region(code: str, level: str, field: str) -> Region:
    region = Region.objects.filter(level=level, code=code).first()
    if region is None:
        raise FieldError(field, f"no {level} with code {code!r}")
    return region


def _organisation_data(payload: OrganisationIn, partial: bool) -> dict[str, Any]:
    data = payload.dict(exclude_unset=partial)
    if data.get("home_municipality"):
        data["home_municipality"] = _region(
            data["home_municipality"], Level.MUNICIPALITY, "home_municipality"
        )
    if data.get("sub_regions") is not None:
        data["sub_regions"] = [
            _region(c, Level.SUBREGION, "sub_regions") for c in data["sub_regions"]
        ]
    return {k: v for k, v in data.items() if not (partial and v is None and k in {"name", "kind"})}


def _person_data(payload: PersonIn, partial: bool) -> dict[str, Any]:
    data = payload.dict(exclude_unset=partial)
    if data.get("competences") is not None:
        found = {c.code: c for c in Competence.objects.filter(code__in=data["competences"])}
        missing = [c for c in data["competences"] if c not in found]
        if missing:
            raise FieldError("competences", f"unknown competence(s): {', '.join(missing)}")
        data["competences"] = list(found.values())
    if data.get("organisation_id") is not None:
        organisation = Organisation.objects.filter(pk=data.pop("organisation_id")).first()
        if organisation is None:
            raise FieldError("organisation_id", "no such organisation")
        data["organisation"] = organisation
    else:
        data.pop("organisation_id", None)
    return data


@router.get(
    "/organisations",
    response={200: list[OrganisationOut], **errors(422)},
    auth=READ_AUTH,
    summary="List organisations",
)
@paginate(Pages, page_size=50)
def list_organisations(
    request: HttpRequest,
    q: Text = "",
    kind: OrganisationKind | None = None,
    sub_region: RegionCode | None = None,
    members: bool = False,
) -> Any:
    region = Region.objects.subregions().filter(code=sub_region).first() if sub_region else None
    if sub_region and region is None:
        raise FieldError("sub_region", f"no sub-region with code {sub_region!r}")
    return queries.organisations(
        q=q, kind=kind or "", sub_region=region, members_only=members
    ).prefetch_related("sub_regions")


@router.get(
    "/organisations/{pk}",
    response={200: OrganisationOut, **errors(404, 422)},
    auth=READ_AUTH,
    summary="One organisation",
)
def get_organisation(request: HttpRequest, pk: Id) -> Organisation:
    return get_object_or_404(Organisation.objects.select_related("home_municipality"), pk=pk)


@router.post(
    "/organisations",
    response={201: OrganisationOut, **errors(400, 401, 403, 422)},
    auth=WRITE_AUTH,
    summary="Add an organisation (coordinator)",
)
def create_organisation(request: HttpRequest, payload: OrganisationIn) -> Status[Any]:
    permissions.check_can_create_organisation(request.user)
    data = _organisation_data(payload, partial=False)
    return Status(201, saved(lambda: services.create_organisation(actor=request.user, **data)))


@router.patch(
    "/organisations/{pk}",
    response={200: OrganisationOut, **errors(400, 401, 403, 404, 422)},
    auth=WRITE_AUTH,
    summary="Change an organisation (its editors, coordinator)",
)
def update_organisation(request: HttpRequest, pk: Id, payload: OrganisationPatch) -> Any:
    organisation = permissions.get_organisation_for_edit(request.user, pk)
    data = _organisation_data(payload, partial=True)
    saved(lambda: services.update_organisation(organisation, actor=request.user, **data))
    return Organisation.objects.get(pk=pk)


@router.get(
    "/people",
    response={200: list[PersonOut], **errors(422)},
    auth=READ_AUTH,
    summary="List people (consented profiles for the public)",
)
@paginate(Pages, page_size=50)
def list_people(
    request: HttpRequest,
    q: Text = "",
    competence: Code | None = None,
    organisation: Id | None = None,
) -> Any:
    comp = Competence.objects.filter(code=competence).first() if competence else None
    org = Organisation.objects.filter(pk=organisation).first() if organisation else None
    return queries.people(request.user, q=q, competence=comp, organisation=org)


@router.get(
    "/people/{pk}",
    response={200: PersonOut, **errors(404, 422)},
    auth=READ_AUTH,
    summary="One person",
)
def get_person(request: HttpRequest, pk: Id) -> Person:
    return permissions.get_person_for_user(request.user, pk)


@router.post(
    "/people",
    response={201: PersonOut, **errors(400, 401, 403, 422)},
    auth=WRITE_AUTH,
    summary="Add a person (coordinator, or an editor to their organisation)",
)
def create_person(request: HttpRequest, payload: PersonIn) -> Status[Any]:
    data = _person_data(payload, partial=False)
    permissions.check_can_create_person(request.user, data["organisation"])
    return Status(201, saved(lambda: services.create_person(actor=request.user, **data)))


@router.patch(
    "/people/{pk}",
    response={200: PersonOut, **errors(400, 401, 403, 404, 422)},
    auth=WRITE_AUTH,
    summary="Change a person (their organisation's editors, coordinator)",
)
def update_person(request: HttpRequest, pk: Id, payload: PersonPatch) -> Any:
    person = permissions.get_person_for_edit(request.user, pk)
    data = _person_data(payload, partial=True)
    if "organisation" in data:
        permissions.check_can_create_person(request.user, data["organisation"])
    saved(lambda: services.update_person(person, actor=request.user, **data))
    return Person.objects.get(pk=pk)


@router.get(
    "/people/{pk}/export",
    response={200: dict[str, Any], **errors(401, 403, 404, 422)},
    auth=WRITE_AUTH,
    summary="Everything held about a person, from every capability (GDPR access request)",
)
def export_person(request: HttpRequest, pk: Id) -> dict[str, Any]:
    return services.export_person(permissions.get_person_for_edit(request.user, pk))


@router.delete(
    "/people/{pk}",
    response={204: None, **errors(401, 403, 404, 422)},
    auth=WRITE_AUTH,
    summary="Erase a person and their history (GDPR)",
)
def erase_person(request: HttpRequest, pk: Id) -> Status[None]:
    person = permissions.get_person_for_edit(request.user, pk)
    services.erase_person(person, actor=request.user)
    return Status(204, None)


@router.get("/competences", response=list[CompetenceOut], summary="The competence vocabulary")
def list_competences(request: HttpRequest) -> list[Competence]:
    # Entries proposed by an import are left out until the coordinator accepts them.
    return list(Competence.objects.filter(proposed=False).select_related("group"))
