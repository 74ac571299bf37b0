"""The RDF exports in the standards' words: Web Annotation selectors (``oa:``), SKOS
concept schemes of the plan's taxonomies, and Akoma Ntoso-style work/expression IRIs.

What is stated
--------------
- a cited span: its ``pg:Citation`` is also an ``oa:SpecificResource`` with
  ``oa:hasSource`` (the document's expression IRI), ``prov:wasQuotedFrom`` (the same) and
  two ``oa:hasSelector``: an ``oa:TextQuoteSelector`` (``oa:exact``, ``oa:prefix``,
  ``oa:suffix``) and an ``oa:TextPositionSelector`` (``oa:start``, ``oa:end``: Unicode code
  points, end exclusive), and ``pg:context`` (the clause holding it);
- a document: ``pg:work`` and ``pg:expression`` IRIs; the expression
  ``dcterms:isVersionOf`` the work, with ``dcterms:language``;
- the taxonomies (:data:`SCHEMES`): each type is a ``skos:ConceptScheme``; each node of it
  a ``skos:Concept`` ``skos:inScheme`` it, with ``skos:prefLabel`` ``@zh`` and ``@en``,
  ``skos:altLabel`` for its aliases, and ``skos:broader`` where the data has a
  hierarchy (a ``part_of`` edge between two concepts of one scheme); the others are
  ``skos:topConceptOf`` their scheme.

Examples
--------
>>> from app import load_plan
>>> from rdflib import Graph
>>> g = Graph()
>>> concept_schemes(g, load_plan())
>>> len(set(g.subjects(RDF.type, SKOS.ConceptScheme))) == len(SCHEMES)
True
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import RDF, XSD, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from app.answers.naming import expression_iri, work_iri
from app.answers.schemas import SourceOut, TextPositionSelector, TextQuoteSelector
from app.answers.views import views
from app.export.sink import Sink
from app.graph.snapshot import Snapshot
from app.vocabulary import TYPE_LABELS_ZH

__all__ = [
    "OA",
    "SCHEMES",
    "concept_schemes",
    "document_names",
    "scheme_iri",
    "selectors",
    "source_iris",
]

OA = Namespace("http://www.w3.org/ns/oa#")
_RESOURCES = "https://w3id.org/plangraph/id/"
_VOCAB = Namespace("https://w3id.org/plangraph/vocab#")
#: the node types that are taxonomies of the plan, each a SKOS concept scheme
SCHEMES = ("field", "instrument", "actor", "program")


def scheme_iri(node_type: str) -> URIRef:
    """The concept scheme of a taxonomy.

    >>> str(scheme_iri("field"))
    'https://w3id.org/plangraph/id/scheme/field'
    """
    return URIRef(f"{_RESOURCES}scheme/{node_type}")


def source_iris(snap: Snapshot, document_iri: Mapping[str, URIRef]) -> dict[str, URIRef]:
    """What a citation of each document has as its source: the document's expression IRI
    when it is named, else its PlanGraph IRI (``document_iri``)."""
    return {
        d.id: URIRef(expression_iri(d.naming)) if d.naming else document_iri[d.id]
        for d in snap.documents.values()
    }


def document_names(g: Sink, snap: Snapshot, document_iri: Mapping[str, URIRef]) -> None:
    """Each named document's work and expression IRIs."""
    for d in snap.documents.values():
        if d.naming is None:
            continue
        work, expr = URIRef(work_iri(d.naming)), URIRef(expression_iri(d.naming))
        doc = document_iri[d.id]
        g.add((doc, _VOCAB.work, work))
        g.add((doc, _VOCAB.expression, expr))
        g.add((doc, OWL.sameAs, expr))
        g.add((expr, DCTERMS.isVersionOf, work))
        g.add((expr, DCTERMS.language, Literal(d.naming.language, datatype=XSD.language)))
        g.add((expr, DCTERMS.hasVersion, Literal(d.naming.version)))


def selectors(g: Sink, citation: URIRef, s: SourceOut, source: URIRef) -> None:
    """A cited span's Web Annotation selectors and context (nothing for a section)."""
    if not s.selectors:
        return
    g.add((citation, RDF.type, OA.SpecificResource))
    g.add((citation, OA.hasSource, source))
    g.add((citation, PROV.wasQuotedFrom, source))
    for sel in s.selectors:
        node = URIRef(f"{citation}/{sel.type}")
        g.add((citation, OA.hasSelector, node))
        g.add((node, RDF.type, OA[sel.type]))
        if isinstance(sel, TextQuoteSelector):
            g.add((node, OA.exact, Literal(sel.exact)))
            g.add((node, OA.prefix, Literal(sel.prefix)))
            g.add((node, OA.suffix, Literal(sel.suffix)))
        elif isinstance(sel, TextPositionSelector):
            g.add((node, OA.start, Literal(sel.start, datatype=XSD.nonNegativeInteger)))
            g.add((node, OA.end, Literal(sel.end, datatype=XSD.nonNegativeInteger)))
    if s.context is not None:
        g.add((citation, _VOCAB.context, Literal(s.context.text)))


def concept_schemes(g: Sink, snap: Snapshot) -> None:
    """The taxonomies as SKOS concept schemes (see the module)."""
    nodes = views(snap).nodes
    for t in SCHEMES:
        scheme = scheme_iri(t)
        g.add((scheme, RDF.type, SKOS.ConceptScheme))
        g.add((scheme, SKOS.prefLabel, Literal(f"PlanGraph {t}s", lang="en")))
        g.add((scheme, SKOS.prefLabel, Literal(TYPE_LABELS_ZH.get(t, t), lang="zh")))
        for nid in snap.by_type.get(t, ()):
            n = nodes[nid]
            c = URIRef(f"{_RESOURCES}node/{nid}")
            g.add((c, RDF.type, SKOS.Concept))
            g.add((c, SKOS.inScheme, scheme))
            g.add((c, SKOS.prefLabel, Literal(n.name.zh, lang="zh")))
            g.add((c, SKOS.prefLabel, Literal(n.name.en, lang="en")))
            for alias in n.aliases:
                g.add((c, SKOS.altLabel, Literal(alias)))
            broader = [
                e.target
                for e in snap.out_edges.get(nid, ())
                if e.relation == "part_of" and snap.nodes[e.target].type == t
            ]
            for b in broader:
                g.add((c, SKOS.broader, URIRef(f"{_RESOURCES}node/{b}")))
            if not broader:
                g.add((c, SKOS.topConceptOf, scheme))
                g.add((scheme, SKOS.hasTopConcept, c))
