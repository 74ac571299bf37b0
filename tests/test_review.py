"""Warnings for a reviewer: stated edges whose passages name neither end, undeclared attributes."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from app.cli import cli
from app.datafile.review import review_warnings
from app.runtime.load import load_plan
from tests.miniplan import mutated, span, write_plan

runner = CliRunner()


def warnings_of(tmp_path: Path, plan: dict) -> list[str]:
    snap = load_plan(write_plan(tmp_path, plan))
    return [str(w) for w in review_warnings(snap.plan, snap.texts)]


def edge_index(plan: dict, eid: str) -> int:
    return next(i for i, e in enumerate(plan["edges"]) if e["id"] == eid)


def test_the_mini_plan_and_the_bundled_plan_have_no_warning(tmp_path: Path, plan) -> None:
    assert warnings_of(tmp_path, mutated()) == []
    assert review_warnings(plan.plan, plan.texts) == []


def test_a_stated_edge_citing_a_passage_that_names_neither_end_is_listed(tmp_path: Path) -> None:
    plan = mutated()
    i = edge_index(plan, "host-week--builds--valley-week")
    plan["edges"][i]["sources"] = [span("support the South Park")]
    assert warnings_of(tmp_path, plan) == [
        f"$.edges[{i}].sources: stated edge 'host-week--builds--valley-week': no cited passage "
        "names 'host-week' or 'valley-week'"
    ]


def test_one_passage_naming_an_end_is_enough_and_aliases_count(tmp_path: Path) -> None:
    plan = mutated()
    i = edge_index(plan, "host-week--builds--valley-week")
    plan["edges"][i]["sources"] = [span("support the South Park"), span("Valley Week")]
    assert warnings_of(tmp_path, plan) == []
    plan["edges"][i]["sources"] = [span("green")]
    week = next(n for n in plan["nodes"] if n["id"] == "valley-week")
    week["aliases"] = ["Green Week"]
    assert warnings_of(tmp_path, plan) == []  # the passage is part of an alias


def test_outline_edges_inferred_edges_and_sections_are_left_alone(tmp_path: Path) -> None:
    plan = mutated()
    unnamed = span("support the South Park")
    for eid in ("build-lab--part_of--lab-network", "research-pillar--part_of--chapter-1"):
        plan["edges"][edge_index(plan, eid)]["sources"] = [unnamed]
    i = edge_index(plan, "host-week--builds--valley-week")
    plan["edges"][i].update(evidence="inferred", rationale="The week is hosted.", sources=[unnamed])
    j = edge_index(plan, "run-grant--involves--valley-grant")
    plan["edges"][j]["sources"] = [{"document": "valley-plan", "locator": "s2"}]
    assert warnings_of(tmp_path, plan) == []


def test_undeclared_attributes_are_listed(tmp_path: Path) -> None:
    plan = mutated()
    lab = next(i for i, n in enumerate(plan["nodes"]) if n["id"] == "riverton-lab")
    plan["nodes"][lab]["attributes"] = {"opened": 2030}
    e = edge_index(plan, "build-lab--builds--riverton-lab")
    plan["edges"][e]["attributes"] = {"cost": 1}
    assert warnings_of(tmp_path, plan) == [
        f"$.nodes[{lab}].attributes.opened: attribute 'opened' is not declared for a platform",
        f"$.edges[{e}].attributes.cost: attribute 'cost' is not declared for builds",
    ]


def test_validate_lists_warnings_and_fails_on_them_when_strict(tmp_path: Path) -> None:
    plan = mutated()
    i = edge_index(plan, "host-week--builds--valley-week")
    plan["edges"][i]["sources"] = [span("support the South Park")]
    path = write_plan(tmp_path, plan)
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "warnings: 1\n" in result.output
    assert f"  WARNING $.edges[{i}].sources: stated edge 'host-week--builds--valley-week'" in (
        result.output
    )
    strict = runner.invoke(cli, ["validate", "--strict", str(path)])
    assert strict.exit_code == 1
    clean = runner.invoke(cli, ["validate", "--strict", str(write_plan(tmp_path, mutated()))])
    assert clean.exit_code == 0, clean.output
    assert "warnings: 0" in clean.output
