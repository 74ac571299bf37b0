"""Paths and explanations: right answers, and bounded ones."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from app.answers.paths import explain, paths
from app.answers.schemas import PathOut
from app.errors import InvalidParameter
from app.graph.snapshot import Snapshot
from app.runtime.load import load_plan
from tests.bigplan import CHAIN, chain_goal
from tests.miniplan import edge, mutated, node, write_plan


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
