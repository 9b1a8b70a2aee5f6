"""Progress against targets: pure functions, no Django (fast to test, reusable)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Light = Literal["on_track", "at_risk", "off_track", "no_data", "no_target"]
ORDER: dict[Light, int] = {
    "off_track": 0,
    "at_risk": 1,
    "no_data": 2,
    "on_track": 3,
    "no_target": 4,
}


@dataclass(frozen=True)
class Progress:
    light: Light
    actual: float | None
    actual_year: int | None
    target: float | None
    share: float | None  # share of the way from baseline to target reached, 0..1+
    expected: float | None  # share that should have been reached by now


def progress(
    *,
    baseline: float | None,
    target: float | None,
    values: dict[int, float],
    start_year: int,
    end_year: int,
    this_year: int,
    higher_is_better: bool = True,
) -> Progress:
    """How far an indicator is on its way from the baseline to the period's target.

    On track: at least 90% of the share of the way that the elapsed part of the period calls
    for (or the target reached); at risk: at least 60%; off track below that.
    """
    in_period = {y: v for y, v in values.items() if y <= end_year}
    if target is None:
        year = max(in_period) if in_period else None
        return Progress("no_target", in_period.get(year) if year else None, year, None, None, None)
    if not in_period:
        return Progress("no_data", None, None, target, None, None)
    year = max(in_period)
    actual = in_period[year]
    base = baseline if baseline is not None else in_period[min(in_period)]
    span = end_year - start_year + 1
    elapsed = min(max(year - start_year + 1, 0), span)
    expected = elapsed / span if this_year <= end_year else 1.0
    sign = 1 if higher_is_better else -1
    gap = (target - base) * sign
    reached = (actual - target) * sign >= 0
    share = 1.0 if gap <= 0 else ((actual - base) * sign) / gap
    if reached or share >= 0.9 * expected:
        light: Light = "on_track"
    elif share >= 0.6 * expected:
        light = "at_risk"
    else:
        light = "off_track"
    return Progress(light, actual, year, target, round(share, 3), round(expected, 3))


def worst(lights: list[Light]) -> Light:
    """The light of a measure or goal: its weakest indicator's."""
    measured = [light for light in lights if light != "no_target"]
    if not measured:
        return "no_target"
    return min(measured, key=ORDER.__getitem__)
