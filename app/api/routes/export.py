"""Exports: the whole graph in standard formats, as downloads."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from app import export as exports
from app.answers.schemas.export import ExportFormatOut
from app.api.deps import SnapshotDep
from app.api.problems import responses
from app.export import FormatName
from app.export.cypher import Dialect

router = APIRouter(prefix="/v1", tags=["export"])

_STRING: dict[str, Any] = {"type": "string"}
_OBJECT: dict[str, Any] = {"type": "object", "additionalProperties": True}
#: the media types served, text first: a generic client that reads one type for all of them
#: then reads text, and the bytes stay in the raw response for the binary formats
_CONTENT: dict[str, Any] = {
    "text/csv": {"schema": _STRING},
    "text/turtle": {"schema": _STRING},
    "text/plain": {"schema": _STRING},
    "application/json": {"schema": _OBJECT},
    "application/ld+json": {"schema": _OBJECT},
    "application/geo+json": {"schema": _OBJECT},
    "application/graphml+xml": {"schema": _STRING},
    "application/zip": {"schema": {"type": "string", "format": "binary"}},
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
    request: Request,
    snap: SnapshotDep,
    format: Annotated[
        FormatName,
        Path(description="The format; GET /v1/export lists them with their media types."),
    ],
    bom: Annotated[
        bool | None,
        Query(
            description="csv, nodes.csv, edges.csv: start each file with a UTF-8 BOM; "
            "the other formats ignore it."
        ),
    ] = None,
    dialect: Annotated[
        Dialect | None,
        Query(
            description="cypher: neo4j (constraints) or kuzu (table schema); default neo4j; "
            "the other formats ignore it."
        ),
    ] = None,
) -> Response:
    """The whole graph as a download: node-link JSON, GraphML, CSV, RDF, Cypher, GeoJSON, or
    the bundle of them all with the texts, schemas and a manifest.

    An option applies to the formats listed with it (``GET /v1/export``) and is ignored by
    the others, so that every request the contract allows is answered.
    """
    openapi = request.app.state.openapi_contract() if format == "bundle" else None
    taken = exports.FORMATS[format].options
    r = exports.export(
        snap,
        format,
        bom=bom if "bom" in taken else None,
        dialect=dialect if "dialect" in taken else None,
        openapi=openapi,
    )
    return Response(
        r.body,
        media_type=r.media_type,
        headers={"Content-Disposition": f'attachment; filename="{r.filename}"'},
    )
