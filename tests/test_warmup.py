"""Start-up: a plan is served as soon as it is loaded; its analyses follow in the background."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from app import memo
from app.answers import analytics
from app.config import Settings
from app.errors import AnalysisPending
from app.graph import algorithms
from app.graph.snapshot import Snapshot
from app.main import create_app
from app.memo import Key
from app.runtime import warmup
from app.runtime.background import Background, Job
from app.runtime.load import load_plan
from bench.generate import generate

BETWEENNESS = "/v1/analytics/centrality?metric=betweenness&limit=5"


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic plan large enough for sampled betweenness."""
    return generate(algorithms.SAMPLE_ABOVE + 500, tmp_path_factory.mktemp("large"))


class Gate:
    """Holds betweenness back until released; says when it has been reached."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.released = threading.Event()

    def __call__(self, graph: nx.Graph, *args: Any) -> tuple[dict[str, float], bool]:
        self.reached.set()
        assert self.released.wait(60), "the test never released betweenness"
        return real_betweenness(graph, *args)


real_betweenness = algorithms.betweenness


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    held = Gate()
    monkeypatch.setattr(algorithms, "betweenness", held)
    try:
        yield held
    finally:
        held.released.set()  # never leave a background thread waiting


def test_a_large_plan_is_served_before_its_analyses_are_done(
    large: Path, gate: Gate, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(memo, "WAIT", 0.05)  # give up on a pending analysis quickly
    with TestClient(create_app(Settings(data=large, watch_interval=0))) as client:
        assert client.get("/readyz").status_code == 200  # ready without the analyses
        snap: Snapshot = client.app.state.store.current  # type: ignore[attr-defined]
        node = next(iter(snap.nodes))
        assert client.get(f"/v1/nodes/{node}").status_code == 200

        assert gate.reached.wait(60)  # the quick analyses are done; betweenness is held
        assert snap.memo.pending() == ["betweenness centrality"]
        assert client.get("/v1/analytics/centrality?metric=degree").status_code == 200
        assert client.get("/v1/analytics/city-matrix").status_code == 200

        pending = client.get(BETWEENNESS)
        assert pending.status_code == 503
        assert pending.headers["content-type"] == "application/problem+json"
        assert int(pending.headers["retry-after"]) > 0
        assert "no-store" in pending.headers["cache-control"]
        body = pending.json()
        assert body["type"] == "urn:plangraph:problem:analysis-pending"
        assert "betweenness" in body["detail"]

        gate.released.set()
        runner = client.app.state.reloader.analyses[0]  # type: ignore[attr-defined]
        assert runner.join(60)
        assert snap.memo.pending() == []
        done = client.get(BETWEENNESS)
        assert done.status_code == 200
        assert done.json()["sampled"] is True
        assert len(done.json()["items"]) == 5


def test_a_request_waits_for_an_analysis_being_computed(
    mini_path: Path, gate: Gate, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(memo, "WAIT", 60.0)
    snap = load_plan(mini_path)
    warmup.start_analyses(snap)
    assert gate.reached.wait(60)
    answers: list[algorithms.Scores] = []

    def ask() -> None:  # never computed on the request: the background's answer is given
        answers.append(snap.memo.get(algorithms.scores_key("betweenness"), _never))

    asking = threading.Thread(target=ask)
    asking.start()
    gate.released.set()
    asking.join(60)
    assert answers == [algorithms.scores(snap, "betweenness")]
    assert answers[0].ranked


def _never() -> algorithms.Scores:
    raise AssertionError("computed on a request")


def test_an_analysis_not_ready_is_a_domain_error(
    mini_path: Path, gate: Gate, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(memo, "WAIT", 0.01)
    snap = load_plan(mini_path)
    runner = warmup.start_analyses(snap)
    assert gate.reached.wait(60)
    with pytest.raises(AnalysisPending) as exc:
        analytics.centrality(snap, "betweenness")
    assert exc.value.retry_after == memo.RETRY_AFTER
    assert analytics.centrality(snap, "pagerank").items  # done before betweenness
    gate.released.set()
    assert runner.join(60)
    assert analytics.centrality(snap, "betweenness").items


def test_a_replaced_snapshot_computes_nothing_more(
    mini_path: Path, gate: Gate, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(memo, "WAIT", 0.01)
    snap = load_plan(mini_path)
    second: Key[algorithms.Scores] = Key("second")
    jobs: list[Job] = [
        (Key("first"), "the first", lambda: gate(nx.Graph())),
        (second, "the second", _never),
    ]
    runner = Background(snap.memo, jobs, "test").start()
    assert gate.reached.wait(60)
    runner.stop()
    gate.released.set()
    assert runner.join(60)
    assert not snap.memo.has(second)  # never computed
    assert snap.memo.pending() == []  # given up: a caller would compute it itself
