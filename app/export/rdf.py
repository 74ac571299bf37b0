"""RDF: the graph as Turtle and JSON-LD under PlanGraph's own vocabulary, through rdflib.

Namespaces
----------
``pg:`` = ``https://w3id.org/plangraph/vocab#`` is the vocabulary: a class per node type
(``pg:Measure``…, all ``rdfs:subClassOf pg:Node``), a property per relation named as in
the API (``pg:part_of``…), and the terms below. Resources live under
``https://w3id.org/plangraph/id/``: ``node/<id>``, ``edge/<id>``, ``document/<id>``,
``reach/<node>/<city>``. Free attributes use ``https://w3id.org/plangraph/vocab/attribute#``.

What is stated
--------------
- a node: its class, ``pg:id``, ``rdfs:label`` in ``@zh`` and ``@en``, ``skos:altLabel``,
  ``dcterms:description`` with language tags, its attributes, and ``geo:lat``/``geo:long``
  when it has coordinates;
- an edge: the direct triple ``<s> pg:<relation> <t>``, and that triple reified as an
  ``rdf:Statement`` (also ``pg:Edge``) carrying ``pg:id``, ``pg:evidence``,
  ``pg:rationale`` and the edge's attributes;
- provenance: every node and reified edge is ``prov:wasDerivedFrom`` its citations; a
  ``pg:Citation`` has ``dcterms:source`` (the document) and either ``pg:start``/``pg:end``
  (code points) with ``pg:quote`` (the cited text), or ``pg:locator``;
- dependency: ``<a> pg:needs <b>`` for each edge, in its relation's dependency direction,
  so ``?x pg:needs+ <b>`` is everything that depends on ``<b>``;
- Web Annotation selectors, SKOS concept schemes of the taxonomies and the documents'
  work/expression IRIs: see :mod:`app.export.standards`;
- city reach (derived): ``<a> pg:reaches <r>``, where ``<r>`` is a ``pg:Reach`` with
  ``pg:city``, ``pg:scope`` (``"explicit"``, ``"located"``, ``"metro_wide"``) and ``pg:via``
  (an ``rdf:List`` of the places that put it there), for every action and measure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

import orjson
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS
from rdflib.term import Node as Term

from app.answers.schemas import SourceOut
from app.answers.views import views
from app.export.geojson import coordinates
from app.export.sink import Sink
from app.export.standards import OA, concept_schemes, document_names, selectors, source_iris
from app.graph.snapshot import Snapshot
from app.vocabulary import NODE_TYPES, RELATIONS

VOCAB = "https://w3id.org/plangraph/vocab#"
RESOURCES = "https://w3id.org/plangraph/id/"
ATTRIBUTES = "https://w3id.org/plangraph/vocab/attribute#"
PG = Namespace(VOCAB)
PGA = Namespace(ATTRIBUTES)
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
ONTOLOGY = URIRef("https://w3id.org/plangraph/vocab")
DATASET = URIRef(RESOURCES + "dataset")


PREFIXES: dict[str, str] = {
    "pg": VOCAB,
    "node": RESOURCES + "node/",
    "edge": RESOURCES + "edge/",
    "document": RESOURCES + "document/",
    "pga": ATTRIBUTES,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "skos": str(SKOS),
    "geo": str(GEO),
    "oa": str(OA),
}


def class_name(node_type: str) -> str:
    """The class of a node type: ``measure`` -> ``Measure``.

    >>> class_name("measure")
    'Measure'
    """
    return "".join(p.capitalize() for p in node_type.split("_"))


def _iri(kind: str, *parts: str) -> URIRef:
    return URIRef(RESOURCES + kind + "/" + "/".join(quote(p, safe="") for p in parts))


def node_iri(node_id: str) -> URIRef:
    """The IRI of a node.

    >>> str(node_iri("river-lab"))
    'https://w3id.org/plangraph/id/node/river-lab'
    """
    return _iri("node", node_id)


def edge_iri(edge_id: str) -> URIRef:
    """The IRI of an edge (its id percent-encoded)."""
    return _iri("edge", edge_id)


def document_iri(doc_id: str) -> URIRef:
    return _iri("document", doc_id)


def _term(g: Graph, subject: Term, prop: URIRef, label: str, comment: str, kind: URIRef) -> None:
    g.add((prop, RDF.type, kind))
    g.add((prop, RDFS.isDefinedBy, ONTOLOGY))
    g.add((prop, RDFS.label, Literal(label, lang="en")))
    if comment:
        g.add((prop, RDFS.comment, Literal(comment, lang="en")))
    _ = subject


_TERMS: tuple[tuple[str, str, URIRef], ...] = (
    ("id", "The element's id in the PlanGraph API.", OWL.DatatypeProperty),
    (
        "needs",
        "The subject depends on the object (per the relation's direction).",
        OWL.ObjectProperty,
    ),
    ("reaches", "The action or measure reaches a city; the object says how.", OWL.ObjectProperty),
    ("city", "The city a reach is about.", OWL.ObjectProperty),
    ("scope", "How a city is reached: explicit, located or metro_wide.", OWL.DatatypeProperty),
    ("via", "The places, in order, that put the action in the city.", OWL.ObjectProperty),
    ("evidence", "stated (cited) or inferred (with a rationale).", OWL.DatatypeProperty),
    ("rationale", "Why an inferred edge holds.", OWL.DatatypeProperty),
    ("start", "First code point of the cited span.", OWL.DatatypeProperty),
    ("end", "End code point (exclusive) of the cited span.", OWL.DatatypeProperty),
    ("quote", "The cited text, exactly.", OWL.DatatypeProperty),
    ("locator", "The cited section, for documents cited by section.", OWL.DatatypeProperty),
    ("confidence", "attested or single-source, for a cited section.", OWL.DatatypeProperty),
    (
        "depends",
        "Which end of a relation needs the other: source or target.",
        OWL.AnnotationProperty,
    ),
    ("kind", "The kind of a document.", OWL.DatatypeProperty),
    ("sha256", "The SHA-256 of a shipped text.", OWL.DatatypeProperty),
    ("context", "The clause or sentence holding a cited span.", OWL.DatatypeProperty),
    ("work", "The document's work IRI (Akoma Ntoso-style name).", OWL.ObjectProperty),
    (
        "expression",
        "The document's expression IRI: the work in a language and version.",
        OWL.ObjectProperty,
    ),
)
_CLASSES: tuple[tuple[str, str], ...] = (
    ("Node", "A node of a plan graph."),
    ("Edge", "A cited edge of a plan graph, as a reified statement."),
    ("Citation", "A passage or section of a document that a node or an edge cites."),
    ("Reach", "How an action or measure reaches a city."),
    ("Document", "A document the graph cites."),
)


def vocabulary() -> Graph:
    """The vocabulary: classes per node type, properties per relation, and the other terms."""
    g = Graph()
    g.add((ONTOLOGY, RDF.type, OWL.Ontology))
    g.add((ONTOLOGY, RDFS.label, Literal("PlanGraph vocabulary", lang="en")))
    for name, comment in _CLASSES:
        _term(g, ONTOLOGY, PG[name], name, comment, OWL.Class)
    for t in NODE_TYPES.values():
        cls = PG[class_name(t.name)]
        _term(g, ONTOLOGY, cls, t.name, t.meaning, OWL.Class)
        g.add((cls, RDFS.subClassOf, PG.Node))
    for r in RELATIONS.values():
        _term(g, ONTOLOGY, PG[r.name], r.name.replace("_", " "), r.meaning, OWL.ObjectProperty)
        g.add((PG[r.name], PG.depends, Literal(r.depends)))
    for name, comment, kind in _TERMS:
        _term(g, ONTOLOGY, PG[name], name, comment, kind)
    g.add((PG.Edge, RDFS.subClassOf, RDF.Statement))
    g.add((PG.Citation, RDFS.subClassOf, PROV.Entity))
    return g


def _scalar(value: Any) -> Literal:
    if isinstance(value, bool | int | float | str):
        return Literal(value)
    from app.export.fields import to_json

    return Literal(to_json(value), datatype=RDF.JSON)


def _attributes(g: Sink, subject: Term, attrs: dict[str, Any]) -> None:
    for key, value in attrs.items():
        if value is not None:
            g.add((subject, PGA[quote(key, safe="")], _scalar(value)))


def _citations(
    g: Sink, subject: URIRef, sources: Sequence[SourceOut], cited: Mapping[str, URIRef]
) -> None:
    for i, s in enumerate(sources):
        cit = URIRef(f"{subject}/source/{i}")
        g.add((subject, PROV.wasDerivedFrom, cit))
        g.add((cit, RDF.type, PG.Citation))
        g.add((cit, DCTERMS.source, document_iri(s.document)))
        if s.start is not None and s.end is not None:
            g.add((cit, PG.start, Literal(s.start)))
            g.add((cit, PG.end, Literal(s.end)))
        if s.quote is not None:
            g.add((cit, PG.quote, Literal(s.quote)))
        if s.locator is not None:
            g.add((cit, PG.locator, Literal(s.locator)))
        if s.confidence is not None:
            g.add((cit, PG.confidence, Literal(s.confidence)))
        selectors(g, cit, s, cited[s.document])  # oa: selectors (app.export.standards)


def _rdf_list(g: Sink, items: Iterable[Term], key: str) -> Term:
    """An rdf:List with blank nodes named from ``key`` (stable across runs)."""
    items = list(items)
    head: Term = RDF.nil
    for i in reversed(range(len(items))):
        cell = BNode(f"{key}-{i}")
        g.add((cell, RDF.first, items[i]))
        g.add((cell, RDF.rest, head))
        head = cell
    return head


def _documents(g: Sink, snap: Snapshot) -> None:
    for d in snap.documents.values():
        s = document_iri(d.id)
        g.add((s, RDF.type, PG.Document))
        g.add((s, PG.id, Literal(d.id)))
        g.add((s, DCTERMS.title, Literal(d.title.zh, lang="zh")))
        g.add((s, DCTERMS.title, Literal(d.title.en, lang="en")))
        g.add((s, DCTERMS.date, Literal(d.date)))
        g.add((s, PG.kind, Literal(d.kind)))
        if d.sha256:
            g.add((s, PG.sha256, Literal(d.sha256)))


def _nodes(g: Sink, snap: Snapshot, cited: Mapping[str, URIRef]) -> None:
    for nid, n in views(snap).nodes.items():
        s = node_iri(nid)
        g.add((s, RDF.type, PG[class_name(n.type)]))
        g.add((s, PG.id, Literal(nid)))
        g.add((s, RDFS.label, Literal(n.name.zh, lang="zh")))
        g.add((s, RDFS.label, Literal(n.name.en, lang="en")))
        for alias in n.aliases:
            g.add((s, SKOS.altLabel, Literal(alias)))
        if n.description is not None:
            g.add((s, DCTERMS.description, Literal(n.description.en, lang="en")))
            if n.description.zh:
                g.add((s, DCTERMS.description, Literal(n.description.zh, lang="zh")))
        _attributes(g, s, n.attributes)
        point = coordinates(n.attributes)
        if point is not None:
            g.add((s, GEO.long, Literal(point[0])))
            g.add((s, GEO.lat, Literal(point[1])))
        _citations(g, s, n.sources, cited)


def _edges(g: Sink, snap: Snapshot, cited: Mapping[str, URIRef]) -> None:
    for eid, e in views(snap).edges.items():
        s, o, p = node_iri(e.source), node_iri(e.target), PG[e.relation]
        g.add((s, p, o))
        needer, needed = (s, o) if RELATIONS[e.relation].depends == "source" else (o, s)
        g.add((needer, PG.needs, needed))
        st = edge_iri(eid)
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.type, PG.Edge))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, o))
        g.add((st, PG.id, Literal(eid)))
        g.add((st, PG.evidence, Literal(e.evidence)))
        if e.rationale:
            g.add((st, PG.rationale, Literal(e.rationale)))
        _attributes(g, st, e.attributes)
        _citations(g, st, e.sources, cited)


def _reach(g: Sink, snap: Snapshot) -> None:
    for nid, cities in snap.reach.by_node.items():
        for city, r in cities.items():
            rs = _iri("reach", nid, city)
            g.add((node_iri(nid), PG.reaches, rs))
            g.add((rs, RDF.type, PG.Reach))
            g.add((rs, PG.city, node_iri(city)))
            g.add((rs, PG.scope, Literal(r.scope)))
            via = _rdf_list(g, (node_iri(v) for v in r.via), f"via-{nid}-{city}")
            g.add((rs, PG.via, via))


def rdf_graph(snap: Snapshot) -> Graph:
    """The snapshot as an rdflib Graph: vocabulary, dataset, documents, nodes, edges, reach."""
    g = vocabulary()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, Namespace(ns), replace=True)
    statements(g, snap)
    return g


def statements(g: Sink, snap: Snapshot) -> None:
    """Add the snapshot's statements (dataset, documents, nodes, edges, reach; not the
    vocabulary) to ``g``: a Graph, or a sink that writes them out without one."""
    g.add((DATASET, RDF.type, PROV.Entity))
    g.add((DATASET, DCTERMS.title, Literal(snap.plan.title.zh, lang="zh")))
    g.add((DATASET, DCTERMS.title, Literal(snap.plan.title.en, lang="en")))
    g.add((DATASET, OWL.versionInfo, Literal(snap.version)))
    _documents(g, snap)
    docs = {d: document_iri(d) for d in snap.documents}
    document_names(g, snap, docs)
    cited = source_iris(snap, docs)
    _nodes(g, snap, cited)
    _edges(g, snap, cited)
    _reach(g, snap)
    concept_schemes(g, snap)


def context() -> dict[str, Any]:
    """The JSON-LD ``@context``: prefixes, and short terms for the vocabulary."""
    ctx: dict[str, Any] = dict(PREFIXES)
    ids = {"@type": "@id"}
    ctx.update(
        {
            "label": {"@id": "rdfs:label", "@container": "@language"},
            "altLabel": {"@id": "skos:altLabel"},
            "description": {"@id": "dcterms:description", "@container": "@language"},
            "title": {"@id": "dcterms:title", "@container": "@language"},
            "wasDerivedFrom": {"@id": "prov:wasDerivedFrom", **ids},
            "source": {"@id": "dcterms:source", **ids},
            "needs": {"@id": "pg:needs", **ids},
            "reaches": {"@id": "pg:reaches", **ids},
            "city": {"@id": "pg:city", **ids},
            "via": {"@id": "pg:via", "@container": "@list", **ids},
            "scope": "pg:scope",
            "evidence": "pg:evidence",
            "rationale": "pg:rationale",
            "quote": "pg:quote",
            "locator": "pg:locator",
            "start": "pg:start",
            "end": "pg:end",
            "hasSource": {"@id": "oa:hasSource", **ids},
            "hasSelector": {"@id": "oa:hasSelector", **ids},
            "wasQuotedFrom": {"@id": "prov:wasQuotedFrom", **ids},
            "exact": "oa:exact",
            "prefix": "oa:prefix",
            "suffix": "oa:suffix",
            "inScheme": {"@id": "skos:inScheme", **ids},
            "broader": {"@id": "skos:broader", **ids},
            "prefLabel": {"@id": "skos:prefLabel", "@container": "@language"},
        }
    )
    for r in RELATIONS:
        ctx[r] = {"@id": f"pg:{r}", **ids}
    return ctx


def write_turtle(snap: Snapshot) -> bytes:
    """The graph in Turtle (UTF-8).

    Examples
    --------
    >>> from app import load_plan
    >>> snap = load_plan()
    >>> g = Graph().parse(data=write_turtle(snap), format="turtle")
    >>> len(set(g.subjects(PG.id, None))) >= len(snap.nodes) + len(snap.edges)
    True
    """
    return rdf_graph(snap).serialize(format="turtle", encoding="utf-8")


def write_jsonld(snap: Snapshot) -> bytes:
    """The graph in JSON-LD, compacted with :func:`context` (embedded as ``@context``).

    Objects of ``@graph`` are sorted by ``@id`` so the same snapshot gives the same bytes.
    """
    text = rdf_graph(snap).serialize(format="json-ld", context=context(), auto_compact=True)
    doc = orjson.loads(text)
    doc["@graph"].sort(key=lambda o: str(o.get("@id", "")))
    return orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n"
