"""Search: folding, pinyin, ranking tiers and the field that matched."""

from __future__ import annotations

import pytest

from app.graph.search import Entry, SearchIndex, fold, pinyin
from app.graph.snapshot import Snapshot


def test_fold_unifies_width_and_case() -> None:
    assert fold("西部（成都）科学城") == fold("西部(成都)科学城")
    assert fold("ＡＢＣ Def") == "abc def"


def test_pinyin_full_and_initials() -> None:
    assert pinyin("河谷周") == ("heguzhou", "hgz")


def test_exact_beats_prefix_beats_substring(mini: Snapshot) -> None:
    hits = mini.search_index.search("riverton lab")
    assert hits[0].node == "riverton-lab"
    assert (hits[0].score, hits[0].field) == (1.0, "name.en")
    assert all(h.score <= hits[0].score for h in hits)


@pytest.mark.parametrize(
    ("query", "node", "field"),
    [
        ("河城实验室", "riverton-lab", "name.zh"),
        ("hechengshiyanshi", "riverton-lab", "pinyin"),
        ("he cheng shi yan shi", "riverton-lab", "pinyin"),
        ("hcsys", "riverton-lab", "initials"),
        ("河谷地区", "valley", "alias"),
        ("RIVERTON LAB", "riverton-lab", "name.en"),
    ],
)
def test_finds_by_every_kind_of_name(mini: Snapshot, query: str, node: str, field: str) -> None:
    hits = mini.search_index.search(query)
    assert hits, query
    assert (hits[0].node, hits[0].field) == (node, field)


def test_quotes_are_searchable(mini: Snapshot) -> None:
    hits = mini.search_index.search("for all towns")
    assert [(h.node, h.field) for h in hits] == [("run-grant", "quote")]


def test_fuzzy_matches_a_misspelling_below_the_other_tiers(mini: Snapshot) -> None:
    hits = mini.search_index.search("rivertn lab")
    assert hits[0].node == "riverton-lab"
    assert hits[0].score < 0.7


def test_an_empty_or_blank_query_finds_nothing() -> None:
    index = SearchIndex([Entry("a", "name.en", "alpha")])
    assert index.search("") == []
    assert index.search("   ") == []
