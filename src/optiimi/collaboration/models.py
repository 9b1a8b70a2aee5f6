"""The tie ledger: ties between organisations derived from the records of other capabilities
(`core.ties`) and ties imported from outside the platform."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from optiimi.network.models import Organisation


class Kind(models.TextChoices):
    PROJECT = "project", _("same project")
    CONSULTATION = "consultation", _("consultation")
    EVENT = "event", _("event")
    REFERRAL = "referral", _("service referral")
    OTHER = "other", _("other tie")


class Tie(models.Model):
    """One derived tie. Rebuilt from the registered sources (never edited): no history of its
    own; the records it comes from keep theirs. `organisation_a` has the smaller id."""

    # no index of their own: the (organisation, year) indexes below serve both (fewer indexes
    # keep the rebuild's bulk inserts fast)
    organisation_a = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    organisation_b = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    weight = models.FloatField(_("weight"), default=1.0)
    source = models.CharField(_("source"), max_length=60)
    record_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("tie")
        verbose_name_plural = _("ties")
        indexes = [
            models.Index(fields=["year", "kind"]),
            models.Index(fields=["organisation_a", "year"]),
            models.Index(fields=["organisation_b", "year"]),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_a_id}–{self.organisation_b_id} {self.year} {self.kind}"


class ImportedTie(models.Model):
    """A tie that happened outside the platform, from `optiimi import ties`."""

    organisation_a = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    organisation_b = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    weight = models.FloatField(_("weight"), default=1.0)
    synthetic = models.BooleanField(_("synthetic demo data"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("imported tie")
        verbose_name_plural = _("imported ties")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation_a", "organisation_b", "year", "kind"],
                name="imported_tie_once",
            ),
            models.CheckConstraint(
                condition=models.Q(organisation_a__lt=models.F("organisation_b")),
                name="imported_tie_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_a} – {self.organisation_b} {self.year}"


class Ledger(models.Model):
    """The ledger's state (one row): stale once a followed record changed; `version` grows with
    every rebuild, so cached measures know what they were computed from."""

    stale = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=0)
    built = models.DateTimeField(null=True, blank=True)
    ties = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"ledger v{self.version}"


class Measure(models.Model):
    """One organisation's measures in one year's network (and optionally one tie kind, `kind`
    empty for all), computed from the ledger of `version`: derived data, no history. The
    latest year's are computed when the ledger is rebuilt, others on first read; a rebuild
    drops those of older versions."""

    version = models.PositiveIntegerField()
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=16, blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    degree = models.PositiveIntegerField()
    weighted_degree = models.FloatField()
    betweenness = models.FloatField()
    constraint = models.FloatField(null=True)
    effective_size = models.FloatField(null=True)
    coordinator = models.PositiveBigIntegerField(default=0)
    itinerant = models.PositiveBigIntegerField(default=0)
    gatekeeper = models.PositiveBigIntegerField(default=0)
    representative = models.PositiveBigIntegerField(default=0)
    liaison = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("network measure")
        verbose_name_plural = _("network measures")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "year", "kind", "organisation"], name="measure_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.year} v{self.version}"


class StoredMap(models.Model):
    """The network map's default drawing of one year (and kind, `kind` empty for all) under the
    ledger of `version`: the strongest pairs it draws (`pairs`: [a, b, weight, ties], strongest
    first), how many pairs the year has, and the layout's positions of their organisations
    (`positions`: {organisation id: [x, y]}, before scaling to the map). Derived data, no
    history: stored when the ledger is rebuilt, so the map page's first request lays nothing
    out; a rebuild drops those of older versions."""

    version = models.PositiveIntegerField()
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=16, blank=True)
    top = models.PositiveIntegerField()
    pair_count = models.PositiveIntegerField()
    pairs = models.JSONField(default=list)
    positions = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("stored network map")
        verbose_name_plural = _("stored network maps")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "year", "kind", "top"], name="stored_map_once"
            )
        ]

    def __str__(self) -> str:
        return f"map {self.year} {self.kind or 'all'} v{self.version}"
