"""The export formats: name -> writer, media type and file extension; rendered once per snapshot.

:func:`export` is the one entry point: it checks the options a format takes, renders the
bytes on first use and keeps them with the snapshot (snapshots never change), so a format
is computed once per snapshot and option set, never per request.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal, get_args

from app.answers.schemas.export import ExportFormatOut
from app.errors import InvalidParameter
from app.export.bundle import write_bundle
from app.export.cypher import DIALECTS, Dialect, write_cypher
from app.export.geojson import write_geojson
from app.export.graphml import write_graphml
from app.export.nodelink import write_json
from app.export.rdf import write_jsonld, write_turtle
from app.export.tables import write_csv_zip, write_edges_csv, write_nodes_csv
from app.graph.snapshot import Snapshot

FormatName = Literal[
    "json",
    "graphml",
    "csv",
    "nodes.csv",
    "edges.csv",
    "turtle",
    "jsonld",
    "cypher",
    "geojson",
    "bundle",
]
Writer = Callable[[Snapshot, "Options"], bytes]


@dataclass(frozen=True, slots=True)
class Options:
    """Format options: ``bom`` (the csv formats) and ``dialect`` (cypher)."""

    bom: bool = False
    dialect: Dialect = "neo4j"
    #: the served OpenAPI document, for the bundle (not part of what tells renders apart)
    openapi: bytes | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Format:
    """One export format."""

    name: str
    media_type: str
    extension: str
    description: str
    writer: Writer
    #: the options it takes
    options: tuple[str, ...] = ()
    #: added to the download name (``plangraph-<version>-<part>``)
    part: str = ""


@dataclass(frozen=True, slots=True)
class Rendered:
    """A finished export: its bytes, media type and download file name."""

    format: str
    body: bytes
    media_type: str
    filename: str


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "json",
            "application/json",
            "json",
            "networkx node-link JSON (edges under 'edges'), every attribute, nested.",
            lambda s, o: write_json(s),
        ),
        Format(
            "graphml",
            "application/graphml+xml",
            "graphml",
            "GraphML written by networkx, flat typed keys; opens in Gephi, yEd and igraph.",
            lambda s, o: write_graphml(s),
        ),
        Format(
            "csv",
            "application/zip",
            "zip",
            "A zip of nodes.csv and edges.csv.",
            lambda s, o: write_csv_zip(s, o.bom),
            ("bom",),
        ),
        Format(
            "nodes.csv",
            "text/csv; charset=utf-8",
            "csv",
            "One row per node, fixed columns, UTF-8.",
            lambda s, o: write_nodes_csv(s, o.bom),
            ("bom",),
        ),
        Format(
            "edges.csv",
            "text/csv; charset=utf-8",
            "csv",
            "One row per edge, fixed columns, UTF-8.",
            lambda s, o: write_edges_csv(s, o.bom),
            ("bom",),
        ),
        Format(
            "turtle",
            "text/turtle; charset=utf-8",
            "ttl",
            "RDF Turtle under the PlanGraph vocabulary, with provenance and reified edges.",
            lambda s, o: write_turtle(s),
        ),
        Format(
            "jsonld",
            "application/ld+json",
            "jsonld",
            "The same RDF graph as JSON-LD with an embedded @context.",
            lambda s, o: write_jsonld(s),
        ),
        Format(
            "cypher",
            "text/plain; charset=utf-8",
            "cypher",
            "A Cypher script of MERGE statements (dialect neo4j or kuzu).",
            lambda s, o: write_cypher(s, o.dialect),
            ("dialect",),
        ),
        Format(
            "geojson",
            "application/geo+json",
            "geojson",
            "A FeatureCollection of the cities and located places, with summaries.",
            lambda s, o: write_geojson(s),
        ),
        Format(
            "bundle",
            "application/zip",
            "zip",
            "A zip of every format, the source texts, the data file, its JSON Schema, the "
            "OpenAPI document and a manifest (sha256 of each file, licence, how to cite).",
            lambda s, o: write_bundle(s, _every_format(s), o.openapi),
            part="bundle",
        ),
    )
}
assert set(FORMATS) == set(get_args(FormatName)), "FormatName must list every format"


def filename(snap: Snapshot, fmt: Format, options: Options = Options()) -> str:
    """The download name: ``plangraph-<version>[-<part>].<ext>``.

    >>> from app import load_plan
    >>> snap = load_plan()
    >>> filename(snap, FORMATS["nodes.csv"]) == f"plangraph-{snap.version}-nodes.csv"
    True
    """
    stem = f"plangraph-{snap.version}"
    part = fmt.part or fmt.name.rpartition(".")[0]
    if part:
        stem += f"-{part}"
    if "dialect" in fmt.options and options.dialect != "neo4j":
        stem += f"-{options.dialect}"
    return f"{stem}.{fmt.extension}"


def formats() -> list[ExportFormatOut]:
    """Every format with its path under ``/v1``, media type, extension and options.

    >>> [f.path for f in formats()][:2]
    ['/v1/export/json', '/v1/export/graphml']
    """
    return [
        ExportFormatOut(
            name=f.name,
            path=f"/v1/export/{f.name}",
            media_type=f.media_type,
            extension=f.extension,
            description=f.description,
            options=list(f.options),
        )
        for f in FORMATS.values()
    ]


def _every_format(snap: Snapshot) -> list[tuple[str, str, bytes, str]]:
    """Every other format, rendered with its default options (and Cypher in each dialect),
    for the bundle."""
    out = []
    for f in FORMATS.values():
        if f.name == "bundle":
            continue
        for dialect in DIALECTS if "dialect" in f.options else (None,):
            r = export(snap, f.name, dialect=dialect)
            out.append((r.filename, r.media_type, r.body, f.description))
    return out


class _Memo:
    """Finished exports of one snapshot, by (format, options)."""

    def __init__(self) -> None:
        self.lock = threading.RLock()  # the bundle renders the other formats inside it
        self.items: dict[tuple[str, Options], Rendered] = {}


_memos: dict[int, _Memo] = {}
_memos_lock = threading.Lock()


def _memo(snap: Snapshot) -> _Memo:
    key = id(snap)
    with _memos_lock:
        memo = _memos.get(key)
        if memo is None:
            memo = _memos[key] = _Memo()
            weakref.finalize(snap, _memos.pop, key, None)
    return memo


def parse_options(name: str, bom: bool | None = None, dialect: str | None = None) -> Options:
    """The options for format ``name``; one it does not take is an InvalidParameter."""
    fmt = require_format(name)
    for param, value in (("bom", bom), ("dialect", dialect)):
        if value is not None and param not in fmt.options:
            takers = ", ".join(f.name for f in FORMATS.values() if param in f.options)
            raise InvalidParameter(param, f"applies only to the formats {takers}")
    if dialect is not None and dialect not in DIALECTS:
        raise InvalidParameter("dialect", f"must be one of {', '.join(DIALECTS)}")
    return Options(bom=bool(bom), dialect=dialect or "neo4j")


def require_format(name: str) -> Format:
    """The format called ``name``; an unknown one is an InvalidParameter listing them all."""
    fmt = FORMATS.get(name)
    if fmt is None:
        raise InvalidParameter("format", f"unknown format {name!r}; one of {', '.join(FORMATS)}")
    return fmt


def export(
    snap: Snapshot,
    name: str,
    *,
    bom: bool | None = None,
    dialect: str | None = None,
    openapi: bytes | None = None,
) -> Rendered:
    """The snapshot in format ``name``, rendered once per snapshot and option set.

    Examples
    --------
    >>> from app import load_plan
    >>> snap = load_plan()
    >>> r = export(snap, "turtle")
    >>> r.media_type, r.filename.endswith(".ttl"), export(snap, "turtle") is r
    ('text/turtle; charset=utf-8', True, True)
    """
    fmt = require_format(name)
    options = replace(parse_options(name, bom, dialect), openapi=openapi)
    memo = _memo(snap)
    key = (name, options)
    hit = memo.items.get(key)
    if hit is not None:
        return hit
    with memo.lock:  # one render per format, even under concurrent first requests
        hit = memo.items.get(key)
        if hit is None:
            hit = Rendered(
                name, fmt.writer(snap, options), fmt.media_type, filename(snap, fmt, options)
            )
            memo.items[key] = hit
    return hit
