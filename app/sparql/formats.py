"""The media types of SPARQL answers and how one is chosen (content negotiation).

``SELECT`` and ``ASK`` answer as SPARQL results (JSON, XML, CSV, TSV); ``CONSTRUCT`` and
``DESCRIBE`` as RDF (Turtle, N-Triples, JSON-LD, RDF/XML). A ``format`` name (as in a
link, which cannot set ``Accept``) wins over the ``Accept`` header.

Examples
--------
>>> choose("SELECT", "text/csv;q=0.9, application/sparql-results+json").name
'json'
>>> choose("CONSTRUCT", None).media_type
'text/turtle'
>>> choose("ASK", "*/*", "tsv").media_type
'text/tab-separated-values'
"""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import InvalidParameter, SparqlNotAcceptable

__all__ = ["RDF", "RESULTS", "Format", "choose", "format_names"]


@dataclass(frozen=True, slots=True)
class Format:
    """One answer format: its ``format`` name, media type, and the other media types it
    answers to."""

    name: str
    media_type: str
    aliases: tuple[str, ...] = ()
    #: whether it carries solutions and booleans (else: RDF triples)
    results: bool = True


RESULTS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", ("application/json",)),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml")),
    Format("csv", "text/csv"),
    Format("tsv", "text/tab-separated-values"),
)
RDF: tuple[Format, ...] = (
    Format("turtle", "text/turtle", ("application/x-turtle",), results=False),
    Format("ntriples", "application/n-triples", ("text/plain",), results=False),
    Format("jsonld", "application/ld+json", ("application/json",), results=False),
    Format("rdfxml", "application/rdf+xml", ("application/xml",), results=False),
)


def format_names() -> list[str]:
    """Every ``format`` name, results first."""
    return [f.name for f in (*RESULTS, *RDF)]


def _accept(header: str) -> list[tuple[str, float, int]]:
    """(media range, q, position) of an Accept header; malformed q values count as 0."""
    out = []
    for i, part in enumerate(header.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for p in params:
            k, _, v = p.partition("=")
            if k.strip().lower() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        if media:
            out.append((media.lower(), q, i))
    return out


def _matches(media_range: str, f: Format) -> int:
    """How specifically ``media_range`` names ``f``: 3 exactly, 2 by an alias, 1 by a
    wildcard, 0 not."""
    if media_range == f.media_type:
        return 3
    if media_range in f.aliases:
        return 2
    if media_range == "*/*" or media_range == f.media_type.split("/")[0] + "/*":
        return 1
    return 0


def choose(form: str, accept: str | None, name: str | None = None) -> Format:
    """The format to answer a query of ``form`` in, from a ``format`` name or ``Accept``.

    Raises :class:`~app.errors.InvalidParameter` for a name that cannot carry this form,
    :class:`~app.errors.SparqlNotAcceptable` when no accepted media type can.
    """
    candidates = RESULTS if form in ("SELECT", "ASK") else RDF
    if name is not None:
        for f in candidates:
            if f.name == name:
                return f
        raise InvalidParameter(
            "format",
            f"a {form} query answers as one of {', '.join(f.name for f in candidates)}, "
            f"not {name!r}",
        )
    if not accept or not accept.strip():
        return candidates[0]
    best: tuple[float, int, int, int] | None = None
    chosen = None
    for media, q, pos in _accept(accept):
        if q <= 0:
            continue
        for rank, f in enumerate(candidates):
            how = _matches(media, f)
            # higher q, then the more specific match, then the earlier in Accept, then ours
            score = (q, how, -pos, -rank)
            if how and (best is None or score > best):
                best, chosen = score, f
    if chosen is None:
        raise SparqlNotAcceptable(
            f"a {form} query answers as {', '.join(f.media_type for f in candidates)}; "
            f"the request accepts none of them (Accept: {accept[:200]})",
            "accept",
        )
    return chosen
