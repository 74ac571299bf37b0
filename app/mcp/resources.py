"""The resources: the shipped plan text by document id, the dataset's meta and the
vocabulary, each the very answer the API serves for it.

========================================  ===============================================
``plangraph://meta``                       version, documents, counts and text coverage
                                           (``GET /v1/meta``), JSON
``plangraph://vocabulary``                 node types and relations with their meaning and
                                           dependency direction (``GET /v1/schema``), JSON
``plangraph://documents``                  the cited documents (``GET /v1/documents``), JSON
``plangraph://documents/{document_id}``    a shipped text, as plain text: the offsets of
                                           every citation are code points into it
========================================  ===============================================
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ResourceNotFoundError
from pydantic import TypeAdapter

from app.answers.documents import document, documents
from app.answers.meta import LoadAttempt, meta, schema
from app.answers.schemas import DocumentOut
from app.errors import NotFound, PlanGraphError
from app.graph.snapshot import Snapshot

__all__ = ["JSON", "register_resources"]

JSON = "application/json"
_DOCUMENTS = TypeAdapter(list[DocumentOut])


def _json(value: Any) -> str:
    dumped = value.model_dump(mode="json", by_alias=True) if hasattr(value, "model_dump") else value
    return orjson.dumps(dumped).decode()


def _reading(current: Callable[[], Snapshot]) -> Callable[[], Snapshot]:
    """``current``, with no snapshot yet a resource error saying so."""

    def snapshot() -> Snapshot:
        try:
            return current()
        except PlanGraphError as exc:
            raise ResourceError(f"{exc.title}: {exc.detail}") from exc

    return snapshot


def register_resources(
    server: MCPServer[Any],
    current: Callable[[], Snapshot],
    last_load: Callable[[], LoadAttempt | None] = lambda: None,
) -> None:
    """Add the plan's resources to ``server``, each read from ``current()``."""
    current = _reading(current)

    @server.resource(
        "plangraph://meta",
        name="meta",
        title="Dataset metadata",
        description="The dataset's version, documents, counts by node type and relation, "
        "and how much of the plan's text its citations cover.",
        mime_type=JSON,
    )
    def read_meta() -> str:
        return _json(meta(current(), last_load()))

    @server.resource(
        "plangraph://vocabulary",
        name="vocabulary",
        title="Node types and relations",
        description="Every node type and relation with its meaning, allowed ends and the "
        "direction of dependency (which end needs the other), and the reach scopes.",
        mime_type=JSON,
    )
    def read_vocabulary() -> str:
        return _json(schema(current()))

    @server.resource(
        "plangraph://documents",
        name="documents",
        title="Cited documents",
        description="Every document the graph cites, with its length in code points when "
        "its text is shipped (read it at plangraph://documents/{id}).",
        mime_type=JSON,
    )
    def read_documents() -> str:
        return orjson.dumps(_DOCUMENTS.dump_python(documents(current()), mode="json")).decode()

    @server.resource(
        "plangraph://documents/{document_id}",
        name="document-text",
        title="A document's text",
        description="The shipped text of a cited document, by document id: every citation's "
        "start and end are code-point offsets into it.",
        mime_type="text/plain",
    )
    def read_text(document_id: str) -> str:
        try:
            found = document(current(), document_id)
        except NotFound as exc:
            raise ResourceNotFoundError(exc.detail) from exc
        except PlanGraphError as exc:
            raise ResourceError(f"{exc.title}: {exc.detail}") from exc
        if found.text is None:
            raise ResourceNotFoundError(
                f"document {document_id!r} is cited by section: its text is not shipped"
            )
        return found.text
