"""Exports: the whole snapshot in standard formats, each written by the library made for it.

====================  =============================  ===========================================
format                media type                     written by
====================  =============================  ===========================================
``json``              application/json               networkx node-link data
``graphml``           application/graphml+xml        networkx GraphML writer
``csv``               application/zip                the csv module (``nodes.csv``, ``edges.csv``)
``nodes.csv``         text/csv                       the csv module
``edges.csv``         text/csv                       the csv module
``turtle``            text/turtle                    rdflib
``jsonld``            application/ld+json            rdflib, with the @context of
                                                     :func:`~app.export.rdf.context`
``cypher``            text/plain                     :mod:`~app.export.cypher`
``geojson``           application/geo+json           :mod:`~app.export.geojson`
====================  =============================  ===========================================

Use :func:`export`: it renders a format once per snapshot and keeps the bytes.
"""

from app.export.registry import (
    FORMATS,
    Format,
    FormatName,
    Options,
    Rendered,
    export,
    formats,
    parse_options,
    require_format,
)

__all__ = [
    "FORMATS",
    "Format",
    "FormatName",
    "Options",
    "Rendered",
    "export",
    "formats",
    "parse_options",
    "require_format",
]
