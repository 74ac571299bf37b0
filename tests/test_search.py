"""Search: folding, pinyin, ranking tiers and the field that matched."""

from __future__ import annotations

import random

import pytest
from pypinyin import lazy_pinyin
from pypinyin.constants import PHRASES_DICT

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


@pytest.mark.parametrize(
    "text",
    [
        "天府实验室",
        "成都超算中心",
        "重庆长安",
        "行长在银行",
        "西部（成都）科学城 2025",
        "ABC",
        "〇",
    ],
)
def test_pinyin_reads_as_pypinyin_does(text: str) -> None:
    syllables = [s for s in lazy_pinyin(text, errors="ignore") if s.isalpha()]
    assert pinyin(text) == ("".join(syllables), "".join(s[0] for s in syllables))


def test_pinyin_agrees_with_pypinyin_on_the_phrase_dictionary() -> None:
    rng = random.Random(5)
    phrases = rng.sample(sorted(PHRASES_DICT), 300)
    texts = phrases + ["".join(rng.sample(phrases, 3)) for _ in range(100)]
    texts += [p[: len(p) // 2] + "·" + p for p in phrases[:100]]  # prefixes of phrases
    for text in texts:
        syllables = [s for s in lazy_pinyin(text, errors="ignore") if s.isalpha()]
        assert pinyin(text) == ("".join(syllables), "".join(s[0] for s in syllables)), text


def test_a_one_character_query_finds_every_text_holding_it() -> None:
    index = SearchIndex(
        [Entry("a", "name.en", "alpha"), Entry("b", "name.en", "beta"), Entry("c", "alias", "p")]
    )
    assert {h.node for h in index.search("p")} == {"a", "c"}


def test_fuzzy_matching_sees_only_texts_sharing_a_bigram_with_the_query() -> None:
    index = SearchIndex([Entry(f"n{i}", "name.en", f"lab {i:05d}") for i in range(3000)])
    hits = index.search("lab 01234x")
    assert hits[0].node == "n1234"


def test_whole_words_of_the_query_narrow_without_losing_a_match() -> None:
    index = SearchIndex(
        [Entry(f"n{i}", "name.en", f"action amber delta {i}") for i in range(2000)]
        + [Entry("x", "description", "a reaction amber delta 77 and more")]
    )
    # "amber" and "delta" are whole words; "reaction" ends with the first word, "77" starts
    # the last one: both entries holding the query as a substring are found
    assert {h.node for h in index.search("action amber delta 77")} >= {"n77", "x"}
    assert index.search("action amber delta 77")[0].node == "n77"
    assert index.search("amber zebra delta") == []


def test_every_text_holding_the_query_is_found() -> None:
    rng = random.Random(11)
    alphabet = "ab c河谷实1-😀𠀀"  # the last two beyond the BMP
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 9))) for _ in range(400)]
    texts += ["a", "河", "a", "谷 c", "𝔸b"]  # one-character and repeated texts, beyond the BMP
    index = SearchIndex(Entry(f"n{i}", "name.en", fold(t)) for i, t in enumerate(texts))
    queries = [t[: rng.randint(1, len(t))] for t in texts[:120]]
    for q in [fold(q) for q in [*queries, "a", "河", "𝔸b", " c"] if fold(q)]:
        want = {f"n{i}" for i, t in enumerate(texts) if q in fold(t)}
        hits = {h.node for h in index.search(q)}
        assert want <= hits, q
