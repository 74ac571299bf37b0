"""Per-snapshot views: the response shapes of every node and edge, built once, lazily.

Besides the response models, a view keeps the finished JSON of each node's summary and
full node (built with the models) and of each edge once asked for, so that an answer is
serialised by embedding bytes made once per snapshot instead of dumping models anew.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING

import orjson

from app.answers.schemas import EdgeOut, NodeOut, SourceOut, Summary
from app.models import Source, SpanSource

if TYPE_CHECKING:
    from app.graph.snapshot import Snapshot


def kept(data: bytes) -> bytes:
    """A copy of ``data`` the size of its contents, for bytes kept with the snapshot.

    What ``orjson.dumps`` returns can hold on to the buffer it grew (kilobytes for a
    summary of a hundred bytes): a hundred thousand kept as they are take 400 MB.
    """
    return bytes(memoryview(data))


class Views:
    """Summaries, full nodes and edges of one snapshot, shaped for answers."""

    def __init__(self, snap: Snapshot) -> None:
        self._snap = snap
        # finished JSON of edges, made on first use (a race makes the same bytes twice,
        # never different ones)
        self._edge_json: dict[str, bytes] = {}

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
    def _summary_shapes(
        self,
    ) -> tuple[Mapping[str, Summary], Mapping[str, bytes], Mapping[str, orjson.Fragment]]:
        models: dict[str, Summary] = {}
        finished: dict[str, bytes] = {}
        fragments: dict[str, orjson.Fragment] = {}
        dumps, fragment = orjson.dumps, orjson.Fragment
        for n in self._snap.nodes.values():
            models[n.id] = Summary(id=n.id, type=n.type, name=n.name)
            name = {"zh": n.name.zh, "en": n.name.en}
            data = finished[n.id] = kept(dumps({"id": n.id, "type": n.type, "name": name}))
            fragments[n.id] = fragment(data)  # the same bytes, not a copy
        return models, finished, fragments

    @property
    def summaries(self) -> Mapping[str, Summary]:
        """Each node's :class:`Summary` (built with its JSON, on first use)."""
        return self._summary_shapes[0]

    @property
    def summary_bytes(self) -> Mapping[str, bytes]:
        """Each node's :class:`Summary` as JSON, the bytes the model serialises to."""
        return self._summary_shapes[1]

    @property
    def summary_json(self) -> Mapping[str, orjson.Fragment]:
        """:attr:`summary_bytes` as fragments to embed in answers serialised with orjson."""
        return self._summary_shapes[2]

    def node_json(self, node_id: str) -> bytes:
        """The full node (:class:`NodeOut`) as JSON (made with the models of :attr:`nodes`)."""
        return self._node_shapes[1][node_id]

    def edge_json(self, edge_id: str) -> bytes:
        """The edge (:class:`EdgeOut`) as JSON, made on first use."""
        found = self._edge_json.get(edge_id)
        if found is None:
            found = self._edge_json[edge_id] = self.edges[edge_id].model_dump_json().encode()
        return found

    @cached_property
    def _node_shapes(self) -> tuple[Mapping[str, NodeOut], Mapping[str, bytes]]:
        models = {
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
        return models, {k: m.model_dump_json().encode() for k, m in models.items()}

    @property
    def nodes(self) -> Mapping[str, NodeOut]:
        """Each full node (:class:`NodeOut`), built with its JSON on first use."""
        return self._node_shapes[0]

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
