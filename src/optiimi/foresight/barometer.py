"""Reads of the outlook barometer: the heat table of a closed round and its change."""

from __future__ import annotations

import builtins
from typing import Any

import polars as pl

from optiimi.foresight import analytics
from optiimi.foresight.models import BarometerAnswer, BarometerRound, Horizon
from optiimi.network.models import localised
from optiimi.regions.models import Region


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
    return (
        BarometerRound.objects.filter(state=BarometerRound.State.CLOSED, opens__lt=round.opens)
        .order_by("-opens")
        .first()
    )


def results(
    round: BarometerRound, horizon: str = Horizon.M12, subregion: Region | None = None
) -> dict[str, Any]:
    """Heat table rows (sub-region × theme) for one horizon; only for a closed round."""
    if not round.is_closed:
        return {}
    summary = analytics.barometer_summary(_frame(round))
    before = previous_round(round)
    if before is not None:
        summary = analytics.barometer_change(summary, analytics.barometer_summary(_frame(before)))
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
        row = []
        for theme in themes:
            cell = cells.get((sub.pk, theme.pk))
            row.append(
                None
                if cell is None
                else {
                    "diffusion": builtins.round(cell["diffusion"]),
                    "n": cell["n"],
                    "mean": cell["mean"],
                    "change": None if cell["change"] is None else builtins.round(cell["change"]),
                    "tone": _tone(cell["diffusion"]),
                }
            )
        table.append({"sub": sub, "cells": row})
    return {
        "themes": [localised(t, "name") for t in themes],
        "table": table,
        "previous": before,
        "horizon": Horizon(horizon).label,
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
