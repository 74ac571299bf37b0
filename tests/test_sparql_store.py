"""The SPARQL store of a snapshot: built once (in the background, a 503 meanwhile),
holding the RDF export's statements, dropped with its snapshot; the worker pool stops a
runaway query and starts another worker; a bad limit setting is one line."""

from __future__ import annotations

import gc
import os
import subprocess
import threading
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from app.config import DEFAULT_DATA
from app.errors import AnalysisPending, SparqlBusy, SparqlTimeout
from app.export.rdf import write_turtle
from app.runtime.load import load_plan
from app.sparql import store as store_module
from app.sparql.pool import Pool
from app.sparql.query import Limits, run_query
from app.sparql.store import STORE, build, store_of, turtle
from app.sparql.worker import Done, Job
from tests.servers import BIN, ROOT


def test_the_store_holds_the_rdf_exports_statements(mini_path: Path) -> None:
    snap = load_plan(mini_path)
    ours = Graph().parse(data=turtle(snap), format="turtle")
    export = Graph().parse(data=write_turtle(snap), format="turtle")
    assert isomorphic(ours, export)  # the same statements, the via lists' blank nodes aside
    files = build(snap)
    assert files.triples == len(export)


def test_built_once_per_snapshot_and_removed_with_it(mini_path: Path) -> None:
    snap = load_plan(mini_path)
    first = store_of(snap)
    assert store_of(snap) is first
    path = first.path
    assert path.is_dir()
    del first, snap
    gc.collect()
    assert not path.exists()


def test_a_query_waits_for_a_slow_build_with_a_503(
    mini_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snap = load_plan(mini_path)
    release = threading.Event()
    real = store_module.build

    def slow(s):  # type: ignore[no-untyped-def]
        release.wait(30)
        return real(s)

    monkeypatch.setattr(store_module, "build", slow)
    monkeypatch.setattr("app.memo.WAIT", 0.2)
    with pytest.raises(AnalysisPending, match="SPARQL store"):
        run_query(snap, "ASK { ?s ?p ?o }")
    release.set()
    for _ in range(100):
        if snap.memo.has(STORE):
            break
        threading.Event().wait(0.1)
    assert run_query(snap, "ASK { ?s ?p ?o }").body == b'{"head":{},"boolean":true}'


def test_the_pool_kills_a_runaway_query_and_goes_on(mini_path: Path) -> None:
    files = build(load_plan(mini_path))
    product = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with Pool(1) as pool:
        with pytest.raises(SparqlTimeout, match="PLANGRAPH_SPARQL_TIMEOUT"):
            pool.run(Job(str(files.path), product, "json", 10, 10_000), 0.5)
        assert pool.killed == 1
        done = pool.run(Job(str(files.path), "ASK { ?s ?p ?o }", "csv", 10, 10_000), 30)
    assert isinstance(done, Done)
    assert done.body == b"true"


def test_a_query_over_the_memory_limit_ends_its_worker_only(plan: object) -> None:
    files = build(load_plan(DEFAULT_DATA))
    hog = "SELECT ?a ?b ?c ?d WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d"  # 80M rows sorted
    with Pool(1, memory_mb=1024) as pool:
        with pytest.raises(SparqlBusy, match="PLANGRAPH_SPARQL_WORKER_MEMORY_MB") as caught:
            pool.run(Job(str(files.path), hog, "json", 10, 10_000), 120)
        assert caught.value.limit == "sparql_worker_memory_mb"
        done = pool.run(Job(str(files.path), "ASK { ?s ?p ?o }", "csv", 10, 10_000), 30)
    assert isinstance(done, Done)
    assert done.body == b"true"


def test_run_query_without_http_declares_the_prefixes(plan: object) -> None:
    r = run_query(
        load_plan(DEFAULT_DATA),
        "SELECT ?l WHERE { node:tianfu-laboratory rdfs:label ?l }",
        "text/csv",
        Limits(timeout=30),
    )
    assert r.form == "SELECT"
    assert r.rows == 2
    assert "天府实验室" in r.body.decode()


def test_the_worker_answers_with_pyoxigraphs_own_readers(mini_path: Path) -> None:
    files = build(load_plan(mini_path))
    with Pool(1) as pool:
        done = pool.run(
            Job(str(files.path), "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", "xml", 10, 10**6), 30
        )
    assert isinstance(done, Done)
    parsed = pyoxigraph.parse_query_results(done.body, pyoxigraph.QueryResultsFormat.XML)
    assert len(list(parsed)) == done.rows == 3  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SPARQL_WORKER_MEMORY_MB", "100"),
        ("SPARQL_TIMEOUT", "0"),
        ("SPARQL_MAX_ROWS", "-1"),
        ("SPARQL_MAX_BYTES", "many"),
        ("SPARQL_WORKERS", "0"),
    ],
)
def test_a_bad_limit_setting_is_one_line(name: str, value: str) -> None:
    env = {**os.environ, f"PLANGRAPH_{name}": value}
    out = subprocess.run(
        [str(BIN / "plangraph"), "serve", "--port", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1
    assert out.stderr.startswith(f"error: PLANGRAPH_{name}={value}: ")
