"""/v1/sparql: the protocol's three ways in, negotiated answers read by real readers, ETag
and Vary, the service description, the snapshot swap, and every refusal as problem+json."""

from __future__ import annotations

import csv
import io
import socket
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Namespace, URIRef

from app.config import DEFAULT_DATA, Settings
from app.main import create_app
from app.runtime.load import load_plan

MEASURES = (
    "SELECT ?m ?label WHERE { ?m a pg:Measure ; rdfs:label ?label FILTER (lang(?label) = 'en') }"
)
SPARQL_QUERY = {"Content-Type": "application/sparql-query"}


@pytest.fixture(scope="module")
def sparql() -> Iterator[TestClient]:
    settings = Settings(
        data=DEFAULT_DATA, watch_interval=0, sparql_max_rows=1000, sparql_max_bytes=2**20
    )
    with TestClient(create_app(settings)) as c:
        yield c


def healthy(c: TestClient) -> None:
    assert c.get("/healthz").status_code == 200


def problem(r, status: int, limit: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["limit"] == limit
    return body  # type: ignore[no-any-return]


def test_results_in_every_format_read_by_their_readers(sparql: TestClient) -> None:
    expected = len(load_plan(DEFAULT_DATA).by_type["measure"])

    def get(accept: str):  # type: ignore[no-untyped-def]
        return sparql.get("/v1/sparql", params={"query": MEASURES}, headers={"Accept": accept})

    r = get("application/sparql-results+json")
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    assert len(r.json()["results"]["bindings"]) == expected
    r = get("text/csv")
    assert r.headers["content-type"].startswith("text/csv")
    assert len(list(csv.DictReader(io.StringIO(r.text)))) == expected
    r = get("text/tab-separated-values")
    assert len(r.text.strip().splitlines()) == expected + 1
    r = get("application/sparql-results+xml")
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert len(ET.fromstring(r.content).findall(f"{ns}results/{ns}result")) == expected


def test_construct_in_every_rdf_format(sparql: TestClient) -> None:
    query = "CONSTRUCT { ?m a pg:Measure } WHERE { ?m a pg:Measure }"
    expected = len(load_plan(DEFAULT_DATA).by_type["measure"])
    for fmt, media in (
        ("turtle", "text/turtle"),
        ("ntriples", "application/n-triples"),
        ("jsonld", "application/ld+json"),
        ("rdfxml", "application/rdf+xml"),
    ):
        r = sparql.get("/v1/sparql", params={"query": query, "format": fmt})
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith(media)
        assert (
            len(list(pyoxigraph.parse(r.content, pyoxigraph.RdfFormat.from_media_type(media))))
            == expected
        ), fmt


def test_the_three_ways_in_answer_alike(sparql: TestClient) -> None:
    got = sparql.get("/v1/sparql", params={"query": MEASURES, "format": "csv"}).text
    form = sparql.post("/v1/sparql", data={"query": MEASURES, "format": "csv"})
    body = sparql.post(
        "/v1/sparql", content=MEASURES.encode(), headers={**SPARQL_QUERY, "Accept": "text/csv"}
    )
    assert form.text == body.text == got


def test_format_wins_over_accept_and_an_unacceptable_type_is_406(sparql: TestClient) -> None:
    r = sparql.get(
        "/v1/sparql", params={"query": "ASK {}", "format": "tsv"}, headers={"Accept": "text/csv"}
    )
    assert r.headers["content-type"].startswith("text/tab-separated-values")
    problem(
        sparql.get("/v1/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"}),
        406,
        "accept",
    )
    r = sparql.get("/v1/sparql", params={"query": "ASK {}", "format": "turtle"})
    assert r.status_code == 422
    assert r.json()["errors"][0]["parameter"] == "format"


def test_etag_304_and_vary(sparql: TestClient) -> None:
    r = sparql.get("/v1/sparql", params={"query": MEASURES})
    assert "Accept" in r.headers["vary"]
    assert r.headers["cache-control"].startswith("private")  # not for the shared cache
    etag = r.headers["etag"]
    again = sparql.get("/v1/sparql", params={"query": MEASURES}, headers={"If-None-Match": etag})
    assert again.status_code == 304
    other = sparql.get("/v1/sparql", params={"query": MEASURES}, headers={"Accept": "text/csv"})
    assert other.headers["etag"] != etag


def test_the_response_cache_never_answers_another_accept(sparql: TestClient) -> None:
    """The same URL asked with two Accept headers, alternately: each gets its own type."""
    url = "/v1/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D"
    for _ in range(3):
        for accept, ctype, body in (
            (
                "application/sparql-results+json",
                "application/sparql-results+json",
                b'"boolean":true',
            ),
            ("text/csv", "text/csv", b"true"),
            ("application/sparql-results+xml", "application/sparql-results+xml", b"<boolean>true"),
        ):
            r = sparql.get(url, headers={"Accept": accept})
            assert r.headers["content-type"].startswith(ctype)
            assert body in r.content


def test_service_description_declares_the_prefixes(sparql: TestClient) -> None:
    r = sparql.get("/v1/sparql")
    assert r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    sh = Namespace("http://www.w3.org/ns/shacl#")
    service = URIRef("http://testserver/v1/sparql")
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in g
    declared = {str(o) for o in g.objects(None, sh.namespace)}
    assert "https://w3id.org/plangraph/vocab#" in declared
    assert "https://w3id.org/plangraph/id/node/" in declared


def test_a_query_reads_the_snapshot_it_was_asked_of(sparql: TestClient, mini_path: Path) -> None:
    store = sparql.app.state.store  # type: ignore[attr-defined]
    before = store.current
    count = "SELECT (COUNT(?m) AS ?n) WHERE { ?m a pg:Measure }"

    def n() -> int:
        doc = sparql.get("/v1/sparql", params={"query": count}).json()
        return int(doc["results"]["bindings"][0]["n"]["value"])

    assert n() == len(before.by_type["measure"])
    mini = load_plan(mini_path)
    store.swap(mini)
    try:
        assert n() == len(mini.by_type.get("measure", ()))
        r = sparql.get("/v1/sparql", params={"query": count})
        assert r.headers["x-dataset-version"] == mini.version
    finally:
        store.swap(before)
    assert n() == len(before.by_type["measure"])


def test_update_is_refused_never_run(sparql: TestClient) -> None:
    insert = "PREFIX pg: <https://w3id.org/plangraph/vocab#> INSERT DATA { <urn:x> a pg:Measure }"
    problem(sparql.get("/v1/sparql", params={"query": insert}), 403, "update")
    problem(sparql.post("/v1/sparql", data={"update": insert}), 403, "update")
    problem(
        sparql.post(
            "/v1/sparql", content=insert, headers={"Content-Type": "application/sparql-update"}
        ),
        403,
        "update",
    )
    problem(sparql.post("/v1/sparql", content=insert, headers=SPARQL_QUERY), 403, "update")
    r = sparql.get("/v1/sparql", params={"query": "ASK { <urn:x> a pg:Measure }"})
    assert r.json()["boolean"] is False
    healthy(sparql)


def test_service_is_refused_and_no_connection_is_attempted(sparql: TestClient) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(1.0)
        port = listener.getsockname()[1]
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        problem(sparql.get("/v1/sparql", params={"query": query}), 403, "service")
        lower = f"select * {{ service silent <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}"
        problem(sparql.post("/v1/sparql", content=lower, headers=SPARQL_QUERY), 403, "service")
        with pytest.raises(TimeoutError):
            listener.accept()
    healthy(sparql)


def test_a_syntax_error_names_the_line_and_column(sparql: TestClient) -> None:
    query = "SELECT ?s\nWHERE {\n  ?s ?p ?o }\nLIMT 5"
    body = problem(sparql.get("/v1/sparql", params={"query": query}), 400, "syntax")
    assert (body["line"], body["column"]) == (4, 7)  # the misspelt LIMIT, as the parser reads it
    assert "line 4, column 7" in body["detail"]
    healthy(sparql)


def test_a_100_kb_query_is_refused(sparql: TestClient) -> None:
    query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 100_000
    body = problem(
        sparql.post("/v1/sparql", content=query, headers=SPARQL_QUERY),
        413,
        "sparql_max_query_length",
    )
    assert "PLANGRAPH_SPARQL_MAX_QUERY_LENGTH" in body["detail"]
    problem(sparql.post("/v1/sparql", data={"query": query}), 413, "sparql_max_query_length")
    healthy(sparql)


def test_huge_results_are_cut_at_the_row_and_byte_limits(sparql: TestClient) -> None:
    rows = sparql.get("/v1/sparql", params={"query": "SELECT ?s WHERE { ?s a ?type } LIMIT 5000"})
    assert "PLANGRAPH_SPARQL_MAX_ROWS" in problem(rows, 422, "sparql_max_rows")["detail"]
    product = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
    assert (
        "PLANGRAPH_SPARQL_MAX_BYTES"
        in problem(sparql.get("/v1/sparql", params={"query": product}), 422, "sparql_max_bytes")[
            "detail"
        ]
    )
    triples = "CONSTRUCT { ?a ?b ?c } WHERE { ?a ?b ?c }"
    problem(sparql.get("/v1/sparql", params={"query": triples}), 422, "sparql_max_bytes")
    healthy(sparql)


def test_post_needs_a_query_in_a_known_media_type(sparql: TestClient) -> None:
    r = sparql.post("/v1/sparql", content=b"{}", headers={"Content-Type": "application/json"})
    assert r.status_code == 415
    assert r.headers["content-type"] == "application/problem+json"
    r = sparql.post("/v1/sparql", data={"format": "csv"})
    assert r.status_code == 422
    assert r.json()["errors"][0]["parameter"] == "query"


def test_a_parameter_given_twice_is_422(sparql: TestClient) -> None:
    r = sparql.get("/v1/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
    assert r.status_code == 422
    assert r.json()["errors"][0]["parameter"] == "query"
