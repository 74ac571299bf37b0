"""The triples of the RDF export that the peer questions read, as N-Triples, without rdflib.

The Turtle export (:func:`app.export.rdf.write_turtle`) builds an rdflib graph and
pretty-prints it; that takes minutes from 10,000 nodes up. For larger plans the peer
comparison loads these triples instead: the same IRIs and terms as the export for node
classes, labels, relation triples, ``pg:needs`` and city reach (``pg:reaches``,
``pg:city``, ``pg:scope``), but none of the citations, attributes or reified edges. The
store is smaller than the export's, which can only make the peer faster.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

from app.graph.snapshot import Snapshot
from app.vocabulary import RELATIONS

VOCAB = "https://w3id.org/plangraph/vocab#"
RESOURCES = "https://w3id.org/plangraph/id/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"


def class_name(node_type: str) -> str:
    """``measure`` -> ``Measure`` (as the export names classes)."""
    return "".join(p.capitalize() for p in node_type.split("_"))


def iri(kind: str, *parts: str) -> str:
    """An IRI as the export spells it, in angle brackets.

    >>> iri("node", "tianfu-lab")
    '<https://w3id.org/plangraph/id/node/tianfu-lab>'
    """
    return "<" + RESOURCES + kind + "/" + "/".join(quote(p, safe="") for p in parts) + ">"


def literal(text: str, lang: str | None = None) -> str:
    r"""An N-Triples literal.

    >>> literal('say "hi"\n', "en")
    '"say \\"hi\\"\\n"@en'
    """
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"' + (f"@{lang}" if lang else "")


def triples(snap: Snapshot) -> Iterator[str]:
    """One N-Triples line per triple."""
    pg = {name: f"<{VOCAB}{name}>" for name in ("needs", "reaches", "city", "scope", "Reach")}
    for n in snap.nodes.values():
        s = iri("node", n.id)
        yield f"{s} {RDF_TYPE} <{VOCAB}{class_name(n.type)}> .\n"
        yield f"{s} {LABEL} {literal(n.name.zh, 'zh')} .\n"
        yield f"{s} {LABEL} {literal(n.name.en, 'en')} .\n"
    for e in snap.edges.values():
        s, o = iri("node", e.source), iri("node", e.target)
        yield f"{s} <{VOCAB}{e.relation}> {o} .\n"
        needer, needed = (s, o) if RELATIONS[e.relation].depends == "source" else (o, s)
        yield f"{needer} {pg['needs']} {needed} .\n"
    for nid, cities in snap.reach.by_node.items():
        for city, r in cities.items():
            rs = iri("reach", nid, city)
            yield f"{iri('node', nid)} {pg['reaches']} {rs} .\n"
            yield f"{rs} {RDF_TYPE} {pg['Reach']} .\n"
            yield f"{rs} {pg['city']} {iri('node', city)} .\n"
            yield f"{rs} {pg['scope']} {literal(r.scope)} .\n"


def write_ntriples(snap: Snapshot) -> bytes:
    """The triples as one N-Triples document (UTF-8)."""
    return "".join(triples(snap)).encode("utf-8")
