"""Subgraphs: ego networks as node-link data, bounded."""

from __future__ import annotations

import networkx as nx
import pytest

from app.answers.subgraph import subgraph
from app.errors import InvalidParameter, NodeNotFound
from app.graph.snapshot import Snapshot
from app.graph.walk import MAX_DEPTH, MAX_IDS, MAX_NODES
from tests.bigplan import HUB


def test_subgraph_is_the_ego_network_as_node_link_data(mini: Snapshot) -> None:
    data = subgraph(mini, "riverton-lab", depth=1).model_dump()
    assert {n["id"] for n in data["nodes"]} == {
        "riverton-lab",
        "build-lab",
        "open-lab",
        "north-city",
    }
    lab = next(n for n in data["nodes"] if n["id"] == "riverton-lab")
    assert lab == {
        "id": "riverton-lab",
        "type": "platform",
        "name_zh": "河城实验室",
        "name_en": "Riverton Lab",
    }
    for e in data["edges"]:
        assert e["id"] == e["key"] == f"{e['source']}--{e['relation']}--{e['target']}"
        assert e["evidence"] in ("stated", "inferred")
    g = nx.node_link_graph(data, edges="edges")
    assert g.is_directed()
    assert g.is_multigraph()
    assert g.number_of_edges() == 3
    assert g.nodes["north-city"]["name_en"] == "North City"


def test_subgraph_unions_ego_networks_and_keeps_every_edge_among_them(mini: Snapshot) -> None:
    data = subgraph(mini, "build-lab,open-lab", depth=0)
    assert {n.id for n in data.nodes} == {"build-lab", "open-lab"}
    assert data.edges == []
    data = subgraph(mini, ["build-lab", "lab-network"], depth=0)
    assert [e.id for e in data.edges] == ["build-lab--part_of--lab-network"]
    assert data.ids == ["build-lab", "lab-network"]


def test_subgraph_limits(mini: Snapshot, big: Snapshot) -> None:
    with pytest.raises(InvalidParameter) as exc:
        subgraph(mini, [f"n{i}" for i in range(MAX_IDS + 1)])
    assert exc.value.parameter == "ids"
    assert str(MAX_IDS) in exc.value.reason
    with pytest.raises(InvalidParameter) as exc:
        subgraph(mini, "riverton-lab", depth=MAX_DEPTH + 1)
    assert exc.value.parameter == "depth"
    with pytest.raises(NodeNotFound):
        subgraph(mini, "riverton-lab,nowhere")

    hub = subgraph(big, HUB, depth=MAX_DEPTH)
    assert hub.truncated
    assert len(hub.nodes) == MAX_NODES
    kept = {n.id for n in hub.nodes}
    assert all(e.source in kept and e.target in kept for e in hub.edges)

    spokes = subgraph(big, [f"spoke-{i}" for i in range(MAX_IDS)], depth=0)
    assert not spokes.truncated
    assert len(spokes.nodes) == MAX_IDS
