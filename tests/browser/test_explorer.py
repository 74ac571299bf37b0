"""The explorer in a real browser against the bundled plan: search, the city view, the node
panel, languages, the outline, shared URLs, phone width (the graph: tests/browser/test_graph.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.browser.harness import expect as _expect
from tests.browser.harness import open_page as _open
from tests.browser.harness import shot

TIANFU_LAB = "tianfu-laboratory"
DEYANG = "deyang"


def test_search_opens_the_tianfu_laboratory(page: Any, api: httpx.Client) -> None:
    expect = _expect()
    lab = api.get(f"/v1/nodes/{TIANFU_LAB}").json()
    page.goto("/")
    page.get_by_role("combobox").fill("天府")
    option = page.locator(f'#results [role=option][data-node="{TIANFU_LAB}"]')
    expect(option).to_be_visible()
    expect(option).to_contain_text(lab["name"]["zh"])
    shot(page, "1-search")
    option.click()
    expect(page.locator("#panel-title")).to_have_text(lab["name"]["zh"])
    expect(page.locator("#panel .other")).to_have_text(lab["name"]["en"])
    assert f"node={TIANFU_LAB}" in page.url
    quote = next(s["quote"] for s in lab["sources"] if s.get("quote"))
    expect(page.locator("#panel .passage mark").first).to_have_text(quote)
    shot(page, "2-node-panel")


def test_search_works_from_the_keyboard(page: Any, api: httpx.Client) -> None:
    expect = _expect()
    first = api.get("/v1/search", params={"q": "tianfu", "limit": 1}).json()["items"][0]["node"]
    page.goto("/")
    page.locator("body").press("/")
    expect(page.locator("#q")).to_be_focused()
    page.keyboard.type("tianfu")
    expect(page.locator("#results [role=option]").first).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(page.locator("#q")).to_have_attribute("aria-activedescendant", "opt-0")
    page.keyboard.press("Enter")
    expect(page.locator("#panel-title")).to_have_text(first["name"]["zh"])
    expect(page.locator("#panel-title")).to_be_focused()


def test_picking_deyang_shows_its_measures_with_scope_badges(page: Any, api: httpx.Client) -> None:
    expect = _expect()
    reach = api.get(f"/v1/cities/{DEYANG}/measures").json()
    assert reach["total"] > 0
    page.goto("/")
    page.locator("#city-picker a", has_text="德阳").click()
    measures = page.locator(".measure")
    expect(measures).to_have_count(reach["total"])
    assert f"city={DEYANG}" in page.url
    expect(page.locator(f'#city-picker a[data-city="{DEYANG}"]')).to_have_attribute(
        "aria-current", "page"
    )
    shown = measures.evaluate_all("els => els.map(e => e.dataset.measure)")
    assert sorted(shown) == sorted(it["measure"]["id"] for it in reach["items"])
    badges = page.locator(".measure .measure-head .badge")
    expect(badges).to_have_count(reach["total"])
    scopes = badges.evaluate_all("els => els.map(e => e.dataset.scope)")
    by_measure = {it["measure"]["id"]: it["scope"] for it in reach["items"]}
    assert scopes == [by_measure[m] for m in shown]
    labels = {"explicit": "明确点名", "located": "所在地", "metro_wide": "全域"}
    assert badges.all_inner_texts() == [labels[s] for s in scopes]
    pillars = {it["pillar"]["id"] for it in reach["items"] if it["pillar"]}
    expect(page.locator("section.pillar")).to_have_count(
        len(pillars) + any(it["pillar"] is None for it in reach["items"])
    )
    shot(page, "3-city-deyang")


def test_clicking_a_measure_shows_its_quote_highlighted_in_the_plan_text(
    page: Any, api: httpx.Client
) -> None:
    expect = _expect()
    first = api.get(f"/v1/cities/{DEYANG}/measures").json()["items"][0]["measure"]
    node = api.get(f"/v1/nodes/{first['id']}").json()
    src = next(s for s in node["sources"] if s.get("start") is not None)
    page.goto(f"/?city={DEYANG}")
    page.locator(f'.measure[data-measure="{first["id"]}"] .measure-name').click()
    mark = page.locator("#panel .passage mark").first
    expect(mark).to_have_text(src["quote"])
    expect(mark).to_have_attribute("data-start", str(src["start"]))
    passage = page.locator("#panel .passage").first.inner_text()
    assert len(passage) > len(src["quote"])  # the quote is shown within its passage
    expect(page.locator(f'.measure[data-measure="{first["id"]}"]')).to_have_class(
        re.compile(r"\bselected\b")
    )
    assert f"node={first['id']}" in page.url
    shot(page, "4-measure-quote")
    page.locator("#panel details.full summary").first.click()
    full = page.locator("#panel .fulltext mark").first
    expect(full).to_have_text(src["quote"])
    expect(full).to_be_in_viewport()


def test_switching_to_english_translates_the_interface_and_names(
    page: Any, api: httpx.Client
) -> None:
    expect = _expect()
    reach = api.get(f"/v1/cities/{DEYANG}/measures").json()
    page.goto(f"/?city={DEYANG}")
    expect(page.locator(".measure")).to_have_count(reach["total"])
    page.locator("#lang").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator('.tabs a[data-view="cities"]')).to_have_text("Cities")
    expect(page.locator("#cities-title")).to_have_text("Cities")
    expect(page.locator(".measure-name").first).to_have_text(
        reach["items"][0]["measure"]["name"]["en"]
    )
    assert "lang=en" in page.url
    page.reload()  # the URL carries the language
    expect(page.locator(".measure-name").first).to_have_text(
        reach["items"][0]["measure"]["name"]["en"]
    )
    expect(page.locator("#lang")).to_have_text("中文")
    shot(page, "5-english")


def test_outline_shows_pillars_measures_and_actions(page: Any, api: httpx.Client) -> None:
    expect = _expect()
    tree = api.get("/v1/tree").json()
    pillars = [p for c in tree["chapters"] for p in c["children"]]
    assert pillars
    page.goto("/?view=outline")
    for p in pillars:
        expect(page.locator(f'#outline-body [data-node="{p["id"]}"]')).to_have_text(p["name"]["zh"])
    measure = pillars[0]["children"][0]
    action = measure["children"][0]
    expect(page.locator(f'#outline-body [data-node="{action["id"]}"]')).to_be_visible()
    page.locator(f'#outline-body [data-node="{measure["id"]}"]').click()
    expect(page.locator("#panel-title")).to_have_text(measure["name"]["zh"])
    expect(page.locator(f'#outline-body [data-node="{measure["id"]}"]')).to_have_attribute(
        "aria-current", "true"
    )
    shot(page, "9-outline")


def test_a_shared_url_restores_the_view(page: Any, api: httpx.Client) -> None:
    expect = _expect()
    first = api.get(f"/v1/cities/{DEYANG}/measures").json()["items"][0]["measure"]
    page.goto(f"/?city={DEYANG}&node={first['id']}&lang=en")
    expect(page.locator("#panel-title")).to_have_text(first["name"]["en"])
    expect(page.locator(f'#city-picker a[data-city="{DEYANG}"]')).to_have_attribute(
        "aria-current", "page"
    )
    page.locator('.tabs a[data-view="outline"]').click()
    assert "view=outline" in page.url
    page.go_back()
    expect(page.locator('.tabs a[data-view="cities"]')).to_have_attribute("aria-current", "page")


def test_the_page_is_readable_at_phone_width(browser: Any, server: str) -> None:
    expect = _expect()
    page = _open(browser, server, width=390, height=844)
    try:
        page.goto(f"/?city={DEYANG}&lang=en")
        expect(page.locator(".measure").first).to_be_visible()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        shot(page, "10-phone")
        page.locator(".measure-name").first.click()
        expect(page.locator("#panel .passage mark").first).to_be_in_viewport()
        shot(page, "11-phone-node")
        assert page.problems == []
    finally:
        page.context.close()


def test_the_overview_shot_shows_a_city_with_specific_reach(
    browser: Any, server: str, api: httpx.Client
) -> None:
    """The view shown in the README: a city reached explicitly, a platform's cited passage."""
    expect = _expect()
    city = api.get("/v1/nodes/chengdu").json()
    lab = api.get(f"/v1/nodes/{TIANFU_LAB}").json()
    page = _open(browser, server, width=1280, height=800)
    try:
        page.goto(f"/?city={city['id']}&node={TIANFU_LAB}&lang=en")
        expect(page.locator("#panel-title")).to_have_text(lab["name"]["en"])
        expect(page.locator("#panel .passage mark").first).to_be_visible()
        expect(page.locator('.measure-head .badge[data-scope="explicit"]').first).to_be_visible()
        shot(page, "0-overview")
        assert page.problems == []
    finally:
        page.context.close()


@pytest.fixture
def bad(browser: Any, server: str) -> Iterator[Any]:
    """A page for URLs naming what does not exist: the only console errors are the 404s."""
    pg = _open(browser, server)
    yield pg
    pg.context.close()
    assert pg.problems, "the 404 is logged"
    assert all("404" in p for p in pg.problems), pg.problems


def test_bilingual_attributes_are_lists_in_the_current_language(
    page: Any, api: httpx.Client
) -> None:
    expect = _expect()
    labs = api.get(f"/v1/nodes/{TIANFU_LAB}").json()["attributes"]["laboratories"]
    page.goto(f"/?node={TIANFU_LAB}")
    items = page.locator('#panel dd[data-attribute="laboratories"] li')
    expect(items).to_have_text([lab["zh"] for lab in labs])
    page.locator("#lang").click()
    expect(items).to_have_text([lab["en"] for lab in labs])
    assert "{" not in page.locator("#panel dl.attrs").inner_text()  # no raw JSON
    districts = api.get(f"/v1/nodes/{DEYANG}").json()["attributes"]["core_area_districts"]
    page.goto(f"/?node={DEYANG}&lang=en")
    expect(page.locator('#panel dd[data-attribute="core_area_districts"] li')).to_have_text(
        [d["en"] for d in districts]
    )
    assert "{" not in page.locator("#panel dl.attrs").inner_text()
    shot(page, "12-attributes")


def test_a_bad_city_in_the_url_is_said_in_chinese_with_clickable_suggestions(
    bad: Any,
) -> None:
    expect = _expect()
    bad.goto("/?city=deyan")
    box = bad.locator("#city-body .error")
    expect(box).to_contain_text("没有找到城市“deyan”")
    expect(box).to_contain_text("你要找的是不是")
    suggestion = box.locator('a[data-suggestion="deyang"]')
    expect(suggestion).to_have_text("德阳市")  # named, in the interface's language
    suggestion.click()
    assert f"city={DEYANG}" in bad.url
    expect(bad.locator(".measure").first).to_be_visible()


def test_a_nonsense_city_suggests_no_arbitrary_city(
    bad: Any,
) -> None:
    expect = _expect()
    bad.goto("/?city=qqqqzzzz&lang=en")
    box = bad.locator("#city-body .error")
    expect(box).to_contain_text("No city “qqqqzzzz”")
    expect(box).to_contain_text("No similar id")
    expect(box.locator("a[data-suggestion]")).to_have_count(0)


def test_a_bad_node_in_the_url_suggests_the_right_one_in_english(
    bad: Any,
) -> None:
    expect = _expect()
    bad.goto("/?node=tianfu-laboratry&lang=en")
    box = bad.locator("#panel .error")
    expect(box).to_contain_text("No node “tianfu-laboratry”")
    suggestion = box.locator(f'a[data-suggestion="{TIANFU_LAB}"]')
    expect(suggestion).to_have_text("Tianfu Laboratory")
    suggestion.click()
    expect(bad.locator("#panel-title")).to_have_text("Tianfu Laboratory")


def test_the_city_view_shows_each_reason_and_the_measures_not_reaching(
    page: Any, api: httpx.Client
) -> None:
    """Each measure's ``reason`` and the answer's ``not_reaching`` (issue 15's contract), added
    to the real answer when this server does not give them yet."""
    import json

    expect = _expect()
    real = api.get(f"/v1/cities/{DEYANG}/measures").json()
    reached = {it["measure"]["id"] for it in real["items"]}
    measures = api.get("/v1/nodes", params={"type": "measure", "limit": 100}).json()["items"]
    absent = [m for m in measures if m["id"] not in reached]
    body = dict(real)
    for it in body["items"]:
        it.setdefault(
            "reason",
            {"zh": f"理由：{it['measure']['name']['zh']}", "en": f"Because {it['measure']['id']}"},
        )
    if "not_reaching" not in body:
        body["not_reaching"] = [
            {"measure": m, "reason": {"zh": "未点名德阳的地点", "en": "names no place in Deyang"}}
            for m in absent
        ] or [{"measure": measures[0], "reason": {"zh": "示例", "en": "example"}}]
    page.route(
        f"**/v1/cities/{DEYANG}/measures",
        lambda r: r.fulfill(status=200, content_type="application/json", body=json.dumps(body)),
    )
    page.goto(f"/?city={DEYANG}")
    reasons = page.locator(".measure .reason")
    expect(reasons).to_have_count(len(body["items"]))
    expect(reasons.first).to_contain_text(body["items"][0]["reason"]["zh"])
    outside = page.locator(".not-reaching .outside")
    expect(outside).to_have_count(len(body["not_reaching"]))
    first = body["not_reaching"][0]
    expect(outside.first).to_contain_text(first["measure"]["name"]["zh"])
    expect(outside.first.locator(".reason")).to_contain_text(first["reason"]["zh"])
    page.locator("#lang").click()
    expect(reasons.first).to_contain_text(body["items"][0]["reason"]["en"])
    expect(outside.first.locator(".reason")).to_contain_text(first["reason"]["en"])
    shot(page, "13-city-reasons")


def test_the_navigation_links_to_the_query_page(page: Any) -> None:
    page.goto("/")
    link = page.locator('.tabs a[href="/query"]')
    _expect()(link).to_have_text("查询")
