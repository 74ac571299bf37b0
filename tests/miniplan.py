"""A second, small plan built in code: proves the engine knows nothing of the bundled plan."""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path
from typing import Any

import orjson

TEXT = (
    "Riverton Valley Plan\n\n"
    "By 2030 the valley becomes a green and connected region.\n\n"
    "1. Build the research base\n\n"
    "Grow the lab network. Build the Riverton Lab in North City; open the lab to firms.\n\n"
    "Link the valley. Run the Valley Grant for all towns; host the Valley Week; "
    "support the South Park.\n"
)
DOC = "valley-text"


def span(quote: str, occurrence: int = 1) -> dict[str, Any]:
    """A span source for ``quote`` (its n-th occurrence) in TEXT."""
    pos = -1
    for _ in range(occurrence):
        pos = TEXT.index(quote, pos + 1)
    return {"document": DOC, "start": pos, "end": pos + len(quote)}


def node(
    nid: str, type_: str, zh: str, en: str, quote: str | None = None, **extra: Any
) -> dict[str, Any]:
    out: dict[str, Any] = {"id": nid, "type": type_, "name": {"zh": zh, "en": en}}
    out["sources"] = [span(quote)] if quote else [{"document": "valley-plan", "locator": "s1"}]
    out.update(extra)
    return out


def edge(s: str, rel: str, t: str, quote: str | None = None, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": f"{s}--{rel}--{t}",
        "source": s,
        "target": t,
        "relation": rel,
        "evidence": "stated",
        "sources": [span(quote)] if quote else [{"document": "valley-plan", "locator": "s1"}],
        "rationale": None,
        "attributes": {},
    }
    out.update(extra)
    return out


PLAN: dict[str, Any] = {
    "format_version": 1,
    "title": {"zh": "河谷规划", "en": "Riverton Valley Plan"},
    "documents": [
        {
            "id": DOC,
            "title": {"zh": "河谷规划文本", "en": "Riverton Valley Plan text"},
            "kind": "plan-text",
            "date": "2030-01-01",
            "description": {"en": "The plan's text."},
            "path": "valley.txt",
            "sha256": hashlib.sha256(TEXT.encode()).hexdigest(),
            "plan_ranges": [{"start": TEXT.index("By 2030"), "end": len(TEXT)}],
        },
        {
            "id": "valley-plan",
            "title": {"zh": "河谷规划", "en": "Riverton Valley Plan"},
            "kind": "policy-plan",
            "date": "2030-01-01",
            "description": {"en": "Cited by section."},
        },
    ],
    "nodes": [
        node("valley-plan", "plan", "河谷规划", "Riverton Valley Plan", "Riverton Valley Plan"),
        node("valley", "region", "河谷", "Riverton Valley", "the valley", aliases=["河谷地区"]),
        node(
            "north-city",
            "city",
            "北城",
            "North City",
            "North City",
            attributes={"latitude": 1.0, "longitude": 2.0},
        ),
        node(
            "south-city",
            "city",
            "南城",
            "South City",
            attributes={"latitude": 0.5, "longitude": 2.5},
        ),
        node(
            "goal-2030",
            "goal",
            "绿色互联河谷",
            "A green and connected valley",
            "the valley becomes a green and connected region",
        ),
        node("green", "goal", "绿色", "Green", "green"),
        node("chapter-1", "chapter", "第一章", "Chapter 1", attributes={"number": 1}),
        node(
            "research-pillar",
            "pillar",
            "建设研究基地",
            "Build the research base",
            "1. Build the research base",
        ),
        node(
            "lab-network",
            "measure",
            "发展实验室网络",
            "Grow the lab network",
            "Grow the lab network",
        ),
        node("link-valley", "measure", "联通河谷", "Link the valley", "Link the valley"),
        node(
            "build-lab",
            "action",
            "建设河城实验室",
            "Build the Riverton Lab",
            "Build the Riverton Lab in North City",
            description={"en": "Build the lab."},
        ),
        node(
            "open-lab",
            "action",
            "向企业开放实验室",
            "Open the lab to firms",
            "open the lab to firms",
            description={"en": "Open the lab to firms."},
        ),
        node(
            "run-grant",
            "action",
            "实施河谷资助",
            "Run the Valley Grant",
            "Run the Valley Grant for all towns",
            description={"en": "Run the grant."},
        ),
        node(
            "host-week",
            "action",
            "举办河谷周",
            "Host the Valley Week",
            "host the Valley Week",
            description={"en": "Host the week."},
        ),
        node(
            "support-park",
            "action",
            "支持南园",
            "Support the South Park",
            "support the South Park",
            description={"en": "Support the park."},
        ),
        node("riverton-lab", "platform", "河城实验室", "Riverton Lab", "Riverton Lab"),
        node("south-park", "zone", "南园", "South Park", "South Park"),
        node("firms", "actor", "企业", "Firms", "firms"),
        node("valley-grant", "instrument", "河谷资助", "Valley Grant", "Valley Grant"),
        node("valley-week", "program", "河谷周", "Valley Week", "Valley Week"),
        node("green-tech", "field", "绿色技术", "Green technology"),
    ],
    "edges": [
        edge("north-city", "part_of", "valley"),
        edge("south-city", "part_of", "valley"),
        edge("valley-plan", "applies_to", "valley"),
        edge("chapter-1", "part_of", "valley-plan"),
        edge("green", "part_of", "goal-2030", "green"),
        edge("research-pillar", "part_of", "chapter-1", "1. Build the research base"),
        edge(
            "research-pillar",
            "contributes_to",
            "goal-2030",
            evidence="inferred",
            sources=[],
            rationale="Research serves the 2030 goal.",
        ),
        edge("lab-network", "part_of", "research-pillar", "Grow the lab network"),
        edge("link-valley", "part_of", "research-pillar", "Link the valley"),
        edge("build-lab", "part_of", "lab-network", "Build the Riverton Lab in North City"),
        edge("open-lab", "part_of", "lab-network", "open the lab to firms"),
        edge("run-grant", "part_of", "link-valley", "Run the Valley Grant for all towns"),
        edge("host-week", "part_of", "link-valley", "host the Valley Week"),
        edge("support-park", "part_of", "link-valley", "support the South Park"),
        edge("build-lab", "builds", "riverton-lab", "Riverton Lab"),
        edge("riverton-lab", "located_in", "north-city", "North City"),
        edge("open-lab", "involves", "riverton-lab", "the lab"),
        edge("open-lab", "involves", "firms", "firms"),
        edge("run-grant", "involves", "valley-grant", "Valley Grant"),
        edge("host-week", "builds", "valley-week", "Valley Week"),
        edge("support-park", "applies_to", "south-park", "South Park"),
        edge("south-park", "located_in", "south-city"),
        edge(
            "build-lab",
            "focuses_on",
            "green-tech",
            evidence="inferred",
            sources=[],
            rationale="A lab of a green plan works on green technology.",
        ),
    ],
}


def write_plan(directory: Path, plan: dict[str, Any] | None = None, text: str = TEXT) -> Path:
    """Write the plan (the mini plan by default) and its text into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "valley.txt").write_text(text, encoding="utf-8")
    path = directory / "plan.json"
    path.write_bytes(orjson.dumps(plan if plan is not None else PLAN))
    return path


def mutated() -> dict[str, Any]:
    """A deep copy of the mini plan, to break in a test."""
    return copy.deepcopy(PLAN)
