"""Cited passages in a real browser, on a small plan built in code whose text has characters
beyond the Basic Multilingual Plane (𠀀, U+20000: one code point, two UTF-16 code units)
before the cited spans. The API counts offsets in code points; the page must convert them to
JavaScript's UTF-16 indices, or every highlight after such a character is shifted."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.browser.harness import expect, open_page, serve, shot
from tests.miniplan import PLAN, TEXT, write_plan

ASTRAL = "𠀀𠀀 "  # three code points, five UTF-16 code units
SHIFT = len(ASTRAL)


def astral_plan() -> tuple[dict[str, Any], str]:
    """The mini plan with its text prefixed by ASTRAL, every offset moved along."""
    text = ASTRAL + TEXT
    plan = copy.deepcopy(PLAN)
    doc = plan["documents"][0]
    doc["sha256"] = hashlib.sha256(text.encode()).hexdigest()
    for rng in doc["plan_ranges"]:
        rng["start"] += SHIFT
        rng["end"] += SHIFT
    for item in plan["nodes"] + plan["edges"]:
        for src in item["sources"]:
            if "start" in src:
                src["start"] += SHIFT
                src["end"] += SHIFT
    return plan, text


@pytest.fixture(scope="module")
def astral(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    plan, text = astral_plan()
    path = write_plan(tmp_path_factory.mktemp("astral"), plan, text)
    with serve(path) as base:
        yield base


@pytest.fixture
def apage(browser: Any, astral: str) -> Iterator[Any]:
    pg = open_page(browser, astral)
    yield pg
    pg.context.close()
    assert pg.problems == []


def _source(base: str, node: str) -> dict[str, Any]:
    body = httpx.get(f"{base}/v1/nodes/{node}").json()
    return next(s for s in body["sources"] if s.get("start") is not None)


@pytest.mark.parametrize("node", ["valley-plan", "build-lab", "support-park"])
def test_the_highlight_after_an_astral_character_is_the_quote(
    apage: Any, astral: str, node: str
) -> None:
    src = _source(astral, node)
    text = ASTRAL + TEXT
    quote = text[src["start"] : src["end"]]  # Python counts code points, as the API does
    assert quote
    assert src["start"] >= SHIFT
    apage.goto(f"/?node={node}&lang=en")
    mark = apage.locator("#panel .passage mark").first
    expect()(mark).to_have_text(quote)
    expect()(mark).to_have_attribute("data-start", str(src["start"]))
    expect()(mark).to_have_attribute("data-checked", "true")
    passage = apage.locator("#panel .passage").first.inner_text()
    paragraph = next(p for p in text.split("\n") if quote in p)
    assert passage == paragraph  # the paragraph shown whole, with the astral characters
    apage.locator("#panel details.full summary").first.click()
    expect()(apage.locator("#panel .fulltext mark").first).to_have_text(quote)
    if node == "valley-plan":
        shot(apage, "passage-astral")


def _with_selectors(route: Any, start: int, end: int, exact: str) -> None:
    """The node's real answer, its sources given W3C selectors (issue 18's shape) and no
    plain offsets, so the page has to read the position selector."""
    body = json.loads(route.fetch().text())
    for src in body["sources"]:
        if src.get("start") is not None:
            src["selectors"] = [
                {"type": "TextQuoteSelector", "exact": exact, "prefix": "", "suffix": ""},
                {"type": "TextPositionSelector", "start": start, "end": end},
            ]
            src["start"] = src["end"] = None
    route.fulfill(status=200, content_type="application/json", body=json.dumps(body))


def test_the_page_highlights_by_the_position_selector(apage: Any, astral: str) -> None:
    src = _source(astral, "build-lab")
    quote = (ASTRAL + TEXT)[src["start"] : src["end"]]
    apage.route(
        "**/v1/nodes/build-lab",
        lambda r: _with_selectors(r, src["start"], src["end"], quote),
    )
    apage.goto("/?node=build-lab&lang=en")
    mark = apage.locator("#panel .passage mark").first
    expect()(mark).to_have_text(quote)
    expect()(mark).to_have_attribute("data-start", str(src["start"]))
    expect()(mark).to_have_attribute("data-checked", "true")


def test_a_position_that_does_not_hold_the_quote_is_found_by_the_quote(
    apage: Any, astral: str
) -> None:
    src = _source(astral, "build-lab")
    text = ASTRAL + TEXT
    quote = text[src["start"] : src["end"]]
    # a stale position (as in a text that moved): off by the astral prefix
    apage.route(
        "**/v1/nodes/build-lab",
        lambda r: _with_selectors(r, src["start"] - SHIFT, src["end"] - SHIFT, quote),
    )
    apage.goto("/?node=build-lab&lang=en")
    mark = apage.locator("#panel .passage mark").first
    expect()(mark).to_have_text(quote)
    expect()(mark).to_have_attribute("data-start", str(src["start"]))  # where it really is
    expect()(mark).to_have_attribute("data-checked", "false")


def test_the_document_spans_are_asked_in_code_points(apage: Any, astral: str) -> None:
    """The other nodes citing a passage are asked for with code-point offsets."""
    apage.goto("/?node=build-lab&lang=en")
    expect()(apage.locator("#panel .passage mark").first).to_be_visible()
    asked = [u for u in apage.requested if "/spans?" in u]
    assert asked
    text = ASTRAL + TEXT
    para = next(p for p in text.split("\n") if "Build the Riverton Lab" in p)
    start = text.index(para)  # code points, as Python counts them
    assert f"start={start}&end={start + len(para)}" in asked[0]
