"""Every write to the network: organisations, people, roles, and their CSV importers."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from optiimi.core import personal_data, writes, ytunnus
from optiimi.core.formats import FormatError, InvalidRows
from optiimi.core.formats.tables import parse_bool
from optiimi.core.text import related, terms
from optiimi.core.writes import Actor, ImportSummary, Outcome
from optiimi.network.models import (
    Affiliation,
    CapabilityRole,
    Competence,
    CompetenceGroup,
    Organisation,
    OrganisationKind,
    Person,
    Role,
    RoleKind,
)
from optiimi.regions.models import Level, Region

ORGANISATION_FIELDS = (
    "name",
    "short_name",
    "business_id",
    "kind",
    "home_municipality",
    "member_since",
    "member_until",
    "website",
    "description_fi",
    "description_en",
    "illustrative",
    "synthetic",
)
PERSON_FIELDS = ("name", "email", "expertise_fi", "expertise_en", "public", "synthetic")


def _apply(instance: models.Model, data: dict[str, Any], fields: Iterable[str]) -> bool:
    changed = False
    for key in fields:
        if key in data and getattr(instance, key) != data[key]:
            setattr(instance, key, data[key])
            changed = True
    return changed


def _normalise_business_id(data: dict[str, Any]) -> None:
    if data.get("business_id"):
        try:
            data["business_id"] = ytunnus.normalise(data["business_id"])
        except ytunnus.InvalidBusinessId as exc:
            raise ValidationError({"business_id": str(exc)}) from None
    elif "business_id" in data:
        data["business_id"] = None


# Organisations -------------------------------------------------------------------------------


@writes.service
def create_organisation(
    *, actor: Actor, sub_regions: Iterable[Region] | None = None, **data: Any
) -> Organisation:
    _normalise_business_id(data)
    organisation = Organisation()
    _apply(organisation, data, ORGANISATION_FIELDS)
    writes.save(organisation, actor=actor)
    if writes.set_m2m(organisation, "sub_regions", sub_regions, actor=actor):
        writes.save(organisation, actor=actor)
    return organisation


@writes.service
def update_organisation(
    organisation: Organisation,
    *,
    actor: Actor,
    sub_regions: Iterable[Region] | None = None,
    **data: Any,
) -> bool:
    """Apply the given fields; write history only when something changed. True if it did."""
    _normalise_business_id(data)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    changed = _apply(organisation, data, ORGANISATION_FIELDS)
    changed = writes.set_m2m(organisation, "sub_regions", sub_regions, actor=actor) or changed
    if changed:
        writes.save(organisation, actor=actor)
    return changed


# People --------------------------------------------------------------------------------------


def _consent(person: Person, public: bool) -> None:
    if public and not person.consent_recorded:
        person.consent_recorded = timezone.now()
    if not public:
        person.consent_recorded = None


@writes.service
def create_person(
    *,
    actor: Actor,
    organisation: Organisation | None = None,
    title: str = "",
    competences: Iterable[Competence] | None = None,
    **data: Any,
) -> Person:
    if data.get("email") == "":
        data["email"] = None
    person = Person()
    _apply(person, data, PERSON_FIELDS)
    _consent(person, person.public)
    writes.save(person, actor=actor)
    if writes.set_m2m(person, "competences", competences, actor=actor):
        writes.save(person, actor=actor)
    if organisation is not None:
        set_affiliation(person, organisation, title=title, actor=actor)
    return person


@writes.service
def update_person(
    person: Person,
    *,
    actor: Actor,
    organisation: Organisation | None = None,
    title: str | None = None,
    competences: Iterable[Competence] | None = None,
    **data: Any,
) -> bool:
    if data.get("email") == "":
        data["email"] = None
    person = Person.objects.select_for_update().get(pk=person.pk)
    changed = _apply(person, data, PERSON_FIELDS)
    changed = writes.set_m2m(person, "competences", competences, actor=actor) or changed
    if changed:
        _consent(person, person.public)
        writes.save(person, actor=actor)
    if organisation is not None:
        changed = set_affiliation(person, organisation, title=title, actor=actor) or changed
    return changed


@writes.service
def set_affiliation(
    person: Person, organisation: Organisation, *, title: str | None, actor: Actor
) -> bool:
    """Make `organisation` the person's primary one, with `title` (None keeps the title)."""
    affiliation = Affiliation.objects.filter(person=person, organisation=organisation).first()
    changed = False
    others = Affiliation.objects.filter(person=person, primary=True).exclude(
        organisation=organisation
    )
    for other in others:
        other.primary = False
        writes.save(other, actor=actor)
        changed = True
    if affiliation is None:
        affiliation = Affiliation(person=person, organisation=organisation, title=title or "")
        writes.save(affiliation, actor=actor)
        return True
    if (title is not None and affiliation.title != title) or not affiliation.primary:
        affiliation.title = affiliation.title if title is None else title
        affiliation.primary = True
        writes.save(affiliation, actor=actor)
        changed = True
    return changed


def subject_of(person: Person) -> personal_data.Subject:
    return personal_data.Subject(
        person_id=person.pk, name=person.name, email=person.email, user_id=person.user_id
    )


def erase_person(person: Person, *, actor: Actor) -> None:
    """GDPR erasure: every capability that holds something of the person erases it, history
    included, and the registry goes last (see `core.personal_data`); all in one transaction."""
    with writes.acting(actor):
        personal_data.erase(subject_of(person), actor=actor)


def export_person(person: Person) -> dict[str, Any]:
    """Everything Optiimi holds about a person (GDPR access request), from every capability."""
    return personal_data.export(subject_of(person))


# Roles ---------------------------------------------------------------------------------------


def _role_errors(
    user: Any, kind: str, organisation: Organisation | None, capabilities: list[str]
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if kind not in RoleKind.values:
        errors["kind"] = _("“%(kind)s” is not a role; use one of %(kinds)s.") % {
            "kind": kind,
            "kinds": ", ".join(RoleKind.values),
        }
        return errors
    unknown = [c for c in capabilities if c not in CapabilityRole.values]
    if unknown:
        errors["capabilities"] = _("Unknown capability role: %(codes)s.") % {
            "codes": ", ".join(unknown)
        }
    if kind == RoleKind.COORDINATOR:
        if capabilities:
            errors["capabilities"] = _(
                "A coordinator already holds every capability role; grant them to a member "
                "or an editor instead."
            )
        return errors
    if organisation is None:
        errors["organisation"] = _("An editor or a member acts for one organisation; choose it.")
        return errors
    person = Person.objects.filter(user=user).first()
    if (
        person is not None
        and person.affiliations.exists()
        and not person.affiliations.filter(organisation=organisation).exists()
    ):
        errors["organisation"] = _(
            "%(person)s is not affiliated with %(organisation)s; roles are given within "
            "the organisation a person works for."
        ) % {"person": person.name, "organisation": organisation.name}
    return errors


@writes.service
def set_role(
    user: Any,
    kind: str,
    organisation: Organisation | None = None,
    *,
    actor: Actor,
    capabilities: Iterable[str] | None = None,
) -> Role:
    """Give `user` a role; `capabilities` replaces the capability roles (None keeps them, but a
    coordinator holds none of their own). Raises ValidationError naming the field."""
    role = Role.objects.select_for_update().filter(user=user).first()
    if capabilities is None:
        kept = list(role.capabilities) if role is not None else []
        wanted = [] if kind == RoleKind.COORDINATOR else kept
    else:
        wanted = [c for c in CapabilityRole.values if c in set(capabilities)]
        wanted += sorted(set(capabilities) - set(wanted))
    if kind == RoleKind.COORDINATOR:
        organisation = None
    errors = _role_errors(user, kind, organisation, wanted)
    if errors:
        raise ValidationError(errors)
    values = {"kind": RoleKind(kind), "organisation": organisation, "capabilities": wanted}
    if role is None:
        role = Role(user=user, **values)
        writes.save(role, actor=actor)
    elif writes.apply(role, values):
        writes.save(role, actor=actor)
    return role


def grant_capability(user: Any, capability: str, *, actor: Actor) -> Role:
    """Add one capability role to a user's existing member or editor role."""
    role = Role.objects.filter(user=user).first()
    if role is None:
        raise ValidationError({"kind": _("Give the user a member's or an editor's role first.")})
    return set_role(
        user,
        role.kind,
        role.organisation,
        actor=actor,
        capabilities=[*role.capabilities, capability],
    )


def revoke_capability(user: Any, capability: str, *, actor: Actor) -> Role:
    role = Role.objects.get(user=user)
    return set_role(
        user,
        role.kind,
        role.organisation,
        actor=actor,
        capabilities=[c for c in role.capabilities if c != capability],
    )


def create_login(
    *,
    actor: Actor,
    username: str,
    email: str,
    kind: str,
    organisation: Organisation | None = None,
    capabilities: Iterable[str] = (),
    first_name: str = "",
    last_name: str = "",
    person: Person | None = None,
) -> Any:
    """A user account with a role (and the person it belongs to, if given); the account has no
    password until its owner sets one through the link they are sent."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    username, email = username.strip(), email.strip().lower()
    errors: dict[str, str] = {}
    if not username:
        errors["username"] = _("Give a username.")
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = _("The username “%(name)s” is taken.") % {"name": username}
    if not email:
        errors["email"] = _("Give an e-mail address: the link to set a password is sent there.")
    if person is not None and person.user_id is not None:
        errors["person"] = _("%(person)s already has a login.") % {"person": person.name}
    if errors:
        raise ValidationError(errors)
    with writes.acting(actor):
        user = User(username=username, email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        if person is not None:
            person.user = user
            writes.save(person, actor=actor)
        set_role(user, kind, organisation, actor=actor, capabilities=list(capabilities))
    return user


# Vocabulary ----------------------------------------------------------------------------------


def save_competence(
    competence: Competence | None,
    *,
    actor: Actor,
    code: str,
    label_fi: str,
    label_en: str,
    group: Any,
) -> Competence:
    """Add a competence to the vocabulary, or change one; the code stays unique."""
    values = {
        "code": code.strip(),
        "label_fi": label_fi.strip(),
        "label_en": label_en.strip(),
        "group": group,
    }
    if competence is None:
        competence = Competence(**values)
    elif not writes.apply(competence, values):
        return competence
    writes.save(competence, actor=actor)
    return competence


# Resolving text from files -------------------------------------------------------------------


def _kind_labels() -> dict[str, str]:
    labels: dict[str, str] = {}
    for value, label in OrganisationKind.choices:
        labels[value] = value
        labels[value.replace("_", " ")] = value
        for lang in ("en", "fi"):
            with translation.override(lang):
                labels[str(label).lower()] = value
    return labels


def resolve_kind(text: str) -> str:
    value = _kind_labels().get(text.strip().lower())
    if value is None:
        raise ValueError(
            f"kind {text!r} is unknown; use one of {', '.join(OrganisationKind.values)}"
            " or its English or Finnish label"
        )
    return value


def resolve_region(text: str, level: str) -> Region:
    """A region by its code (`179`, `KU179`) or by its Finnish or Swedish name."""
    value = text.strip()
    code = value[2:] if value[:2].upper() in {"KU", "SK", "MK"} else value
    if code.isdigit():
        found = Region.objects.filter(
            level=level, code=code.zfill(2 if level == Level.REGION else 3)
        ).first()
    else:
        found = (
            Region.objects.filter(level=level)
            .annotate(n=Lower("name_fi"))
            .filter(n=value.lower())
            .first()
            or Region.objects.filter(level=level, name_sv__iexact=value).first()
        )
    if found is None:
        word = {
            Level.MUNICIPALITY: "municipality",
            Level.SUBREGION: "sub-region",
            Level.REGION: "region",
        }[Level(level)]
        raise ValueError(f"{word} {text!r} is not in the classification (import regions first?)")
    return found


def resolve_organisation(text: str) -> Organisation:
    value = text.strip()
    if ytunnus.is_valid(value):
        found = Organisation.objects.filter(business_id=ytunnus.normalise(value)).first()
    else:
        found = (
            Organisation.objects.filter(name__iexact=value).first()
            or Organisation.objects.filter(short_name__iexact=value).first()
        )
    if found is None:
        raise ValueError(f"organisation {text!r} not found by name or Y-tunnus")
    return found


def _stems(label: str) -> tuple[str, ...]:
    return tuple(terms(label)) or (label.strip().lower(),)


def _same_term(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Same words up to inflection: equal Finnish stems, or stems `core.text` calls related."""
    return len(a) == len(b) and all(
        x == y or (related(x, y) and abs(len(x) - len(y)) <= 1) for x, y in zip(a, b, strict=True)
    )


def match_competence(label: str) -> Competence | None:
    """The vocabulary entry (accepted or proposed) `label` names: by code or label ignoring
    case, else by Finnish stems (matkailussa ~ matkailu); accepted entries win."""
    value = label.strip()
    found = (
        Competence.objects.filter(code__iexact=value).first()
        or Competence.objects.filter(label_fi__iexact=value).first()
        or Competence.objects.filter(label_en__iexact=value).first()
    )
    if found is not None:
        return found
    wanted = _stems(value)
    for competence in Competence.objects.order_by("proposed", "pk"):
        labels = (competence.label_fi, competence.label_en)
        if any(lbl and _same_term(wanted, _stems(lbl)) for lbl in labels):
            return competence
    return None


def resolve_competence(text: str) -> Competence:
    found = match_competence(text)
    if found is None:
        raise ValueError(f"competence {text!r} is not in the vocabulary")
    return found


def parse_date(text: str, field: str) -> datetime.date | None:
    if not text.strip():
        return None
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text.strip(), fmt).date()  # noqa: DTZ007
        except ValueError:
            continue
    raise ValueError(f"{field} {text!r} is not a date (YYYY-MM-DD or D.M.YYYY)")


# CSV and XLSX importers ----------------------------------------------------------------------


def _validation_text(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
    return " ".join(exc.messages)


@writes.service
def import_organisations(
    rows: Iterable[tuple[int, dict[str, str]]], *, actor: Actor
) -> ImportSummary:
    """Upsert organisations keyed by Y-tunnus, else by name; all rows or none."""
    summary, errors = ImportSummary(), []
    for line, rec in rows:
        place = f"line {line}"
        try:
            data: dict[str, Any] = {
                "name": rec["name"],
                "kind": resolve_kind(rec["kind"]),
                "business_id": rec["business_id"] or None,
            }
            if not data["name"]:
                raise ValueError("name is empty")
            if data["business_id"]:
                try:
                    data["business_id"] = ytunnus.normalise(data["business_id"])
                except ytunnus.InvalidBusinessId as exc:
                    raise ValueError(f"business_id: {exc}") from None
            if rec["home_municipality"]:
                data["home_municipality"] = resolve_region(
                    rec["home_municipality"], Level.MUNICIPALITY
                )
            for field in ("short_name", "website", "description_fi", "description_en"):
                if rec.get(field):
                    data[field] = rec[field]
            for field in ("member_since", "member_until"):
                if rec.get(field):
                    data[field] = parse_date(rec[field], field)
            sub_regions = None
            if rec.get("sub_regions"):
                sub_regions = [
                    resolve_region(t, Level.SUBREGION)
                    for t in rec["sub_regions"].split(";")
                    if t.strip()
                ]
            existing = (
                Organisation.objects.filter(business_id=data["business_id"]).first()
                if data["business_id"]
                else Organisation.objects.filter(name__iexact=data["name"]).first()
            )
            with transaction.atomic():
                if existing is None:
                    create_organisation(actor=actor, sub_regions=sub_regions, **data)
                    summary.count(Outcome.NEW)
                else:
                    changed = update_organisation(
                        existing, actor=actor, sub_regions=sub_regions, **data
                    )
                    summary.count(Outcome.CHANGED if changed else Outcome.UNCHANGED)
        except ValueError as exc:
            errors.append(FormatError(str(exc), place))
        except ValidationError as exc:
            errors.append(FormatError(_validation_text(exc), place))
    if errors:
        raise InvalidRows(errors)
    return summary


@writes.service
def import_people(rows: Iterable[tuple[int, dict[str, str]]], *, actor: Actor) -> ImportSummary:
    """Upsert people keyed by e-mail, else by name within the organisation; all rows or none.
    A competence not in the vocabulary becomes a proposed entry for the coordinator."""
    summary, errors = ImportSummary(), []
    for line, rec in rows:
        place = f"line {line}"
        try:
            if not rec["name"]:
                raise ValueError("name is empty")
            organisation = (
                resolve_organisation(rec["organisation"]) if rec["organisation"] else None
            )
            competences = [
                match_competence(t) or propose_competence(t, actor=actor, summary=summary)
                for t in rec["competences"].split(";")
                if t.strip()
            ]
            data: dict[str, Any] = {
                "name": rec["name"],
                "email": rec["email"].lower() or None,
                "expertise_fi": rec["expertise"],
                "public": parse_bool(rec["public"], "public"),
            }
            if rec.get("expertise_en"):
                data["expertise_en"] = rec["expertise_en"]
            if data["email"]:
                existing = Person.objects.filter(email=data["email"]).first()
            else:
                existing = Person.objects.filter(
                    name__iexact=data["name"], organisations=organisation
                ).first()
            with transaction.atomic():
                if existing is None:
                    create_person(
                        actor=actor,
                        organisation=organisation,
                        title=rec["title"],
                        competences=competences,
                        **data,
                    )
                    summary.count(Outcome.NEW)
                else:
                    changed = update_person(
                        existing,
                        actor=actor,
                        organisation=organisation,
                        title=rec["title"],
                        competences=competences,
                        **data,
                    )
                    summary.count(Outcome.CHANGED if changed else Outcome.UNCHANGED)
        except ValueError as exc:
            errors.append(FormatError(str(exc), place))
        except ValidationError as exc:
            errors.append(FormatError(_validation_text(exc), place))
    if errors:
        raise InvalidRows(errors)
    return summary


# Vocabulary ----------------------------------------------------------------------------------


@writes.service
def define_competences(
    groups: Iterable[tuple[str, str, str, Iterable[tuple[str, str, str]]]], *, actor: Actor
) -> ImportSummary:
    """Upsert the competence vocabulary: (group code, fi, en, [(code, fi, en), ...])."""
    from optiimi.network.models import CompetenceGroup

    summary = ImportSummary()
    for group_code, group_fi, group_en, items in groups:
        group, _ = CompetenceGroup.objects.update_or_create(
            code=group_code, defaults={"label_fi": group_fi, "label_en": group_en}
        )
        for code, label_fi, label_en in items:
            values = {"label_fi": label_fi, "label_en": label_en, "group": group}
            _competence, outcome = writes.upsert(Competence, {"code": code}, values, actor=actor)
            summary.count(outcome)
    return summary


PROPOSED_GROUP = "proposed"


def proposal_group() -> CompetenceGroup:
    group, _created = CompetenceGroup.objects.get_or_create(
        code=PROPOSED_GROUP, defaults={"label_fi": "Ehdotetut", "label_en": "Proposed"}
    )
    return group


def _free_code(label: str) -> str:
    base = slugify(label)[:50] or "competence"
    code, n = base, 1
    while Competence.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


@writes.service
def propose_competence(
    label: str, *, actor: Actor, summary: ImportSummary | None = None
) -> Competence:
    """A proposed vocabulary entry for a term no entry matches (see `match_competence`)."""
    value = " ".join(label.split())
    if len(value) > 100:
        raise ValueError(f"competence {label!r} is longer than 100 characters")
    competence = Competence(
        code=_free_code(value),
        label_fi=value,
        label_en=value,
        group=proposal_group(),
        proposed=True,
    )
    writes.save(competence, actor=actor)
    if summary is not None:
        summary.warnings.append(f"competence {value!r} proposed for the vocabulary")
    return competence


def _label_taken(competence: Competence, label_fi: str, label_en: str) -> None:
    others = Competence.objects.exclude(pk=competence.pk)
    for field, value in (("label_fi", label_fi), ("label_en", label_en)):
        if value and others.filter(**{f"{field}__iexact": value}).exists():
            raise ValidationError(
                {field: _("Another competence is already called this; merge into it instead.")}
            )


@writes.service
def accept_competence(competence: Competence, group: CompetenceGroup, *, actor: Actor) -> bool:
    """A proposed entry joins the vocabulary in `group`; it is then offered as a filter."""
    if group.code == PROPOSED_GROUP:
        raise ValidationError({"group": _("Choose the group the competence belongs to.")})
    if not writes.apply(competence, {"proposed": False, "group": group}):
        return False
    writes.save(competence, actor=actor)
    return True


@writes.service
def rename_competence(
    competence: Competence, *, actor: Actor, label_fi: str, label_en: str = ""
) -> bool:
    """New labels for an entry (usually a proposed one); a name already in use means merge."""
    label_fi = " ".join(label_fi.split())
    if not label_fi:
        raise ValidationError({"label_fi": _("The Finnish label is required.")})
    label_en = " ".join(label_en.split()) or label_fi
    _label_taken(competence, label_fi, label_en)
    if not writes.apply(competence, {"label_fi": label_fi, "label_en": label_en}):
        return False
    writes.save(competence, actor=actor)
    return True


@writes.service
def merge_competence(source: Competence, target: Competence, *, actor: Actor) -> int:
    """Move everyone with `source` to `target` and remove `source`; returns people moved.
    Each person's history records the change, and `source`'s history records its removal."""
    if source.pk == target.pk:
        raise ValidationError({"target": _("Choose another competence to merge into.")})
    moved = 0
    for person in Person.objects.filter(competences=source):
        keep = [pk for pk in person.competences.values_list("pk", flat=True) if pk != source.pk]
        writes.set_m2m(person, "competences", [*keep, target.pk], actor=actor)
        writes.save(person, actor=actor)
        moved += 1
    writes.delete(source, actor=actor)
    return moved
