"""The neighbourhood of a few nodes, as networkx node-link data."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from app.answers.params import check_range, parse_ids
from app.answers.schemas import Subgraph
from app.graph.lookup import require_node
from app.graph.snapshot import Snapshot
from app.graph.walk import MAX_DEPTH, MAX_NODES, TIME_BUDGET, ego_nodes

__all__ = ["subgraph"]


def subgraph(
    snap: Snapshot,
    ids: str | Iterable[str],
    depth: int = 1,
    *,
    max_nodes: int = MAX_NODES,
    timeout: float = TIME_BUDGET,
) -> Subgraph:
    """The union of the ego networks of ``ids`` (radius ``depth``, direction ignored), as
    networkx node-link data with edges under ``edges``.

    Parameters
    ----------
    snap : Snapshot
        The plan.
    ids : str or iterable of str
        Up to :data:`MAX_IDS` node ids (comma-separated in a string).
    depth : int
        The radius, 0 to :data:`MAX_DEPTH`.
    max_nodes, timeout : int, float
        Budgets; past either the answer stops growing and says ``truncated``.

    Returns
    -------
    Subgraph
        Nodes carry ``type``, ``name_zh``, ``name_en``; edges ``id`` (also the multigraph
        ``key``), ``relation``, ``evidence``. Every edge among the kept nodes is included.

    Examples
    --------
    >>> from app import load_plan
    >>> snap = load_plan()
    >>> region = snap.by_type["region"][0]
    >>> data = subgraph(snap, region, depth=1).model_dump()
    >>> data["multigraph"], region in {n["id"] for n in data["nodes"]}
    (True, True)
    >>> import networkx as nx
    >>> g = nx.node_link_graph(data, edges="edges")
    >>> g.number_of_nodes() == len(data["nodes"])
    True
    """
    roots = [require_node(snap, i) for i in parse_ids(ids)]
    check_range("depth", depth, 0, MAX_DEPTH)
    keep, truncated = ego_nodes(snap, roots, depth, max_nodes, timeout)
    data = nx.node_link_data(snap.graph.subgraph(keep), edges="edges")
    # a small subgraph view lists its nodes in set order: the plan's order instead, so that
    # the same request gets the same answer in every worker
    data["nodes"].sort(key=lambda n: snap.order[n["id"]])
    data["edges"].sort(key=lambda e: (snap.order[e["source"]], snap.order[e["target"]], e["key"]))
    for e in data["edges"]:
        e["id"] = e["key"]
    return Subgraph(
        directed=data["directed"],
        multigraph=data["multigraph"],
        graph=dict(data["graph"]),
        nodes=data["nodes"],
        edges=data["edges"],
        ids=roots,
        depth=depth,
        truncated=truncated,
    )
