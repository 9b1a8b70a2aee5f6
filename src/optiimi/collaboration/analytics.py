"""Network measures and the bridging test: plain numbers in, plain numbers out (no Django).

- `measures`: degree, weighted degree, betweenness (igraph, in C; equal to networkx's, tested),
  Burt's constraint and effective size (sparse matrices, kept sparse where networkx makes an
  n × n dense matrix; equal to networkx's, tested), per organisation for one year's graph.
- `brokerage`: Gould and Fernandez (1989) brokerage roles across groups, counted over every
  open two-path a → b → c (a and c not tied) with b as the broker.
- `bridging_change`: the change of a sub-region's bridging share between two years with a
  permutation p-value (an organisation's ties of the two years swapped at random, so ties of
  one organisation move together) and a bootstrap interval over organisations.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

import igraph as ig
import networkx as nx
import numpy as np
import scipy.sparse as sp

KNOWLEDGE = "knowledge"
DEVELOPMENT = "development"
COMPANY = "company"
GROUPS = (KNOWLEDGE, DEVELOPMENT, COMPANY)

KNOWLEDGE_KINDS = frozenset({"university", "uas", "vocational"})


def group_of(kind: str) -> str:
    """Knowledge organisations (university, UAS, vocational), companies, and development and
    public actors (everything else: councils, development companies, ELY, municipalities,
    associations, funders)."""
    if kind in KNOWLEDGE_KINDS:
        return KNOWLEDGE
    if kind == "company":
        return COMPANY
    return DEVELOPMENT


ROLES = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")


def graph(edges: Iterable[tuple[Hashable, Hashable, float]]) -> nx.Graph:
    """An undirected graph whose edge weights sum the weights of the ties between a pair."""
    g: nx.Graph = nx.Graph()
    for a, b, w in edges:
        if a == b:
            continue
        if g.has_edge(a, b):
            g[a][b]["weight"] += w
        else:
            g.add_edge(a, b, weight=w)
    return g


def betweenness(g: nx.Graph) -> dict[Hashable, float]:
    """Exact, unweighted betweenness of every node, normalised as networkx's
    `betweenness_centrality(g)` (the share of shortest paths between other pairs passing
    through the node), computed by igraph in C: networkx's pure Python takes minutes on a
    national year (6,000 organisations, 20,000 ties), igraph seconds."""
    nodes = list(g)
    n = len(nodes)
    if n < 3:
        return dict.fromkeys(nodes, 0.0)
    index = {node: i for i, node in enumerate(nodes)}
    h = ig.Graph(n=n, edges=[(index[u], index[v]) for u, v in g.edges() if u != v])
    raw = h.betweenness(directed=False)  # each unordered pair of other nodes once
    scale = 2 / ((n - 1) * (n - 2))
    return {node: float(raw[i]) * scale for i, node in enumerate(nodes)}


def structural_holes(g: nx.Graph, weight: str | None = "weight") -> tuple[dict, dict]:
    """Burt's constraint and effective size of every node (nan for an isolated node), as
    networkx defines them, computed only on the graph's ties."""
    nodes = list(g)
    if not nodes:
        return {}, {}
    a = nx.adjacency_matrix(g, nodelist=nodes, weight=weight).astype(float)
    a.setdiag(0)
    a.eliminate_zeros()
    mutual = (a + a.T).tocsr()
    sums = np.asarray(mutual.sum(axis=1)).ravel()
    maxes = mutual.max(axis=1).toarray().ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        p = sp.diags(np.where(sums > 0, 1 / sums, 0)) @ mutual
        m = sp.diags(np.where(maxes > 0, 1 / maxes, 0)) @ mutual
    p = sp.csr_matrix(p)
    on_ties = (p > 0).astype(float)
    indirect = (p @ p).multiply(on_ties)
    constraint = np.asarray((p + indirect).power(2).sum(axis=1)).ravel()
    redundancy = (p @ m.T).multiply(on_ties)
    degree = np.asarray(on_ties.sum(axis=1)).ravel()
    effective = degree - np.asarray(redundancy.sum(axis=1)).ravel()
    isolated = sums == 0
    constraint[isolated] = math.nan
    effective[isolated] = math.nan
    return dict(zip(nodes, constraint.tolist(), strict=True)), dict(
        zip(nodes, effective.tolist(), strict=True)
    )


def brokerage(g: nx.Graph | nx.DiGraph, groups: Mapping[Hashable, str]) -> dict[Hashable, Counter]:
    """Gould–Fernandez roles of every node as the broker b of open two-paths a → b → c (a ≠ c,
    no tie a → c): coordinator (a, b, c in one group), itinerant (a and c in one group, b in
    another), gatekeeper (b and c in one group, a in another), representative (a and b in one
    group, c in another), liaison (three groups). An undirected tie counts in both directions,
    so each open pair {a, c} around b is counted twice (a → b → c and c → b → a)."""
    d = g if g.is_directed() else g.to_directed()
    roles: dict[Hashable, Counter] = {n: Counter() for n in d}
    for b in d:
        gb = groups[b]
        for a in d.predecessors(b):
            ga = groups[a]
            for c in d.successors(b):
                if c == a or d.has_edge(a, c):
                    continue
                roles[b][_role(ga, gb, groups[c])] += 1
    return roles


def _role(ga: str, gb: str, gc: str) -> str:
    if ga == gb == gc:
        return "coordinator"
    if ga == gc:
        return "itinerant"
    if gb == gc:
        return "gatekeeper"
    if ga == gb:
        return "representative"
    return "liaison"


def brokerage_undirected(g: nx.Graph, groups: Mapping[Hashable, str]) -> dict[Hashable, Counter]:
    """`brokerage` of an undirected graph with sparse matrices instead of a loop over every
    pair of a broker's neighbours (a hub with thousands of ties has millions of pairs).

    For broker b and groups g1, g2, the ordered open pairs (a, c) with a in g1 and c in g2 are
    all ordered pairs of b's neighbours in those groups (less a = c) less those tied to each
    other: n1·n2 − [g1 = g2]·n1 − closed, where closed counts the ties between b's g1 and g2
    neighbours, the row sums of (A·D1) ∘ (A·D2·A) restricted to b's ties."""
    nodes = list(g)
    out: dict[Hashable, Counter] = {n: Counter() for n in nodes}
    if not nodes:
        return out
    a = nx.adjacency_matrix(g, nodelist=nodes, weight=None).astype(np.int64).tocsr()
    a.setdiag(0)
    a.eliminate_zeros()
    a.data[:] = 1
    names = sorted({groups[n] for n in nodes})
    member = {name: np.array([groups[n] == name for n in nodes], dtype=np.int64) for name in names}
    counts = {name: a @ member[name] for name in names}  # neighbours of each node by group
    closed: dict[tuple[str, str], np.ndarray] = {}
    for g2 in names:
        # common neighbours in g2 of every tied pair (a, b)
        paths = (a @ sp.diags(member[g2], dtype=np.int64) @ a).multiply(a).tocsr()
        for g1 in names:
            closed[(g1, g2)] = np.asarray(
                (paths @ sp.diags(member[g1], dtype=np.int64)).sum(axis=1)
            ).ravel()
    broker_group = [groups[n] for n in nodes]
    for g1 in names:
        for g2 in names:
            pairs = counts[g1] * counts[g2] - closed[(g1, g2)]
            if g1 == g2:
                pairs = pairs - counts[g1]
            for i in np.flatnonzero(pairs):
                out[nodes[i]][_role(g1, broker_group[i], g2)] += int(pairs[i])
    return out


@dataclass(frozen=True)
class Measures:
    degree: int
    weighted_degree: float
    betweenness: float
    constraint: float | None
    effective_size: float | None
    roles: dict[str, int]


def measures(g: nx.Graph, groups: Mapping[Hashable, str]) -> dict[Hashable, Measures]:
    """Every measure of every organisation in one year's graph."""
    if g.number_of_nodes() == 0:
        return {}
    between = betweenness(g)
    constraint, effective = structural_holes(g)
    roles = brokerage_undirected(g, groups)
    strength = dict(g.degree(weight="weight"))
    return {
        node: Measures(
            degree=g.degree(node),
            weighted_degree=round(float(strength[node]), 6),
            betweenness=float(between[node]),
            constraint=None if math.isnan(constraint[node]) else constraint[node],
            effective_size=None if math.isnan(effective[node]) else effective[node],
            roles={r: roles[node][r] for r in ROLES},
        )
        for node in g
    }


# Bridging -------------------------------------------------------------------------------------


def share(knowledge: np.ndarray, total: np.ndarray) -> float | None:
    """The share of tie weight that reaches a knowledge organisation (None without ties)."""
    t = float(total.sum())
    return None if t == 0 else float(knowledge.sum()) / t


@dataclass(frozen=True)
class Change:
    share_from: float | None
    share_to: float | None
    change: float | None
    p_value: float | None
    low: float | None
    high: float | None


def bridging_change(
    k_from: np.ndarray,
    w_from: np.ndarray,
    k_to: np.ndarray,
    w_to: np.ndarray,
    *,
    permutations: int = 999,
    rng: np.random.Generator | None = None,
    level: float = 0.95,
) -> Change:
    """The change of the bridging share from one year to another.

    Each array holds one value per organisation of the sub-region: its tie weight to knowledge
    organisations (`k_*`) and its total tie weight (`w_*`) in the first and the second year.
    Under no change an organisation's two years are exchangeable: the p-value (two-sided) swaps
    each organisation's years at random `permutations` times; the interval resamples the
    organisations with replacement (percentile bootstrap)."""
    rng = rng or np.random.default_rng(2006)
    s_from, s_to = share(k_from, w_from), share(k_to, w_to)
    if s_from is None or s_to is None:
        return Change(s_from, s_to, None, None, None, None)
    observed = s_to - s_from
    n = len(w_from)
    swap = rng.random((permutations, n)) < 0.5
    keep = ~swap
    kf = keep @ k_from + swap @ k_to
    wf = keep @ w_from + swap @ w_to
    kt = keep @ k_to + swap @ k_from
    wt = keep @ w_to + swap @ w_from
    with np.errstate(divide="ignore", invalid="ignore"):
        diffs = kt / wt - kf / wf
    valid = np.isfinite(diffs)
    extreme = np.abs(diffs[valid]) >= abs(observed) - 1e-12
    p_value = (1 + int(extreme.sum())) / (1 + int(valid.sum()))
    counts = rng.multinomial(n, np.full(n, 1 / n), size=permutations).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        boot = (counts @ k_to) / (counts @ w_to) - (counts @ k_from) / (counts @ w_from)
    boot = boot[np.isfinite(boot)]
    alpha = (1 - level) / 2
    low, high = (
        (float(np.quantile(boot, alpha)), float(np.quantile(boot, 1 - alpha)))
        if len(boot)
        else (None, None)
    )
    return Change(s_from, s_to, observed, p_value, low, high)
