"""Example answers of the SPARQL endpoint, one per media type, for the OpenAPI document.

Each is a real answer of pyoxigraph to :data:`SELECT` or :data:`CONSTRUCT` over a few of
the plan's measures loaded into a small in-memory store, so an example costs the same for
a plan of any size and never waits for the endpoint's store to be built.

Examples
--------
>>> from app import load_plan
>>> answers = examples(load_plan())
>>> '"vars"' in answers["application/sparql-results+json"]
True
>>> answers["text/csv"].splitlines()[0]
'm,label'
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import RDF, RDFS

from app.export.rdf import PG, PREFIXES, class_name, node_iri
from app.graph.snapshot import Snapshot
from app.sparql.formats import RDF as GRAPH_FORMATS
from app.sparql.formats import RESULTS

__all__ = ["CONSTRUCT", "SELECT", "examples"]

#: the SELECT of the examples (the data's prefixes are declared, as for every query)
SELECT = "SELECT ?m ?label WHERE { ?m a pg:Measure ; rdfs:label ?label } LIMIT 4"
#: the CONSTRUCT of the examples
CONSTRUCT = (
    "CONSTRUCT { ?m rdfs:label ?label } WHERE { ?m a pg:Measure ; rdfs:label ?label } LIMIT 4"
)
_RESULTS = {"json": "JSON", "xml": "XML", "csv": "CSV", "tsv": "TSV"}
_GRAPHS = {"turtle": "TURTLE", "ntriples": "N_TRIPLES", "jsonld": "JSON_LD", "rdfxml": "RDF_XML"}


def _store(snap: Snapshot, count: int = 2) -> ox.Store:
    store = ox.Store()
    measure = ox.NamedNode(str(PG[class_name("measure")]))
    for node_id in snap.by_type.get("measure", ())[:count]:
        node = snap.nodes[node_id]
        subject = ox.NamedNode(str(node_iri(node_id)))
        store.add(ox.Quad(subject, ox.NamedNode(str(RDF.type)), measure))
        for text, lang in ((node.name.zh, "zh"), (node.name.en, "en")):
            store.add(
                ox.Quad(subject, ox.NamedNode(str(RDFS.label)), ox.Literal(text, language=lang))
            )
    return store


def examples(snap: Snapshot) -> dict[str, str]:
    """Media type -> an example answer in it, made from the plan's first measures."""
    store = _store(snap)
    out: dict[str, str] = {}
    for fmt in RESULTS:
        solutions = store.query(SELECT, prefixes=PREFIXES)
        kind = getattr(ox.QueryResultsFormat, _RESULTS[fmt.name])
        out[fmt.media_type] = solutions.serialize(format=kind).decode()  # type: ignore[union-attr]
    for fmt in GRAPH_FORMATS:
        triples = store.query(CONSTRUCT, prefixes=PREFIXES)
        kind = getattr(ox.RdfFormat, _GRAPHS[fmt.name])
        named = {k: PREFIXES[k] for k in ("rdfs", "node")}
        out[fmt.media_type] = ox.serialize(triples, format=kind, prefixes=named).decode()  # type: ignore[arg-type, union-attr]
    return out
