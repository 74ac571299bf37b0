"""Web Annotation selectors and contexts: of every citation of the bundled plan, and of
hard cases (repeated quotes, text beyond the Basic Multilingual Plane)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app import load_plan
from app.answers.nodes import node_detail
from app.answers.views import views
from app.cli import cli
from app.graph.snapshot import Snapshot
from app.passages import WIDTH, Passages, clause_ranges, occurrences, passage
from tests.miniplan import DOC, PLAN, mutated, write_plan


@pytest.fixture(scope="module")
def snap() -> Snapshot:
    return load_plan()


def _span_sources(snap: Snapshot):  # type: ignore[no-untyped-def]
    v = views(snap)
    for n in v.nodes.values():
        yield from (s for s in n.sources if s.start is not None)
    for e in v.edges.values():
        yield from (s for s in e.sources if s.start is not None)


def test_every_citation_of_the_bundled_plan_has_exact_unique_selectors(snap: Snapshot) -> None:
    seen = 0
    for s in _span_sources(snap):
        text = snap.texts[s.document]
        assert s.selectors is not None
        assert s.context is not None
        quote, position = s.selectors
        assert quote.type == "TextQuoteSelector"
        assert position.type == "TextPositionSelector"
        assert (position.start, position.end) == (s.start, s.end)
        assert text[position.start : position.end] == quote.exact == s.quote
        assert len(occurrences(text, quote.prefix + quote.exact + quote.suffix)) == 1
        # about 32 code points each side where the text has them
        assert len(quote.prefix) >= min(WIDTH, position.start)
        assert len(quote.suffix) >= min(WIDTH, len(text) - position.end)
        assert text[s.context.start : s.context.end] == s.context.text
        assert s.context.start <= s.start
        assert s.end <= s.context.end
        seen += 1
    assert seen > 400


def test_section_citations_have_no_selectors(snap: Snapshot) -> None:
    sections = [s for n in views(snap).nodes.values() for s in n.sources if s.locator]
    assert sections
    assert all(s.selectors is None and s.context is None for s in sections)


def test_node_answer_carries_selectors_and_the_clause(snap: Snapshot) -> None:
    node = next(n for n in views(snap).nodes.values() if n.sources and n.sources[0].quote)
    src = node_detail(snap, node.id).sources[0]
    assert src.selectors is not None
    assert src.context is not None
    assert src.quote in src.context.text
    assert len(src.context.text) > len(src.quote or "")


def test_a_repeated_quote_gets_a_prefix_long_enough_to_be_unique() -> None:
    filler = "x" * 40
    text = f"{filler}. Fund the lab; {filler}. Fund the lab; {filler}"
    second = text.rindex("Fund the lab")
    p = passage(text, second, second + len("Fund the lab"))
    assert p.unique
    assert len(occurrences(text, p.prefix + p.exact + p.suffix)) == 1
    assert len(p.prefix) > WIDTH  # 32 of 'x' before both: widened


def test_identical_repeated_text_is_reported_not_unique() -> None:
    block = "Same words. " * 100
    p = passage(block, 600, 610)
    assert not p.unique


def test_code_points_beyond_the_bmp_count_once() -> None:
    text = "前言𠀋𠀋。建设天府实验室；其余。"  # two characters beyond the BMP
    start = text.index("天府")
    p = Passages(text).get(start, start + 5)
    assert p.exact == "天府实验室"
    assert start == 7
    assert len(text[:start].encode("utf-16-le")) // 2 == 9
    assert text[p.context_start : p.context_end] == "建设天府实验室；"


def test_clauses_split_at_chinese_and_english_breaks() -> None:
    text = "Grow it. Then this; 甲，乙。丙\n丁"
    assert [text[s:e] for s, e in clause_ranges(text)] == [
        "Grow it.",
        "Then this;",
        "甲，乙。",
        "丙",
        "丁",
    ]


def test_a_span_across_clauses_gets_all_of_them() -> None:
    text = "One. Two; three. Four."
    ps = Passages(text)
    start, end = text.index("wo"), text.index("thr") + 3
    assert text.__getitem__(slice(*ps.context(start, end))) == "Two; three."


def test_validate_reports_a_quote_that_names_no_one_place(tmp_path: Path) -> None:
    block = "Same words here. " * 80
    text = "Riverton Valley Plan\n\n" + block
    plan = mutated()
    at = text.index("Same", 600)
    plan["nodes"][0]["sources"] = [{"document": DOC, "start": at, "end": at + 10}]
    for n in plan["nodes"][1:]:
        n["sources"] = [{"document": "valley-plan", "locator": "s1"}]
    for e in plan["edges"]:
        if e["sources"]:
            e["sources"] = [{"document": "valley-plan", "locator": "s1"}]
    plan["documents"][0]["sha256"] = hashlib.sha256(text.encode()).hexdigest()
    plan["documents"][0]["plan_ranges"] = [{"start": 0, "end": len(text)}]
    path = write_plan(tmp_path, plan, text)
    r = CliRunner().invoke(cli, ["validate", str(path)])
    assert r.exit_code == 1
    assert "$.nodes[0].sources[0]: the quote 'Same words'" in r.output
    assert "do not identify one place" in r.output
    assert PLAN["nodes"][0]["sources"] != plan["nodes"][0]["sources"]
