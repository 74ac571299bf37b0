"""Centrality (computed once per snapshot, reproducible), the city matrix and goal coverage."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from app.answers.analytics import MAX_RANKED, centrality, city_matrix, goal_coverage
from app.errors import InvalidParameter
from app.graph import algorithms
from app.graph.algorithms import METRICS, betweenness, pagerank, scores
from app.graph.snapshot import Snapshot
from app.runtime.load import load_plan
from app.runtime.warmup import warm
from tests.miniplan import edge, mutated, write_plan


@pytest.fixture
def fresh(mini_path: Path) -> Snapshot:
    """A snapshot of the mini plan that no other test has touched."""
    return load_plan(mini_path)


@pytest.fixture
def computations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The metrics computed from now on, in order."""
    calls: list[str] = []
    real = algorithms.compute_scores

    def counting(snap: Snapshot, metric: str) -> algorithms.Scores:
        calls.append(metric)
        return real(snap, metric)

    monkeypatch.setattr(algorithms, "compute_scores", counting)
    return calls


# ---- algorithms --------------------------------------------------------------------------


def test_pagerank_matches_the_closed_form() -> None:
    # a -> b, b dangling: x_a = (1 - d)/2 + d * x_b / 2 and x_a + x_b = 1
    r = pagerank(["a", "b"], {"a": ["b"]})
    assert r["a"] == pytest.approx(0.5 / 1.425, abs=1e-5)
    assert r["b"] == pytest.approx(1 - 0.5 / 1.425, abs=1e-5)


def test_pagerank_is_uniform_on_a_cycle_and_ignores_repeats() -> None:
    r = pagerank(["a", "b", "c"], {"a": ["b", "b"], "b": ["c"], "c": ["a", "c"]})
    assert all(v == pytest.approx(1 / 3, abs=1e-6) for v in r.values())
    assert pagerank([], {}) == {}


def test_betweenness_is_exact_below_the_threshold_and_sampled_above() -> None:
    g = nx.gnm_random_graph(120, 300, seed=7)
    exact, sampled = betweenness(g, sample_above=1_000)
    assert not sampled
    assert exact == pytest.approx(nx.betweenness_centrality(g))
    first, sampled = betweenness(g, sample_above=100, k=10)
    assert sampled
    # a fixed seed: the same graph, the same answer
    assert betweenness(g, sample_above=100, k=10)[0] == first
    assert betweenness(nx.Graph(g), sample_above=100, k=10)[0] == pytest.approx(first)
    assert first != exact


# ---- centrality --------------------------------------------------------------------------


@pytest.mark.parametrize("metric", METRICS)
def test_centrality_ranks_best_first(mini: Snapshot, metric: str) -> None:
    answer = centrality(mini, metric, limit=MAX_RANKED)
    assert answer.total == len(mini.nodes)
    assert len(answer.items) == len(mini.nodes)
    values = [r.score for r in answer.items]
    assert values == sorted(values, reverse=True)
    assert answer.items[0].rank == 1
    for prev, cur in zip(answer.items, answer.items[1:], strict=False):
        assert cur.rank == (prev.rank if cur.score == prev.score else answer.items.index(cur) + 1)


def test_degree_centrality_counts_edges(mini: Snapshot) -> None:
    top = centrality(mini, "degree", limit=2)
    # the pillar and the second measure each have four edges, of 20 possible neighbours
    assert {r.id for r in top.items} == {"research-pillar", "link-valley"}
    assert [r.score for r in top.items] == [0.2, 0.2]
    assert [r.rank for r in top.items] == [1, 1]


def test_betweenness_puts_the_bridges_first(mini: Snapshot) -> None:
    top = centrality(mini, "betweenness", limit=1).items[0]
    assert top.id == "research-pillar"
    assert not centrality(mini, "betweenness").sampled


def test_pagerank_ranks_what_the_plan_rests_on(mini: Snapshot) -> None:
    ranked = [r.id for r in centrality(mini, "pagerank", limit=MAX_RANKED).items]
    # the lab is needed by two actions, the goal by nothing
    assert ranked.index("riverton-lab") < ranked.index("goal-2030")


def test_type_filter_and_limit(mini: Snapshot) -> None:
    answer = centrality(mini, "degree", type_="action,city", limit=3)
    assert answer.total == 7
    assert len(answer.items) == 3
    assert {r.type for r in answer.items} <= {"action", "city"}
    assert answer.types == ["action", "city"]
    for bad, param in (
        ({"limit": 0}, "limit"),
        ({"limit": MAX_RANKED + 1}, "limit"),
        ({"type_": "planet"}, "type"),
        ({"metric": "closeness"}, "metric"),
    ):
        with pytest.raises(InvalidParameter) as exc:
            centrality(mini, **bad)
        assert exc.value.parameter == param


def test_centrality_is_computed_once_per_snapshot(fresh: Snapshot, computations: list[str]) -> None:
    for metric in METRICS:
        centrality(fresh, metric)
        centrality(fresh, metric, type_="action", limit=2)
        centrality(fresh, metric, limit=50)
    assert computations == list(METRICS)
    assert scores(fresh, "degree") is scores(fresh, "degree")


def test_warm_computes_everything_ahead(fresh: Snapshot, computations: list[str]) -> None:
    assert warm(fresh) is fresh
    assert sorted(computations) == sorted(METRICS)
    centrality(fresh, "betweenness")
    city_matrix(fresh)
    goal_coverage(fresh)
    assert len(computations) == len(METRICS)


def test_sampled_betweenness_is_the_same_for_the_same_plan(
    mini_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(algorithms, "SAMPLE_ABOVE", 5)
    monkeypatch.setattr(algorithms, "SAMPLE_K", 4)
    one, two = load_plan(mini_path), load_plan(mini_path)
    first, second = centrality(one, "betweenness"), centrality(two, "betweenness")
    assert first.sampled
    assert first == second


# ---- the city matrix ---------------------------------------------------------------------


def test_city_matrix_gives_the_scope_of_each_measure_in_each_city(mini: Snapshot) -> None:
    m = city_matrix(mini)
    assert [c.id for c in m.cities] == ["north-city", "south-city"]
    assert [x.id for x in m.measures] == ["lab-network", "link-valley"]
    assert [x.pillar for x in m.measures] == ["research-pillar", "research-pillar"]
    assert m.matrix == [["located", "metro_wide"], [None, "explicit"]]
    cells = {(c.city, c.measure): (c.scope, c.actions) for c in m.cells}
    assert cells == {
        ("north-city", "lab-network"): ("located", 2),
        ("north-city", "link-valley"): ("metro_wide", 2),
        ("south-city", "link-valley"): ("explicit", 3),
    }
    assert m.scopes == ["explicit", "located", "metro_wide"]


# ---- goal coverage -----------------------------------------------------------------------


def test_coverage_lists_what_serves_each_goal_and_what_nothing_serves(mini: Snapshot) -> None:
    report = goal_coverage(mini)
    by_goal = {g.goal.id: g for g in report.goals}
    assert list(by_goal) == ["goal-2030", "green"]
    assert [m.id for m in by_goal["goal-2030"].measures] == ["lab-network", "link-valley"]
    assert len(by_goal["goal-2030"].actions) == 5
    assert by_goal["goal-2030"].served
    assert not by_goal["green"].served
    assert [u.id for u in report.unserved] == ["green"]
    assert not report.truncated


def test_an_action_serving_a_goal_brings_its_measure(tmp_path: Path) -> None:
    plan = mutated()
    plan["edges"].append(edge("host-week", "contributes_to", "green", "host the Valley Week"))
    snap = load_plan(write_plan(tmp_path, plan))
    green = next(g for g in goal_coverage(snap).goals if g.goal.id == "green")
    assert [a.id for a in green.actions] == ["host-week"]
    assert [m.id for m in green.measures] == ["link-valley"]
    assert goal_coverage(snap).unserved == []


def test_sampled_betweenness_is_what_networkx_estimates() -> None:
    graph = nx.gnm_random_graph(300, 700, seed=3)  # with isolated nodes and small parts
    graph.add_edge(0, 0)
    graph = nx.relabel_nodes(graph, {v: f"n{v}" for v in graph})
    ours = algorithms.sampled_betweenness(graph, 40, seed=9)
    theirs = nx.betweenness_centrality(graph, k=40, normalized=True, seed=9)
    assert ours.keys() == theirs.keys()
    assert all(abs(ours[v] - theirs[v]) < 1e-12 for v in graph)
