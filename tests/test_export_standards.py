"""The RDF exports in the standards' words, read back by rdflib: Web Annotation selectors
(SPARQL over ``oa:`` returns the API's quotes), SKOS concept schemes, document IRIs."""

from __future__ import annotations

import re
from pathlib import Path

import orjson
import pytest
from fastapi.testclient import TestClient
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from app.export.rdf import write_jsonld, write_turtle
from app.export.standards import SCHEMES, scheme_iri
from app.graph.snapshot import Snapshot
from app.runtime.load import load_plan
from tests.miniplan import edge, mutated, node, write_plan

SELECTORS = """
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX pg: <https://w3id.org/plangraph/vocab#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?id ?exact ?prefix ?suffix ?start ?end ?source WHERE {
  ?x pg:id ?id ; prov:wasDerivedFrom ?c .
  ?c oa:hasSource ?source ; oa:hasSelector ?q, ?p .
  ?q a oa:TextQuoteSelector ; oa:exact ?exact ; oa:prefix ?prefix ; oa:suffix ?suffix .
  ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
}"""


def _api_selectors(client: TestClient, plan: Snapshot) -> set[tuple[str, ...]]:
    """(id, exact, prefix, suffix, start, end) of every cited span, as the API serves them."""
    rows: set[tuple[str, ...]] = set()
    for nid in plan.nodes:
        for s in client.get(f"/v1/nodes/{nid}").json()["sources"]:
            if s["selectors"]:
                q, p = s["selectors"]
                rows.add(
                    (nid, q["exact"], q["prefix"], q["suffix"], str(p["start"]), str(p["end"]))
                )
    for offset in range(0, len(plan.edges), 500):
        page = client.get("/v1/edges", params={"limit": 500, "offset": offset}).json()
        for e in page["items"]:
            for s in e["sources"]:
                if s["selectors"]:
                    q, p = s["selectors"]
                    rows.add(
                        (
                            e["id"],
                            q["exact"],
                            q["prefix"],
                            q["suffix"],
                            str(p["start"]),
                            str(p["end"]),
                        )
                    )
    return rows


@pytest.mark.parametrize("fmt", ["turtle", "json-ld"])
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_sparql_over_oa_selectors_returns_the_api_quotes(
    client: TestClient, plan: Snapshot, fmt: str
) -> None:
    data = write_turtle(plan) if fmt == "turtle" else write_jsonld(plan)
    g = Graph().parse(data=data, format=fmt)
    rows = list(g.query(SELECTORS))
    got = {tuple(str(v) for v in row[:6]) for row in rows}  # type: ignore[index]
    assert got == _api_selectors(client, plan)
    assert len(got) > 400
    # each citation's source is its document's expression IRI, as /v1/documents names it
    expressions = {d["expression"] for d in client.get("/v1/documents").json()}
    assert {str(row[6]) for row in rows} <= expressions  # type: ignore[index]


def test_every_taxonomy_is_a_skos_scheme_with_bilingual_concepts(plan: Snapshot) -> None:
    g = Graph().parse(data=write_turtle(plan), format="turtle")
    for t in SCHEMES:
        scheme = scheme_iri(t)
        assert (scheme, RDF.type, SKOS.ConceptScheme) in g
        members = set(g.subjects(SKOS.inScheme, scheme))
        assert len(members) == len(plan.by_type[t]) > 0
        for c in members:
            assert (c, RDF.type, SKOS.Concept) in g
            langs = {lbl.language for lbl in g.objects(c, SKOS.prefLabel)}  # type: ignore[attr-defined]
            assert langs == {"zh", "en"}
    aliased = next(n for n in plan.nodes.values() if n.type in SCHEMES and n.aliases)
    concept = URIRef(f"https://w3id.org/plangraph/id/node/{aliased.id}")
    assert {str(a) for a in g.objects(concept, SKOS.altLabel)} == set(aliased.aliases)


def test_skos_broader_follows_the_hierarchy_of_a_taxonomy(tmp_path: Path) -> None:
    raw = mutated()
    raw["nodes"].append(node("valley-week-day", "program", "河谷日", "Valley Day", "Valley Week"))
    raw["edges"].append(edge("valley-week-day", "part_of", "valley-week", "Valley Week"))
    snap = load_plan(write_plan(tmp_path, raw))
    g = Graph().parse(data=write_turtle(snap), format="turtle")
    day = URIRef("https://w3id.org/plangraph/id/node/valley-week-day")
    week = URIRef("https://w3id.org/plangraph/id/node/valley-week")
    assert list(g.objects(day, SKOS.broader)) == [week]
    assert (week, SKOS.topConceptOf, scheme_iri("program")) in g
    assert (day, SKOS.topConceptOf, scheme_iri("program")) not in g


def test_documents_carry_work_and_expression_iris(plan: Snapshot) -> None:
    g = Graph().parse(data=write_turtle(plan), format="turtle")
    q = """PREFIX pg: <https://w3id.org/plangraph/vocab#>
    PREFIX dcterms: <http://purl.org/dc/terms/>
    SELECT ?id ?work ?expr WHERE { ?d pg:id ?id ; pg:work ?work ; pg:expression ?expr .
      ?expr dcterms:isVersionOf ?work }"""
    rows = {str(r[0]): (str(r[1]), str(r[2])) for r in g.query(q)}  # type: ignore[index]
    assert set(rows) == set(plan.documents)
    reprint, official = rows["innovation-chapter-reprint-2021"], rows["chengdu-metro-plan-2021"]
    assert reprint[0] == official[0]
    assert reprint[1] != official[1]
    assert (URIRef(official[1]), None, Literal("2021-11-29")) in g


def _documented_sparql() -> list[str]:
    doc = Path(__file__).resolve().parent.parent / "docs" / "interop.md"
    return re.findall(r"```sparql\n(.*?)```", doc.read_text("utf-8"), re.S)


def test_the_documented_selector_and_skos_queries_answer(
    client: TestClient, plan: Snapshot
) -> None:
    selectors_q, skos_q = _documented_sparql()[3:5]
    g = Graph().parse(data=write_turtle(plan), format="turtle")
    got = {(str(r[0]), int(r[1]), int(r[2])) for r in g.query(selectors_q)}  # type: ignore[index]
    api = client.get("/v1/nodes/tianfu-laboratory").json()["sources"]
    assert got == {(s["quote"], s["start"], s["end"]) for s in api if s["selectors"]}
    fields = {str(r[0]).rsplit("/", 1)[1] for r in g.query(skos_q)}  # type: ignore[index]
    assert fields == set(plan.by_type["field"])


def test_node_link_json_sources_carry_the_selectors(client: TestClient, plan: Snapshot) -> None:
    data = orjson.loads(client.get("/v1/export/json").content)
    node = next(n for n in data["nodes"] if n["id"] == "tianfu-laboratory")
    assert node["sources"] == client.get("/v1/nodes/tianfu-laboratory").json()["sources"]
    spans = [s for n in data["nodes"] for s in n["sources"] if s["start"] is not None]
    assert spans
    assert all(s["selectors"][1]["start"] == s["start"] for s in spans)
