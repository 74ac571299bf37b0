"""The graph the explorer draws: the whole plan, or a node's neighbourhood, with a colour
per node type.

The layout itself is computed in the browser (cytoscape.js, with dagre for the plan's
hierarchy); this module chooses what is drawn. The whole plan is drawn when it has at most
:data:`MAX_WHOLE` nodes (more would not lay out and draw within a second in a browser); a
larger plan is drawn as neighbourhoods (a node and the nodes within ``radius`` steps, at most
:data:`MAX_AROUND` of them, the closest kept), starting from its best-connected node. Each
answer is built once per snapshot (neighbourhoods in a bounded memo).

Examples
--------
>>> from app import load_plan
>>> snap = load_plan()
>>> out = layout(snap)
>>> out.whole and len(out.nodes) == len(snap.nodes)
True
>>> layout(snap) is layout(snap)  # built once per snapshot
True
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from functools import cached_property

import networkx as nx

from app.answers.schemas.layout import LayoutEdge, LayoutNode, LayoutOut, TypeStyle
from app.answers.views import views
from app.errors import InvalidParameter
from app.graph.lookup import require_node
from app.graph.snapshot import Snapshot
from app.vocabulary import NODE_TYPES

#: the largest plan drawn whole; larger ones are drawn as neighbourhoods
MAX_WHOLE = 400
#: the most nodes a neighbourhood holds (the closest ones are kept)
MAX_AROUND = 150
MAX_RADIUS = 3
#: neighbourhoods kept per snapshot
MEMO_SIZE = 256

#: one colour per node type, chosen to stay apart from each other on a light background
TYPE_COLOURS: Mapping[str, str] = {
    "plan": "#0f172a",
    "chapter": "#94a3b8",
    "goal": "#d97706",
    "pillar": "#7c3aed",
    "measure": "#2563eb",
    "action": "#0891b2",
    "platform": "#e11d48",
    "zone": "#16a34a",
    "city": "#9a3412",
    "region": "#57534e",
    "field": "#c026d3",
    "actor": "#65a30d",
    "instrument": "#a8a29e",
    "program": "#0d9488",
}
_FALLBACK_COLOUR = "#6b7280"


def type_colour(type_: str) -> str:
    """The colour a node type is drawn in.

    >>> type_colour("measure")
    '#2563eb'
    """
    return TYPE_COLOURS.get(type_, _FALLBACK_COLOUR)


class Drawing:
    """One drawing: the nodes drawn and the edges among them."""

    def __init__(
        self,
        snap: Snapshot,
        nodes: Sequence[str],
        *,
        center: str | None = None,
        radius: int | None = None,
        truncated: bool = False,
    ) -> None:
        keep = set(nodes)
        self.nodes = tuple(sorted(nodes, key=snap.order.__getitem__))
        self.edges = tuple(
            e.id for n in self.nodes for e in snap.out_edges.get(n, ()) if e.target in keep
        )
        self.center = center
        self.radius = radius
        self.truncated = truncated
        self.whole = len(self.nodes) == len(snap.nodes)


class Layouts:
    """The drawings of one snapshot, each built on first use."""

    def __init__(self, snap: Snapshot) -> None:
        self._snap = snap
        self._lock = threading.Lock()
        self._around: OrderedDict[tuple[str, int], LayoutOut] = OrderedDict()

    @cached_property
    def hub(self) -> str:
        """The best-connected node (the first in plan order among equals); needs a node."""
        g = self._snap.simple_graph
        return max(self._snap.nodes, key=lambda n: (g.degree(n), -self._snap.order[n]))

    @cached_property
    def whole(self) -> LayoutOut | None:
        """The whole graph, or None when it has more than :data:`MAX_WHOLE` nodes."""
        snap = self._snap
        if len(snap.nodes) > MAX_WHOLE:
            return None
        return _shape(snap, Drawing(snap, list(snap.nodes)))

    def around(self, node: str, radius: int) -> LayoutOut:
        """The neighbourhood of ``node`` within ``radius`` steps, closest nodes first."""
        key = (node, radius)
        with self._lock:
            hit = self._around.get(key)
            if hit is not None:
                self._around.move_to_end(key)
                return hit
        drawing = _shape(self._snap, self._neighbourhood(node, radius))
        with self._lock:
            self._around[key] = drawing
            while len(self._around) > MEMO_SIZE:
                self._around.popitem(last=False)
        return drawing

    def _neighbourhood(self, node: str, radius: int) -> Drawing:
        g = self._snap.simple_graph
        depth = nx.single_source_shortest_path_length(g, node, cutoff=radius)
        ids = sorted(depth, key=lambda n: (depth[n], self._snap.order[n]))
        truncated = len(ids) > MAX_AROUND
        ids = ids[:MAX_AROUND]
        return Drawing(
            self._snap,
            ids,
            center=node,
            radius=radius,
            truncated=truncated,
        )


_memo: OrderedDict[str, Layouts] = OrderedDict()
_memo_lock = threading.Lock()


def layouts(snap: Snapshot) -> Layouts:
    """The (memoised) drawings of ``snap``; the last few snapshots' are kept."""
    with _memo_lock:
        found = _memo.get(snap.version)
        if found is None or found._snap is not snap:
            found = _memo[snap.version] = Layouts(snap)
        _memo.move_to_end(snap.version)
        while len(_memo) > 4:
            _memo.popitem(last=False)
        return found


def type_styles(snap: Snapshot) -> list[TypeStyle]:
    """The colour of every node type, with how many nodes of it the plan has.

    >>> from app import load_plan
    >>> type_styles(load_plan())[0].name
    'plan'
    """
    return [
        TypeStyle(name=t, colour=type_colour(t), count=len(snap.by_type.get(t, ())))
        for t in NODE_TYPES
    ]


def _shape(snap: Snapshot, d: Drawing) -> LayoutOut:
    g = snap.simple_graph
    counts: dict[str, int] = {}
    for n in d.nodes:
        counts[snap.nodes[n].type] = counts.get(snap.nodes[n].type, 0) + 1
    summaries = views(snap).summaries
    return LayoutOut(
        version=snap.version,
        whole=d.whole,
        center=d.center,
        radius=d.radius,
        truncated=d.truncated,
        nodes=[LayoutNode(**dict(summaries[n]), degree=g.degree(n)) for n in d.nodes],
        edges=[
            LayoutEdge(
                id=e.id, source=e.source, target=e.target, relation=e.relation, evidence=e.evidence
            )
            for e in (snap.edges[i] for i in d.edges)
        ],
        types=[
            TypeStyle(name=t, colour=type_colour(t), count=counts.get(t, 0))
            for t in NODE_TYPES
            if t in counts
        ],
    )


def layout(snap: Snapshot, node: str | None = None, radius: int = 1) -> LayoutOut:
    """The whole graph, or ``node``'s neighbourhood within ``radius`` steps, to draw.

    Without ``node``, a graph of more than :data:`MAX_WHOLE` nodes is drawn as the
    neighbourhood of its best-connected node.

    Raises
    ------
    NodeNotFound
        ``node`` is not in the plan.
    InvalidParameter
        ``radius`` is not between 1 and :data:`MAX_RADIUS`.
    """
    if not 1 <= radius <= MAX_RADIUS:
        raise InvalidParameter("radius", f"must be between 1 and {MAX_RADIUS}")
    ls = layouts(snap)
    if node is not None:
        return ls.around(require_node(snap, node), radius)
    if ls.whole is not None:
        return ls.whole
    return ls.around(ls.hub, radius)  # too large to draw whole
