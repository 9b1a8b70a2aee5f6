from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from optiimi.core import ytunnus
from optiimi.core.localise import localised
from optiimi.regions.models import Level, Region


def validate_business_id(value: str) -> None:
    from django.core.exceptions import ValidationError

    try:
        ytunnus.normalise(value)
    except ytunnus.InvalidBusinessId as exc:
        raise ValidationError(str(exc), code="invalid_business_id") from None


class OrganisationKind(models.TextChoices):
    REGIONAL_COUNCIL = "regional_council", _("regional council")
    DEVELOPMENT_COMPANY = "development_company", _("development company")
    UNIVERSITY = "university", _("university")
    UAS = "uas", _("university of applied sciences")
    VOCATIONAL = "vocational", _("vocational institution")
    EMPLOYMENT_OFFICE = "employment_office", _("employment and ELY office")
    MUNICIPALITY = "municipality", _("municipality")
    COMPANY = "company", _("company")
    ASSOCIATION = "association", _("association")
    FUNDER = "funder", _("funder")
    OTHER = "other", _("other")


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def members(self, on: datetime.date | None = None) -> OrganisationQuerySet:
        day = on or timezone.localdate()
        return self.filter(member_since__lte=day).filter(
            models.Q(member_until__isnull=True) | models.Q(member_until__gte=day)
        )


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    business_id = models.CharField(
        _("business ID (Y-tunnus)"),
        max_length=9,
        blank=True,
        null=True,
        unique=True,
        validators=[validate_business_id],
        help_text=_("For example 0112038-9"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=OrganisationKind.choices)
    home_municipality = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": Level.MUNICIPALITY},
        verbose_name=_("home municipality"),
    )
    sub_regions = models.ManyToManyField(
        Region,
        blank=True,
        related_name="served_by",
        limit_choices_to={"level": Level.SUBREGION},
        verbose_name=_("sub-regions served"),
    )
    member_since = models.DateField(_("network member since"), null=True, blank=True)
    member_until = models.DateField(_("network member until"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    description_fi = models.TextField(_("description (Finnish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    illustrative = models.BooleanField(
        _("illustrative name"),
        default=False,
        help_text=_("The name stands in for a real organisation in demo data."),
    )
    synthetic = models.BooleanField(_("synthetic demo data"), default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[sub_regions])
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [
            models.Index(Lower("name"), name="organisation_name_lower"),
            models.Index(fields=["kind"]),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:organisation", args=[self.pk])

    @property
    def description(self) -> str:
        return localised(self, "description")

    @property
    def is_member(self) -> bool:
        today = timezone.localdate()
        return bool(
            self.member_since
            and self.member_since <= today
            and (self.member_until is None or self.member_until >= today)
        )


class CompetenceGroup(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    label_fi = models.CharField(_("label (Finnish)"), max_length=100)
    label_en = models.CharField(_("label (English)"), max_length=100)

    class Meta:
        verbose_name = _("competence group")
        verbose_name_plural = _("competence groups")
        ordering = ["label_fi"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return localised(self, "label")


class Competence(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    label_fi = models.CharField(_("label (Finnish)"), max_length=100)
    label_en = models.CharField(_("label (English)"), max_length=100)
    group = models.ForeignKey(
        CompetenceGroup,
        on_delete=models.PROTECT,
        related_name="competences",
        verbose_name=_("group"),
    )
    # Made by an import from a term not yet in the vocabulary; the coordinator accepts it,
    # renames it or merges it into an existing competence. Not offered as a filter until then.
    proposed = models.BooleanField(_("proposed"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        ordering = ["label_fi"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return localised(self, "label")


class Person(models.Model):
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), unique=True, null=True, blank=True)
    organisations = models.ManyToManyField(
        Organisation,
        through="Affiliation",
        related_name="people",
        verbose_name=_("organisations"),
    )
    competences = models.ManyToManyField(
        Competence, blank=True, related_name="people", verbose_name=_("competences")
    )
    expertise_fi = models.TextField(_("expertise (Finnish)"), blank=True)
    expertise_en = models.TextField(_("expertise (English)"), blank=True)
    public = models.BooleanField(
        _("public profile"),
        default=False,
        help_text=_("The person has consented to a profile visible to everyone."),
    )
    consent_recorded = models.DateTimeField(_("consent recorded"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
    )
    synthetic = models.BooleanField(_("synthetic demo data"), default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[competences])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        indexes = [models.Index(Lower("name"), name="person_name_lower")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:person", args=[self.pk])

    @property
    def expertise(self) -> str:
        return localised(self, "expertise")


class Affiliation(models.Model):
    """A person's place in an organisation, with the title they hold there."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="affiliations",
        verbose_name=_("organisation"),
    )
    title = models.CharField(pgettext_lazy("job", "title"), max_length=200, blank=True)
    primary = models.BooleanField(_("primary"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["-primary", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation"], name="affiliation_person_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.title}, {self.organisation}"


class RoleKind(models.TextChoices):
    COORDINATOR = "coordinator", _("network coordinator")
    EDITOR = "editor", _("organisation editor")
    MEMBER = "member", _("member")


class CapabilityRole(models.TextChoices):
    """A role in one capability, granted on top of a member's or editor's role and exercised
    for the organisation of that role."""

    FORESIGHT_ANALYST = "foresight_analyst", _("foresight analyst")
    EVENT_ORGANISER = "event_organiser", _("event organiser")
    SERVICE_ADVISOR = "service_advisor", _("service advisor")
    GUIDANCE_COUNSELLOR = "guidance_counsellor", _("guidance counsellor")


class Role(models.Model):
    """What a user may do: coordinate the network, edit one organisation's records, or read;
    and, for that organisation, the capability roles a coordinator has granted."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="optiimi_role",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("role"), max_length=12, choices=RoleKind.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("organisation"),
    )
    capabilities = models.JSONField(
        _("capability roles"),
        default=list,
        blank=True,
        help_text=_("Codes of the capability roles granted, e.g. foresight_analyst."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="coordinator") | models.Q(organisation__isnull=False),
                name="role_editor_member_has_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()}"

    def has_capability(self, capability: str) -> bool:
        return capability in (self.capabilities or [])

    def capability_labels(self) -> list[str]:
        labels = dict(CapabilityRole.choices)
        return [str(labels.get(c, c)) for c in self.capabilities or []]
