"""The cited documents, their texts, and the graph elements citing a range of a text."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.answers import documents as answers
from app.answers.schemas import DocumentOut, DocumentText, Spans
from app.api.deps import SnapshotDep
from app.api.problems import responses

router = APIRouter(prefix="/v1", tags=["documents"])
DocId = Annotated[str, Path(max_length=200, description="A document id.")]


@router.get("/documents", summary="List documents")
def list_documents(snap: SnapshotDep) -> list[DocumentOut]:
    """Metadata of every document the graph cites."""
    return answers.documents(snap)


@router.get("/documents/{document_id}", summary="One document", responses=responses(404, 422))
def get_document(snap: SnapshotDep, document_id: DocId) -> DocumentText:
    """A document's metadata and, for shipped texts, its full text."""
    return answers.document(snap, document_id)


@router.get(
    "/documents/{document_id}/spans",
    summary="Nodes and edges citing a range of a text",
    responses=responses(404, 422),
)
def get_spans(
    snap: SnapshotDep,
    document_id: DocId,
    start: Annotated[int, Query(ge=0, le=10**9, description="First code point.")] = 0,
    end: Annotated[
        int | None, Query(ge=1, le=10**9, description="End (exclusive); default the text's end.")
    ] = None,
) -> Spans:
    """The nodes and edges citing any part of ``text[start:end]``, with their quotes.

    The range is cut to the text as a slice is (past the end: the end; ``end`` at or before
    ``start``: empty) and the answer states the range it covers. A document cited by
    section has no text, hence no ranges: 404.
    """
    return answers.spans(snap, document_id, start, end)
