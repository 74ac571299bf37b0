"""A rejected data file as a person reads it: the cause first, its consequences counted."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.datafile.report import report_lines
from app.errors import DataFileInvalid
from app.runtime.load import load_plan
from tests.servers import ROOT


def test_a_copy_without_its_text_reports_one_cause_and_a_count(tmp_path: Path) -> None:
    shutil.copyfile(ROOT / "data" / "plan_graph.json", tmp_path / "plan_graph.json")
    with pytest.raises(DataFileInvalid) as caught:
        load_plan(tmp_path / "plan_graph.json")
    lines = report_lines(caught.value)
    assert len(caught.value.problems) > 100  # every problem is still kept for machines
    assert len(lines) == 4
    assert "cannot read text 'sources/innovation-chapter-reprint-2021.txt'" in lines[1]
    n = len(caught.value.problems) - 1
    assert lines[2].strip() == (
        f"{n} citations of 'innovation-chapter-reprint-2021' cannot be checked without its text"
    )
    assert str(tmp_path) in lines[3]
    assert "hint" in lines[3]


def test_the_two_forms_of_a_source_are_one_sentence(tmp_path: Path) -> None:
    plan = json.loads((ROOT / "data" / "plan_graph.json").read_text(encoding="utf-8"))
    node = next(n for n in plan["nodes"] if n["sources"] and "start" in n["sources"][0])
    node["sources"][0] = {"document": node["sources"][0]["document"], "start": 0, "locator": "x"}
    (tmp_path / "plan_graph.json").write_text(json.dumps(plan, ensure_ascii=False), "utf-8")
    shutil.copytree(ROOT / "data" / "sources", tmp_path / "sources")
    with pytest.raises(DataFileInvalid) as caught:
        load_plan(tmp_path / "plan_graph.json")
    lines = report_lines(caught.value)
    sentences = [line for line in lines if "a source is either" in line]
    assert len(sentences) == 1, lines
    assert "{document, start, end}" in sentences[0]
    assert "{document, locator, confidence?}" in sentences[0]
    assert not any("Extra inputs" in line for line in lines)
