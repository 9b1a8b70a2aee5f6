"""Companies, their yearly financials and the TOL 2008 industries they belong to."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from optiimi.benchmark import analytics

# The pilot cohort the old address /benchmark/joutsa/ leads to (the demo loads it by this name).
JOUTSA_COHORT_NAME = "Joutsan seudun pilotti 2004–2006"


class Industry(models.Model):
    """A TOL 2008 item: a section (letter) or a code of 2–5 digits."""

    code = models.CharField(_("code"), max_length=6, unique=True)
    level = models.PositiveSmallIntegerField(_("level"), help_text=_("1 = section, 2–5 = digits"))
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    name_fi = models.CharField(_("name (Finnish)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_fi}"


class Company(models.Model):
    business_id = models.CharField(_("business ID (Y-tunnus)"), max_length=9, unique=True)
    name = models.CharField(_("name"), max_length=200)
    tol = models.CharField(
        _("TOL 2008 code"), max_length=5, help_text=_("industry code, 2–5 digits")
    )
    section = models.CharField(_("TOL section"), max_length=1)
    municipality = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="companies",
        verbose_name=_("municipality"),
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="companies",
        verbose_name=_("maintained by"),
        help_text=_("the network organisation whose editors may change this company's data"),
    )
    synthetic = models.BooleanField(_("synthetic"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]
        indexes = [models.Index(fields=["tol"]), models.Index(fields=["section"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.business_id})"

    def size_class(self) -> str | None:
        latest = self.financials.order_by("-year").first()
        if latest is None:
            return None
        return analytics.size_class(latest.personnel, float(latest.turnover))


class Financials(models.Model):
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="financials", verbose_name=_("company")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    turnover = models.DecimalField(_("turnover (EUR)"), max_digits=17, decimal_places=2)
    personnel = models.FloatField(_("personnel (FTE)"))
    operating_profit = models.DecimalField(
        _("operating profit (EUR)"), max_digits=17, decimal_places=2, null=True, blank=True
    )
    exports = models.DecimalField(
        _("exports (EUR)"), max_digits=17, decimal_places=2, null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("financials")
        verbose_name_plural = _("financials")
        ordering = ["company", "year"]
        constraints = [
            models.UniqueConstraint(fields=["company", "year"], name="financials_company_year")
        ]

    def __str__(self) -> str:
        return f"{self.company_id} {self.year}"


class Cohort(models.Model):
    """Companies whose growth is compared with their matched peers from a start year on: a
    project's participants when it is linked to a project, or a list uploaded as CSV."""

    name = models.CharField(_("name"), max_length=200)
    start_year = models.PositiveSmallIntegerField(
        _("start year"),
        validators=[MinValueValidator(1991), MaxValueValidator(2100)],
        help_text=_("the first year the cohort's growth is expected to differ"),
    )
    pre_years = models.PositiveSmallIntegerField(
        _("years before the start to use"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2), MaxValueValidator(30)],
        help_text=_("growth years before the start year; empty: all"),
    )
    post_years = models.PositiveSmallIntegerField(
        _("years from the start to use"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("growth years from the start year on; empty: all"),
    )
    claim = models.CharField(
        _("claim"),
        max_length=300,
        blank=True,
        help_text=_("what the cohort is said to have achieved, to be tested against the data"),
    )
    description = models.TextField(_("description"), blank=True)
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="cohorts",
        verbose_name=_("organisation"),
        help_text=_("the network organisation whose editors may change this cohort"),
    )
    companies = models.ManyToManyField(
        Company, blank=True, related_name="cohorts", verbose_name=_("companies")
    )
    synthetic = models.BooleanField(_("synthetic demo data"), default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[companies])

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-start_year", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.start_year})"

    def get_absolute_url(self) -> str:
        return reverse("benchmark:cohort", args=[self.pk])


class CohortImpact(models.Model):
    """A cohort's estimate as the last recomputation left it (a `benchmark.impact` job), kept
    with the key of what it was computed from: the cohort's last change, the bootstrap and
    the data's version. Pages use it while the key holds; otherwise they compute afresh."""

    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="stored_impact")
    key = models.CharField(max_length=200)
    result = models.JSONField()
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.cohort_id} {self.key}"
