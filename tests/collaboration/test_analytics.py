"""The measures against known answers: networkx on random graphs, a hand-worked brokerage
example, and the calibration of the bridging test over simulated networks."""

from __future__ import annotations

import math
import random

import networkx as nx
import numpy as np
import pytest

from optiimi.collaboration import analytics


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("weighted", [False, True])
def test_constraint_and_effective_size_equal_networkx_on_random_graphs(seed, weighted):
    g = nx.gnp_random_graph(60, 0.08, seed=seed)
    g.add_node(999)  # an isolated node has neither
    rng = random.Random(seed)
    for a, b in g.edges:
        g[a][b]["weight"] = rng.choice([0.25, 1, 2, 3]) if weighted else 1
    constraint, effective = analytics.structural_holes(g)
    # networkx's per-node definitions (its all-nodes sparse shortcut for effective size
    # disagrees with them on weighted graphs in networkx 3.6)
    expected_c = nx.constraint(g, nodes=list(g), weight="weight")
    expected_e = nx.effective_size(g, nodes=list(g), weight="weight")
    for node in g:
        if g.degree(node) == 0:
            assert math.isnan(constraint[node]) and math.isnan(effective[node])
            assert math.isnan(expected_c[node]) and math.isnan(expected_e[node])
            continue
        assert constraint[node] == pytest.approx(expected_c[node], rel=1e-9, abs=1e-12)
        assert effective[node] == pytest.approx(expected_e[node], rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_betweenness_equals_networkx_on_random_graphs(seed):
    # a sparse random graph (several components, a hub) and a denser one
    g = nx.gnp_random_graph(80, 0.04, seed=seed)
    g.add_edges_from((0, n) for n in range(1, 80, 7))
    g.add_node(999)  # isolated
    for a, b in g.edges:
        g[a][b]["weight"] = 2.5  # ignored: betweenness is unweighted
    ours = analytics.betweenness(g)
    expected = nx.betweenness_centrality(g)
    assert set(ours) == set(expected)
    for node in g:
        assert ours[node] == pytest.approx(expected[node], rel=1e-9, abs=1e-12)
    assert ours[0] == max(ours.values()) > 0
    dense = nx.gnp_random_graph(40, 0.3, seed=seed)
    assert analytics.betweenness(dense) == pytest.approx(nx.betweenness_centrality(dense))


def test_betweenness_of_tiny_graphs_is_zero():
    assert analytics.betweenness(nx.path_graph(2)) == {0: 0.0, 1: 0.0}
    assert analytics.betweenness(nx.path_graph(3))[1] == pytest.approx(1.0)


def test_unweighted_effective_size_is_borgattis_n_minus_2t_over_n():
    g = nx.karate_club_graph()
    for a, b in g.edges:
        g[a][b]["weight"] = 1
    _c, effective = analytics.structural_holes(g)
    for node in g:
        ego = nx.ego_graph(g, node, center=False)
        n, t = len(ego), ego.number_of_edges()
        assert effective[node] == pytest.approx(n - 2 * t / n)


def test_brokerage_roles_match_the_hand_worked_example():
    """Five organisations in three groups, directed ties (Gould and Fernandez 1989, Fig. 1 in
    spirit). Worked by hand, broker by broker:

        groups: A1, A2 in A; B1, B2 in B; C1 in C
        ties:   A1→B1, A2→B1, B1→B2, B1→C1, B1→A2? no; B2→A1, C1→B2

    B1 brokers (in: A1, A2; out: B2, C1; no tie A→B2 or A→C1):
        A1→B1→B2: a=A, b=B, c=B → gatekeeper;   A2→B1→B2: gatekeeper
        A1→B1→C1: three groups → liaison;       A2→B1→C1: liaison
    B2 brokers (in: B1, C1; out: A1):
        B1→B2→A1: a=B, b=B, c=A → representative   (no tie B1→A1)
        C1→B2→A1: three groups → liaison           (no tie C1→A1)
    C1 brokers (in: B1; out: B2): B1→C1→B2, but B1→B2 exists → not open, nothing.
    A1 brokers (in: B2; out: B1): B2→A1→B1, no tie B2→B1 → a=B, b=A, c=B → itinerant.
    A2 brokers (in: A1? no); A2 has no in-ties → nothing.
    """
    g = nx.DiGraph()
    g.add_edges_from(
        [("A1", "B1"), ("A2", "B1"), ("B1", "B2"), ("B1", "C1"), ("B2", "A1"), ("C1", "B2")]
    )
    groups = {"A1": "A", "A2": "A", "B1": "B", "B2": "B", "C1": "C"}
    roles = analytics.brokerage(g, groups)
    assert roles["B1"] == {"gatekeeper": 2, "liaison": 2}
    assert roles["B2"] == {"representative": 1, "liaison": 1}
    assert roles["A1"] == {"itinerant": 1}
    assert roles["C1"] == {}
    assert roles["A2"] == {}


def test_coordinator_role_and_undirected_ties_count_both_ways():
    # a path x - y - z within one group: y coordinates the open pair, once in each direction
    g = nx.path_graph(["x", "y", "z"])
    roles = analytics.brokerage(g, {"x": "K", "y": "K", "z": "K"})
    assert roles["y"] == {"coordinator": 2}
    # a star with a company broker between two knowledge organisations: itinerant
    roles = analytics.brokerage(g, {"x": "K", "y": "C", "z": "K"})
    assert roles["y"] == {"itinerant": 2}
    # closing the triangle removes the brokerage
    g.add_edge("x", "z")
    assert analytics.brokerage(g, {"x": "K", "y": "C", "z": "K"})["y"] == {}


def test_measures_of_every_organisation_carry_every_role():
    g = analytics.graph([(1, 2, 1.0), (2, 3, 1.0), (2, 3, 0.5), (3, 4, 1.0)])
    assert g[2][3]["weight"] == 1.5
    m = analytics.measures(g, {1: "knowledge", 2: "company", 3: "development", 4: "company"})
    assert m[2].degree == 2 and m[2].weighted_degree == 2.5
    assert m[2].roles["liaison"] == 2
    assert set(m[1].roles) == set(analytics.ROLES)
    assert m[2].betweenness > m[1].betweenness == 0


# The bridging test's calibration ---------------------------------------------------------------

ORGS = 60
RUNS = 400
PERMUTATIONS = 199


def _year(rng: np.random.Generator, p_knowledge: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One year's ties of a sub-region's organisations: each has a Poisson number of ties, each
    reaching a knowledge organisation with that organisation's own probability."""
    ties = rng.poisson(4, ORGS)
    weights = rng.choice([0.25, 1.0], size=(ORGS, ties.max(initial=0) or 1), p=[0.3, 0.7])
    mask = np.arange(weights.shape[1]) < ties[:, None]
    knowledge = rng.random(weights.shape) < p_knowledge[:, None]
    w = (weights * mask).sum(axis=1)
    k = (weights * mask * knowledge).sum(axis=1)
    return k, w


def _simulate(doubling: bool, seed: int) -> list[float]:
    rng = np.random.default_rng(seed)
    p_values = []
    for _run in range(RUNS):
        # organisations differ in how often they reach knowledge organisations
        base = rng.beta(2, 10, ORGS)
        k1, w1 = _year(rng, base)
        k2, w2 = _year(rng, np.minimum(2 * base, 1) if doubling else base)
        change = analytics.bridging_change(k1, w1, k2, w2, permutations=PERMUTATIONS, rng=rng)
        p_values.append(change.p_value)
    return p_values


def test_bridging_p_value_is_calibrated_when_nothing_changes():
    p = np.array(_simulate(doubling=False, seed=11))
    rate = float((p < 0.05).mean())
    assert 0.02 <= rate <= 0.08, rate


def test_a_planted_doubling_of_knowledge_ties_is_detected():
    p = np.array(_simulate(doubling=True, seed=12))
    assert float((p < 0.05).mean()) >= 0.90


def test_interval_covers_the_change_and_shares_are_weighted():
    k1, w1 = np.array([1.0, 0.0, 0.0]), np.array([2.0, 1.0, 1.0])
    k2, w2 = np.array([2.0, 1.0, 0.0]), np.array([2.0, 1.0, 1.0])
    change = analytics.bridging_change(k1, w1, k2, w2, permutations=99)
    assert change.share_from == pytest.approx(0.25)
    assert change.share_to == pytest.approx(0.75)
    assert change.change == pytest.approx(0.5)
    assert change.low <= change.change <= change.high
    assert 0 < change.p_value <= 1


def test_no_ties_in_a_year_gives_no_change():
    zero = np.zeros(2)
    change = analytics.bridging_change(zero, zero, np.ones(2), np.ones(2))
    assert change.share_from is None and change.change is None and change.p_value is None


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sparse_brokerage_equals_counting_every_open_pair(seed):
    g = nx.gnp_random_graph(80, 0.07, seed=seed)
    g.add_edges_from((0, n) for n in range(1, 40))  # a hub
    rng = random.Random(seed)
    groups = {n: rng.choice(analytics.GROUPS) for n in g}
    slow = analytics.brokerage(g, groups)
    fast = analytics.brokerage_undirected(g, groups)
    assert {n: dict(c) for n, c in fast.items()} == {n: dict(c) for n, c in slow.items()}
