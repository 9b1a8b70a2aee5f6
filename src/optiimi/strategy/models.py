"""The plan and its results: periods → priorities → goals → measures → indicators → values."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from optiimi.core.localise import localised
from optiimi.network.models import Organisation
from optiimi.regions.models import Level, Region

SUBREGIONS = {"level": Level.SUBREGION}


class PeriodKind(models.TextChoices):
    PHASE = "phase", _("programme phase")
    CURRENT = "current", _("current period")
    VISION = "vision", _("vision")


class Period(models.Model):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name_fi = models.CharField(_("name (Finnish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    description_fi = models.TextField(_("description (Finnish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    public = models.BooleanField(
        _("public"), default=False, help_text=_("Anyone may read the period's plan and results.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["start_year", "end_year"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("strategy:plan", args=[self.code])

    @property
    def name(self) -> str:
        return localised(self, "name")

    @property
    def description(self) -> str:
        return localised(self, "description")

    @property
    def years(self) -> str:
        return (
            f"{self.start_year}–{self.end_year}"
            if self.start_year != self.end_year
            else str(self.end_year)
        )


class Priority(models.Model):
    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="priorities", verbose_name=_("period")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title_fi = models.CharField(_("title (Finnish)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        ordering = ["period", "number"]
        constraints = [
            models.UniqueConstraint(fields=["period", "number"], name="priority_period_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def title(self) -> str:
        return localised(self, "title")


class Goal(models.Model):
    priority = models.ForeignKey(
        Priority, on_delete=models.CASCADE, related_name="goals", verbose_name=_("priority")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title_fi = models.TextField(_("target state (Finnish)"))
    title_en = models.TextField(_("target state (English)"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["priority__period", "number"]

    def __str__(self) -> str:
        return f"{_('Goal')} {self.number}"

    @property
    def title(self) -> str:
        return localised(self, "title")


class Perspective(models.TextChoices):
    """The three perspectives of a sub-regional strategy (seed result 1)."""

    BUSINESS = "business", _("business")
    EMPLOYMENT = "employment", _("employment")
    COMPETENCE = "competence", _("competence")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    ONGOING = "ongoing", _("ongoing")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


class Measure(models.Model):
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="measures", verbose_name=_("goal")
    )
    number = models.CharField(_("number"), max_length=10, help_text=_("e.g. 2.6"))
    title_fi = models.TextField(_("title (Finnish)"))
    title_en = models.TextField(_("title (English)"), blank=True)
    responsible = models.ManyToManyField(
        Organisation, related_name="measures", verbose_name=_("responsible organisations")
    )
    sub_regions = models.ManyToManyField(
        Region,
        blank=True,
        related_name="measures",
        limit_choices_to=SUBREGIONS,
        verbose_name=_("target sub-regions"),
        help_text=_("None means every sub-region."),
    )
    business = models.BooleanField(_("serves the business perspective"), default=False)
    employment = models.BooleanField(_("serves the employment perspective"), default=False)
    competence = models.BooleanField(_("serves the competence perspective"), default=False)
    starts = models.DateField(_("starts"), null=True, blank=True)
    ends = models.DateField(_("ends"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    no_indicator_reason = models.TextField(
        _("why no indicator"),
        blank=True,
        help_text=_("Required when the measure has no indicator."),
    )

    history = HistoricalRecords(m2m_fields=[responsible, sub_regions])

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["goal", "number"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("strategy:measure", args=[self.pk])

    @property
    def title(self) -> str:
        return localised(self, "title")

    @property
    def perspectives(self) -> list[str]:
        return [p for p in Perspective.values if getattr(self, p)]


class ProgressNote(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="notes")
    date = models.DateField(_("date"))
    text = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date}: {self.text[:40]}"


class Direction(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


class Indicator(models.Model):
    code = models.SlugField(_("code"), max_length=80, unique=True)
    name_fi = models.CharField(_("name (Finnish)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=40)
    direction = models.CharField(
        _("direction"), max_length=6, choices=Direction.choices, default=Direction.HIGHER
    )
    baseline = models.FloatField(_("baseline"), null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    by_subregion = models.BooleanField(_("broken down by sub-region"), default=False)
    computed = models.CharField(
        _("computed from"),
        max_length=80,
        blank=True,
        help_text=_("Code of a computed indicator; empty when values are entered."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    measures = models.ManyToManyField(
        Measure, blank=True, related_name="indicators", verbose_name=_("measures")
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("goal"),
    )
    public = models.BooleanField(_("public"), default=False)
    synthetic = models.BooleanField(_("synthetic demo data"), default=False)

    history = HistoricalRecords(m2m_fields=[measures])

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("strategy:indicator", args=[self.code])

    @property
    def name(self) -> str:
        return localised(self, "name")


class Target(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="targets", verbose_name=_("period")
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sub-region"),
    )
    value = models.FloatField(_("target"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "region"], name="target_unique", nulls_distinct=False
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period.code}: {self.value}"


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("year"))
    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sub-region"),
    )
    value = models.FloatField(_("value"))
    source = models.CharField(_("source"), max_length=200)
    computed_at = models.DateTimeField(_("computed"), null=True, blank=True)
    synthetic = models.BooleanField(_("synthetic demo data"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "region"],
                name="indicator_value_unique",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}: {self.value}"


class SubregionStrategy(models.Model):
    """A sub-region's strategy, in its three perspectives (seed result 1)."""

    region = models.OneToOneField(
        Region,
        on_delete=models.CASCADE,
        related_name="strategy",
        limit_choices_to=SUBREGIONS,
        verbose_name=_("sub-region"),
    )
    title = models.CharField(_("title"), max_length=300)
    adopted = models.DateField(_("adopted"), null=True, blank=True)
    business = models.TextField(_("business strategy"), blank=True)
    employment = models.TextField(_("employment strategy"), blank=True)
    competence = models.TextField(_("competence strategy"), blank=True)
    public = models.BooleanField(_("public"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sub-regional strategy")
        verbose_name_plural = _("sub-regional strategies")
        ordering = ["region__code"]

    def __str__(self) -> str:
        return self.title

    @property
    def perspectives(self) -> list[str]:
        return [p for p in Perspective.values if getattr(self, p).strip()]


class ResultKind(models.TextChoices):
    RESULT = "result", _("result")
    CRITICAL_FACTOR = "critical_factor", _("critical factor")
    LESSON = "lesson", _("lesson")
    PAIN_POINT = "pain_point", _("pain point")


class Result(models.Model):
    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="results", verbose_name=_("period")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ResultKind.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    title_fi = models.TextField(_("text (Finnish)"))
    title_en = models.TextField(_("text (English)"), blank=True)
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="results", verbose_name=_("goals")
    )
    measures = models.ManyToManyField(
        Measure, blank=True, related_name="results", verbose_name=_("measures")
    )
    sub_regions = models.ManyToManyField(
        Region,
        blank=True,
        related_name="strategy_results",
        limit_choices_to=SUBREGIONS,
        verbose_name=_("sub-regions"),
    )
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="results", verbose_name=_("indicators")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("result or critical factor")
        verbose_name_plural = _("results and critical factors")
        ordering = ["period", "kind", "number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def title(self) -> str:
        return localised(self, "title")
