"""Per-snapshot views: the response shapes of every node and edge, built once, lazily."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING

from app.models import Source, SpanSource
from app.schemas import EdgeOut, NodeOut, SourceOut, Summary

if TYPE_CHECKING:
    from app.graph.snapshot import Snapshot


class Views:
    """Summaries, full nodes and edges of one snapshot, shaped for answers."""

    def __init__(self, snap: Snapshot) -> None:
        self._snap = snap

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
    def summaries(self) -> Mapping[str, Summary]:
        return {n.id: Summary(id=n.id, type=n.type, name=n.name) for n in self._snap.nodes.values()}

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
