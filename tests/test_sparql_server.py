"""Real clients of a real server: SPARQLWrapper and rdflib's SPARQL store read
``plangraph serve``'s /v1/sparql and get the API's answers; a cartesian product is stopped
at the time limit while another client's requests keep being answered."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from urllib.parse import quote

import orjson
import pytest
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, SPARQLWrapper

from tests.servers import free_port, running
from tests.sparqldocs import NODE, examples, node_ids

TIMEOUT = 2.0
PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    port = free_port()
    env = {"PLANGRAPH_SPARQL_TIMEOUT": str(TIMEOUT), "PLANGRAPH_ACCESS_LOG": "false"}
    with running(["plangraph", "serve", "--port", str(port)], port, env=env) as url:
        yield url


def api(base: str, path: str) -> dict:  # type: ignore[type-arg]
    with urllib.request.urlopen(base + path, timeout=30) as r:
        return orjson.loads(r.read())  # type: ignore[no-any-return]


def test_sparqlwrapper_gets_deyangs_measures_as_the_api(base: str) -> None:
    client = SPARQLWrapper(base + "/v1/sparql")
    client.setQuery(examples()[0][1])
    client.setReturnFormat(JSON)
    doc = client.query().convert()
    got = {
        (b["measure"]["value"].removeprefix(NODE), b["scope"]["value"])
        for b in doc["results"]["bindings"]
    }
    items = api(base, "/v1/cities/deyang/measures")["items"]
    assert got == {(i["measure"]["id"], i["scope"]) for i in items}
    client.setMethod(POST)
    client.setReturnFormat(CSV)
    rows = client.query().convert().decode().strip().splitlines()
    assert len(rows) == len(items) + 1


def test_sparqlwrapper_gets_the_tianfu_laboratorys_impact(base: str) -> None:
    client = SPARQLWrapper(base + "/v1/sparql")
    client.setQuery(examples()[1][1])
    client.setReturnFormat(JSON)
    found = node_ids(client.query().convert(), "node")
    impact = api(base, "/v1/nodes/tianfu-laboratory/impact")
    assert {n["id"] for n in impact["nodes"]} - {"tianfu-laboratory"} <= found


def test_rdflib_sparql_store_reads_the_endpoint(base: str) -> None:
    graph = Graph(SPARQLStore(base + "/v1/sparql", returnFormat="json"))
    rows = graph.query(examples()[0][1])
    got = {(str(r.measure).removeprefix(NODE), str(r.scope)) for r in rows}  # type: ignore[union-attr]
    items = api(base, "/v1/cities/deyang/measures")["items"]
    assert got == {(i["measure"]["id"], i["scope"]) for i in items}


def test_a_cartesian_product_is_stopped_while_others_are_answered(base: str) -> None:
    api(base, "/v1/sparql?query=" + quote("ASK { ?s ?p ?o }"))  # a worker is up
    outcome: dict[str, object] = {}

    def hostile() -> None:
        started = time.monotonic()
        req = urllib.request.Request(base + "/v1/sparql?query=" + quote(PRODUCT))
        try:
            urllib.request.urlopen(req, timeout=60)
            outcome["status"] = 200
        except urllib.error.HTTPError as exc:
            outcome["status"] = exc.code
            outcome["body"] = orjson.loads(exc.read())
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=hostile)
    thread.start()
    answered = 0
    while thread.is_alive():  # another client, meanwhile: health, a route, another query
        assert api(base, "/healthz")
        assert api(base, "/v1/nodes/tianfu-laboratory")["id"] == "tianfu-laboratory"
        assert api(base, "/v1/sparql?query=" + quote("ASK { ?s a pg:Measure }"))["boolean"]
        answered += 1
        time.sleep(0.05)
    thread.join()
    assert outcome["status"] == 503
    body = outcome["body"]
    assert isinstance(body, dict)
    assert body["limit"] == "sparql_timeout"
    assert outcome["seconds"] < TIMEOUT + 1.0  # the bound: the limit, plus a second
    assert answered >= 3
    assert api(base, "/v1/sparql?query=" + quote("ASK { ?s ?p ?o }"))["boolean"]
