"""Every write to regions: the classification and geometry importers."""

from __future__ import annotations

from optiimi.core import writes
from optiimi.core.formats import FormatError
from optiimi.core.formats.classification import RegionRow
from optiimi.core.formats.geojson import Feature
from optiimi.core.writes import Actor, ImportSummary
from optiimi.regions.models import Level, Region


@writes.service
def import_regions(rows: list[RegionRow], *, actor: Actor) -> ImportSummary:
    """Upsert regions keyed by (level, code); parents come first in `rows`."""
    summary = ImportSummary()
    existing = {(r.level, r.code): r for r in Region.objects.select_for_update()}
    by_key: dict[tuple[str, str], Region] = dict(existing)
    parent_level = {Level.SUBREGION: Level.REGION, Level.MUNICIPALITY: Level.SUBREGION}
    for row in rows:
        parent = None
        if row.parent_code is not None:
            parent = by_key.get((parent_level[Level(row.level)], row.parent_code))
            if parent is None:
                raise FormatError(f"parent {row.parent_code} of {row.code} not found", row.place)
        values = {
            "name_fi": row.name_fi,
            "name_sv": row.name_sv,
            "parent": parent,
            "year": row.year,
        }
        region = by_key.get((row.level, row.code))
        if region is None:
            region = Region(level=row.level, code=row.code, **values)
            writes.save(region, actor=actor, validate=False)
            by_key[(row.level, row.code)] = region
            summary.new += 1
            continue
        changed = {k: v for k, v in values.items() if getattr(region, k) != v}
        if not changed:
            summary.unchanged += 1
            continue
        for key, value in changed.items():
            setattr(region, key, value)
        writes.save(region, actor=actor, validate=False)
        summary.changed += 1
    return summary


@writes.service
def import_geometry(features: list[Feature], *, actor: Actor) -> ImportSummary:
    """Attach borders and centroids to municipalities; sub-regions and regions get the mean
    of their municipalities' centroids. Features matching no municipality are reported."""
    summary = ImportSummary()
    municipalities = {r.code: r for r in Region.objects.municipalities().select_for_update()}
    for feature in features:
        region = municipalities.get(feature.code)
        if region is None:
            summary.warnings.append(f"no municipality matches {feature.place}")
            continue
        lon, lat = round(feature.centroid[0], 5), round(feature.centroid[1], 5)
        if (region.geometry, region.centroid_lon, region.centroid_lat) == (
            feature.geometry,
            lon,
            lat,
        ):
            summary.unchanged += 1
            continue
        summary.changed += 1
        region.geometry, region.centroid_lon, region.centroid_lat = feature.geometry, lon, lat
        writes.save(region, actor=actor, validate=False)
    for level in (Level.SUBREGION, Level.REGION):
        update_parent_centroids(level, actor=actor)
    return summary


@writes.service
def update_parent_centroids(level: str, *, actor: Actor) -> None:
    child_level = Level.MUNICIPALITY if level == Level.SUBREGION else Level.SUBREGION
    for parent in Region.objects.filter(level=level).prefetch_related("children"):
        points = [
            (c.centroid_lon, c.centroid_lat)
            for c in parent.children.all()
            if c.level == child_level and c.has_centroid
        ]
        if not points:
            continue
        lon = round(sum(p[0] for p in points) / len(points), 5)  # type: ignore[misc]
        lat = round(sum(p[1] for p in points) / len(points), 5)  # type: ignore[misc]
        if (parent.centroid_lon, parent.centroid_lat) != (lon, lat):
            parent.centroid_lon, parent.centroid_lat = lon, lat
            writes.save(parent, actor=actor, validate=False)


def level_counts() -> dict[str, int]:
    return {level: Region.objects.filter(level=level).count() for level in Level.values}
