"""The response shapes of every node and edge of a snapshot, made once, lazily, and kept
in the snapshot's memo (:func:`views`).

Besides the response models, a view keeps the finished JSON of each node's summary and
full node and of each edge, as fragments an answer embeds (:mod:`app.answers.serialize`)
instead of dumping models anew.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Any

import orjson

from app.answers.schemas import (
    EdgeOut,
    NodeOut,
    SourceOut,
    Summary,
)
from app.answers.serialize import dumps, fragment, kept
from app.graph.passages import passages
from app.graph.snapshot import Snapshot
from app.memo import Key
from app.models import Source, SpanSource
from app.passages import Passages

__all__ = ["Views", "views"]

_VIEWS: Key[Views] = Key("views")


def views(snap: Snapshot) -> Views:
    """The shapes of ``snap``'s nodes and edges (one :class:`Views` per snapshot)."""
    return snap.memo.get(_VIEWS, lambda: Views(snap))


class Views:
    """Summaries, full nodes and edges of one snapshot, shaped for answers."""

    def __init__(self, snap: Snapshot) -> None:
        self._snap = snap
        # finished JSON of edges, made on first use (a race makes the same bytes twice,
        # never different ones)
        self._edge_json: dict[str, bytes] = {}
        self._passages: dict[str, Passages] = {}
        self._spans: dict[tuple[str, int, int], SourceOut] = {}

    def sources(self, items: Iterable[Source]) -> list[SourceOut]:
        """Sources as served: a span with the quote it cites, its Web Annotation selectors
        and its context, or a section. A span cited several times is shaped once."""
        out: list[SourceOut] = []
        for s in items:
            if isinstance(s, SpanSource):
                key = (s.document, s.start, s.end)
                made = self._spans.get(key)
                if made is None:
                    made = self._spans[key] = self._span(s)
                out.append(made)
            else:
                out.append(
                    SourceOut(document=s.document, locator=s.locator, confidence=s.confidence)
                )
        return out

    def _span(self, s: SpanSource) -> SourceOut:
        found = self._passages.get(s.document)
        if found is None:
            found = self._passages[s.document] = passages(self._snap, s.document)
        p = found.get(s.start, s.end)
        return SourceOut.model_validate(
            {
                "document": s.document,
                "start": s.start,
                "end": s.end,
                "quote": p.exact,
                "selectors": [
                    {
                        "type": "TextQuoteSelector",
                        "exact": p.exact,
                        "prefix": p.prefix,
                        "suffix": p.suffix,
                    },
                    {"type": "TextPositionSelector", "start": s.start, "end": s.end},
                ],
                "context": {
                    "text": found.text[p.context_start : p.context_end],
                    "start": p.context_start,
                    "end": p.context_end,
                },
            }
        )

    @cached_property
    def _summary_shapes(
        self,
    ) -> tuple[Mapping[str, Summary], Mapping[str, bytes], Mapping[str, dict[str, Any]]]:
        models: dict[str, Summary] = {}
        finished: dict[str, bytes] = {}
        fields: dict[str, dict[str, Any]] = {}
        for n in self._snap.nodes.values():
            models[n.id] = Summary(id=n.id, type=n.type, name=n.name)
            name = fragment(kept(dumps({"zh": n.name.zh, "en": n.name.en})))
            fields[n.id] = {"id": n.id, "type": n.type, "name": name}
            finished[n.id] = kept(dumps(fields[n.id]))
        return models, finished, fields

    @property
    def summaries(self) -> Mapping[str, Summary]:
        """Each node's :class:`Summary` (built with its JSON, on first use)."""
        return self._summary_shapes[0]

    @property
    def summary_bytes(self) -> Mapping[str, bytes]:
        """Each node's :class:`Summary` as JSON, the bytes the model serialises to."""
        return self._summary_shapes[1]

    @cached_property
    def summary_json(self) -> Mapping[str, orjson.Fragment]:
        """:attr:`summary_bytes` as fragments to embed in answers."""
        return {k: fragment(v) for k, v in self.summary_bytes.items()}

    def summary_fields(self, node_id: str) -> dict[str, Any]:
        """A node's summary as a dict of its fields (its name a fragment), to extend."""
        return self._summary_shapes[2][node_id]

    def node_json(self, node_id: str) -> bytes:
        """The full node (:class:`NodeOut`) as JSON (made with the models of :attr:`nodes`)."""
        return self._node_shapes[1][node_id]

    def node_fields(self, node_id: str) -> dict[str, Any]:
        """The full node as a dict of its fields, each a fragment, to extend."""
        return self._node_shapes[2][node_id]

    def edge_json(self, edge_id: str) -> bytes:
        """The edge (:class:`EdgeOut`) as JSON, made on first use."""
        found = self._edge_json.get(edge_id)
        if found is None:
            found = self._edge_json[edge_id] = kept(self.edges[edge_id].model_dump_json().encode())
        return found

    @cached_property
    def _node_shapes(
        self,
    ) -> tuple[Mapping[str, NodeOut], Mapping[str, bytes], Mapping[str, dict[str, Any]]]:
        models = {
            n.id: NodeOut.model_validate(
                {
                    "id": n.id,
                    "type": n.type,
                    "name": n.name,
                    "aliases": list(n.aliases),
                    "description": n.description,
                    "attributes": dict(n.attributes),
                    "sources": self.sources(n.sources),
                }
            )
            for n in self._snap.nodes.values()
        }
        fields = {
            k: {f: fragment(kept(dumps(v))) for f, v in m.model_dump(mode="json").items()}
            for k, m in models.items()
        }
        return models, {k: kept(dumps(f)) for k, f in fields.items()}, fields

    @property
    def nodes(self) -> Mapping[str, NodeOut]:
        """Each full node (:class:`NodeOut`), built with its JSON on first use."""
        return self._node_shapes[0]

    @cached_property
    def edges(self) -> Mapping[str, EdgeOut]:
        """Each edge (:class:`EdgeOut`), built on first use."""
        return {
            e.id: EdgeOut.model_validate(
                {
                    "id": e.id,
                    "source": e.source,
                    "target": e.target,
                    "relation": e.relation,
                    "evidence": e.evidence,
                    "sources": self.sources(e.sources),
                    "rationale": e.rationale,
                    "attributes": dict(e.attributes),
                }
            )
            for e in self._snap.edges.values()
        }
