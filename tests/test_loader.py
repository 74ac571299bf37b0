"""Loading and validating data files: a bad file is rejected whole, with every problem."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from app.datafile.parse import content_version
from app.errors import DataFileInvalid
from app.runtime.load import load_plan
from tests.miniplan import PLAN, mutated, write_plan


def problems_of(tmp_path: Path, plan: dict[str, Any], text: str | None = None) -> list[str]:
    path = write_plan(tmp_path, plan) if text is None else write_plan(tmp_path, plan, text)
    with pytest.raises(DataFileInvalid) as info:
        load_plan(path)
    return [str(p) for p in info.value.problems]


def test_mini_plan_loads_into_a_frozen_snapshot(mini_path: Path) -> None:
    snap = load_plan(mini_path)
    assert snap.version == content_version(mini_path.read_bytes())
    assert len(snap.nodes) == len(PLAN["nodes"])
    assert snap.graph.number_of_edges() == len(PLAN["edges"])
    assert nx.is_frozen(snap.graph)
    with pytest.raises(nx.NetworkXError):
        snap.graph.add_node("intruder")
    with pytest.raises(TypeError):
        snap.nodes["north-city"] = snap.nodes["south-city"]  # type: ignore[index]


def test_duplicate_node_id(tmp_path: Path) -> None:
    plan = mutated()
    plan["nodes"].append(dict(plan["nodes"][2]))
    assert any("duplicate node id 'north-city'" in p for p in problems_of(tmp_path, plan))


def test_dangling_edge_end(tmp_path: Path) -> None:
    plan = mutated()
    plan["edges"][0]["target"] = "atlantis"
    (problem,) = problems_of(tmp_path, plan)
    assert problem == "$.edges[0].target: edge end 'atlantis' is not a node"


def test_unknown_type_and_relation(tmp_path: Path) -> None:
    plan = mutated()
    plan["nodes"][0]["type"] = "spaceship"
    plan["edges"][0]["relation"] = "teleports_to"
    found = problems_of(tmp_path, plan)
    assert any(p.startswith("$.nodes[0].type:") for p in found)
    assert any(p.startswith("$.edges[0].relation:") for p in found)


def test_relation_between_types_it_does_not_allow(tmp_path: Path) -> None:
    plan = mutated()
    plan["edges"].append(
        {**plan["edges"][0], "id": "x", "source": "firms", "relation": "builds", "target": "valley"}
    )
    found = problems_of(tmp_path, plan)
    assert any("builds cannot join a actor (firms) to a region (valley)" in p for p in found)


def test_offsets_outside_the_text(tmp_path: Path) -> None:
    plan = mutated()
    plan["nodes"][0]["sources"] = [{"document": "valley-text", "start": 10, "end": 99999}]
    found = problems_of(tmp_path, plan)
    assert any(p.startswith("$.nodes[0].sources[0]: span 10..99999 is outside") for p in found)


def test_unknown_document(tmp_path: Path) -> None:
    plan = mutated()
    plan["nodes"][1]["sources"] = [{"document": "ghost-doc", "locator": "p. 1"}]
    found = problems_of(tmp_path, plan)
    assert "$.nodes[1].sources[0].document: unknown document 'ghost-doc'" in found


def test_part_of_cycle(tmp_path: Path) -> None:
    plan = mutated()
    plan["edges"].append(
        {**plan["edges"][3], "id": "loop", "source": "valley-plan", "target": "chapter-1"}
    )
    found = problems_of(tmp_path, plan)
    assert any("part_of cycle" in p and "chapter-1" in p for p in found)


def test_missing_english_name(tmp_path: Path) -> None:
    plan = mutated()
    del plan["nodes"][4]["name"]["en"]
    found = problems_of(tmp_path, plan)
    assert "$.nodes[4].name.en: missing required field 'en'" in found


def test_inferred_edge_without_rationale(tmp_path: Path) -> None:
    plan = mutated()
    inferred = next(i for i, e in enumerate(plan["edges"]) if e["evidence"] == "inferred")
    plan["edges"][inferred]["rationale"] = " "
    found = problems_of(tmp_path, plan)
    assert f"$.edges[{inferred}].rationale: an inferred edge needs a rationale" in found


def test_text_that_changed_under_its_hash(tmp_path: Path) -> None:
    found = problems_of(tmp_path, mutated(), text="A different text entirely.\n")
    assert any(p.startswith("$.documents[0].sha256: text 'valley.txt' has sha256") for p in found)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    plan = mutated()
    plan["nodes"].append(dict(plan["nodes"][2]))  # duplicate id
    plan["edges"][0]["target"] = "atlantis"  # dangling
    del plan["nodes"][4]["name"]["en"]  # missing English
    plan["nodes"][0]["sources"] = [{"document": "ghost-doc", "locator": "x"}]  # unknown doc
    assert len(problems_of(tmp_path, plan)) >= 4


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{not json", "$: not valid JSON"),
        (b"[1, 2]", "$: the file must hold a JSON object"),
        (b'{"format_version": 1}', "$.title: missing required field 'title'"),
    ],
)
def test_files_that_are_not_plans(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(content)
    with pytest.raises(DataFileInvalid) as info:
        load_plan(path)
    assert any(str(p).startswith(expected) for p in info.value.problems)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileInvalid, match="1 problem"):
        load_plan(tmp_path / "absent.json")


def test_text_path_cannot_escape_the_data_directory(tmp_path: Path) -> None:
    plan = mutated()
    plan["documents"][0]["path"] = "../../etc/passwd"
    found = problems_of(tmp_path, plan)
    assert any("must stay beside the file" in p for p in found)
