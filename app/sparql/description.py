"""The SPARQL 1.1 Service Description of the endpoint, with the prefixes the data uses.

The prefixes are declared as SHACL prefix declarations (``sh:declare``), which query
editors read to complete names.

Examples
--------
>>> from rdflib import Graph
>>> g = Graph().parse(data=describe("http://localhost/v1/sparql", 8937), format="turtle")
>>> len(list(g.objects(None, SH.namespace))) >= 10
True
"""

from __future__ import annotations

from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace, URIRef

from app.export.rdf import PREFIXES, VOCAB
from app.sparql.formats import RDF as RDF_FORMATS
from app.sparql.formats import RESULTS

__all__ = ["SD", "SH", "describe"]

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SH = Namespace("http://www.w3.org/ns/shacl#")
VOID = Namespace("http://rdfs.org/ns/void#")
#: W3C's IRIs of result formats (https://www.w3.org/ns/formats/)
_FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON",
    "xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV",
    "turtle": "Turtle",
    "ntriples": "N-Triples",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML",
}


def describe(endpoint: str, triples: int | None = None, media_type: str = "text/turtle") -> bytes:
    """The service description of the endpoint at ``endpoint`` (its absolute URL), in
    Turtle (or ``application/ld+json``)."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("sh", SH)
    g.bind("void", VOID)
    service = URIRef(endpoint)
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for f in (*RESULTS, *RDF_FORMATS):
        iri = URIRef("http://www.w3.org/ns/formats/" + _FORMAT_IRIS[f.name])
        g.add((service, SD.resultFormat, iri))
    dataset, graph = BNode("dataset"), BNode("default-graph")
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, graph))
    g.add((graph, RDF.type, SD.Graph))
    if triples is not None:
        g.add((graph, VOID.triples, Literal(triples)))
    g.add((graph, VOID.vocabulary, URIRef(VOCAB)))
    for prefix, namespace in PREFIXES.items():
        decl = BNode(f"prefix-{prefix}")
        g.add((service, SH.declare, decl))
        g.add((decl, SH.prefix, Literal(prefix)))
        g.add((decl, SH.namespace, Literal(namespace, datatype=XSD.anyURI)))
    fmt = "json-ld" if media_type == "application/ld+json" else "turtle"
    return g.serialize(format=fmt, encoding="utf-8")
