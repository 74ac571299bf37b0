"""Per-snapshot views: the response shapes of every node and edge, built once, lazily.

Besides the response models, a view keeps finished JSON (``orjson.Fragment``) of each
node's summary, and of each full node and edge once asked for, so that an answer is
serialised by embedding bytes made once per snapshot instead of dumping models anew.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING

import orjson

from app.models import Source, SpanSource
from app.schemas import EdgeOut, NodeOut, SourceOut, Summary

if TYPE_CHECKING:
    from app.graph.snapshot import Snapshot


class Views:
    """Summaries, full nodes and edges of one snapshot, shaped for answers."""

    def __init__(self, snap: Snapshot) -> None:
        self._snap = snap
        # finished JSON of full nodes and edges, made on first use (a race makes the same
        # bytes twice, never different ones)
        self._node_json: dict[str, bytes] = {}
        self._edge_json: dict[str, orjson.Fragment] = {}

    def sources(self, items: Iterable[Source]) -> list[SourceOut]:
        out = []
        for s in items:
            if isinstance(s, SpanSource):
                out.append(
                    SourceOut(
                        document=s.document, start=s.start, end=s.end, quote=self._snap.quote(s)
                    )
                )
            else:
                out.append(
                    SourceOut(document=s.document, locator=s.locator, confidence=s.confidence)
                )
        return out

    @cached_property
    def _summary_shapes(self) -> tuple[Mapping[str, Summary], Mapping[str, orjson.Fragment]]:
        models: dict[str, Summary] = {}
        finished: dict[str, orjson.Fragment] = {}
        dumps, fragment = orjson.dumps, orjson.Fragment
        for n in self._snap.nodes.values():
            models[n.id] = Summary(id=n.id, type=n.type, name=n.name)
            name = {"zh": n.name.zh, "en": n.name.en}
            finished[n.id] = fragment(dumps({"id": n.id, "type": n.type, "name": name}))
        return models, finished

    @property
    def summaries(self) -> Mapping[str, Summary]:
        """Each node's :class:`Summary` (built with :attr:`summary_json`, on first use)."""
        return self._summary_shapes[0]

    @property
    def summary_json(self) -> Mapping[str, orjson.Fragment]:
        """Each node's :class:`Summary` as finished JSON, the bytes the model serialises to."""
        return self._summary_shapes[1]

    def node_json(self, node_id: str) -> bytes:
        """The full node (:class:`NodeOut`) as JSON, made on first use."""
        found = self._node_json.get(node_id)
        if found is None:
            found = self._node_json[node_id] = self.nodes[node_id].model_dump_json().encode()
        return found

    def edge_json(self, edge_id: str) -> orjson.Fragment:
        """The edge (:class:`EdgeOut`) as finished JSON, made on first use."""
        found = self._edge_json.get(edge_id)
        if found is None:
            found = self._edge_json[edge_id] = orjson.Fragment(
                self.edges[edge_id].model_dump_json().encode()
            )
        return found

    @cached_property
    def nodes(self) -> Mapping[str, NodeOut]:
        return {
            n.id: NodeOut(
                id=n.id,
                type=n.type,
                name=n.name,
                aliases=list(n.aliases),
                description=n.description,
                attributes=dict(n.attributes),
                sources=self.sources(n.sources),
            )
            for n in self._snap.nodes.values()
        }

    @cached_property
    def edges(self) -> Mapping[str, EdgeOut]:
        return {
            e.id: EdgeOut(
                id=e.id,
                source=e.source,
                target=e.target,
                relation=e.relation,
                evidence=e.evidence,
                sources=self.sources(e.sources),
                rationale=e.rationale,
                attributes=dict(e.attributes),
            )
            for e in self._snap.edges.values()
        }
