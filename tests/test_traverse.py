"""Dependencies and impact: right answers, and bounded ones."""

from __future__ import annotations

import pytest

from app.answers.schemas import Traversal
from app.answers.traverse import dependencies, impact
from app.errors import InvalidParameter, NodeNotFound
from app.graph.snapshot import Snapshot
from app.graph.walk import MAX_DEPTH, MAX_NODES
from tests.bigplan import CHAIN, HUB, MEASURE, chain_goal


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
