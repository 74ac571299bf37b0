"""The glossary (data/glossary.yaml): every node says each recurring term the same way."""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from app.config import DEFAULT_DATA
from app.graph.snapshot import Snapshot
from app.runtime.load import load_plan

GLOSSARY = DEFAULT_DATA.parent / "glossary.yaml"
ORIGINS = {"fact-sheet", "bilingual-review", "editorial"}
#: nodes named by a clause of the text: their description renders the clause in full
CLAUSE_NAMED = {"action", "measure", "pillar", "goal"}


@cache
def snap() -> Snapshot:
    return load_plan(DEFAULT_DATA)


@cache
def terms() -> list[dict[str, Any]]:
    doc = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))
    return sorted(doc["terms"], key=lambda t: -len(t["zh"]))


def misused(zh: str, english: str) -> list[str]:
    """The glossary terms in ``zh`` whose English is missing from ``english``."""
    rest, missing = zh, []
    for term in terms():  # longest first: a term inside a longer one is the longer's
        if term["zh"] not in rest:
            continue
        forms = [term["en"], *term.get("forms", [])]
        if not any(f.lower() in english.lower() for f in forms):
            missing.append(f"{term['zh']} -> {term['en']}")
        rest = rest.replace(term["zh"], "\0")
    return missing


def test_the_glossary_is_well_formed_and_from_the_text() -> None:
    text = snap().texts["innovation-chapter-reprint-2021"]
    seen = set()
    for term in terms():
        assert set(term) <= {"zh", "en", "forms", "from"}, term
        assert term["zh"] not in seen, term
        seen.add(term["zh"])
        assert term["en"].strip(), term
        assert term["from"] in ORIGINS, term
        assert term["zh"] in text, term  # a term of the plan, as the text writes it


def test_every_node_uses_the_glossary_english_of_its_terms() -> None:
    wrong = {}
    for node in snap().nodes.values():
        english = node.name.en
        if node.type in CLAUSE_NAMED and node.description is not None:
            english += " " + node.description.en
        missing = misused(node.name.zh, english)
        if missing:
            wrong[node.id] = missing
    assert wrong == {}


def test_a_misused_term_is_caught_and_a_longer_term_wins() -> None:
    wrong = misused("科技成果转移转化示范区", "A zone for commercializing research results")
    assert set(wrong) == {
        "科技成果 -> S&T achievements",
        "转移转化 -> transfer and commercialization",
        "示范区 -> demonstration zone",
    }
    # 职务科技成果 is one term: its English, not that of 科技成果 inside it, is required
    assert misused("职务科技成果", "job-related (service) S&T achievements") == []
    assert misused("职务科技成果", "results from their work") == [
        "职务科技成果 -> job-related (service) S&T achievements"
    ]
