"""Every write of the foresight store: imports (atomic, idempotent) and stored forecasts."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from optiimi.core.formats import FormatError, InvalidRows
from optiimi.foresight import permissions
from optiimi.foresight.models import (
    WHOLE_COUNTRY,
    BarometerAnswer,
    BarometerRound,
    BarometerTheme,
    Forecast,
    Horizon,
    ImportRun,
    Indicator,
    Observation,
    ObservationChange,
    SignalComment,
    SignalRating,
    WeakSignal,
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


def series_frame(indicator: Indicator, areas: list[str] | None = None) -> Any:
    """The annual series of an indicator as a polars frame: unique_id, ds, y (+ parts)."""
    import polars as pl

    rows = Observation.objects.filter(indicator=indicator, value__isnull=False)
    if areas:
        rows = rows.filter(area__in=areas)
    data = [
        r for r in rows.values_list("area", "industry", "key", "period", "value") if len(r[3]) == 4
    ]
    frame = pl.DataFrame(data, schema=["area", "industry", "key", "period", "y"], orient="row")
    return frame.with_columns(
        pl.concat_str(["area", "industry", "key"], separator="|").alias("unique_id"),
        pl.col("period").cast(pl.Int64).alias("ds"),
    )


@transaction.atomic
def forecast_indicator(
    indicator: Indicator,
    *,
    h: int = 5,
    level: int = 80,
    areas: list[str] | None = None,
    n_jobs: int = -1,
    actor: Any = None,
) -> int:
    """Forecast every annual series of an indicator and store the results; returns a count."""
    import hashlib

    from optiimi.foresight.forecasting import forecast

    frame = series_frame(indicator, areas)
    if frame.is_empty():
        return 0
    versions = {
        uid: hashlib.sha1(
            repr(list(zip(g["ds"], g["y"], strict=True))).encode(), usedforsecurity=False
        ).hexdigest()[:12]
        for (uid,), g in frame.sort("ds").group_by(["unique_id"])
    }
    result = forecast(frame.select("unique_id", "ds", "y"), h=h, level=level, n_jobs=n_jobs)
    accuracy = {r["unique_id"]: r for r in result.accuracy.iter_rows(named=True)}
    points: dict[str, list[dict[str, Any]]] = {}
    for r in result.forecasts.sort("ds").iter_rows(named=True):
        points.setdefault(r["unique_id"], []).append(
            {"period": str(r["ds"]), "mean": r["mean"], "lo": r["lo"], "hi": r["hi"]}
        )
    existing = {
        (f.area, f.industry, f.key): f for f in Forecast.objects.filter(indicator=indicator)
    }
    new, changed = [], []
    for uid, pts in points.items():
        area, industry, key = uid.split("|", 2)
        acc = accuracy[uid]
        mase = acc["mase"] if acc["mase"] is None or acc["mase"] == acc["mase"] else None
        f = existing.get((area, industry, key)) or Forecast(
            indicator=indicator, area=area, industry=industry, key=key
        )
        f.model, f.mase, f.data_version, f.level, f.points = (
            acc["model"],
            mase,
            versions[uid],
            level,
            pts,
        )
        (changed if f.pk else new).append(f)
    Forecast.objects.bulk_create(new, batch_size=BATCH)
    Forecast.objects.bulk_update(
        changed, ["model", "mase", "data_version", "level", "points"], batch_size=BATCH
    )
    return len(points)


DEFAULT_THEMES = [
    ("business", "Yritysten liiketoiminta", "Business activity"),
    ("unemployment", "Työttömyys", "Unemployment"),
    ("skilled_labour", "Osaavan työvoiman saatavuus", "Availability of skilled labour"),
]


def theme_choices() -> list[tuple[str, str]]:
    """(code, name) of every theme a round may use: the defaults, then the custom ones."""
    names = {code: en for code, _fi, en in DEFAULT_THEMES}
    fi = get_language() == "fi"
    if fi:
        names = {code: name_fi for code, name_fi, _en in DEFAULT_THEMES}
    for t in BarometerTheme.objects.all():
        names[t.code] = t.name_fi if fi or not t.name_en else t.name_en
    return list(names.items())


def theme_code_error(code: str) -> str | None:
    """Why `code` cannot be a new theme's code, or None when it can."""
    code = code.strip().lower()
    if not code:
        return _("Give the theme a code.")
    if not re.fullmatch(r"[a-z0-9_-]+", code):
        return _("The code “%(code)s” may contain only letters a–z, digits, - and _.") % {
            "code": code
        }
    if (
        code in {c for c, *_rest in DEFAULT_THEMES}
        or BarometerTheme.objects.filter(code__iexact=code).exists()
    ):
        return _("A theme with the code “%(code)s” already exists.") % {"code": code}
    return None


@transaction.atomic
def create_theme(*, actor: Any, code: str, name_fi: str, name_en: str) -> BarometerTheme:
    """A custom barometer theme; the code is unique (whatever its case), both names given."""
    permissions.check_manage_themes(actor)
    code, name_fi, name_en = code.strip().lower(), name_fi.strip(), name_en.strip()
    errors: dict[str, str] = {}
    problem = theme_code_error(code)
    if problem:
        errors["code"] = problem
    if not name_fi:
        errors["name_fi"] = _("Give the theme's name in Finnish.")
    if not name_en:
        errors["name_en"] = _("Give the theme's name in English.")
    if errors:
        raise ValidationError(errors)
    theme = BarometerTheme(code=code, name_fi=name_fi, name_en=name_en)
    theme._history_user = actor  # type: ignore[attr-defined]
    theme.save()
    return theme


@transaction.atomic
def open_round(
    *, actor: Any, name: str, opens: Any, themes: list[str] | None = None
) -> BarometerRound:
    """Open a barometer round with the default themes (or the given theme codes)."""
    permissions.check_manage_barometer(actor)
    codes = list(themes) if themes is not None else [c for c, *_ in DEFAULT_THEMES]
    if not name.strip():
        raise ValidationError({"name": _("Give the round a name.")})
    if not codes:
        raise ValidationError({"themes": _("Choose at least one theme.")})
    for code, fi, en in DEFAULT_THEMES:
        BarometerTheme.objects.get_or_create(code=code, defaults={"name_fi": fi, "name_en": en})
    chosen = BarometerTheme.objects.filter(code__in=codes)
    unknown = sorted(set(codes) - {t.code for t in chosen})
    if unknown:
        raise ValidationError(
            {"themes": _("No such theme: %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    round_ = BarometerRound(name=name, opens=opens)
    round_._history_user = actor  # type: ignore[attr-defined]
    round_.save()
    round_.themes.set(chosen)
    return round_


@transaction.atomic
def answer(
    *,
    actor: Any,
    round: BarometerRound,
    subregion: Region,
    theme: BarometerTheme,
    horizon: str,
    score: int,
) -> BarometerAnswer:
    """Record (or change) a rater's outlook while the round is open."""
    permissions.check_rate(actor)
    round = BarometerRound.objects.select_for_update().get(pk=round.pk)
    if round.is_closed:
        raise PermissionDenied("The round is closed.")
    if not round.themes.filter(pk=theme.pk).exists():
        raise ValueError("theme not in this round")
    if score not in (-2, -1, 0, 1, 2) or horizon not in Horizon.values:
        raise ValueError("score must be −2…2 and horizon one of now, 6m, 12m")
    found = BarometerAnswer.objects.filter(
        round=round, rater=actor, subregion=subregion, theme=theme, horizon=horizon
    ).first()
    found = found or BarometerAnswer(
        round=round, rater=actor, subregion=subregion, theme=theme, horizon=horizon
    )
    found.score = score
    found._history_user = actor  # type: ignore[attr-defined]
    found.save()
    return found


@transaction.atomic
def close_round(*, actor: Any, round: BarometerRound) -> BarometerRound:
    permissions.check_manage_barometer(actor)
    round.state = BarometerRound.State.CLOSED
    round.closed_at = timezone.now()
    round._history_user = actor  # type: ignore[attr-defined]
    round.save()
    return round


@transaction.atomic
def note_signal(
    *,
    actor: Any,
    title: str,
    description: str,
    themes: str = "",
    subregions: Any = (),
    horizon_years: int = 5,
    source: str = "",
    synthetic: bool = False,
) -> WeakSignal:
    permissions.check_rate(actor)
    signal = WeakSignal(
        title=title,
        description=description,
        themes=themes,
        horizon_years=horizon_years,
        source=source,
        author=actor,
        synthetic=synthetic,
    )
    signal._history_user = actor  # type: ignore[attr-defined]
    signal.save()
    signal.subregions.set(subregions)
    return signal


@transaction.atomic
def rate_signal(*, actor: Any, signal: WeakSignal, impact: int, likelihood: int) -> SignalRating:
    permissions.check_rate(actor)
    if not (1 <= impact <= 5 and 1 <= likelihood <= 5):
        raise ValueError("impact and likelihood are rated 1–5")
    rating, _ = SignalRating.objects.update_or_create(
        signal=signal, rater=actor, defaults={"impact": impact, "likelihood": likelihood}
    )
    return rating


@transaction.atomic
def comment_signal(*, actor: Any, signal: WeakSignal, text: str) -> SignalComment:
    permissions.check_rate(actor)
    return SignalComment.objects.create(signal=signal, author=actor, text=text.strip())
