"""Every write of the foresight store: imports (atomic, idempotent) and stored forecasts."""

from __future__ import annotations

import builtins
import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

import polars as pl
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from optiimi.core import mail, needs, writes
from optiimi.core.formats import FormatError, InvalidRows
from optiimi.core.localise import localised, pick
from optiimi.core.writes import Actor, user_of
from optiimi.foresight import bulk, permissions
from optiimi.foresight.models import (
    WHOLE_COUNTRY,
    BarometerAnswer,
    BarometerRound,
    BarometerTheme,
    DashboardView,
    Forecast,
    Horizon,
    ImportRun,
    Indicator,
    Observation,
    PxWebSource,
    SignalComment,
    SignalRating,
    Status,
    WeakSignal,
)
from optiimi.foresight.sources import CELLS, IndicatorMeta, Row, frequency_of, rows_frame
from optiimi.regions.models import Region

BATCH = 5000
Progress = Callable[[int], None]


def area_regions() -> dict[str, int | None]:
    """StatFin area code → our Region id; the whole country (`SSS`) has none."""
    found: dict[str, int | None] = {WHOLE_COUNTRY: None}
    for pk, level, code in Region.objects.values_list("pk", "level", "code"):
        found[Region(level=level, code=code).statfin_code] = pk
    return found


def _ensure_indicators(
    metas: list[IndicatorMeta], actor: Actor
) -> tuple[dict[str, Indicator], set[int]]:
    """The indicators by code (and the ids of the new ones): new ones created, known ones
    completed; history kept for both."""
    found = Indicator.objects.in_bulk([m.code for m in metas], field_name="code")
    new: list[Indicator] = []
    created: dict[str, Indicator] = {}
    for meta in metas:
        indicator = found.get(meta.code)
        if indicator is None:
            new.append(
                Indicator(
                    code=meta.code,
                    name_fi=meta.name_fi[:300],
                    name_en=meta.name_en[:300],
                    unit=meta.unit[:60],
                    decimals=meta.decimals,
                    source=meta.source[:300],
                    table_id=meta.table_id,
                    dimensions=meta.dimensions,
                    source_updated=meta.source_updated,
                )
            )
            continue
        fields = ("unit", "decimals", "source", "name_en", "source_updated")
        before = tuple(getattr(indicator, attr) for attr in fields)
        for attr in ("unit", "source", "name_en"):
            if getattr(meta, attr) and not getattr(indicator, attr):
                setattr(indicator, attr, getattr(meta, attr))
        if meta.decimals is not None:
            indicator.decimals = meta.decimals
        if meta.source_updated:
            indicator.source_updated = meta.source_updated
        after = tuple(getattr(indicator, attr) for attr in fields)
        if after != before:  # an unchanged indicator gets no new history row
            writes.save(indicator, actor=actor, validate=False)
    if new:
        writes.bulk_create(Indicator, new, actor=actor)
        created = Indicator.objects.in_bulk([i.code for i in new], field_name="code")
        found.update(created)
    return {m.code: found[m.code] for m in metas}, {i.pk for i in created.values()}


def _validate(cells: pl.DataFrame, indicator_codes: set[str], areas: set[str]) -> None:
    """Every bad cell at once, each named by its place; raise InvalidRows if there are any."""
    checks = [
        (
            (~pl.col("indicator").is_in(list(indicator_codes))).fill_null(True),
            "indicator {} is not described",
            "indicator",
        ),
        (
            (~pl.col("area").is_in(list(areas))).fill_null(True),
            "area {} is not a known region",
            "area",
        ),
        (
            (~pl.col("status").is_in(Status.values)).fill_null(True),
            "status {!r} is not one of " + ", ".join(Status.values),
            "status",
        ),
        (
            pl.col("status").is_in([Status.MISSING, Status.SUPPRESSED])
            & pl.col("value").is_not_null(),
            "a {} cell has a value",
            "status",
        ),
        (
            pl.col("industry").str.len_chars() > 8,
            "industry {!r} is longer than 8 characters",
            "industry",
        ),
        (
            pl.col("period").str.len_chars() > 10,
            "period {!r} is longer than 10 characters",
            "period",
        ),
        (pl.col("key").str.len_chars() > 200, "key {!r} is longer than 200 characters", "key"),
    ]
    numbered = cells.with_row_index("_row")
    flags = numbered.select(
        "_row",
        *(check.fill_null(False).alias(f"_bad{i}") for i, (check, _m, _c) in enumerate(checks)),
    )
    bad_any = pl.any_horizontal(pl.exclude("_row"))
    # a duplicate is named where it appears again; cells already found bad do not count
    first = numbered.filter(~flags.select(bad_any).to_series()).select(
        "_row",
        pl.struct("indicator", "area", "industry", "period", "key")
        .is_first_distinct()
        .alias("_first"),
    )
    found: list[tuple[int, FormatError]] = []
    if flags.select(bad_any.any()).item():
        for i, (_check, message, column) in enumerate(checks):
            hits = numbered.filter(flags[f"_bad{i}"]).select("_row", column, "place")
            for row, value, place in hits.iter_rows():
                found.append((row, FormatError(message.format(value), place)))
    dups = first.filter(~pl.col("_first"))["_row"]
    if len(dups):
        places = numbered["place"].gather(dups)
        for row, place in zip(dups, places, strict=True):
            found.append((row, FormatError("the same cell appears twice", place)))
    if found:
        found.sort(key=lambda item: item[0])
        raise InvalidRows([error for _row, error in found])


@writes.service
def import_observations(
    metas: list[IndicatorMeta],
    rows: pl.DataFrame | Iterable[Row],
    *,
    actor: Actor,
    source: str,
    format: str,
    table_id: str = "",
    source_updated: str = "",
    source_url: str = "",
    progress: Progress | None = None,
    notes: Iterable[str] = (),
) -> ImportRun:
    """Insert new cells, update changed ones (keeping the old value), leave the rest alone.

    `rows` is a frame of cells (`sources.CELLS`, as the readers give) or plain `Row`s.
    Everything is validated before anything is written; any error rolls the whole import back.
    The comparison with the stored cells is one join, and the writes go in bulk (`COPY` on
    PostgreSQL, `executemany` on SQLite) inside the same transaction.
    """
    cells = rows.select(CELLS) if isinstance(rows, pl.DataFrame) else rows_frame(rows)
    regions = area_regions()
    _validate(cells, {m.code for m in metas}, set(regions))
    indicators, created = _ensure_indicators(metas, actor)
    if source_url:
        for indicator in indicators.values():
            if indicator.source_url != source_url:
                indicator.source_url = source_url
                writes.save(indicator, actor=actor, validate=False, update_fields=["source_url"])
    run = ImportRun.objects.create(
        source=source[:500],
        format=format,
        table_id=table_id,
        source_updated=source_updated,
        imported_by=user_of(actor),
    )
    ids = {code: ind.pk for code, ind in indicators.items()}
    cells = cells.with_columns(
        pl.col("indicator").replace_strict(ids, return_dtype=pl.Int64).alias("indicator_id"),
        pl.col("area").replace_strict(regions, return_dtype=pl.Int64).alias("region_id"),
    ).with_columns(bulk.ident(pl.col("indicator_id").cast(pl.String)))
    store = bulk.writer(connection)
    existing = store.observations(
        [i.pk for i in indicators.values() if i.pk not in created], cells.height
    )
    joined = cells.join(existing, on="ident", how="left", maintain_order="left")
    is_new = pl.col("id").is_null()
    differs = pl.col("value").ne_missing(pl.col("old_value")) | (
        pl.col("status") != pl.col("old_status")
    )
    new = joined.filter(is_new)
    changed = joined.filter(~is_new & differs)
    unchanged = cells.height - new.height - changed.height
    if progress and unchanged:
        progress(unchanged)
    store.insert_observations(new, run.pk, progress)
    store.update_observations(changed, run.pk, progress)
    for code, period in (
        cells.group_by("indicator", maintain_order=True).agg(pl.col("period").first()).iter_rows()
    ):
        indicator = indicators[code]
        freq = frequency_of(period)
        if indicator.frequency != freq:
            indicator.frequency = freq
            writes.save(indicator, actor=actor, validate=False, update_fields=["frequency"])
    run.created, run.changed, run.unchanged = new.height, changed.height, unchanged
    run.save(update_fields=["created", "changed", "unchanged"])
    run.notes = tuple(notes)
    return run


@writes.service
def mark_synthetic(indicators: Iterable[Indicator], *, actor: Actor) -> int:
    """Mark indicators as synthetic (made-up figures for the demo and tests); returns a count."""
    count = 0
    for indicator in indicators:
        if not indicator.synthetic:
            indicator.synthetic = True
            writes.save(indicator, actor=actor, validate=False)
            count += 1
    return count


def describe(run: ImportRun) -> str:
    summary = run.summary
    text = f"{replace(summary, warnings=[])} observation(s) from {run.source}"
    return "".join([text, *(f"\nwarning: {w}" for w in summary.warnings)])


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


def forecast_indicator(
    indicator: Indicator,
    *,
    h: int = 5,
    level: int = 80,
    areas: list[str] | None = None,
    n_jobs: int = -1,
    progress: Progress | None = None,
    engine: Any = "local",
    actor: Actor,
) -> int:
    """Forecast every annual series of an indicator and store the results; returns a count.
    `engine`: where the models run (`forecasting.forecast`; a Dask client for a cluster).

    The forecasts are computed outside the write transaction and stored in one: a run stopped
    half-way has written nothing, and a run again stores the same forecasts once."""
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
    result = forecast(
        frame.select("unique_id", "ds", "y"),
        h=h,
        level=level,
        n_jobs=n_jobs,
        progress=progress,
        engine=engine,
    )
    return _store_forecasts(indicator, result, versions, level, actor=actor)


@writes.service
def _store_forecasts(
    indicator: Indicator, result: Any, versions: dict[str, str], level: int, *, actor: Actor
) -> int:
    accuracy = {r["unique_id"]: r for r in result.accuracy.iter_rows(named=True)}
    points: dict[str, list[dict[str, Any]]] = {}
    for r in result.forecasts.sort("ds").iter_rows(named=True):
        points.setdefault(r["unique_id"], []).append(
            {"period": str(r["ds"]), "mean": r["mean"], "lo": r["lo"], "hi": r["hi"]}
        )
    existing = {
        (f.area, f.industry, f.key): f for f in Forecast.objects.filter(indicator=indicator)
    }
    new: list[Forecast] = []
    changed: list[Forecast] = []
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


@writes.service
def save_pxweb_source(
    *,
    actor: Actor,
    url: str,
    query: list[dict[str, Any]],
    limit: int = 120_000,
    schedule: str | None = None,
) -> PxWebSource:
    """The PxWeb source of `url` with this query (made on first use); `schedule` None keeps
    the one it has."""
    source = PxWebSource.objects.filter(url=url).first() or PxWebSource(url=url)
    source.query, source.limit = query, limit
    if schedule is not None:
        if schedule not in PxWebSource.Schedule.values:
            raise ValidationError({"schedule": _("Unknown schedule %(s)r") % {"s": schedule}})
        source.schedule = schedule
    writes.save(source, actor=actor)
    return source


def refresh_pxweb(
    source: PxWebSource,
    *,
    actor: Actor,
    transport: Any = None,
    progress: Callable[[int, str], None] | None = None,
) -> ImportRun:
    """Fetch a PxWeb source's table (outside any transaction) and import it; the check is
    recorded on the source either way: when, whether anything changed, or the error."""
    from optiimi.foresight.pxweb import PxWebClient, load_query, table_id
    from optiimi.foresight.sources import CELL_SCHEMA, cube_cells

    url = source.url
    try:
        client = PxWebClient(transport)
        metas: list[IndicatorMeta] = []
        parts: list[pl.DataFrame] = []
        for number, cube in enumerate(
            client.cubes(url, load_query({"query": source.query}), source.limit), 1
        ):
            part_metas, cells = cube_cells(cube, table=cube.table_id or table_id(url))
            metas.extend(m for m in part_metas if m.code not in {x.code for x in metas})
            # a cell's place names the call it came in
            parts.append(cells.with_columns(pl.format(f"call {number}, {{}}", "place")))
            if progress:
                progress(number, _("Fetched part %(n)d") % {"n": number})
        run = import_observations(
            metas,
            pl.concat(parts) if parts else pl.DataFrame(schema=CELL_SCHEMA),
            source=url,
            format="pxweb",
            table_id=table_id(url),
            source_url=url,
            source_updated=metas[0].source_updated if metas else "",
            actor=actor,
        )
    except (FormatError, InvalidRows) as exc:
        record_check(source, None, error=str(exc), actor=actor)
        raise
    record_check(source, run, actor=actor)
    return run


@writes.service
def record_check(
    source: PxWebSource, run: ImportRun | None, *, error: str = "", actor: Actor
) -> PxWebSource:
    now = timezone.now()
    source.last_checked_at = now
    source.last_error = error
    if run is not None:
        source.last_run = run
        if run.created or run.changed:
            source.last_changed_at = now
    writes.save(source, actor=actor, validate=False)
    return source


def due_pxweb_sources(now: datetime.datetime | None = None) -> list[PxWebSource]:
    now = now or timezone.now()
    return [s for s in PxWebSource.objects.exclude(schedule="") if s.is_due(now)]


DEFAULT_THEMES = [
    ("business", "Yritysten liiketoiminta", "Business activity"),
    ("unemployment", "Työttömyys", "Unemployment"),
    ("skilled_labour", "Osaavan työvoiman saatavuus", "Availability of skilled labour"),
]
# A theme whose "more" is worse says so in its words: ++ is always the better outlook.
DEFAULT_SCALES = {
    "unemployment": (
        "vähenee selvästi / vähenee / pysyy ennallaan / kasvaa / kasvaa selvästi",
        "falls clearly / falls / stays the same / rises / rises clearly",
    ),
}


def theme_choices() -> list[tuple[str, str]]:
    """(code, name) of every theme a round may use: the defaults, then the custom ones."""
    names = {code: pick(fi, en) for code, fi, en in DEFAULT_THEMES}
    for t in BarometerTheme.objects.all():
        names[t.code] = localised(t, "name")
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


def scale_error(words: str) -> str | None:
    """Why `words` is not a worded scale (five answers separated by "/"), or None."""
    if words.strip() and len([w for w in words.split("/") if w.strip()]) != 5:
        return _("Give five answers separated by “/”, from the best outlook to the worst.")
    return None


@writes.service
def create_theme(
    *,
    actor: Actor,
    code: str,
    name_fi: str,
    name_en: str,
    scale_fi: str = "",
    scale_en: str = "",
    occupation: str = "",
) -> BarometerTheme:
    """A custom barometer theme; the code is unique (whatever its case), both names given, and
    its own scale words when the default "improves … weakens" would not read right. With an
    `occupation` (Ammattiluokitus 2010 code) it is an occupation outlook question, answered from
    a clear shortage to a clear surplus, whose answers become competence needs."""
    permissions.check_manage_themes(actor)
    code, name_fi, name_en = code.strip().lower(), name_fi.strip(), name_en.strip()
    occupation = occupation.strip()
    errors: dict[str, str] = {}
    if occupation and not (occupation.isdigit() and 1 <= len(occupation) <= 5):
        errors["occupation"] = _(
            "“%(code)s” is not an occupation code (Ammattiluokitus 2010: 1–5 digits)."
        ) % {"code": occupation}
    for field, words in (("scale_fi", scale_fi), ("scale_en", scale_en)):
        problem = scale_error(words)
        if problem:
            errors[field] = problem
    problem = theme_code_error(code)
    if problem:
        errors["code"] = problem
    if not name_fi:
        errors["name_fi"] = _("Give the theme's name in Finnish.")
    if not name_en:
        errors["name_en"] = _("Give the theme's name in English.")
    if errors:
        raise ValidationError(errors)
    theme = BarometerTheme(
        code=code,
        name_fi=name_fi,
        name_en=name_en,
        scale_fi=scale_fi.strip(),
        scale_en=scale_en.strip(),
        occupation=occupation,
    )
    writes.save(theme, actor=actor)
    return theme


@writes.service
def open_round(
    *,
    actor: Actor,
    name: str,
    opens: Any,
    closes: Any = None,
    themes: list[str] | None = None,
    invitees: Iterable[Any] = (),
) -> BarometerRound:
    """Open a barometer round with the default themes (or the given theme codes), answered
    from `opens` to `closes` (inclusive; no closing day: until closed by hand) by `invitees`
    (users; any member may still answer)."""
    permissions.check_manage_barometer(actor)
    codes = list(themes) if themes is not None else [c for c, *_ in DEFAULT_THEMES]
    if not name.strip():
        raise ValidationError({"name": _("Give the round a name.")})
    if closes is not None and closes < opens:
        raise ValidationError({"closes": _("The round cannot close before it opens.")})
    if not codes:
        raise ValidationError({"themes": _("Choose at least one theme.")})
    for code, fi, en in DEFAULT_THEMES:
        if not BarometerTheme.objects.filter(code=code).exists():
            scale_fi, scale_en = DEFAULT_SCALES.get(code, ("", ""))
            theme = BarometerTheme(
                code=code, name_fi=fi, name_en=en, scale_fi=scale_fi, scale_en=scale_en
            )
            writes.save(theme, actor=actor)
    chosen = BarometerTheme.objects.filter(code__in=codes)
    unknown = sorted(set(codes) - {t.code for t in chosen})
    if unknown:
        raise ValidationError(
            {"themes": _("No such theme: %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    round_ = BarometerRound(name=name, opens=opens, closes=closes)
    writes.save(round_, actor=actor)
    writes.set_m2m(round_, "themes", chosen, actor=actor)
    writes.set_m2m(round_, "invitees", list(invitees), actor=actor)
    return round_


def _check_open(round: BarometerRound) -> None:
    if round.is_closed:
        raise PermissionDenied("The round is closed.")
    if round.opens > timezone.localdate():
        raise PermissionDenied("The round is not open yet.")


@writes.service
def answer(
    *,
    actor: Actor,
    round: BarometerRound,
    subregion: Region,
    theme: BarometerTheme,
    horizon: str,
    score: int,
) -> BarometerAnswer:
    """Record (or change) a rater's outlook while the round is open."""
    permissions.check_rate(actor)
    round = BarometerRound.objects.select_for_update().get(pk=round.pk)
    _check_open(round)
    if not round.themes.filter(pk=theme.pk).exists():
        raise ValueError("theme not in this round")
    if score not in (-2, -1, 0, 1, 2) or horizon not in Horizon.values:
        raise ValueError("score must be −2…2 and horizon one of now, 6m, 12m")
    rater = writes.signed_in(actor)
    found = BarometerAnswer.objects.filter(
        round=round, rater=rater, subregion=subregion, theme=theme, horizon=horizon
    ).first()
    found = found or BarometerAnswer(
        round=round, rater=rater, subregion=subregion, theme=theme, horizon=horizon
    )
    found.score = score
    writes.save(found, actor=actor)
    return found


@writes.service
def answer_round(
    *,
    actor: Actor,
    round: BarometerRound,
    subregion: Region,
    scores: dict[tuple[int, str], int | None],
) -> int:
    """Record a rater's whole round at once: `scores` maps (theme id, horizon) to a score −2…2,
    or None for "cannot say" (which removes an earlier answer of that cell). Returns how many
    cells hold an answer. All or nothing."""
    permissions.check_rate(actor)
    round = BarometerRound.objects.select_for_update().get(pk=round.pk)
    _check_open(round)
    themes = set(round.themes.values_list("pk", flat=True))
    for (theme, horizon), score in scores.items():
        if theme not in themes or horizon not in Horizon.values:
            raise ValidationError(_("No such question in this round."))
        if score is not None and score not in (-2, -1, 0, 1, 2):
            raise ValidationError(_("An answer must be on the scale."))
    if not any(score is not None for score in scores.values()):
        raise ValidationError(_("Answer at least one question."))
    rater = writes.signed_in(actor)
    stored = {
        (a.theme_id, a.horizon): a
        for a in BarometerAnswer.objects.filter(round=round, rater=rater, subregion=subregion)
    }
    for (theme, horizon), score in scores.items():
        found = stored.get((theme, horizon))
        if score is None:
            if found is not None:
                writes.delete(found, actor=actor)
            continue
        if found is not None and found.score == score:
            continue
        found = found or BarometerAnswer(
            round=round, rater=rater, subregion=subregion, theme_id=theme, horizon=horizon
        )
        found.score = score
        writes.save(found, actor=actor)
    return BarometerAnswer.objects.filter(round=round, rater=rater, subregion=subregion).count()


def response(round: BarometerRound) -> dict[str, Any]:
    """Who was invited and how many of them have answered (anything), with the rate in %."""
    invited = set(round.invitees.values_list("pk", flat=True))
    raters = set(round.answers.values_list("rater_id", flat=True).distinct())
    answered = len(invited & raters)
    return {
        "invited": len(invited),
        "answered": answered,
        "rate": builtins.round(100 * answered / len(invited)) if invited else None,
        "raters": len(raters),
        "waiting": invited - raters,
    }


def _round_mail(round: BarometerRound, user: Any, reminder: bool) -> None:
    link = mail.site_url(reverse("foresight:barometer_round", args=[round.pk]))
    closes = round.closes.strftime("%d.%m.%Y") if round.closes else ""
    lines = [_("Hello %(name)s,") % {"name": user.get_full_name() or user.get_username()}]
    if reminder:
        lines.append(
            _("This is a reminder: the outlook barometer round %(round)s is waiting for your view.")
            % {"round": round.name}
        )
    else:
        lines.append(
            _("You are invited to give your view in the outlook barometer round %(round)s.")
            % {"round": round.name}
        )
    if closes:
        lines.append(_("Answers are taken until %(date)s.") % {"date": closes})
    lines.append(_("Answer on one page: %(link)s") % {"link": link})
    subject = (_("Reminder: %(round)s") if reminder else _("Outlook barometer: %(round)s")) % {
        "round": round.name
    }
    mail.send_on_commit(subject, "\n\n".join(lines), user.email)


@writes.service
def invite(*, actor: Actor, round: BarometerRound) -> int:
    """Send the invitation to every invitee with an e-mail address; returns how many went."""
    permissions.check_manage_barometer(actor)
    round = BarometerRound.objects.select_for_update().get(pk=round.pk)
    _check_not_closed(round)
    sent = 0
    for user in round.invitees.exclude(email=""):
        _round_mail(round, user, reminder=False)
        sent += 1
    round.invited_at = timezone.now()
    writes.save(round, actor=actor)
    return sent


@writes.service
def remind(*, actor: Actor, round: BarometerRound) -> int:
    """Remind the invitees who have not answered yet; returns how many reminders went."""
    permissions.check_manage_barometer(actor)
    round = BarometerRound.objects.select_for_update().get(pk=round.pk)
    _check_not_closed(round)
    waiting = response(round)["waiting"]
    sent = 0
    for user in round.invitees.filter(pk__in=waiting).exclude(email=""):
        _round_mail(round, user, reminder=True)
        sent += 1
    round.reminded_at = timezone.now()
    writes.save(round, actor=actor)
    return sent


def _check_not_closed(round: BarometerRound) -> None:
    if round.is_closed:
        raise ValidationError(_("The round is closed."))


@writes.service
def close_round(*, actor: Actor, round: BarometerRound) -> BarometerRound:
    permissions.check_manage_barometer(actor)
    round.state = BarometerRound.State.CLOSED
    round.closed_at = timezone.now()
    writes.save(round, actor=actor)
    # its occupation answers are competence needs now (`core.needs`)
    transaction.on_commit(needs.changed)
    return round


@writes.service
def note_signal(
    *,
    actor: Actor,
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
        author=writes.signed_in(actor),
        synthetic=synthetic,
    )
    writes.save(signal, actor=actor)
    writes.set_m2m(signal, "subregions", subregions, actor=actor)
    return signal


@writes.service
def rate_signal(*, actor: Actor, signal: WeakSignal, impact: int, likelihood: int) -> SignalRating:
    permissions.check_rate(actor)
    if not (1 <= impact <= 5 and 1 <= likelihood <= 5):
        raise ValueError("impact and likelihood are rated 1–5")
    rating, _ = SignalRating.objects.update_or_create(
        signal=signal,
        rater=writes.signed_in(actor),
        defaults={"impact": impact, "likelihood": likelihood},
    )
    return rating


@writes.service
def comment_signal(*, actor: Actor, signal: WeakSignal, text: str) -> SignalComment:
    permissions.check_rate(actor)
    author = writes.signed_in(actor)
    return SignalComment.objects.create(signal=signal, author=author, text=text.strip())


# Use of the dashboards ------------------------------------------------------------------------


def count_dashboard_view(region: Region, *, date: datetime.date | None = None, n: int = 1) -> None:
    """Add `n` views of a sub-region's dashboard on a day (today by default). An untracked
    counter: no history, nothing about who looked (see `DashboardView`)."""
    day = date or timezone.localdate()
    # One UPDATE on every view but a day's first, which inserts the row (ignoring a row another
    # request inserted meanwhile, so nothing fails inside a transaction) and then adds.
    counted = DashboardView.objects.filter(region=region, date=day)
    if counted.update(count=F("count") + n):
        return
    DashboardView.objects.bulk_create(
        [DashboardView(region=region, date=day, count=0)], ignore_conflicts=True
    )
    counted.update(count=F("count") + n)
