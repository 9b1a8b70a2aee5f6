"""Every write of the foresight store: imports (atomic, idempotent) and stored forecasts."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction

from optiimi.core.formats import FormatError, InvalidRows
from optiimi.foresight.models import (
    WHOLE_COUNTRY,
    Forecast,
    ImportRun,
    Indicator,
    Observation,
    ObservationChange,
)
from optiimi.foresight.sources import IndicatorMeta, Row, frequency_of
from optiimi.regions.models import Region

BATCH = 5000
Progress = Callable[[int], None]


def area_regions() -> dict[str, int | None]:
    """StatFin area code → our Region id; the whole country (`SSS`) has none."""
    found: dict[str, int | None] = {WHOLE_COUNTRY: None}
    for pk, level, code in Region.objects.values_list("pk", "level", "code"):
        found[Region(level=level, code=code).statfin_code] = pk
    return found


def _ensure_indicators(metas: list[IndicatorMeta], actor: Any) -> dict[str, Indicator]:
    out = {}
    for meta in metas:
        indicator = Indicator.objects.filter(code=meta.code).first()
        if indicator is None:
            indicator = Indicator(
                code=meta.code,
                name_fi=meta.name_fi[:300],
                name_en=meta.name_en[:300],
                unit=meta.unit,
                source=meta.source[:300],
                table_id=meta.table_id,
                dimensions=meta.dimensions,
            )
        else:
            for attr in ("unit", "source", "name_en"):
                if getattr(meta, attr) and not getattr(indicator, attr):
                    setattr(indicator, attr, getattr(meta, attr))
        if meta.source_updated:
            indicator.source_updated = meta.source_updated
        indicator._history_user = actor  # type: ignore[attr-defined]
        indicator.save()
        out[meta.code] = indicator
    return out


@transaction.atomic
def import_observations(
    metas: list[IndicatorMeta],
    rows: Iterable[Row],
    *,
    actor: Any = None,
    source: str,
    format: str,
    table_id: str = "",
    source_updated: str = "",
    source_url: str = "",
    progress: Progress | None = None,
) -> ImportRun:
    """Insert new cells, update changed ones (keeping the old value), leave the rest alone.

    Everything is validated before anything is written; any error rolls the whole import back.
    """
    regions = area_regions()
    indicators = _ensure_indicators(metas, actor)
    if source_url:
        for indicator in indicators.values():
            indicator.source_url = source_url
            indicator.save(update_fields=["source_url"])
    run = ImportRun.objects.create(
        source=source[:500],
        format=format,
        table_id=table_id,
        source_updated=source_updated,
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    existing: dict[tuple, tuple[int, float | None, str]] = {}
    for pk, ind, area, industry, period, key, value, status in Observation.objects.filter(
        indicator__in=indicators.values()
    ).values_list("pk", "indicator_id", "area", "industry", "period", "key", "value", "status"):
        existing[(ind, area, industry, period, key)] = (pk, value, status)
    new: list[Observation] = []
    changed: list[Observation] = []
    changes: list[ObservationChange] = []
    seen: set[tuple] = set()
    errors: list[FormatError] = []
    unchanged = done = 0
    frequencies: dict[int, str] = {}
    for row in rows:
        indicator = indicators[row.indicator]
        if row.area not in regions:
            errors.append(FormatError(f"area {row.area} is not a known region", row.place))
            continue
        ident = (indicator.pk, row.area, row.industry, row.period, row.key)
        if ident in seen:
            errors.append(FormatError("the same cell appears twice", row.place))
            continue
        seen.add(ident)
        frequencies.setdefault(indicator.pk, frequency_of(row.period))
        old = existing.get(ident)
        if old is None:
            new.append(
                Observation(
                    indicator=indicator,
                    area=row.area,
                    region_id=regions[row.area],
                    industry=row.industry,
                    period=row.period,
                    key=row.key,
                    value=row.value,
                    status=row.status,
                    import_run=run,
                )
            )
        elif old[1] != row.value or old[2] != row.status:
            changed.append(
                Observation(pk=old[0], value=row.value, status=row.status, import_run=run)
            )
            changes.append(
                ObservationChange(
                    observation_id=old[0],
                    old_value=old[1],
                    old_status=old[2],
                    new_value=row.value,
                    new_status=row.status,
                    import_run=run,
                )
            )
        else:
            unchanged += 1
        done += 1
        if progress and done % BATCH == 0:
            progress(BATCH)
    if errors:
        raise InvalidRows(errors)
    for i in range(0, len(new), BATCH):
        Observation.objects.bulk_create(new[i : i + BATCH])
    for i in range(0, len(changed), BATCH):
        Observation.objects.bulk_update(changed[i : i + BATCH], ["value", "status", "import_run"])
    ObservationChange.objects.bulk_create(changes, batch_size=BATCH)
    for indicator in indicators.values():
        freq = frequencies.get(indicator.pk)
        if freq and indicator.frequency != freq:
            indicator.frequency = freq
            indicator.save(update_fields=["frequency"])
    run.created, run.changed, run.unchanged = len(new), len(changed), unchanged
    run.save(update_fields=["created", "changed", "unchanged"])
    if progress:
        progress(done % BATCH)
    return run


def describe(run: ImportRun) -> str:
    return (
        f"{run.created} new, {run.changed} changed, {run.unchanged} unchanged "
        f"observation(s) from {run.source}"
    )


@transaction.atomic
def store_forecast(
    *,
    indicator: Indicator,
    area: str,
    industry: str = "",
    key: str = "",
    model: str,
    mase: float | None,
    data_version: str,
    level: int,
    points: list[dict[str, Any]],
    actor: Any = None,
) -> Forecast:
    """Replace the stored forecast of one series."""
    forecast, _ = Forecast.objects.update_or_create(
        indicator=indicator,
        area=area,
        industry=industry,
        key=key,
        defaults={
            "model": model,
            "mase": mase,
            "data_version": data_version,
            "level": level,
            "points": points,
        },
    )
    return forecast
