"""Reads of the outlook barometer: the heat table of a closed round and its change."""

from __future__ import annotations

import builtins
from typing import Any

import polars as pl
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from optiimi.core.localise import localised
from optiimi.foresight import analytics
from optiimi.foresight.models import BarometerAnswer, BarometerRound, Horizon
from optiimi.regions.maps import SvgMap, subregion_map
from optiimi.regions.models import Region

# Diverging palette for the map (ColorBrewer RdBu, colour-blind safe), from clearly negative
# to clearly positive; every sub-region also carries its value as a label, so colour is
# never the only cue.
TONES = {
    "down2": "#d6604d",
    "down1": "#f4a582",
    "flat": "#f7f7f7",
    "up1": "#92c5de",
    "up2": "#4393c3",
}
NO_ANSWERS = "#d9d9d9"


def _frame(round: BarometerRound) -> pl.DataFrame:
    rows = list(
        BarometerAnswer.objects.filter(round=round).values_list(
            "subregion_id", "theme_id", "horizon", "score"
        )
    )
    return pl.DataFrame(
        rows,
        schema={"subregion": pl.Int64, "theme": pl.Int64, "horizon": pl.String, "score": pl.Int64},
        orient="row",
    )


def previous_round(round: BarometerRound) -> BarometerRound | None:
    closed = Q(state=BarometerRound.State.CLOSED) | Q(closes__lt=timezone.localdate())
    return BarometerRound.objects.filter(closed, opens__lt=round.opens).order_by("-opens").first()


def min_answers() -> int:
    """Fewest answers a cell needs before its result is shown: with fewer, one person's answer
    could be read off the index (one answer would show as +100 or −100)."""
    return max(1, settings.OPTIIMI_BAROMETER_MIN_ANSWERS)


def _summary(round: BarometerRound) -> pl.DataFrame:
    """The round's summary with the index blanked where too few answered."""
    summary = analytics.barometer_summary(_frame(round))
    enough = pl.col("n") >= min_answers()
    return summary.with_columns(
        [pl.when(enough).then(pl.col(c)).otherwise(None).alias(c) for c in ("mean", "diffusion")]
    )


def result_cells(round: BarometerRound) -> list[dict[str, Any]]:
    """A closed round's results, one cell per sub-region (code), theme (code) and horizon, with
    the number of answers, the mean and the diffusion index; a cell with fewer answers than the
    minimum carries only its count."""
    subs = {r.pk: r.code for r in Region.objects.subregions()}
    themes = {t.pk: t.code for t in round.themes.all()}
    cells = []
    for cell in _summary(round).sort(["subregion", "theme", "horizon"]).iter_rows(named=True):
        if cell["subregion"] in subs and cell["theme"] in themes:
            cells.append(
                {
                    "subregion": subs[cell["subregion"]],
                    "theme": themes[cell["theme"]],
                    "horizon": cell["horizon"],
                    "n": cell["n"],
                    "mean": None if cell["mean"] is None else builtins.round(cell["mean"], 2),
                    "diffusion": None
                    if cell["diffusion"] is None
                    else builtins.round(cell["diffusion"]),
                }
            )
    return cells


def export_rows(round: BarometerRound) -> list[list[Any]]:
    """`result_cells` as rows for a spreadsheet, with names in the reader's language."""
    subs = {r.code: r for r in Region.objects.subregions()}
    themes = {t.code: t for t in round.themes.all()}
    horizons = dict(Horizon.choices)
    rows: list[list[Any]] = [
        [
            _("sub-region code"),
            _("sub-region"),
            _("theme"),
            _("horizon"),
            _("answers"),
            _("mean (−2…+2)"),
            _("diffusion index"),
        ]
    ]
    for cell in result_cells(round):
        sub, theme = subs[cell["subregion"]], themes[cell["theme"]]
        rows.append(
            [
                sub.code,
                localised(sub, "name"),
                localised(theme, "name"),
                str(horizons[cell["horizon"]]),
                cell["n"],
                cell["mean"],
                cell["diffusion"],
            ]
        )
    return rows


def results(
    round: BarometerRound, horizon: str = Horizon.M12, subregion: Region | None = None
) -> dict[str, Any]:
    """Heat table rows (sub-region × theme) for one horizon; only for a closed round."""
    if not round.is_closed:
        return {}
    summary = _summary(round)
    before = previous_round(round)
    if before is not None:
        summary = analytics.barometer_change(summary, _summary(before))
    else:
        summary = summary.with_columns(pl.lit(None, dtype=pl.Float64).alias("change"))
    summary = summary.filter(pl.col("horizon") == horizon)
    themes = list(round.themes.all())
    subs = (
        Region.objects.subregions()
        .filter(pk__in=summary["subregion"].unique().to_list())
        .order_by("code")
    )
    if subregion is not None:
        subs = subs.filter(pk=subregion.pk)
    cells = {(r["subregion"], r["theme"]): r for r in summary.iter_rows(named=True)}
    table = []
    for sub in subs:
        row: list[dict[str, Any] | None] = []
        for theme in themes:
            cell = cells.get((sub.pk, theme.pk))
            if cell is not None and cell["diffusion"] is None:
                row.append({"n": cell["n"], "too_few": True, "tone": "few"})
                continue
            row.append(
                None
                if cell is None
                else {
                    "diffusion": builtins.round(cell["diffusion"]),
                    "n": cell["n"],
                    "mean": cell["mean"],
                    "change": None if cell["change"] is None else builtins.round(cell["change"]),
                    "tone": _tone(builtins.round(cell["diffusion"])),
                }
            )
        table.append({"sub": sub, "cells": row})
    return {
        "themes": [localised(t, "name") for t in themes],
        "theme_ids": [t.pk for t in themes],
        "table": table,
        "previous": before,
        "horizon": Horizon(horizon).label,
        "min_answers": min_answers(),
    }


def _tone(diffusion: float) -> str:
    """A class name for the cell colour; the number itself is always printed too."""
    if diffusion >= 30:
        return "up2"
    if diffusion > 0:
        return "up1"
    if diffusion <= -30:
        return "down2"
    if diffusion < 0:
        return "down1"
    return "flat"


def legend() -> list[tuple[str, str]]:
    """The map's classes in words and numbers, from the most positive down."""
    return [
        (_("Clearly positive (+30 to +100)"), TONES["up2"]),
        (_("Positive (+1 to +29)"), TONES["up1"]),
        (_("Balanced (0)"), TONES["flat"]),
        (_("Negative (−1 to −29)"), TONES["down1"]),
        (_("Clearly negative (−30 to −100)"), TONES["down2"]),
        (_("No answers, or too few to show"), NO_ANSWERS),
    ]


def diffusion_map(results: dict[str, Any], theme_id: int) -> SvgMap:
    """The sub-regions of the heat table's region coloured by one theme's diffusion index,
    each labelled with its value; drawn by the same renderer as the other sub-region maps."""
    if not results or theme_id not in results["theme_ids"]:
        return SvgMap(0, 0)
    column = results["theme_ids"].index(theme_id)
    values = {row["sub"].code: row["cells"][column] for row in results["table"]}
    parents = {row["sub"].parent_id for row in results["table"]}
    subs = Region.objects.subregions().filter(parent_id__in=parents)
    municipalities = list(
        Region.objects.municipalities().filter(parent__in=subs).select_related("parent")
    )
    fills, labels = {}, {}
    for sub in subs:
        cell = values.get(sub.code)
        if cell is None:
            fills[sub.code], labels[sub.code] = NO_ANSWERS, _("no answers")
        elif cell.get("too_few"):
            fills[sub.code], labels[sub.code] = NO_ANSWERS, _("too few answers")
        else:
            sign = "+" if cell["diffusion"] > 0 else ""
            fills[sub.code] = TONES[cell["tone"]]
            labels[sub.code] = f"{sign}{cell['diffusion']} (n={cell['n']})"
    return subregion_map(municipalities, labels, fills)
