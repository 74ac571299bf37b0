"""RDF exports: Turtle and JSON-LD parsed back with rdflib (and a second SPARQL store), and
SPARQL over them answering what the API answers."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
import pytest
from fastapi.testclient import TestClient
from rdflib import RDF, RDFS, BNode, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV

from app.export.rdf import PG, edge_iri, node_iri
from app.graph.snapshot import Snapshot
from app.vocabulary import NODE_TYPES, RELATIONS, SCOPES

PREFIX = "PREFIX pg: <https://w3id.org/plangraph/vocab#>\n"

MEASURES_REACHING = (
    PREFIX
    + """SELECT DISTINCT ?id WHERE {
  ?city pg:id "%(city)s" .
  ?r pg:city ?city ; pg:scope ?scope .
  FILTER (?scope IN (%(scopes)s))
  ?x pg:reaches ?r .
  { ?x a pg:Action ; pg:part_of ?m . ?m a pg:Measure }
  UNION
  { ?x a pg:Measure . BIND (?x AS ?m) FILTER NOT EXISTS { ?any a pg:Action ; pg:part_of ?x } }
  ?m pg:id ?id .
}"""
)
IMPACT = PREFIX + 'SELECT DISTINCT ?id WHERE { ?x pg:id "%s" . ?n pg:needs+ ?x ; pg:id ?id }'

Sparql = Callable[[str], set[str]]
#: rdflib's own JSON-LD parser still builds a ConjunctiveGraph internally
RDFLIB_JSONLD = pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning"
)


def rdflib_engine(g: Graph) -> Sparql:
    return lambda q: {str(row[0]) for row in g.query(q)}  # type: ignore[index]


def oxigraph_engine(data: bytes, fmt: pyoxigraph.RdfFormat) -> Sparql:
    store = pyoxigraph.Store()
    store.load(data, format=fmt)

    def run(q: str) -> set[str]:
        result = store.query(q)
        assert isinstance(result, pyoxigraph.QuerySolutions)
        return {sol["id"].value for sol in result}  # type: ignore[union-attr]

    return run


def measures_reaching(sparql: Sparql, city: str, scopes: tuple[str, ...] = SCOPES) -> set[str]:
    listed = ", ".join(f'"{s}"' for s in scopes)
    return sparql(MEASURES_REACHING % {"city": city, "scopes": listed})


def api_measures(c: TestClient, city: str, scopes: tuple[str, ...] = SCOPES) -> set[str]:
    r = c.get(f"/v1/cities/{city}/measures", params={"scope": ",".join(scopes)})
    assert r.status_code == 200, r.text
    return {item["measure"]["id"] for item in r.json()["items"]}


def api_impact(c: TestClient, node: str) -> set[str]:
    r = c.get(f"/v1/nodes/{node}/impact")
    assert r.status_code == 200, r.text
    assert r.json()["truncated"] is False
    return {n["id"] for n in r.json()["nodes"]} - {node}


def _turtle(c: TestClient) -> bytes:
    r = c.get("/v1/export/turtle")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/turtle; charset=utf-8"
    return r.content


def _jsonld(c: TestClient) -> bytes:
    r = c.get("/v1/export/jsonld")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/ld+json"
    return r.content


@pytest.fixture(scope="module")
def mini_rdf(mini_client: TestClient) -> Graph:
    return Graph().parse(data=_turtle(mini_client), format="turtle")


@pytest.fixture(scope="module")
def plan_rdf(client: TestClient) -> Graph:
    return Graph().parse(data=_turtle(client), format="turtle")


@RDFLIB_JSONLD
def test_jsonld_is_the_same_graph_as_turtle(mini_client: TestClient, mini_rdf: Graph) -> None:
    doc = _jsonld(mini_client)
    g = Graph().parse(data=doc, format="json-ld")
    assert len(g) == len(mini_rdf)
    assert isomorphic(g, mini_rdf)


@RDFLIB_JSONLD
def test_jsonld_of_the_bundled_plan_is_the_same_graph(client: TestClient, plan_rdf: Graph) -> None:
    g = Graph().parse(data=_jsonld(client), format="json-ld")
    assert len(g) == len(plan_rdf)

    def ground(graph: Graph) -> set[tuple[object, ...]]:
        return {t for t in graph if not any(isinstance(x, BNode) for x in t)}

    assert ground(g) == ground(plan_rdf)


def test_jsonld_has_a_real_context(mini_client: TestClient) -> None:
    import orjson

    doc = orjson.loads(_jsonld(mini_client))
    ctx = doc["@context"]
    assert ctx["pg"] == "https://w3id.org/plangraph/vocab#"
    assert ctx["label"] == {"@id": "rdfs:label", "@container": "@language"}
    node = next(o for o in doc["@graph"] if o.get("@id") == "node:north-city")
    assert node["label"] == {"zh": "北城", "en": "North City"}
    assert node["part_of"] == "node:valley"


def test_every_node_has_its_class_and_labels_in_both_languages(
    mini: Snapshot, mini_rdf: Graph
) -> None:
    for nid, n in mini.nodes.items():
        s = node_iri(nid)
        assert (s, RDF.type, PG[n.type.capitalize()]) in mini_rdf
        labels = set(mini_rdf.objects(s, RDFS.label))
        assert Literal(n.name.zh, lang="zh") in labels
        assert Literal(n.name.en, lang="en") in labels
    for t in NODE_TYPES:
        assert (PG[t.capitalize()], RDFS.subClassOf, PG.Node) in mini_rdf


def test_every_edge_is_a_triple_and_a_reified_statement_with_its_evidence(
    mini: Snapshot, mini_rdf: Graph
) -> None:
    for eid, e in mini.edges.items():
        s, o, p = node_iri(e.source), node_iri(e.target), PG[e.relation]
        assert (s, p, o) in mini_rdf
        st = edge_iri(eid)
        assert (st, RDF.type, RDF.Statement) in mini_rdf
        assert (st, RDF.subject, s) in mini_rdf
        assert (st, RDF.predicate, p) in mini_rdf
        assert (st, RDF.object, o) in mini_rdf
        assert (st, PG.evidence, Literal(e.evidence)) in mini_rdf
    for r in RELATIONS:
        assert (PG[r], PG.depends, Literal(RELATIONS[r].depends)) in mini_rdf


def test_provenance_gives_document_offsets_and_the_quote(
    mini_client: TestClient, mini: Snapshot, mini_rdf: Graph
) -> None:
    q = (
        PREFIX
        + """PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?doc ?start ?end ?quote WHERE {
  ?st pg:id "%s" ; prov:wasDerivedFrom ?c .
  ?c dcterms:source ?d ; pg:start ?start ; pg:end ?end ; pg:quote ?quote .
  ?d pg:id ?doc .
}"""
    )
    for kind, eid in (("edges", "build-lab--builds--riverton-lab"), ("nodes", "riverton-lab")):
        api = mini_client.get(
            f"/v1/{kind}/{eid}" if kind == "nodes" else "/v1/edges",
            params={} if kind == "nodes" else {"source": "build-lab"},
        )
        if kind == "nodes":
            src = api.json()["sources"][0]
        else:
            src = next(e for e in api.json()["items"] if e["id"] == eid)["sources"][0]
        rows = [tuple(x.toPython() for x in row) for row in mini_rdf.query(q % eid)]  # type: ignore[union-attr]
        assert rows == [(src["document"], src["start"], src["end"], src["quote"])]
    # an inferred edge cites nothing and says why
    st = edge_iri("build-lab--focuses_on--green-tech")
    assert not list(mini_rdf.objects(st, PROV.wasDerivedFrom))
    assert next(mini_rdf.objects(st, PG.rationale)).startswith("A lab of a green plan")
    assert (None, DCTERMS.source, None) in mini_rdf


@pytest.mark.parametrize("scopes", [SCOPES, ("explicit",), ("located",), ("metro_wide",)])
@pytest.mark.parametrize("city", ["north-city", "south-city"])
def test_sparql_measures_reaching_a_city_equal_the_api(
    mini_client: TestClient, mini_rdf: Graph, city: str, scopes: tuple[str, ...]
) -> None:
    assert measures_reaching(rdflib_engine(mini_rdf), city, scopes) == api_measures(
        mini_client, city, scopes
    )


@pytest.mark.parametrize("node", ["riverton-lab", "north-city", "valley", "firms"])
def test_sparql_impact_equals_the_api(mini_client: TestClient, mini_rdf: Graph, node: str) -> None:
    assert rdflib_engine(mini_rdf)(IMPACT % node) == api_impact(mini_client, node)


def test_sparql_on_the_bundled_plan_equals_the_api(client: TestClient, plan_rdf: Graph) -> None:
    sparql = rdflib_engine(plan_rdf)
    deyang = measures_reaching(sparql, "deyang")
    assert deyang == api_measures(client, "deyang")
    assert deyang
    assert measures_reaching(sparql, "deyang", ("explicit", "located")) == api_measures(
        client, "deyang", ("explicit", "located")
    )
    impact = sparql(IMPACT % "tianfu-laboratory")
    assert impact == api_impact(client, "tianfu-laboratory")
    assert impact


@pytest.mark.parametrize(
    ("path", "fmt"),
    [("turtle", pyoxigraph.RdfFormat.TURTLE), ("jsonld", pyoxigraph.RdfFormat.JSON_LD)],
)
def test_a_second_sparql_store_gives_the_same_answers(
    client: TestClient, path: str, fmt: pyoxigraph.RdfFormat
) -> None:
    data = client.get(f"/v1/export/{path}").content
    sparql = oxigraph_engine(data, fmt)
    assert measures_reaching(sparql, "deyang") == api_measures(client, "deyang")
    assert sparql(IMPACT % "tianfu-laboratory") == api_impact(client, "tianfu-laboratory")


def test_the_documented_queries_answer_as_the_api(client: TestClient, plan_rdf: Graph) -> None:
    doc = Path(__file__).resolve().parent.parent / "docs" / "interop.md"
    reach, impact, why = re.findall(r"```sparql\n(.*?)```", doc.read_text("utf-8"), re.S)[:3]
    sparql = rdflib_engine(plan_rdf)
    assert sparql(reach) == api_measures(client, "deyang")
    assert sparql(impact) == api_impact(client, "tianfu-laboratory")
    builders = client.get(
        "/v1/edges", params={"target": "tianfu-laboratory", "relation": "builds"}
    ).json()["items"]
    assert sparql(why) == {e["source"] for e in builders}
