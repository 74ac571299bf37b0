"""Layouts of the graph for drawing: node positions in a square box, and a colour per type.

Positions come from networkx's force-directed ``spring_layout`` with a fixed seed, so a
snapshot always draws the same way. They are computed lazily and once per snapshot: the
whole graph on first request (when it has at most :data:`MAX_WHOLE` nodes), and each
neighbourhood (a node and the nodes within ``radius`` steps) on first request too, kept in
a bounded memo. A graph too large to draw whole is drawn as neighbourhoods, starting from
its best-connected node.

Examples
--------
>>> from app import load_plan
>>> snap = load_plan()
>>> out = layout(snap)
>>> all(0 <= n.x <= out.size and 0 <= n.y <= out.size for n in out.nodes)
True
>>> layout(snap) is layout(snap)  # computed once per snapshot
True
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from functools import cached_property

import networkx as nx

from app.answers.schemas.layout import LayoutOut, PlacedEdge, PlacedNode, TypeStyle
from app.answers.views import views
from app.errors import InvalidParameter
from app.graph.lookup import require_node
from app.graph.snapshot import Snapshot
from app.vocabulary import NODE_TYPES

#: the side of the square box positions are given in
SIZE = 1000.0
#: the largest graph drawn whole; larger ones are drawn as neighbourhoods (this also keeps
#: networkx on its dense, numpy-only solver, which it leaves at 500 nodes)
MAX_WHOLE = 400
#: the most nodes a neighbourhood layout holds (the closest ones are kept)
MAX_AROUND = 150
MAX_RADIUS = 3
#: neighbourhood layouts kept per snapshot
MEMO_SIZE = 256
_MARGIN = 0.04
_SEED = 7

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


def _positions(
    g: nx.Graph, initial: Mapping[str, object] | None = None
) -> dict[str, tuple[float, float]]:
    """Spring-layout ``g`` and scale it into the box, keeping its aspect ratio."""
    if g.number_of_nodes() == 0:
        return {}
    if g.number_of_nodes() == 1:
        (only,) = g.nodes
        return {only: (SIZE / 2, SIZE / 2)}
    n = g.number_of_nodes()
    raw = nx.spring_layout(
        g, pos=initial, k=1.6 / n**0.5, iterations=60, seed=_SEED, method="force"
    )
    xs = [float(p[0]) for p in raw.values()]
    ys = [float(p[1]) for p in raw.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    # a small graph takes a smaller part of the box, so its nodes stay close together
    inner = SIZE * (1 - 2 * _MARGIN) * min(1.0, 0.3 + 0.1 * n**0.5)
    ox = (SIZE - inner * (max(xs) - min(xs)) / span) / 2
    oy = (SIZE - inner * (max(ys) - min(ys)) / span) / 2
    return {
        str(node): (
            round(ox + (float(p[0]) - min(xs)) / span * inner, 1),
            round(oy + (float(p[1]) - min(ys)) / span * inner, 1),
        )
        for node, p in raw.items()
    }


class Drawing:
    """One layout: the nodes drawn, their positions, and the edges among them."""

    def __init__(
        self,
        snap: Snapshot,
        nodes: Sequence[str],
        positions: Mapping[str, tuple[float, float]],
        *,
        center: str | None = None,
        radius: int | None = None,
        truncated: bool = False,
    ) -> None:
        keep = set(nodes)
        self.nodes = tuple(sorted(nodes, key=snap.order.__getitem__))
        self.positions = positions
        self.edges = tuple(
            e.id for n in self.nodes for e in snap.out_edges.get(n, ()) if e.target in keep
        )
        self.center = center
        self.radius = radius
        self.truncated = truncated
        self.whole = len(self.nodes) == len(snap.nodes)


class Layouts:
    """The layouts of one snapshot, each computed on first use."""

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
        return _shape(snap, Drawing(snap, list(snap.nodes), _positions(snap.simple_graph)))

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
        sub = g.subgraph(ids)
        shells: list[list[str]] = [[] for _ in range(max(depth[n] for n in ids) + 1)]
        for n in ids:
            shells[depth[n]].append(n)
        initial = nx.shell_layout(sub, nlist=shells) if len(ids) > 1 else None
        return Drawing(
            self._snap,
            ids,
            _positions(sub, initial),
            center=node,
            radius=radius,
            truncated=truncated,
        )


_memo: OrderedDict[str, Layouts] = OrderedDict()
_memo_lock = threading.Lock()


def layouts(snap: Snapshot) -> Layouts:
    """The (memoised) layouts of ``snap``; the last few snapshots' are kept."""
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
        size=SIZE,
        nodes=[
            PlacedNode(
                **dict(summaries[n]),
                x=d.positions[n][0],
                y=d.positions[n][1],
                degree=g.degree(n),
            )
            for n in d.nodes
        ],
        edges=[
            PlacedEdge(
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
    """Positions of the whole graph, or of ``node``'s neighbourhood within ``radius`` steps.

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
