"""Looking ids up: a node or a document by id, or the closest ids to suggest when it is
not there (for a 404's "did you mean").

>>> from app import load_plan
>>> snap = load_plan()
>>> city = snap.by_type["city"][0]
>>> require_node(snap, city, "city") == city
True
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import process

from app.errors import DocumentNotFound, NodeNotFound
from app.graph.snapshot import Snapshot

__all__ = ["require_document", "require_node", "suggest"]


def suggest(candidates: Iterable[str], wrong: str, limit: int = 3, cutoff: float = 50) -> list[str]:
    """The ids closest to ``wrong`` (for a 404's "did you mean")."""
    found = process.extract(wrong, list(candidates), limit=limit, score_cutoff=cutoff)
    return [str(choice) for choice, _score, _pos in found]


def require_node(snap: Snapshot, node_id: str, type_: str | None = None) -> str:
    """Return ``node_id`` if it is a node (of ``type_``), else raise NodeNotFound.

    The error names the id and suggests the closest ids (of ``type_`` when given).
    """
    node = snap.nodes.get(node_id)
    if node is not None and (type_ is None or node.type == type_):
        return node_id
    if type_ is None:
        raise NodeNotFound(node_id, suggest(snap.nodes.keys(), node_id))
    reason = f"{node_id!r} is a {node.type}, not a {type_}" if node is not None else ""
    # an id of another type lists that type's ids; a nonsense id gets only close ones
    cutoff = 0 if node is not None else 50
    raise NodeNotFound(
        node_id, suggest(snap.by_type.get(type_, ()), node_id, cutoff=cutoff), reason
    )


def require_document(snap: Snapshot, doc_id: str) -> str:
    if doc_id not in snap.documents:
        raise DocumentNotFound(doc_id, suggest(snap.documents, doc_id))
    return doc_id
