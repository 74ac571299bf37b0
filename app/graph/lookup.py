"""Looking ids up: a node or a document by id, or the closest ids to suggest when it is
not there (for a 404's "did you mean").

>>> from app import load_plan
>>> snap = load_plan()
>>> city = snap.by_type["city"][0]
>>> require_node(snap, city, "city") == city
True
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from rapidfuzz import fuzz, process

from app.errors import DocumentNotFound, NodeNotFound, NodeRetired
from app.graph.snapshot import Snapshot
from app.memo import Key

__all__ = ["require_document", "require_node", "retired", "suggest", "suggest_nodes"]

#: how close an id must be to be suggested (rapidfuzz's WRatio, 0-100): below it, the ids
#: offered for a nonsense id are unrelated
ID_CUTOFF = 80
#: how well a name, alias or pinyin must match (the search's tiers: exact 1, prefix 0.9,
#: substring 0.7; its fuzzy matches score below and are left out)
NAME_CUTOFF = 0.7
_NAME_FIELDS = frozenset({"name.zh", "name.en", "alias", "pinyin", "initials"})
#: a type with at most this many nodes is listed whole when nothing is close
LIST_AT_MOST = 10

_RETIRED: Key[dict[str, str | None]] = Key("retired")


def retired(snap: Snapshot) -> dict[str, str | None]:
    """Each retired node id of the plan and its successor (None when it has none)."""
    return snap.memo.get(_RETIRED, lambda: {r.id: r.successor for r in snap.plan.retired})


def suggest(
    candidates: Iterable[str], wrong: str, limit: int = 3, cutoff: float = ID_CUTOFF
) -> list[str]:
    """The ids closest to ``wrong`` (for a 404's "did you mean"); none when none is close.

    >>> suggest(["tianfu-laboratory", "deyang"], "tianfu-lab")
    ['tianfu-laboratory']
    >>> suggest(["tianfu-laboratory", "deyang"], "nowhere")
    []
    """
    found = process.extract(
        wrong, list(candidates), scorer=fuzz.WRatio, limit=limit, score_cutoff=cutoff
    )
    return [str(choice) for choice, _score, _pos in found]


def suggest_nodes(
    snap: Snapshot, wrong: str, allowed: Collection[str] | None = None, limit: int = 3
) -> list[str]:
    """Node ids for ``wrong``: the nodes it names (by name, alias or pinyin, as search finds
    them), then the ids spelled like it; only ids in ``allowed`` when given.

    >>> from app import load_plan
    >>> snap = load_plan()
    >>> node = snap.nodes["tianfu-laboratory"]
    >>> suggest_nodes(snap, node.name.zh)[0]
    'tianfu-laboratory'
    """
    pool = snap.nodes.keys() if allowed is None else allowed
    found = [
        h.node
        for h in snap.search_index.search(wrong[:200])
        if h.score >= NAME_CUTOFF and h.field in _NAME_FIELDS and h.node in pool
    ]
    found += suggest(pool, wrong, limit=limit)
    return list(dict.fromkeys(found))[:limit]


def require_node(snap: Snapshot, node_id: str, type_: str | None = None) -> str:
    """Return ``node_id`` if it is a node (of ``type_``), else raise NodeNotFound.

    The error names the id and suggests the nodes it may mean (of ``type_`` when given):
    by name, alias or pinyin, then by a close spelling. A type of a few nodes (the cities)
    is listed whole when none is close. A retired id raises :class:`~app.errors.NodeRetired`
    naming its successor.
    """
    node = snap.nodes.get(node_id)
    if node is not None and (type_ is None or node.type == type_):
        return node_id
    if node is None and node_id in retired(snap):
        raise NodeRetired(node_id, retired(snap)[node_id])
    if type_ is None:
        raise NodeNotFound(node_id, suggest_nodes(snap, node_id))
    of_type = snap.by_type.get(type_, ())
    close = suggest_nodes(snap, node_id, set(of_type))
    reason = (
        f"{node_id!r} is a {node.type}, not a {type_}"
        if node is not None
        else f"{type_} {node_id!r} is not in the plan"
    )
    if not close and 0 < len(of_type) <= LIST_AT_MOST:
        reason += f" (the {type_} ids: {', '.join(of_type)})"
    raise NodeNotFound(node_id, close, reason)


def require_document(snap: Snapshot, doc_id: str) -> str:
    if doc_id not in snap.documents:
        raise DocumentNotFound(doc_id, suggest(snap.documents, doc_id))
    return doc_id
