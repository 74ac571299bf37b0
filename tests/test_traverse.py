"""Dependencies, impact, paths, explanations and subgraphs: right answers, and bounded ones."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import networkx as nx
import pytest

from app.answers.paths import explain, paths
from app.answers.schemas import PathOut, Traversal
from app.answers.subgraph import subgraph
from app.answers.traverse import dependencies, impact
from app.errors import InvalidParameter, NodeNotFound
from app.graph.snapshot import Snapshot
from app.graph.walk import MAX_DEPTH, MAX_IDS, MAX_NODES
from app.runtime.load import load_plan
from tests.bigplan import CHAIN, HUB, MEASURE, big_plan, chain_goal
from tests.miniplan import edge, mutated, node, write_plan


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    """A plan with a hub of 6,000 spokes and a chain of 30 goals."""
    return load_plan(write_plan(tmp_path_factory.mktemp("big"), big_plan()))


def depths(answer: Traversal) -> dict[str, int]:
    return {n.id: n.depth for n in answer.nodes}


def assert_well_formed(snap: Snapshot, answer: Traversal) -> None:
    """Each node is reached by its ``via`` edge from a node one step nearer the root, and
    every listed edge joins two nodes of the answer."""
    level = {answer.root.id: 0, **depths(answer)}
    assert len(answer.nodes) <= MAX_NODES
    assert answer.root.id not in depths(answer)
    for n in answer.nodes:
        assert 1 <= n.depth <= answer.depth
        e = snap.edges[n.via]
        other = e.source if e.target == n.id else e.target
        assert n.id in (e.source, e.target)
        assert level[other] == n.depth - 1
    ids = {e.id for e in answer.edges}
    assert len(ids) == len(answer.edges)
    assert {n.via for n in answer.nodes} <= ids
    for out in answer.edges:
        assert out.source in level
        assert out.target in level


# ---- dependencies and impact -------------------------------------------------------------


def test_impact_of_a_lab_climbs_to_its_actions_measure_pillar_and_goal(mini: Snapshot) -> None:
    answer = impact(mini, "riverton-lab")
    assert depths(answer) == {
        "build-lab": 1,
        "open-lab": 1,
        "lab-network": 2,
        "research-pillar": 3,
        "chapter-1": 4,
        "goal-2030": 4,
        "valley-plan": 5,
    }
    assert not answer.truncated
    assert answer.direction == "impact"
    assert_well_formed(mini, answer)


def test_dependencies_of_a_goal_reach_down_to_places(mini: Snapshot) -> None:
    got = depths(dependencies(mini, "goal-2030"))
    assert got["green"] == 1  # its sub-goal
    assert got["research-pillar"] == 1  # contributes to it
    assert got["lab-network"] == 2
    assert got["build-lab"] == 3
    assert got["riverton-lab"] == 4  # what the action builds
    assert got["north-city"] == 5  # where that lab is
    assert "valley-plan" not in got  # the plan needs the goal's parts, not the reverse


def test_depth_limits_the_walk(mini: Snapshot) -> None:
    answer = dependencies(mini, "goal-2030", depth=1)
    assert depths(answer) == {"green": 1, "research-pillar": 1}
    assert_well_formed(mini, answer)


def test_relation_and_evidence_restrict_the_walk(mini: Snapshot) -> None:
    # the pillar serves the goal only by an inferred edge
    assert depths(dependencies(mini, "goal-2030", evidence="stated")) == {"green": 1}
    assert depths(dependencies(mini, "goal-2030", relation="part_of")) == {"green": 1}
    both = dependencies(mini, "goal-2030", relation="part_of,contributes_to")
    assert {n.type for n in both.nodes} == {"goal", "pillar", "measure", "action"}
    assert {e.relation for e in both.edges} == {"part_of", "contributes_to"}


def test_type_filters_the_answer_not_the_walk(mini: Snapshot) -> None:
    answer = dependencies(mini, "goal-2030", type_="action")
    assert {n.id for n in answer.nodes} == {
        "build-lab",
        "open-lab",
        "run-grant",
        "host-week",
        "support-park",
    }
    assert all(n.depth == 3 for n in answer.nodes)
    # the edges still tell how the walk got there
    edge_ids = {e.id for e in answer.edges}
    assert "research-pillar--contributes_to--goal-2030" in edge_ids
    assert "lab-network--part_of--research-pillar" in edge_ids
    assert {n.via for n in answer.nodes} <= edge_ids


def test_bad_parameters_name_the_parameter(mini: Snapshot) -> None:
    with pytest.raises(InvalidParameter) as exc:
        impact(mini, "riverton-lab", depth=MAX_DEPTH + 1)
    assert exc.value.parameter == "depth"
    assert str(MAX_DEPTH) in exc.value.reason
    with pytest.raises(InvalidParameter) as exc:
        impact(mini, "riverton-lab", depth=0)
    assert exc.value.parameter == "depth"
    with pytest.raises(InvalidParameter) as exc:
        impact(mini, "riverton-lab", relation="builds,owns")
    assert exc.value.parameter == "relation"
    assert "'owns'" in exc.value.reason
    with pytest.raises(InvalidParameter) as exc:
        dependencies(mini, "goal-2030", type_="planet")
    assert exc.value.parameter == "type"
    with pytest.raises(InvalidParameter) as exc:
        dependencies(mini, "goal-2030", evidence="rumoured")
    assert exc.value.parameter == "evidence"
    with pytest.raises(NodeNotFound) as nf:
        impact(mini, "riverton-lob")
    assert "riverton-lab" in nf.value.suggestions


@pytest.mark.parametrize("which", ["mini", "plan"])
def test_every_node_as_a_source_gives_bounded_mirrored_answers(
    which: str, request: pytest.FixtureRequest
) -> None:
    """From every node, at the largest depth: both walks are well formed and mirror each
    other (y is a dependency of x exactly when x is in the impact of y)."""
    snap: Snapshot = request.getfixturevalue(which)
    needs = {}
    needed_by = {}
    for nid in snap.nodes:
        down = dependencies(snap, nid, MAX_DEPTH)
        up = impact(snap, nid, MAX_DEPTH)
        assert not down.truncated
        assert not up.truncated
        assert_well_formed(snap, down)
        assert_well_formed(snap, up)
        needs[nid] = {n.id: n.depth for n in down.nodes}
        needed_by[nid] = {n.id: n.depth for n in up.nodes}
    for x, found in needs.items():
        for y, d in found.items():
            assert needed_by[y].get(x) == d


def test_a_hub_is_cut_at_the_node_budget(big: Snapshot) -> None:
    answer = impact(big, HUB)
    assert answer.truncated
    assert len(answer.nodes) == MAX_NODES
    assert all(n.depth == 1 for n in answer.nodes)
    assert_well_formed(big, answer)

    answer = dependencies(big, MEASURE, MAX_DEPTH)
    assert answer.truncated
    assert len(answer.nodes) == MAX_NODES

    small = impact(big, HUB, max_nodes=10)
    assert small.truncated
    assert len(small.nodes) == 10


def test_the_time_budget_is_checked_inside_the_loop(big: Snapshot) -> None:
    answer = impact(big, HUB, timeout=-1.0)
    assert answer.truncated
    assert answer.nodes == []


def test_the_largest_depth_stops_at_ten(big: Snapshot) -> None:
    up = impact(big, chain_goal(0), MAX_DEPTH)
    assert depths(up) == {chain_goal(i): i for i in range(1, MAX_DEPTH + 1)}
    assert not up.truncated
    down = dependencies(big, chain_goal(CHAIN - 1), MAX_DEPTH)
    assert depths(down) == {chain_goal(CHAIN - 1 - i): i for i in range(1, MAX_DEPTH + 1)}


# ---- paths -------------------------------------------------------------------------------


def assert_joined(snap: Snapshot, path: PathOut, directed: bool) -> None:
    ids = [n.id for n in path.nodes]
    assert len(path.edges) == path.length == len(ids) - 1
    assert len(set(ids)) == len(ids)  # simple
    for (u, v), e in zip(pairwise(ids), path.edges, strict=True):
        assert (e.source, e.target) == (u, v) or (not directed and (e.source, e.target) == (v, u))


def test_paths_ignore_direction_by_default(mini: Snapshot) -> None:
    found = paths(mini, "north-city", "south-city")
    assert [n.id for n in found.paths[0].nodes] == ["north-city", "valley", "south-city"]
    lengths = [p.length for p in found.paths]
    assert lengths == sorted(lengths)
    assert len(found.paths) <= 3
    for p in found.paths:
        assert_joined(mini, p, directed=False)
    # both cities are part of the valley: no path follows the edges from one to the other
    assert paths(mini, "north-city", "south-city", directed=True).paths == []


def test_directed_paths_follow_edges(mini: Snapshot) -> None:
    found = paths(mini, "build-lab", "valley-plan", directed=True, limit=5)
    assert found.paths
    for p in found.paths:
        assert_joined(mini, p, directed=True)
    assert [n.id for n in found.paths[0].nodes] == [
        "build-lab",
        "lab-network",
        "research-pillar",
        "chapter-1",
        "valley-plan",
    ]


def test_paths_respect_max_length_and_limit(mini: Snapshot) -> None:
    assert paths(mini, "north-city", "south-city", max_length=1).paths == []
    found = paths(mini, "build-lab", "support-park", limit=20, max_length=8)
    assert 1 <= len(found.paths) <= 20
    assert all(p.length <= 8 for p in found.paths)
    same = paths(mini, "green", "green")
    assert [p.length for p in same.paths] == [0]
    for param, kwargs in (
        ("limit", {"limit": 21}),
        ("limit", {"limit": 0}),
        ("max_length", {"max_length": 9}),
    ):
        with pytest.raises(InvalidParameter) as exc:
            paths(mini, "green", "valley", **kwargs)  # type: ignore[arg-type]
        assert exc.value.parameter == param


def test_paths_between_hub_spokes_stay_bounded(big: Snapshot) -> None:
    found = paths(big, "spoke-1", "spoke-2", max_length=8, limit=20)
    assert len(found.paths) == 20
    assert [p.length for p in found.paths[:2]] == [2, 2]  # through the hub, and the measure
    assert all(p.length <= 8 for p in found.paths)
    for p in found.paths:
        assert_joined(big, p, directed=False)
    # the chain's far end is 31 edges away: nothing within 8, and no enumeration
    assert paths(big, "spoke-1", chain_goal(CHAIN - 1), max_length=8, limit=20).paths == []


# ---- explanations ------------------------------------------------------------------------


def test_explain_reads_each_hop_as_a_cited_sentence(mini: Snapshot) -> None:
    why = explain(mini, "riverton-lab", "north-city")
    assert why.found
    assert why.length == 1
    (step,) = why.steps
    assert (step.from_.id, step.to.id) == ("riverton-lab", "north-city")
    assert step.relation == "located_in"
    assert step.direction == "forward"
    assert step.evidence == "stated"
    assert step.quote == "North City"
    assert step.sentence.en == "Riverton Lab (河城实验室) is located in North City (北城)"
    assert step.sentence.zh == "河城实验室位于北城"


def test_explain_walks_against_edges_with_inverse_sentences(mini: Snapshot) -> None:
    why = explain(mini, "riverton-lab", "research-pillar")
    assert why.length == 3
    assert [s.direction for s in why.steps] == ["inverse", "forward", "forward"]
    first = why.steps[0]
    assert first.relation in ("builds", "involves")
    assert first.sentence.zh.startswith("河城实验室")
    assert first.sentence.en.startswith("Riverton Lab (河城实验室) is ")
    assert "the action" in first.sentence.en
    assert why.steps[-1].sentence.en.endswith(
        "is part of the pillar Build the research base (建设研究基地)"
    )
    assert why.path is not None
    assert [n.id for n in why.path.nodes][-1] == "research-pillar"
    assert why.text is not None
    assert why.text.en.count(";") == 2


def test_an_inferred_hop_gives_its_rationale(mini: Snapshot) -> None:
    (step,) = explain(mini, "research-pillar", "goal-2030").steps
    assert step.evidence == "inferred"
    assert step.quote is None
    assert step.rationale == "Research serves the 2030 goal."
    assert step.sentence.en.startswith(
        "Build the research base (建设研究基地) contributes to the goal"
    )


def test_explain_prefers_stated_edges_among_equally_short_paths(tmp_path: Path) -> None:
    plan = mutated()
    # a second, inferred-only route of the same length from the lab to the measure
    plan["nodes"].append(node("lab-twin", "action", "孪生行动", "Twin action"))
    plan["edges"] += [
        edge(
            "lab-twin",
            "builds",
            "riverton-lab",
            evidence="inferred",
            sources=[],
            rationale="A guess.",
        ),
        edge("lab-twin", "part_of", "lab-network"),
    ]
    snap = load_plan(write_plan(tmp_path, plan))
    why = explain(snap, "riverton-lab", "lab-network")
    assert why.length == 2
    assert all(s.evidence == "stated" for s in why.steps)


def test_explain_says_when_nothing_joins_two_nodes(tmp_path: Path) -> None:
    plan = mutated()
    plan["nodes"].append(node("lonely-field", "field", "孤立领域", "Lonely field"))
    snap = load_plan(write_plan(tmp_path, plan))
    why = explain(snap, "lonely-field", "goal-2030")
    assert not why.found
    assert why.steps == []
    assert why.path is None
    assert why.model_dump(by_alias=True)["from"]["id"] == "lonely-field"


def test_explain_across_a_hub_and_a_long_chain_stays_bounded(big: Snapshot) -> None:
    why = explain(big, "spoke-1", "spoke-2")
    assert why.length == 2
    far = explain(big, "spoke-1", chain_goal(CHAIN - 1))
    assert far.length == CHAIN + 1  # spoke, its measure, then every goal of the chain
    assert [s.relation for s in far.steps[:2]] == ["part_of", "contributes_to"]


# ---- subgraphs ---------------------------------------------------------------------------


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
