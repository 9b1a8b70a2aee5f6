"""Competence needs and education on offer, per sub-region, field and year, and the editable
crosswalk from occupations to education fields. Fields are codes of `fields.py`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from optiimi.core import referrals
from optiimi.guidance import fields
from optiimi.network.models import Organisation
from optiimi.regions.models import Level, Region


def validate_field(code: str) -> None:
    if code not in fields.FIELDS:
        raise ValidationError(
            _("%(code)s is not an education field code (Koulutusluokitus 2016)"),
            params={"code": code},
        )


class OccupationField(models.Model):
    """One line of the crosswalk: an occupation (Statistics Finland's Ammattiluokitus 2010 code)
    trained in an education field, with the share of its need the field answers."""

    occupation = models.CharField(_("occupation code"), max_length=5)
    occupation_name = models.CharField(_("occupation"), max_length=200)
    field = models.CharField(_("education field"), max_length=3, validators=[validate_field])
    weight = models.DecimalField(
        _("share"),
        max_digits=4,
        decimal_places=3,
        default=1,
        validators=[MinValueValidator(0)],
        help_text=_("The share of the occupation's need this field answers (0–1)."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("occupation–field line")
        verbose_name_plural = _("occupation–field crosswalk")
        ordering = ["occupation", "field"]
        constraints = [
            models.UniqueConstraint(
                fields=["occupation", "field"], name="guidance_occupation_field"
            )
        ]

    def __str__(self) -> str:
        return f"{self.occupation} {self.occupation_name} → {self.field}"

    @property
    def field_name(self) -> str:
        return fields.name(self.field)


class Need(models.Model):
    """A competence need of a sub-region in one year on one education field, from one source
    (people to train: recruits, learners). Several sources of one field and year add up."""

    sub_region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="competence_needs",
        limit_choices_to={"level": Level.SUBREGION},
        verbose_name=_("sub-region"),
    )
    field = models.CharField(_("education field"), max_length=3, validators=[validate_field])
    year = models.PositiveSmallIntegerField(_("year"))
    need = models.DecimalField(
        _("need"), max_digits=10, decimal_places=1, validators=[MinValueValidator(0)]
    )
    source = models.CharField(_("source"), max_length=200)
    # The need source of `core.needs` the row was collected from; empty for typed and imported
    # needs. Collecting replaces every collected row and leaves the others alone.
    collector = models.CharField(_("collected from"), max_length=60, blank=True, default="")
    url = models.CharField(_("source address"), max_length=500, blank=True, default="")
    synthetic = models.BooleanField(_("synthetic demo data"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("competence need")
        verbose_name_plural = _("competence needs")
        ordering = ["sub_region__code", "year", "field", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["sub_region", "field", "year", "source", "collector"],
                name="guidance_need_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.sub_region.code} {self.field} {self.year}: {self.need}"


class Programme(models.Model):
    """Education or training on offer: a provider's programme in a municipality in one year,
    with its starting places."""

    provider = models.CharField(_("provider"), max_length=200)
    name = models.CharField(_("programme"), max_length=300)
    field = models.CharField(_("education field"), max_length=3, validators=[validate_field])
    level = models.CharField(_("level"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="programmes",
        limit_choices_to={"level": Level.MUNICIPALITY},
        verbose_name=_("municipality"),
    )
    places = models.PositiveIntegerField(_("places"))
    year = models.PositiveSmallIntegerField(_("year"))
    adult = models.BooleanField(_("adult education or apprenticeship"), default=False)
    synthetic = models.BooleanField(_("synthetic demo data"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("education programme")
        verbose_name_plural = _("education programmes")
        ordering = ["provider", "name", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "name", "municipality", "year"], name="guidance_programme_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.provider})"

    def get_absolute_url(self) -> str:
        parent = self.municipality.parent
        return reverse("guidance:subregion", args=[parent.code]) if parent else ""

    @property
    def field_name(self) -> str:
        return fields.name(self.field)


class ClientStatus(models.TextChoices):
    OPEN = "open", _("in guidance")
    COMPLETED = "completed", _("guidance completed")


class GuidanceClient(models.Model):
    """A person guided by a guidance service (a school's study counsellor, the employment
    area's career guidance, a university's guidance): held by one organisation at a time and
    referred to another with the client's consent (`core.referrals`). Only the organisations
    that hold or held the client see who the client is."""

    name = models.CharField(_("name"), max_length=200)
    contact = models.CharField(_("e-mail or phone"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": Level.MUNICIPALITY},
        verbose_name=_("municipality"),
    )
    need = models.TextField(_("what the client seeks"))
    consent_to_share = models.BooleanField(
        _("the client consents to being referred within the network"), default=False
    )
    holder = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="guidance_clients",
        verbose_name=_("guidance service"),
    )
    held_by = models.ManyToManyField(Organisation, related_name="+", blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ClientStatus.choices, default=ClientStatus.OPEN
    )
    created = models.DateTimeField(_("opened"))
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    synthetic = models.BooleanField(_("synthetic demo data"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("guidance client")
        verbose_name_plural = _("guidance clients")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("guidance:client", args=[self.pk])


class ClientReferral(referrals.Referral):
    """A guidance client offered by one guidance service to another."""

    record_field = "client"
    client = models.ForeignKey(GuidanceClient, on_delete=models.CASCADE, related_name="referrals")
    synthetic = models.BooleanField(_("synthetic demo data"), default=False)

    history = HistoricalRecords()

    class Meta(referrals.Referral.Meta):
        verbose_name = _("guidance referral")
        verbose_name_plural = _("guidance referrals")


class SurveyInvitation(models.Model):
    """A company's invitation to the needs survey ("Which skills will you need in two
    years?"): a link with a secret token that the network sends to the company. It names the
    company, not a person."""

    company_name = models.CharField(_("company"), max_length=200)
    business_id = models.CharField(_("business ID (Y-tunnus)"), max_length=9, blank=True)
    sub_region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": Level.SUBREGION},
        verbose_name=_("sub-region"),
    )
    token = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(_("sent"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    synthetic = models.BooleanField(_("synthetic demo data"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("needs survey invitation")
        verbose_name_plural = _("needs survey invitations")
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.company_name

    def get_absolute_url(self) -> str:
        return reverse("guidance:survey", args=[self.token])


class SurveyAnswer(models.Model):
    """One line of a company's answer: an education field and roughly how many people with
    that education the company will need in the year asked about."""

    invitation = models.ForeignKey(
        SurveyInvitation, on_delete=models.CASCADE, related_name="answers"
    )
    field = models.CharField(_("education field"), max_length=3, validators=[validate_field])
    people = models.PositiveSmallIntegerField(_("people"), validators=[MinValueValidator(1)])
    year = models.PositiveSmallIntegerField(_("year"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("needs survey answer")
        verbose_name_plural = _("needs survey answers")
        ordering = ["invitation", "field"]
        constraints = [
            models.UniqueConstraint(fields=["invitation", "field"], name="guidance_survey_field")
        ]

    def __str__(self) -> str:
        return f"{self.invitation_id} {self.field}: {self.people}"
