from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from optiimi.core.localise import localised


class Level(models.TextChoices):
    REGION = "maakunta", _("region (maakunta)")
    SUBREGION = "seutukunta", _("sub-region (seutukunta)")
    MUNICIPALITY = "kunta", _("municipality (kunta)")


STATFIN_PREFIX = {Level.REGION: "MK", Level.SUBREGION: "SK", Level.MUNICIPALITY: "KU"}


class RegionQuerySet(models.QuerySet["Region"]):
    def regions(self) -> RegionQuerySet:
        return self.filter(level=Level.REGION)

    def subregions(self) -> RegionQuerySet:
        return self.filter(level=Level.SUBREGION)

    def municipalities(self) -> RegionQuerySet:
        return self.filter(level=Level.MUNICIPALITY)


class Region(models.Model):
    """A maakunta, seutukunta or kunta of Statistics Finland's classification."""

    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    code = models.CharField(_("code"), max_length=3, help_text=_("Statistics Finland's code"))
    name_fi = models.CharField(_("name (Finnish)"), max_length=100)
    name_sv = models.CharField(_("name (Swedish)"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    year = models.PositiveSmallIntegerField(_("classification year"))
    geometry = models.JSONField(_("geometry (GeoJSON, WGS84)"), null=True, blank=True)
    centroid_lon = models.FloatField(_("centroid longitude"), null=True, blank=True)
    centroid_lat = models.FloatField(_("centroid latitude"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["geometry"])
    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["level", "code"]
        constraints = [models.UniqueConstraint(fields=["level", "code"], name="region_level_code")]
        indexes = [models.Index(fields=["parent", "level"])]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localised(self, "name")

    @property
    def statfin_code(self) -> str:
        """The area code StatFin tables use: KU179, SK131, MK13."""
        return f"{STATFIN_PREFIX[Level(self.level)]}{self.code}"

    @property
    def has_centroid(self) -> bool:
        return self.centroid_lon is not None and self.centroid_lat is not None
