"""The indicator store: a catalogue of indicators and their observations, with provenance.

Areas are kept as StatFin area codes (`KU179`, `SK131`, `MK13`) with a link to our `Region`;
the whole country is the StatFin code `SSS` with no region. Observations do not use
django-simple-history (a national import writes millions of rows): every changed value is kept
instead as an `ObservationChange` row written by the importer in bulk.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from optiimi.core.writes import ImportSummary

WHOLE_COUNTRY = "SSS"


class Frequency(models.TextChoices):
    ANNUAL = "A", _("annual")
    QUARTERLY = "Q", _("quarterly")
    MONTHLY = "M", _("monthly")


class Status(models.TextChoices):
    OK = "ok", _("ok")
    MISSING = "missing", _("missing")
    SUPPRESSED = "suppressed", _("suppressed")
    PRELIMINARY = "preliminary", _("preliminary")


class Indicator(models.Model):
    code = models.CharField(_("code"), max_length=120, unique=True)
    name_fi = models.CharField(_("name (Finnish)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    decimals = models.PositiveSmallIntegerField(
        _("decimals"), null=True, blank=True, help_text=_("Decimals the source publishes")
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=1, choices=Frequency.choices, default=Frequency.ANNUAL
    )
    dimensions = models.JSONField(
        _("dimensions"),
        default=list,
        blank=True,
        help_text=_("Other dimensions of the table, e.g. sex, age"),
    )
    table_id = models.CharField(_("source table"), max_length=120, blank=True)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    source_updated = models.CharField(_("updated at source"), max_length=40, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class ImportRun(models.Model):
    """One import: where the figures came from, when and by whom."""

    source = models.CharField(_("source file or URL"), max_length=500)
    format = models.CharField(_("format"), max_length=20)
    table_id = models.CharField(_("source table"), max_length=120, blank=True)
    source_updated = models.CharField(_("updated at source"), max_length=40, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)

    # What the reader noted about the file (where the table id came from, a file that may be
    # cut short): reported with this run's summary, not stored.
    notes: tuple[str, ...] = ()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.source} ({self.imported_at:%Y-%m-%d})"

    @property
    def summary(self) -> ImportSummary:
        """What the run did, in the shape every importer reports."""
        return ImportSummary(
            new=self.created,
            changed=self.changed,
            unchanged=self.unchanged,
            warnings=list(self.notes),
        )


class Observation(models.Model):
    """One cell of a table.

    A national import writes a million of these at once, so the table carries only what the
    reads need: the unique `observation_cell` (indicator first, so it also serves lookups by
    indicator; the dashboards ask by indicator and area) and the index of the import that last
    wrote a cell. Its links are not database foreign keys (`db_constraint=False`): checking a
    million of them one by one at commit cost more than the import itself. The importer writes
    only indicators, regions and imports it has just read or created in the same transaction,
    and deleting an indicator, region or import through Django still cascades, protects or
    clears as declared.
    """

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="observations",
        db_index=False,  # observation_cell starts with the indicator
        db_constraint=False,
    )
    area = models.CharField(_("StatFin area code"), max_length=8, default=WHOLE_COUNTRY)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the whole country"),
        db_index=False,
        db_constraint=False,
    )
    industry = models.CharField(_("TOL 2008 industry"), max_length=8, blank=True)
    period = models.CharField(
        pgettext_lazy("time", "period"), max_length=10, help_text="2024, 2024Q1, 2024-03"
    )
    key = models.CharField(_("other dimensions"), max_length=200, blank=True)
    value = models.FloatField(_("value"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OK)
    import_run = models.ForeignKey(
        ImportRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "industry", "period", "key"], name="observation_cell"
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["missing", "suppressed"])
                | models.Q(value__isnull=True),
                name="observation_suppressed_has_no_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.area} {self.period} {self.key}"


class ObservationChange(models.Model):
    """A value replaced by a later import: the history of an observation."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="changes")
    old_value = models.FloatField(null=True)
    old_status = models.CharField(max_length=12)
    new_value = models.FloatField(null=True)
    new_status = models.CharField(max_length=12)
    import_run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("observation change")
        verbose_name_plural = _("observation changes")
        ordering = ["-import_run_id"]

    def __str__(self) -> str:
        return f"{self.old_value} → {self.new_value}"


class Forecast(models.Model):
    """A stored forecast of one series, with the model, its backtest error and data version."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="forecasts")
    area = models.CharField(max_length=8)
    industry = models.CharField(max_length=8, blank=True)
    key = models.CharField(max_length=200, blank=True)
    model = models.CharField(_("model"), max_length=200)
    mase = models.FloatField(_("backtest MASE"), null=True)
    data_version = models.CharField(_("data version"), max_length=64)
    level = models.PositiveSmallIntegerField(default=80)
    points = models.JSONField(default=list, help_text="[{period, mean, lo, hi}]")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("forecast")
        verbose_name_plural = _("forecasts")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "industry", "key"], name="forecast_series"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.area} {self.model}"


class Horizon(models.TextChoices):
    NOW = "now", _("now compared with a year ago")
    M6 = "6m", _("in 6 months")
    M12 = "12m", _("in 12 months")


SCALE = [(2, "++"), (1, "+"), (0, "0"), (-1, "−"), (-2, "−−")]


DEFAULT_SCALE_FI = "selvästi paranee / paranee / pysyy ennallaan / heikkenee / selvästi heikkenee"
DEFAULT_SCALE_EN = "clearly improves / improves / stays the same / weakens / clearly weakens"
DEFAULT_SCALE_SV = "förbättras klart / förbättras / oförändrad / försämras / försämras klart"
# An occupation outlook question (as in Ammattibarometri): ++ is a clear shortage of workers.
OCCUPATION_SCALE_FI = "suuri pula / pula / tasapaino / ylitarjontaa / suuri ylitarjonta"
OCCUPATION_SCALE_EN = "clear shortage / shortage / balance / surplus / clear surplus"
OCCUPATION_SCALE_SV = "stor brist / brist / balans / överskott / stort överskott"


class BarometerTheme(models.Model):
    code = models.SlugField(_("code"), unique=True)
    name_fi = models.CharField(_("name (Finnish)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    scale_fi = models.CharField(
        _("scale words (Finnish)"),
        max_length=300,
        blank=True,
        help_text=_("Five answers from ++ to −−, separated by “/”; empty: the default words"),
    )
    scale_en = models.CharField(_("scale words (English)"), max_length=300, blank=True)
    occupation = models.CharField(
        _("occupation code"),
        max_length=5,
        blank=True,
        default="",
        help_text=_(
            "An occupation outlook question: the occupation's code (Ammattiluokitus 2010), "
            "answered from a clear shortage of workers to a clear surplus"
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("barometer theme")
        verbose_name_plural = _("barometer themes")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name_fi

    @property
    def is_occupation(self) -> bool:
        """An occupation outlook question: its answers are a shortage or surplus of workers."""
        return bool(self.occupation)

    def scale(self, language: str) -> list[tuple[int, str]]:
        """The five answers in `language`, from ++ to −−, each with its score (2 … −2): the
        theme's own words when given, else the default "clearly improves … clearly weakens"."""
        own = self.scale_en if language == "en" else self.scale_fi if language == "fi" else ""
        if self.is_occupation:
            default = {"en": OCCUPATION_SCALE_EN, "sv": OCCUPATION_SCALE_SV}.get(
                language, OCCUPATION_SCALE_FI
            )
        else:
            default = {"en": DEFAULT_SCALE_EN, "sv": DEFAULT_SCALE_SV}.get(
                language, DEFAULT_SCALE_FI
            )
        words = [w.strip() for w in (own or default).split("/")]
        return list(zip((2, 1, 0, -1, -2), words, strict=True))


class BarometerRound(models.Model):
    """A spring or autumn round of the outlook barometer (kehitysnäkymät)."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    name = models.CharField(_("name"), max_length=60, help_text=_("e.g. Spring 2025"))
    opens = models.DateField(_("opens"))
    closes = models.DateField(
        _("closes"), null=True, blank=True, help_text=_("The last day for answers")
    )
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.OPEN)
    themes = models.ManyToManyField(BarometerTheme, verbose_name=_("themes"))
    invitees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("invited")
    )
    invited_at = models.DateTimeField(_("invitations sent"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminders sent"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    synthetic = models.BooleanField(_("synthetic demo data"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("barometer round")
        verbose_name_plural = _("barometer rounds")
        ordering = ["-opens"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        """Closed by hand, or its last day for answers has passed."""
        if self.state == self.State.CLOSED:
            return True
        return self.closes is not None and self.closes < timezone.localdate()

    @property
    def is_open(self) -> bool:
        """Taking answers: opened and not closed."""
        return self.opens <= timezone.localdate() and not self.is_closed

    @property
    def state_label(self) -> str:
        if self.is_closed:
            return str(self.State.CLOSED.label)
        if self.opens > timezone.localdate():
            return str(_("not open yet"))
        return str(self.State.OPEN.label)


class BarometerAnswer(models.Model):
    round = models.ForeignKey(BarometerRound, on_delete=models.CASCADE, related_name="answers")
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    subregion = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    theme = models.ForeignKey(BarometerTheme, on_delete=models.PROTECT, related_name="+")
    horizon = models.CharField(_("horizon"), max_length=4, choices=Horizon.choices)
    score = models.SmallIntegerField(_("outlook"), choices=SCALE)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("barometer answer")
        verbose_name_plural = _("barometer answers")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "rater", "subregion", "theme", "horizon"], name="one_answer"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=-2, score__lte=2), name="answer_on_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} {self.subregion_id} {self.theme_id} {self.horizon} {self.score}"


class WeakSignal(models.Model):
    """A note of an early sign of change, rated by members for impact and likelihood."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    themes = models.CharField(
        _("themes"), max_length=200, blank=True, help_text=_("Comma-separated")
    )
    subregions = models.ManyToManyField(
        "regions.Region", blank=True, related_name="+", verbose_name=_("sub-regions")
    )
    horizon_years = models.PositiveSmallIntegerField(_("time horizon (years)"), default=5)
    source = models.CharField(_("source"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    synthetic = models.BooleanField(_("synthetic"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("weak signal")
        verbose_name_plural = _("weak signals")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class SignalRating(models.Model):
    signal = models.ForeignKey(WeakSignal, on_delete=models.CASCADE, related_name="ratings")
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    impact = models.PositiveSmallIntegerField(_("impact (1–5)"))
    likelihood = models.PositiveSmallIntegerField(_("likelihood (1–5)"))

    class Meta:
        verbose_name = _("signal rating")
        verbose_name_plural = _("signal ratings")
        constraints = [models.UniqueConstraint(fields=["signal", "rater"], name="one_rating")]

    def __str__(self) -> str:
        return f"{self.signal_id}: {self.impact}/{self.likelihood}"


class SignalComment(models.Model):
    signal = models.ForeignKey(WeakSignal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:40]


class DashboardView(models.Model):
    """How often a sub-region's dashboard was opened on a day: a count, nothing about who.

    The use of the foresight system is measured from these (and from import runs). Privacy by
    construction: no user, address, browser or cookie is stored, only the sub-region, the day
    and the number of views; the row is not personal data and has no history."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.CASCADE, related_name="+", verbose_name=_("sub-region")
    )
    date = models.DateField(_("date"))
    count = models.PositiveIntegerField(_("number of views"), default=0)

    class Meta:
        verbose_name = _("dashboard views on a day")
        verbose_name_plural = _("dashboard views")
        ordering = ["date", "region"]
        constraints = [
            models.UniqueConstraint(fields=["region", "date"], name="one_dashboard_count_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.date}: {self.count}"


class PxWebSource(models.Model):
    """A PxWeb table fetched again by hand or on a schedule: the query, and when the store last
    checked it and last found it changed."""

    class Schedule(models.TextChoices):
        NONE = "", _("by hand")
        DAILY = "daily", _("daily")
        WEEKLY = "weekly", _("weekly")
        MONTHLY = "monthly", _("monthly")

    url = models.URLField(_("PxWeb table address"), max_length=500, unique=True)
    query = models.JSONField(_("query"), default=list, blank=True)
    limit = models.PositiveIntegerField(_("values per call"), default=120_000)
    schedule = models.CharField(
        _("refresh"), max_length=10, choices=Schedule.choices, default="", blank=True
    )
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    last_changed_at = models.DateTimeField(_("last changed"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_run = models.ForeignKey(
        ImportRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("PxWeb source")
        verbose_name_plural = _("PxWeb sources")
        ordering = ["url"]

    def __str__(self) -> str:
        return self.url

    def is_due(self, now: datetime.datetime) -> bool:
        """Whether a scheduled refresh is due: once a calendar day, ISO week or month (Finnish
        time), counted from the last check."""
        if not self.schedule:
            return False
        if self.last_checked_at is None:
            return True
        last, here = timezone.localtime(self.last_checked_at), timezone.localtime(now)
        if self.schedule == self.Schedule.DAILY:
            return here.date() > last.date()
        if self.schedule == self.Schedule.WEEKLY:
            return here.isocalendar()[:2] > last.isocalendar()[:2]
        return (here.year, here.month) > (last.year, last.month)
