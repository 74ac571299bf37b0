"""The coverage rule: clause-sized spans, 80% of each clause's characters."""

from __future__ import annotations

from app.graph.coverage import Clause, clauses, covers


def test_clauses_split_at_full_stops_semicolons_and_line_breaks() -> None:
    text = "标题\n\n第一句,有逗号。第二句；第三句\n"
    assert [c.text for c in clauses("d", text, [(0, len(text))])] == [
        "标题",
        "第一句,有逗号",
        "第二句",
        "第三句",
    ]


def test_clause_offsets_point_at_the_clause() -> None:
    text = "甲乙。丙丁"
    (first, second) = clauses("d", text, [(0, len(text))])
    assert text[first.start : first.end] == "甲乙"
    assert text[second.start : second.end] == "丙丁"


def test_a_clause_sized_span_covers() -> None:
    clause = Clause("d", 100, 140, "x" * 40)
    assert covers(clause, [(100, 140)])
    assert covers(clause, [(100, 120), (120, 134)])  # 34/40 = 85%


def test_too_little_is_not_covered() -> None:
    clause = Clause("d", 100, 140, "x" * 40)
    assert not covers(clause, [(100, 130)])  # 75%


def test_a_paragraph_sized_span_proves_nothing() -> None:
    clause = Clause("d", 100, 140, "x" * 40)
    # 2.5 x 40 = 100 and 40 + 60 = 100: a 101-character span is too large
    assert not covers(clause, [(50, 151)])
    assert covers(clause, [(50, 150)])


def test_short_clauses_get_the_sixty_character_slack() -> None:
    clause = Clause("d", 100, 104, "标题标题")
    assert covers(clause, [(80, 144)])
    assert not covers(clause, [(80, 145)])


def test_overlapping_spans_count_each_character_once() -> None:
    clause = Clause("d", 100, 140, "x" * 40)
    assert covers(clause, [(100, 120), (110, 125), (118, 134)])  # 34 distinct characters
    assert not covers(clause, [(100, 120), (100, 120), (104, 120), (125, 130)])  # 25
