"""``plangraph publish`` into a real Virtuoso (Debian's ``virtuoso-opensource``, started
here on free ports): the graph of the version is written over the Graph Store Protocol,
replaced on publish, older versions kept or dropped, and the ten example queries get the
same answers from Virtuoso as from /v1/sparql."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from app.config import DEFAULT_DATA
from app.runtime.load import load_plan
from app.sparql.publish import DEFAULT_BASE, graph_iri
from tests.servers import BIN, ROOT
from tests.sparqldocs import examples, rows
from tests.virtuoso import Virtuoso, available, virtuoso

pytestmark = pytest.mark.skipif(
    not available(), reason="Virtuoso (virtuoso-t, Debian's virtuoso-opensource) is not installed"
)


@pytest.fixture(scope="module")
def store() -> Iterator[Virtuoso]:
    with virtuoso() as v:
        yield v


def publish(store: Virtuoso, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PLANGRAPH_STORE_PASSWORD": "dba"}
    argv = [str(BIN / "plangraph"), "publish", "--store", store.graph_store, "--user", "dba", *args]
    return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def ask(
    store: Virtuoso, query: str, graph: str, accept: str = "application/sparql-results+json"
) -> bytes:
    params = urllib.parse.urlencode({"query": query, "default-graph-uri": graph})
    req = urllib.request.Request(f"{store.sparql}?{params}", headers={"Accept": accept})
    with urllib.request.urlopen(req, timeout=60) as r:
        return bytes(r.read())


def graphs(store: Virtuoso) -> set[str]:
    query = (
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER (STRSTARTS(STR(?g), "{DEFAULT_BASE}")) }}'
    )
    doc = json.loads(ask(store, query, ""))
    return {b["g"]["value"] for b in doc["results"]["bindings"]}


def test_publish_then_the_examples_answer_alike(
    store: Virtuoso, client: TestClient, mini_path: Path
) -> None:
    old = publish(store, "--data", str(mini_path))
    assert old.returncode == 0, old.stderr
    mini_graph = graph_iri(DEFAULT_BASE, load_plan(mini_path).version)
    graph = graph_iri(DEFAULT_BASE, load_plan(DEFAULT_DATA).version)
    done = publish(store)
    assert done.returncode == 0, done.stderr
    assert f"published {graph}" in done.stdout
    assert graphs(store) == {mini_graph, graph}  # older versions kept by default
    again = publish(store, "--sparql", store.sparql, "--drop-old")  # replaced, not added to
    assert again.returncode == 0, again.stderr
    assert f"dropped {mini_graph}" in again.stdout
    assert graphs(store) == {graph}

    for title, query in examples():
        ours = client.post(
            "/v1/sparql",
            content=query,
            headers={
                "Content-Type": "application/sparql-query",
                "Accept": "application/n-triples, application/sparql-results+json",
            },
        )
        assert ours.status_code == 200, title
        if ours.headers["content-type"].startswith("application/n-triples"):
            theirs = Graph().parse(data=ask(store, query, graph, "text/turtle"), format="turtle")
            mine = Graph().parse(data=ours.text, format="nt")
            assert len(mine) > 0
            assert set(theirs) == set(mine), title
            continue
        assert rows(json.loads(ask(store, query, graph))) == rows(ours.json()), title


def test_publish_names_what_failed_in_one_line(store: Virtuoso) -> None:
    bad = subprocess.run(
        [str(BIN / "plangraph"), "publish", "--store", store.graph_store, "--user", "dba"],
        cwd=ROOT,
        env={**os.environ, "PLANGRAPH_STORE_PASSWORD": "not-the-password"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1
    assert bad.stderr.startswith("error: logging in to ")
    assert "401" in bad.stderr
