"""Search as an answer: nodes matching a query in any language, best first, with facets.

>>> from app import load_plan
>>> snap = load_plan()
>>> city = snap.nodes[snap.by_type["city"][0]]
>>> search(snap, city.name.zh).items[0].node.id == city.id
True
"""

from __future__ import annotations

from collections.abc import Sequence

from app.answers.facets import facet_dicts, of_type
from app.answers.schemas import SearchResult
from app.answers.serialize import dumps
from app.answers.views import views
from app.graph.snapshot import Snapshot

__all__ = ["search", "search_json"]


def search_json(
    snap: Snapshot,
    q: str,
    type_: str | None = None,
    limit: int = 20,
    facets: Sequence[str] = (),
) -> bytes:
    """The JSON of :func:`search`: nodes matching ``q`` in any language, best first.

    Parameters
    ----------
    snap : Snapshot
        The plan.
    q : str
        Chinese, English, pinyin (full syllables or initials), an alias or a quote.
    type_ : str, optional
        Keep the nodes of this type.
    limit : int
        The most hits listed; ``total`` counts them all.
    facets : sequence of str
        Facets to count over every hit (see :func:`parse_facets`).

    Returns
    -------
    bytes
        A :class:`~app.answers.schemas.SearchResult` as JSON.
    """
    hits = snap.search_index.search(q, of_type(snap, type_))
    summaries = views(snap).summary_json
    return dumps(
        {
            "items": [
                {"node": summaries[h.node], "score": h.score, "field": h.field}
                for h in hits[:limit]
            ],
            "total": len(hits),
            "facets": facet_dicts(snap, (h.node for h in hits), facets) if facets else None,
        }
    )


def search(
    snap: Snapshot,
    q: str,
    type_: str | None = None,
    limit: int = 20,
    facets: Sequence[str] = (),
) -> SearchResult:
    """Nodes matching ``q`` in any language, best first (:func:`search_json`, parsed)."""
    return SearchResult.model_validate_json(search_json(snap, q, type_, limit, facets))
