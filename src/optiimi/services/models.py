"""The common service promise: services for companies, and service requests (cases) that travel
between organisations with the promise's working-day clock."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from optiimi.core import referrals
from optiimi.core.localise import localised
from optiimi.network.models import Organisation
from optiimi.regions.models import Level, Region

#: The network's promise where a request names no service: first contact and a plan.
DEFAULT_FIRST_CONTACT_DAYS = 2
DEFAULT_PLAN_DAYS = 10


class Service(models.Model):
    """One service an organisation offers companies, with its promise."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="services",
        verbose_name=_("organisation"),
    )
    external_id = models.CharField(
        _("catalogue id"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The service's id in Suomi.fi (PTV) or another catalogue."),
    )
    name_fi = models.CharField(_("name (Finnish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200, blank=True)
    description_fi = models.TextField(_("description (Finnish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    target_group = models.CharField(_("target group"), max_length=200, blank=True)
    sub_regions = models.ManyToManyField(
        Region,
        blank=True,
        related_name="services",
        limit_choices_to={"level": Level.SUBREGION},
        verbose_name=_("sub-regions served"),
    )
    channels = models.TextField(
        _("channels"), blank=True, help_text=_("How to reach the service: one channel a line.")
    )
    first_contact_days = models.PositiveSmallIntegerField(
        _("first contact within (working days)"), default=DEFAULT_FIRST_CONTACT_DAYS
    )
    plan_days = models.PositiveSmallIntegerField(
        _("a plan within (working days)"), default=DEFAULT_PLAN_DAYS
    )
    active = models.BooleanField(_("active"), default=True)
    synthetic = models.BooleanField(_("synthetic demo data"), default=False)

    history = HistoricalRecords(m2m_fields=[sub_regions])

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["organisation__name", "name_fi"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("services:service", args=[self.pk])

    @property
    def name(self) -> str:
        return localised(self, "name")

    @property
    def description(self) -> str:
        return localised(self, "description")

    def channel_list(self) -> list[str]:
        return [line.strip() for line in self.channels.splitlines() if line.strip()]


class CaseStatus(models.TextChoices):
    NEW = "new", _("new")
    OPEN = "open", _("in progress")
    WAITING = "waiting", _("waiting for the client")
    CLOSED = "closed", _("closed")


class Outcome(models.TextChoices):
    HELPED = "helped", _("helped")
    PLAN = "plan", _("a plan agreed")
    NO_NEED = "no_need", _("no need after all")
    NO_RESPONSE = "no_response", _("the client did not respond")
    OUTSIDE = "outside", _("referred outside the network")


class Case(models.Model):
    """A company's service request: held by one organisation at a time, referred with the
    company's consent, with the promise's due dates kept current for the queue."""

    company_name = models.CharField(_("company"), max_length=200)
    business_id = models.CharField(_("business ID (Y-tunnus)"), max_length=9, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    municipality = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": Level.MUNICIPALITY},
        verbose_name=_("municipality"),
    )
    sub_region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    need = models.TextField(_("need"))
    # The advisor's reading of the need as an education field (Koulutusluokitus 2016), which
    # makes the request count as a competence need of its sub-region (`core.needs`).
    education_field = models.CharField(_("education field"), max_length=3, blank=True, default="")
    consent_to_share = models.BooleanField(
        _("consent to share the request within the network"), default=False
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("service"),
    )
    received_by = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("received by")
    )
    holder = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="held_cases", verbose_name=_("holder")
    )
    held_by = models.ManyToManyField(Organisation, related_name="+", blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("advisor"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.NEW
    )
    first_contact_days = models.PositiveSmallIntegerField(default=DEFAULT_FIRST_CONTACT_DAYS)
    plan_days = models.PositiveSmallIntegerField(default=DEFAULT_PLAN_DAYS)
    created = models.DateTimeField(_("received"))
    first_contact_at = models.DateTimeField(_("first contact"), null=True, blank=True)
    accepted_at = models.DateTimeField(
        _("accepted by the holder"),
        null=True,
        blank=True,
        help_text=_("When the organisation now holding the case took it."),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    # Local (Helsinki) days of the milestones, kept by the services, so that the figures read
    # plain dates instead of converting 100,000 timestamps to local time.
    created_on = models.DateField(null=True, blank=True, db_index=True)
    first_contact_on = models.DateField(null=True, blank=True)
    accepted_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    # The promise's due dates, kept current by the services on every step (None while paused
    # or once met), so that the queue finds the overdue cases with one indexed filter.
    first_contact_due = models.DateField(null=True, blank=True)
    plan_due = models.DateField(null=True, blank=True)
    due = models.DateField(null=True, blank=True, db_index=True)
    first_contact_kept = models.BooleanField(null=True, blank=True)
    plan_kept = models.BooleanField(null=True, blank=True)
    warned_on = models.DateField(null=True, blank=True)
    delay_announced_at = models.DateTimeField(null=True, blank=True)
    breach_announced = models.BooleanField(null=True, blank=True)
    token = models.CharField(max_length=64, unique=True)
    contact_erased = models.BooleanField(default=False)
    synthetic = models.BooleanField(_("synthetic demo data"), default=False)

    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-created"]
        indexes = [
            models.Index(fields=["holder", "status", "created"]),
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["created"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.company_name}"

    def get_absolute_url(self) -> str:
        return reverse("services:case", args=[self.pk])


ReferralStatus = referrals.Status


class Referral(referrals.Referral):
    """An offer of a case to another organisation (see `core.referrals`)."""

    record_field = "case"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals_in", verbose_name=_("to")
    )
    synthetic = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta(referrals.Referral.Meta):
        indexes = [models.Index(fields=["to_organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_organisation_id} → {self.to_organisation_id}"


class StepKind(models.TextChoices):
    RECEIVED = "received", _("request received")
    RESPONDED = "responded", _("contacted the company")
    WAITING = "waiting", _("waiting for the company's answer")
    RESUMED = "resumed", _("the company answered")
    REFERRED = "referred", _("referred")
    ACCEPTED = "accepted", _("referral accepted")
    DECLINED = "declined", _("referral declined")
    WARNED = "warned", _("holder warned: the promise is due")
    ANNOUNCED = "announced", _("the company told of a delay")
    CLOSED = "closed", _("closed")
    ERASED = "erased", _("contact data erased")
    REPLIED = "replied", _("the company wrote")
    WITHDRAWN = "withdrawn", _("the company withdrew its consent to share")


class Step(models.Model):
    """One step of a case, as its history shows it; `note` is for the holders only (the
    company's own message, in a "replied" step, is shown to it on its status page too)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=10, choices=StepKind.choices)
    at = models.DateTimeField()
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "at"])]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.at:%Y-%m-%d}"


class FigureMonth(models.Model):
    """The monthly figures' summaries of one month's requests and referrals (derived data, no
    history; see `figures.py`). Every write of a case or referral counts in its month's
    `changes`; the summaries are recomputed when `computed` lags behind."""

    month = models.DateField(unique=True)
    changes = models.PositiveIntegerField(default=0)
    computed = models.PositiveIntegerField(null=True, blank=True)
    #: Random, new at every recomputation: what a process keeps of the summaries is keyed by it.
    token = models.CharField(max_length=32, blank=True)
    #: [[organisation id, sub-region code, summary], …] (`analytics.summarise`).
    summaries = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"
