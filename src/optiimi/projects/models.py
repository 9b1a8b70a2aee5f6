"""Projects and pilots of the network and the experts consulted while planning them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from optiimi.network.models import Organisation, Person
from optiimi.regions.models import Region


class Phase(models.TextChoices):
    IDEA = "idea", _("idea")
    PLANNING = "planning", _("planning")
    RUNNING = "running", _("running")
    CLOSED = "closed", pgettext_lazy("project phase", "closed")


PHASE_ORDER = [Phase.IDEA, Phase.PLANNING, Phase.RUNNING, Phase.CLOSED]
ACTIVE_PHASES = [Phase.PLANNING, Phase.RUNNING]


class Project(models.Model):
    name = models.CharField(_("name"), max_length=250)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    summary_fi = models.TextField(_("summary (Finnish)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    description_fi = models.TextField(_("description (Finnish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    phase = models.CharField(_("phase"), max_length=12, choices=Phase.choices, default=Phase.IDEA)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    lead = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="led_projects",
        verbose_name=_("lead organisation"),
    )
    sub_regions = models.ManyToManyField(
        Region, blank=True, related_name="projects", verbose_name=_("target sub-regions")
    )
    team = models.ManyToManyField(
        Person, blank=True, related_name="projects", verbose_name=_("people working on it")
    )
    budget = models.DecimalField(
        _("total budget (EUR)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("When given, the funders' amounts must add up to it."),
    )
    outputs = models.TextField(_("planned outputs"), blank=True)
    results = models.TextField(_("results"), blank=True)
    lessons = models.TextField(_("lessons"), blank=True)
    pain_points = models.TextField(_("pain points"), blank=True)
    consultation_exception = models.TextField(
        _("reason to start without outside consultation"), blank=True
    )
    synthetic = models.BooleanField(_("synthetic demo data"), default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.name

    def search_text(self) -> str:
        return " ".join(
            [
                self.name,
                self.acronym,
                self.summary_fi,
                self.summary_en,
                self.description_fi,
                self.description_en,
                self.outputs,
                self.results,
            ]
        )


class Partner(models.Model):
    class Role(models.TextChoices):
        """A partner's part in the project, as Finnish project practice names them."""

        LEAD = "lead", _("lead partner")
        CO_IMPLEMENTER = "co_implementer", _("co-implementer")
        FUNDER = "funder", _("funder")
        EXPERT = "expert", _("expert")
        TRAINING = "training", _("training and analysis")
        OTHER = "other", pgettext_lazy("partner role", "other")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="project_partnerships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    # Free text only for the role "other", in the words of whoever entered it.
    role_detail = models.CharField(_("role (other)"), max_length=100, blank=True)
    budget_share = models.DecimalField(
        _("budget share (%)"), max_digits=5, decimal_places=2, default=0
    )
    history = HistoricalRecords()

    class Meta:
        unique_together = [("project", "organisation")]
        verbose_name = _("partner")

    def __str__(self) -> str:
        return f"{self.organisation} – {self.project}"

    def role_label(self) -> str:
        """The role in the reader's language; for "other", the words it was given in."""
        if self.role == self.Role.OTHER and self.role_detail:
            return self.role_detail
        return str(self.get_role_display())


class Funding(models.Model):
    class Instrument(models.TextChoices):
        ERDF = "erdf", "ERDF / EAKR"
        ESF = "esf", "ESF+"
        NATIONAL = "national", _("national")
        MUNICIPAL = "municipal", _("municipal")
        OWN = "own", _("own funding")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="fundings")
    funder = models.CharField(_("funder"), max_length=200)
    instrument = models.CharField(_("instrument"), max_length=12, choices=Instrument.choices)
    amount = models.DecimalField(_("amount (EUR)"), max_digits=14, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding")

    def __str__(self) -> str:
        return f"{self.funder}: {self.amount}"


class PhaseChange(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="phase_changes")
    from_phase = models.CharField(max_length=12, choices=Phase.choices)
    to_phase = models.CharField(max_length=12, choices=Phase.choices)
    date = models.DateField(_("date"))
    override = models.BooleanField(_("coordinator override"), default=False)
    by = models.CharField(_("by"), max_length=150, blank=True)

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.from_phase} → {self.to_phase}"


class Consultation(models.Model):
    class Kind(models.TextChoices):
        PLANNING_MEETING = "planning_meeting", _("planning meeting")
        WORKSHOP = "workshop", _("workshop")
        INTERVIEW = "interview", _("interview")
        EMAIL_OR_PHONE = "email_or_phone", _("e-mail or phone")
        OTHER = "other", pgettext_lazy("consultation kind", "other")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="consultations")
    # Erasing a person (GDPR) keeps the consultation and its organisation, without the person.
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="consultations"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(
        _("kind of consultation"), max_length=20, choices=Kind.choices, default=Kind.OTHER
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("consultation")

    def __str__(self) -> str:
        return f"{self.person or self.organisation} – {self.project}"
