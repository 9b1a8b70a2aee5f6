"""The plan as rows (CSV, XLSX); whether PDF can be written here (`core.pdf` writes it)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from optiimi.core import spreadsheets
from optiimi.strategy import queries
from optiimi.strategy.models import Period

LIGHTS = {
    "on_track": "on track",
    "at_risk": "at risk",
    "off_track": "off track",
    "no_data": "no data",
    "no_target": "no target",
}


def plan_rows(period: Period) -> list[list[Any]]:
    """One row per measure and indicator, with the latest value and the progress light."""
    header = [
        _("priority"),
        _("goal"),
        _("measure"),
        pgettext("measure", "title"),
        _("status"),
        _("responsible organisations"),
        _("perspectives"),
        _("indicator"),
        _("unit"),
        _("baseline"),
        _("target"),
        _("latest value"),
        _("latest year"),
        _("progress"),
        _("source"),
    ]
    rows: list[list[Any]] = [header]
    for priority in queries.plan_tree(period):
        for goal in priority.goals:
            for row in goal.measures:
                m = row.measure
                base = [
                    priority.priority.number,
                    goal.goal.number,
                    m.number,
                    m.title,
                    m.get_status_display(),
                    "; ".join(o.name for o in m.responsible.all()),
                    "; ".join(m.perspectives),
                ]
                if not row.indicators:
                    rows.append([*base, "", "", "", "", "", "", "", m.no_indicator_reason])
                for p in row.indicators:
                    i = p.indicator
                    rows.append(
                        [
                            *base,
                            i.name,
                            i.unit,
                            i.baseline,
                            p.progress.target,
                            p.progress.actual,
                            p.progress.actual_year,
                            LIGHTS[p.progress.light],
                            i.source,
                        ]
                    )
    return rows


def xlsx(rows: list[list[Any]], title: str) -> bytes:
    widths = (8, 6, 8, 60, 12, 40, 30, 50, 12, 10, 10, 12, 10, 12, 40)
    return spreadsheets.xlsx_bytes(rows, title, widths)


def pdf_available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True
