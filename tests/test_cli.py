"""The plangraph command: validate, stats, build, schema."""

from __future__ import annotations

from pathlib import Path

import orjson
from typer.testing import CliRunner

from app.cli import cli
from tests.miniplan import mutated, write_plan

runner = CliRunner()


def test_validate_a_good_file(mini_path: Path) -> None:
    result = runner.invoke(cli, ["validate", str(mini_path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("VALID ")
    assert "action=5" in result.output
    assert "part_of=12" in result.output
    assert "coverage: 7/7 clauses (100.0%)" in result.output


def test_validate_a_broken_file_lists_every_problem(tmp_path: Path) -> None:
    plan = mutated()
    plan["edges"][0]["target"] = "atlantis"
    del plan["nodes"][4]["name"]["en"]
    result = runner.invoke(cli, ["validate", str(write_plan(tmp_path, plan))])
    assert result.exit_code == 1
    assert "INVALID" in result.output
    assert "$.edges[0].target: edge end 'atlantis' is not a node" in result.output
    assert "$.nodes[4].name.en: missing required field 'en'" in result.output


def test_stats_reads_plangraph_data(mini_path: Path) -> None:
    result = runner.invoke(cli, ["stats"], env={"PLANGRAPH_DATA": str(mini_path)})
    assert result.exit_code == 0, result.output
    assert "Riverton Valley Plan" in result.output


def test_build_computes_offsets_from_quotes(tmp_path: Path) -> None:
    write_plan(tmp_path)  # the text the authored file quotes
    (tmp_path / "plan.yaml").write_text(
        """
format_version: 1
title: {zh: 河谷规划, en: Riverton Valley Plan}
documents:
  - id: valley-text
    title: {zh: 文本, en: Text}
    kind: plan-text
    date: "2030-01-01"
    description: {en: The text.}
    path: valley.txt
    plan_ranges: [{from: "By 2030", to: "South Park."}]
nodes:
  - {id: lab, type: platform, name: {zh: 实验室, en: Riverton Lab}, sources: [Riverton Lab]}
  - id: the-lab
    type: platform
    name: {zh: 实验室二, en: The lab}
    sources: [{quote: lab, occurrence: 2}]
  - {id: north, type: city, name: {zh: 北城, en: North City}, sources: [North City]}
edges:
  - [lab, located_in, north, North City]
""",
        encoding="utf-8",
    )
    out = tmp_path / "built.json"
    result = runner.invoke(cli, ["build", str(tmp_path / "plan.yaml"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    built = orjson.loads(out.read_bytes())
    text = (tmp_path / "valley.txt").read_text(encoding="utf-8")
    lab = built["nodes"][0]["sources"][0]
    assert text[lab["start"] : lab["end"]] == "Riverton Lab"
    second = built["nodes"][1]["sources"][0]
    assert text[second["start"] : second["end"]] == "lab"
    assert second["start"] == text.index("lab", text.index("lab") + 1)
    (edge,) = built["edges"]
    assert edge["id"] == "lab--located_in--north"
    assert text[edge["sources"][0]["start"] : edge["sources"][0]["end"]] == "North City"


def test_build_rejects_ambiguous_and_missing_quotes(tmp_path: Path) -> None:
    write_plan(tmp_path)
    (tmp_path / "plan.yaml").write_text(
        """
format_version: 1
title: {zh: 河谷规划, en: Riverton Valley Plan}
documents:
  - {id: valley-text, title: {zh: 文本, en: Text}, kind: plan-text, date: "2030",
     description: {en: The text.}, path: valley.txt}
nodes:
  - {id: a, type: field, name: {zh: 甲, en: A}, sources: [the]}
  - {id: b, type: field, name: {zh: 乙, en: B}, sources: [unicorns]}
""",
        encoding="utf-8",
    )
    result = runner.invoke(
        cli, ["build", str(tmp_path / "plan.yaml"), "--out", str(tmp_path / "o.json")]
    )
    assert result.exit_code == 1
    assert "quote 'the' occurs" in result.output
    assert "give an occurrence" in result.output
    assert "quote 'unicorns' not found" in result.output


def test_schema_command_prints_the_json_schema() -> None:
    result = runner.invoke(cli, ["schema"])
    assert result.exit_code == 0
    schema = orjson.loads(result.output)
    assert schema["$schema"].endswith("2020-12/schema")
    assert "nodes" in schema["properties"]
