"""The data changelog: ``plangraph diff OLD NEW`` lists what was added, removed and changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner

from app.cli import cli
from app.datafile.diff import diff_files, render_text
from tests.miniplan import edge, mutated, node, write_plan


def _changed_plan() -> dict[str, Any]:
    plan = mutated()
    nodes = {n["id"]: n for n in plan["nodes"]}
    nodes["north-city"]["name"]["en"] = "North Town"
    nodes["north-city"]["attributes"]["latitude"] = 1.5
    nodes["firms"]["aliases"] = ["companies"]
    plan["nodes"] = [n for n in plan["nodes"] if n["id"] != "green-tech"]
    plan["edges"] = [e for e in plan["edges"] if e["target"] != "green-tech"]
    plan["nodes"].append(node("startups", "actor", "初创企业", "Start-ups"))
    plan["edges"].append(edge("open-lab", "involves", "startups"))
    for e in plan["edges"]:
        if e["id"] == "host-week--builds--valley-week":
            e["evidence"] = "inferred"
            e["sources"] = []
            e["rationale"] = "The week is the plan's own event."
    return plan


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    old = write_plan(tmp_path_factory.mktemp("old"))
    new = write_plan(tmp_path_factory.mktemp("new"), _changed_plan())
    return old, new


def test_nodes_and_edges_added_removed_and_changed_by_field(files: tuple[Path, Path]) -> None:
    d = diff_files(*files)
    assert d.different
    assert [n["id"] for n in d.nodes.added] == ["startups"]
    assert [n["id"] for n in d.nodes.removed] == ["green-tech"]
    changed = {c.id: {f.field: (f.old, f.new) for f in c.fields} for c in d.nodes.changed}
    assert changed == {
        "north-city": {"name.en": ("North City", "North Town"), "attributes.latitude": (1.0, 1.5)},
        "firms": {"aliases": ([], ["companies"])},
    }
    assert [e["id"] for e in d.edges.added] == ["open-lab--involves--startups"]
    assert [e["id"] for e in d.edges.removed] == ["build-lab--focuses_on--green-tech"]
    [week] = d.edges.changed
    fields = {f.field: f.new for f in week.fields}
    assert week.id == "host-week--builds--valley-week"
    assert set(fields) == {"evidence", "sources", "rationale"}
    assert fields["evidence"] == "inferred"
    assert not d.documents
    assert d.old_version != d.new_version


def test_a_file_against_itself_has_no_differences(files: tuple[Path, Path]) -> None:
    d = diff_files(files[0], files[0])
    assert not d.different
    assert render_text(d) == f"{d.old_version} -> {d.new_version}: no differences"


def test_text_form_reads_one_line_per_element_and_field(files: tuple[Path, Path]) -> None:
    result = CliRunner().invoke(cli, ["diff", str(files[0]), str(files[1])])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "nodes: +1 -1 ~2" in lines
    assert "edges: +1 -1 ~1" in lines
    assert "  + startups (actor) Start-ups / 初创企业" in lines
    assert "  - green-tech (field) Green technology / 绿色技术" in lines
    assert "      name.en: 'North City' -> 'North Town'" in lines
    assert "  + open-lab--involves--startups: open-lab -involves-> startups" in lines


def test_json_form_and_exit_code(files: tuple[Path, Path]) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["diff", str(files[0]), str(files[1]), "--json"])
    assert result.exit_code == 0
    data = orjson.loads(result.stdout)
    assert data["summary"]["nodes"] == {"added": 1, "removed": 1, "changed": 2}
    assert data["nodes"]["added"][0]["name"] == {"zh": "初创企业", "en": "Start-ups"}
    firms = next(c for c in data["nodes"]["changed"] if c["id"] == "firms")
    assert firms["changes"] == [{"field": "aliases", "old": [], "new": ["companies"]}]
    different = runner.invoke(cli, ["diff", str(files[0]), str(files[1]), "--exit-code"])
    assert different.exit_code == 1
    same = runner.invoke(cli, ["diff", str(files[0]), str(files[0]), "--exit-code"])
    assert same.exit_code == 0


def test_an_unreadable_file_is_reported_not_diffed(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format_version": 1, "nodes": "no"}', encoding="utf-8")
    result = CliRunner().invoke(cli, ["diff", str(files[0]), str(bad)])
    assert result.exit_code == 2
    assert "INVALID" in result.output
    missing = CliRunner().invoke(cli, ["diff", str(files[0]), str(tmp_path / "none.json")])
    assert missing.exit_code == 2
