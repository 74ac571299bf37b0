"""networkx node-link JSON: the whole graph with every attribute, nested as in the API.

Read it back with ``networkx.node_link_graph(data, edges="edges")``: a ``MultiDiGraph`` whose
edge keys are the edge ids.
"""

from __future__ import annotations

import networkx as nx
import orjson

from app.answers.views import views
from app.graph.snapshot import Snapshot

EDGES_KEY = "edges"


def rich_graph(snap: Snapshot) -> nx.MultiDiGraph:
    """A MultiDiGraph of the snapshot carrying the API's full node and edge shapes.

    Node attributes are those of ``NodeOut`` (less ``id``), edge attributes those of
    ``EdgeOut`` (less ``id``, ``source`` and ``target``; the edge id is the key).
    """
    g = nx.MultiDiGraph(
        title=snap.plan.title.model_dump(),
        version=snap.version,
        format_version=snap.plan.format_version,
    )
    for nid, n in views(snap).nodes.items():
        g.add_node(nid, **n.model_dump(mode="json", exclude={"id"}))
    for eid, e in views(snap).edges.items():
        attrs = e.model_dump(mode="json", exclude={"id", "source", "target"})
        g.add_edge(e.source, e.target, key=eid, **attrs)
    return g


def write_json(snap: Snapshot) -> bytes:
    """The node-link JSON document (edges under ``"edges"``, edge ids under ``"key"``).

    Examples
    --------
    >>> from app import load_plan
    >>> snap = load_plan()
    >>> data = orjson.loads(write_json(snap))
    >>> g = nx.node_link_graph(data, edges="edges")
    >>> g.number_of_nodes() == len(snap.nodes) and g.number_of_edges() == len(snap.edges)
    True
    """
    data = nx.node_link_data(rich_graph(snap), edges=EDGES_KEY)
    return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"


__all__ = ["EDGES_KEY", "rich_graph", "write_json"]
