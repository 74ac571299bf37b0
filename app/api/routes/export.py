"""Exports: the whole graph in standard formats, as downloads."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from app.api.deps import SnapshotDep
from app.api.problems import responses
from app.graph import export as exports
from app.graph.export import FormatName
from app.graph.export.cypher import Dialect
from app.schemas.export import ExportFormatOut

router = APIRouter(prefix="/v1", tags=["export"])

_BINARY = {"type": "string", "format": "binary"}
_TEXT = {"type": "string"}
_CONTENT: dict[str, Any] = {
    "application/json": {"schema": {"type": "object", "additionalProperties": True}},
    "application/graphml+xml": {"schema": _TEXT},
    "application/zip": {"schema": _BINARY},
    "text/csv": {"schema": _TEXT},
    "text/turtle": {"schema": _TEXT},
    "application/ld+json": {"schema": {"type": "object", "additionalProperties": True}},
    "text/plain": {"schema": _TEXT},
    "application/geo+json": {"schema": {"type": "object", "additionalProperties": True}},
}


@router.get("/export", summary="Export formats")
def list_formats() -> list[ExportFormatOut]:
    """Every export format with its path, media type, file extension and options."""
    return exports.formats()


@router.get(
    "/export/{format}",
    summary="The whole graph in a standard format",
    response_class=Response,
    responses={
        200: {
            "description": "The file, with Content-Disposition naming it after the "
            "dataset version; the media type depends on the format.",
            "content": _CONTENT,
        },
        **responses(422),
    },
)
def get_export(
    snap: SnapshotDep,
    format: Annotated[
        FormatName,
        Path(description="The format; GET /v1/export lists them with their media types."),
    ],
    bom: Annotated[
        bool | None,
        Query(description="csv, nodes.csv, edges.csv: start each file with a UTF-8 BOM."),
    ] = None,
    dialect: Annotated[
        Dialect | None,
        Query(description="cypher: neo4j (constraints) or kuzu (table schema); default neo4j."),
    ] = None,
) -> Response:
    """The whole graph as a download: node-link JSON, GraphML, CSV, RDF, Cypher or GeoJSON."""
    r = exports.export(snap, format, bom=bom, dialect=dialect)
    return Response(
        r.body,
        media_type=r.media_type,
        headers={"Content-Disposition": f'attachment; filename="{r.filename}"'},
    )
