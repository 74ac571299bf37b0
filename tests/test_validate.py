"""Semantic checks: every problem reported with its path, never a crash on odd JSON."""

from __future__ import annotations

from typing import Any

from app.datafile.validate import find_cycle, semantic_problems
from tests.miniplan import TEXT, mutated

TEXTS = {"valley-text": TEXT}


def problems(plan: dict[str, Any]) -> list[str]:
    return [str(p) for p in semantic_problems(plan, TEXTS)]


def test_the_mini_plan_has_no_semantic_problem() -> None:
    assert problems(mutated()) == []


def test_odd_values_are_problems_not_crashes() -> None:
    plan = mutated()
    plan["documents"][0]["plan_ranges"] = True
    inferred = next(i for i, e in enumerate(plan["edges"]) if e["evidence"] == "inferred")
    plan["edges"][inferred]["rationale"] = {"why": "a dict"}
    plan["nodes"][0]["sources"] = [{"document": "valley-text", "start": True, "end": 5}]
    assert problems(plan) == [f"$.edges[{inferred}].rationale: an inferred edge needs a rationale"]


def test_a_bad_span_names_its_source() -> None:
    plan = mutated()
    plan["edges"][5]["sources"] = [{"document": "valley-text", "start": 9, "end": 3}]
    assert problems(plan) == ["$.edges[5].sources[0]: empty or reversed span 9..3"]


def test_find_cycle_returns_the_cycle_in_order() -> None:
    assert find_cycle({"x": ["a"], "a": ["b"], "b": ["c"], "c": ["a"]}) == ["a", "b", "c"]
    assert find_cycle({"a": ["a"]}) == ["a"]
    assert find_cycle({"a": ["b", "c"], "b": ["c"], "c": []}) == []


def test_a_long_chain_does_not_overflow() -> None:
    chain = {str(i): [str(i + 1)] for i in range(50_000)}
    assert find_cycle(chain) == []
    chain["50000"] = ["0"]
    assert len(find_cycle(chain)) == 50_001


def test_null_and_empty_attribute_values_are_problems() -> None:
    plan = mutated()
    north = next(i for i, n in enumerate(plan["nodes"]) if n["id"] == "north-city")
    plan["nodes"][north]["attributes"] = {"latitude": None, "longitude": 2.0, "tags": ["", "x"]}
    plan["edges"][0]["attributes"] = {"note": {}}
    assert problems(plan) == [
        f"$.nodes[{north}].attributes.latitude: null value",
        f"$.nodes[{north}].attributes.tags[0]: empty value ''",
        "$.edges[0].attributes.note: empty value {}",
    ]


def test_declared_attributes_of_the_wrong_shape_are_problems() -> None:
    plan = mutated()
    by_id = {n["id"]: i for i, n in enumerate(plan["nodes"])}
    plan["nodes"][by_id["south-city"]]["attributes"] = {"latitude": "unknown", "longitude": 2.5}
    plan["nodes"][by_id["chapter-1"]]["attributes"] = {"number": "one"}
    plan["nodes"][by_id["valley"]]["attributes"] = {"center": "North City"}
    e = next(i for i, e in enumerate(plan["edges"]) if e["relation"] == "part_of")
    plan["edges"][e]["attributes"] = {"role": "hub"}
    assert problems(plan) == [
        f"$.nodes[{by_id['valley']}].attributes.center: expected a bilingual text {{zh?, en}}, "
        "got 'North City'",
        f"$.nodes[{by_id['south-city']}].attributes.latitude: expected a number, got 'unknown'",
        f"$.nodes[{by_id['chapter-1']}].attributes.number: expected an integer, got 'one'",
        f"$.edges[{e}].attributes.role: expected one of 'core', 'area', got 'hub'",
    ]
