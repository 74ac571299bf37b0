"""Documents as answers: their metadata, a shipped text, and the nodes and edges citing
a range of it.

>>> from app import load_plan
>>> snap = load_plan()
>>> [d.id for d in documents(snap)] == list(snap.documents)
True
"""

from __future__ import annotations

from app.answers.naming import expression_iri, work_iri
from app.answers.schemas import CitingNode, DocumentOut, DocumentText, Spans
from app.answers.views import views
from app.errors import DocumentNotFound
from app.graph.lookup import require_document
from app.graph.snapshot import Snapshot

__all__ = ["document", "documents", "spans"]


def _document(snap: Snapshot, doc_id: str) -> DocumentOut:
    d = snap.documents[doc_id]
    text = snap.texts.get(doc_id)
    return DocumentOut(
        id=d.id,
        title=d.title,
        kind=d.kind,
        publisher=d.publisher,
        date=d.date,
        description=d.description,
        sha256=d.sha256,
        length=len(text) if text is not None else None,
        plan_ranges=[{"start": r.start, "end": r.end} for r in d.plan_ranges],
        work=work_iri(d.naming) if d.naming else None,
        expression=expression_iri(d.naming) if d.naming else None,
    )


def documents(snap: Snapshot) -> list[DocumentOut]:
    """Metadata of every cited document."""
    return [_document(snap, d) for d in snap.documents]


def document(snap: Snapshot, doc_id: str) -> DocumentText:
    """A document's metadata and, when shipped, its full text."""
    meta = _document(snap, require_document(snap, doc_id))
    return DocumentText(**dict(meta), text=snap.texts.get(doc_id))


def spans(snap: Snapshot, doc_id: str, start: int = 0, end: int | None = None) -> Spans:
    """The nodes and edges citing any part of ``text[start:end]``.

    The range is cut to the text as a slice is (``start`` and ``end`` past the text's end
    mean its end; ``end`` at or before ``start`` is the empty range at ``start``), and the
    answer states the range it covers. A document without a shipped text has no ranges:
    a DocumentNotFound suggesting the documents that have one.
    """
    require_document(snap, doc_id)
    text = snap.texts.get(doc_id)
    if text is None:
        raise DocumentNotFound(
            doc_id,
            [d for d in snap.documents if d in snap.texts],
            reason=f"document {doc_id!r} has no shipped text (it is cited by section), "
            "so no ranges of it",
        )
    n = len(text)
    start = min(start, n)
    end = max(start, min(n if end is None else end, n))
    cites = snap.citing(doc_id, start, end) if start < end else []
    nodes = [
        CitingNode(
            node=views(snap).summaries[c.id], start=c.start, end=c.end, quote=text[c.start : c.end]
        )
        for c in cites
        if c.kind == "node"
    ]
    edge_ids = dict.fromkeys(c.id for c in cites if c.kind == "edge")
    return Spans(
        document=doc_id,
        start=start,
        end=end,
        text=text[start:end],
        nodes=nodes,
        edges=[views(snap).edges[e] for e in edge_ids],
    )
