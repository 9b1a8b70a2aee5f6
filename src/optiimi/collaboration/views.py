"""Pages of the collaboration network: the map with its tables, the bridging table, the records
behind a tie, the exports, and the coordinator's rebuild."""

from __future__ import annotations

import io
from typing import Any

import networkx as nx
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from optiimi.collaboration import analytics, permissions, queries, services
from optiimi.collaboration.models import Kind
from optiimi.collaboration.netmap import SIZE_MEASURES, TOP_TIES, draw
from optiimi.collaboration.wording import significance
from optiimi.core.spreadsheets import write_csv

# The measures table shows the organisations highest by the chosen measure; the CSV has all.
MEASURE_ROWS = 100
MAX_TOP = 2000


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        return default


def _filters(request: HttpRequest) -> dict[str, Any]:
    years = queries.years()
    year = _int(request.GET.get("year"), years[-1] if years else None)
    if year is not None and years and year not in years:
        year = years[-1]
    kind = request.GET.get("kind", "")
    if kind not in Kind.values:
        kind = ""
    size = request.GET.get("size", "weighted_degree")
    if size not in SIZE_MEASURES:
        size = "weighted_degree"
    top = min(max(_int(request.GET.get("top"), TOP_TIES) or TOP_TIES, 10), MAX_TOP)
    return {"years": years, "year": year, "kind": kind, "size": size, "top": top}


def network_map(request: HttpRequest) -> HttpResponse:
    f = _filters(request)
    context: dict[str, Any] = {
        **f,
        "kinds": Kind.choices,
        "sizes": [(k, label) for k, label in SIZE_MEASURES.items()],
        "groups": group_labels(),
        "can_rebuild": permissions.can_rebuild(request.user),
    }
    if f["year"] is None:
        return render(request, "collaboration/map.html", {**context, "empty": True})
    # The map, its tables and their figures are kept under the ledger's version and the
    # organisations' latest change (a rebuild or a renamed organisation draws anew).
    key = queries.cache_key(
        "map", f["year"], f["kind"], f["size"], f["top"], queries.organisations_stamp()
    )
    drawn = cache.get(key)
    if drawn is None:
        drawn = _draw_map(f)
        cache.set(key, drawn, 3600)
    labels = group_labels()
    context.update(
        svg=mark_safe(drawn["svg"]),  # noqa: S308 - built from escaped text in netmap
        pair_count=drawn["pair_count"],
        ties=drawn["ties"],
        measures=[{**row, "group": labels[row["org"].group]} for row in drawn["measures"]],
        measure_count=drawn["measure_count"],
    )
    a, b = _int(request.GET.get("a")), _int(request.GET.get("b"))
    if a is not None and b is not None:
        orgs = queries.organisations()
        if a in orgs and b in orgs:
            context["pair"] = (orgs[a], orgs[b])
            context["records"] = queries.records_behind(a, b, f["year"], f["kind"] or None)
    return render(request, "collaboration/map.html", context)


def _draw_map(f: dict[str, Any]) -> dict[str, Any]:
    """The map and its tables from the stored measures: only the strongest ties drawn and the
    organisations highest by the chosen measure are read, never the whole year. The default
    map (the latest year, all kinds, the default number of ties) is stored with the ledger:
    its pairs and layout are read, not computed; any other is computed here (and then kept
    in the cache)."""
    year, kind = f["year"], f["kind"] or None
    found = queries.stored_map(year, kind, f["top"]) or queries.compute_map(year, kind, f["top"])
    shown, pair_count = found.pairs, found.pair_count
    ranked, measure_count = queries.top_measures(year, kind, f["size"], MEASURE_ROWS)
    on_map = set(shown["a"].to_list()) | set(shown["b"].to_list())
    measures = queries.measures_of(year, kind, on_map)
    orgs = queries.organisations(on_map | {n for n, _m in ranked})
    return {
        "svg": draw(shown, orgs, measures, f["size"], f["year"], f["kind"], found.positions).svg(
            "map-h"
        ),
        "pair_count": pair_count,
        "ties": [
            {"a": orgs[a], "b": orgs[b], "weight": w, "count": n}
            for a, b, w, n in shown.select("a", "b", "weight", "ties").iter_rows()
        ],
        "measures": [{"org": orgs[n], "m": m} for n, m in ranked],
        "measure_count": measure_count,
    }


def group_labels() -> dict[str, str]:
    return {
        analytics.KNOWLEDGE: _("knowledge organisations"),
        analytics.DEVELOPMENT: _("development and public actors"),
        analytics.COMPANY: _("companies"),
    }


def bridging(request: HttpRequest) -> HttpResponse:
    years = queries.years()
    kind = request.GET.get("kind", "")
    if kind not in Kind.values:
        kind = ""
    rows = queries.bridging(kind or None)
    year_from = _int(request.GET.get("from"), years[0] if years else None)
    year_to = _int(request.GET.get("to"), years[-1] if years else None)
    table: dict[str, dict[int, queries.Bridging]] = {}
    for row in rows:
        table.setdefault(row.subregion, {})[row.year] = row
    names = queries.subregion_names()
    grid = [
        {
            "code": code,
            "name": names.get(code, code),
            "cells": [
                {
                    "year": y,
                    "share": None
                    if table[code].get(y) is None or table[code][y].share is None
                    else round(100 * table[code][y].share, 1),  # type: ignore[operator]
                    "companies": table[code][y].companies_tied if y in table[code] else None,
                }
                for y in years
            ],
        }
        for code in sorted(table)
    ]
    changes = []
    if year_from is not None and year_to is not None and year_from != year_to:
        for c in queries.bridging_changes(year_from, year_to, kind=kind or None):
            changes.append({"row": c, "words": significance(c.p_value, c.change, c.organisations)})
    return render(
        request,
        "collaboration/bridging.html",
        {
            "years": years,
            "grid": grid,
            "changes": changes,
            "year_from": year_from,
            "year_to": year_to,
            "kind": kind,
            "kinds": Kind.choices,
            "permutations": queries.PERMUTATIONS,
        },
    )


def tie(request: HttpRequest) -> HttpResponse:
    orgs = queries.organisations()
    a, b = _int(request.GET.get("a")), _int(request.GET.get("b"))
    if a not in orgs or b not in orgs:
        raise Http404
    year = _int(request.GET.get("year"))
    kind = request.GET.get("kind") or None
    records = queries.records_behind(a, b, year, kind)
    return render(
        request,
        "collaboration/tie.html",
        {"pair": (orgs[a], orgs[b]), "records": records, "year": year},
    )


def _filename(request: HttpRequest, stem: str, ext: str) -> str:
    year = request.GET.get("year", "")
    return f"{stem}{'-' + year if year.isdigit() else ''}.{ext}"


def export_ties(request: HttpRequest) -> HttpResponse:
    year = _int(request.GET.get("year"))
    kind = request.GET.get("kind") or None
    frame = queries.tie_frame(year, kind)
    orgs = queries.organisations()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(request, "ties", "csv")}"'
    header = ["organisation_a", "organisation_b", "year", "kind", "weight", "source"]
    write_csv(
        response,
        [
            header,
            *(
                [orgs[a].name, orgs[b].name, y, k, w, s]
                for a, b, y, k, w, s in frame.select(
                    "a", "b", "year", "kind", "weight", "source"
                ).iter_rows()
            ),
        ],
    )
    return response


def export_measures(request: HttpRequest) -> HttpResponse:
    f = _filters(request)
    orgs = queries.organisations()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="measures-{f["year"] or ""}.csv"'
    measures = queries.year_measures(f["year"], f["kind"] or None) if f["year"] else {}
    header = [
        "organisation",
        "group",
        "year",
        "degree",
        "weighted_degree",
        "betweenness",
        "constraint",
        "effective_size",
        *analytics.ROLES,
    ]
    write_csv(
        response,
        [
            header,
            *(
                [
                    orgs[n].name,
                    orgs[n].group,
                    f["year"],
                    m.degree,
                    m.weighted_degree,
                    m.betweenness,
                    "" if m.constraint is None else m.constraint,
                    "" if m.effective_size is None else m.effective_size,
                    *(m.roles[r] for r in analytics.ROLES),
                ]
                for n, m in sorted(measures.items(), key=lambda kv: orgs[kv[0]].name)
            ),
        ],
    )
    return response


def graph_for_export(year: int | None, kind: str | None) -> nx.Graph:
    """The ties of a year (or of every year) as a graph with the organisations' names, kinds,
    groups and sub-regions, for Gephi."""
    orgs = queries.organisations()
    pairs = queries.pairs(year, kind)
    g = analytics.graph(pairs.select("a", "b", "weight").iter_rows())
    for node in g:
        org = orgs[node]
        g.nodes[node].update(
            label=org.name, kind=org.kind, group=org.group, subregion=org.subregion or ""
        )
    return g


def export_graph(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("gexf", "graphml"):
        raise Http404
    year = _int(request.GET.get("year"))
    g = graph_for_export(year, request.GET.get("kind") or None)
    buffer = io.BytesIO()
    if fmt == "gexf":
        nx.write_gexf(g, buffer)
    else:
        nx.write_graphml(g, buffer)
    response = HttpResponse(buffer.getvalue(), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{_filename(request, "network", fmt)}"'
    return response


@login_required
@require_POST
def rebuild(request: HttpRequest) -> HttpResponse:
    permissions.check_rebuild(request.user)
    count = services.rebuild_ledger(actor=request.user)
    messages.success(request, _("The tie ledger was rebuilt: %(n)s ties.") % {"n": count})
    return redirect("collaboration:map")
