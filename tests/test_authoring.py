"""Building the data file from its authored YAML: a source with a problem writes no file."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import cli
from app.datafile.authoring import build
from app.errors import DataFileInvalid
from tests.miniplan import write_plan

runner = CliRunner()

SOURCE = """
format_version: 1
title: {zh: 河谷规划, en: Riverton Valley Plan}
documents:
  - {id: valley-text, title: {zh: 文本, en: Text}, kind: plan-text, date: "2030",
     description: {en: The text.}, path: valley.txt}
nodes:
  - id: valley
    type: region
    name: {zh: 河谷, en: Riverton Valley}
    attributes:
      planning_area:
        extent: {zh: 两城全域, en: EXTENT}
    sources: [the valley becomes]
  - {id: north, type: city, name: {zh: 北城, en: North City}, sources: [North City]}
edges:
  - [north, part_of, valley]
"""


def write_source(tmp_path: Path, extent: str) -> Path:
    write_plan(tmp_path)  # the text the source quotes
    path = tmp_path / "plan.yaml"
    path.write_text(SOURCE.replace("EXTENT", extent), encoding="utf-8")
    return path


def test_an_unquoted_value_split_at_its_commas_writes_no_file(tmp_path: Path) -> None:
    source = write_source(tmp_path, "The whole of North City, South City and the hills")
    out = tmp_path / "built.json"
    with pytest.raises(DataFileInvalid) as err:
        build(source, out)
    assert [str(p) for p in err.value.problems] == [
        "$.nodes[0].attributes.planning_area.extent.South City and the hills: null value"
    ]
    assert not out.exists()
    result = runner.invoke(cli, ["build", str(source), "--out", str(out)])
    assert result.exit_code == 1
    assert "FAILED" in result.output
    assert "extent.South City and the hills: null value" in result.output
    assert not out.exists()


def test_the_quoted_value_builds(tmp_path: Path) -> None:
    source = write_source(tmp_path, '"The whole of North City, South City and the hills"')
    out = tmp_path / "built.json"
    result = runner.invoke(cli, ["build", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    built = build(source, out)
    extent = built["nodes"][0]["attributes"]["planning_area"]["extent"]
    assert extent["en"] == "The whole of North City, South City and the hills"
