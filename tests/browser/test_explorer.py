"""The explorer in a real browser: Debian's chromium, driven by Playwright, against the app
served by uvicorn on a free localhost port with the bundled plan.

Without a chromium these tests skip; under ``CI=true`` they fail instead. Screenshots of
each view are saved in ``artifacts/screenshots/``.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.servers import ROOT, free_port, running

ARTIFACTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIANFU_LAB = "tianfu-laboratory"
DEYANG = "deyang"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; the browser tests must run under CI")
    pytest.skip(reason)


def _chromium() -> str | None:
    for candidate in (shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    argv = [sys.executable, "-m", "uvicorn", "--factory", "app.main:create_app"]
    argv += ["--host", "127.0.0.1", "--port", str(port), "--no-access-log"]
    with running(argv, port) as base:
        yield base


@pytest.fixture(scope="module")
def api(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=30) as c:
        yield c


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium()
    if executable is None:
        _unavailable("no chromium found")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _open(browser: Any, server: str, width: int = 1366, height: int = 900) -> Any:
    context = browser.new_context(
        viewport={"width": width, "height": height}, base_url=server, locale="en-US"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    return page


@pytest.fixture
def page(browser: Any, server: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    pg = _open(browser, server)
    yield pg
    problems, url = list(pg.problems), pg.url
    if problems:
        shot(pg, f"failed-{request.node.name}")
    pg.context.close()
    assert problems == [], f"the page logged errors (a CSP violation is one) at {url}"


def shot(page: Any, name: str, full_page: bool = False) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def _expect() -> Any:
    from playwright.sync_api import expect

    return expect


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


def test_graph_view_draws_the_plan_and_highlights_a_node(page: Any, api: httpx.Client) -> None:
    expect = _expect()
    layout = api.get("/v1/layout").json()
    lab = api.get(f"/v1/nodes/{TIANFU_LAB}").json()
    page.goto("/?view=graph")
    expect(page.locator("#graph .node")).to_have_count(len(layout["nodes"]))
    expect(page.locator("#graph line")).to_have_count(len(layout["edges"]))
    colour = page.locator('#graph .node[data-type="measure"] circle').first.evaluate(
        "c => getComputedStyle(c).fill"
    )
    assert colour != page.locator('#graph .node[data-type="action"] circle').first.evaluate(
        "c => getComputedStyle(c).fill"
    )
    shot(page, "6-graph")

    node = page.locator(f'#graph .node[data-node="{TIANFU_LAB}"]')
    node.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#panel-title")).to_have_text(lab["name"]["zh"])
    expect(page.locator("#graph")).to_have_class(re.compile(r"\bhas-sel\b"))
    neighbours = {r["node"]["id"] for r in lab["relations"]} - {TIANFU_LAB}
    expect(page.locator("#graph .node.near")).to_have_count(len(neighbours))

    page.locator('#graph-hl [data-hl="impact"]').click()
    expect(page.locator("#graph")).to_have_class(re.compile(r"\bhas-hl\b"))
    expect(page.locator("#graph-note")).to_contain_text("影响")
    assert "hl=impact" in page.url
    shot(page, "7-graph-impact")

    page.locator("#graph-mode button").nth(1).click()  # the neighbourhood only
    around = api.get("/v1/layout", params={"node": TIANFU_LAB, "radius": 1}).json()
    expect(page.locator("#graph .node")).to_have_count(len(around["nodes"]))
    assert f"focus={TIANFU_LAB}" in page.url
    shot(page, "8-graph-neighbourhood")


@pytest.mark.parametrize("mode", ["impact", "dependencies"])
def test_highlighting_without_the_traversal_routes_agrees_with_them(
    browser: Any, server: str, api: httpx.Client, mode: str
) -> None:
    """When the API lacks impact/dependencies, the page walks the drawn edges itself."""
    expect = _expect()
    truth = api.get(f"/v1/nodes/{TIANFU_LAB}/{mode}").json()
    assert not truth["truncated"]
    want = sorted({n["id"] for n in truth["nodes"]} - {TIANFU_LAB})
    page = _open(browser, server)
    missing = '{"type": "about:blank", "title": "Not found", "status": 404, "detail": "none"}'
    page.route(
        f"**/v1/nodes/*/{mode}",
        lambda route: route.fulfill(
            status=404, content_type="application/problem+json", body=missing
        ),
    )
    try:
        page.goto(f"/?view=graph&node={TIANFU_LAB}&hl={mode}")
        expect(page.locator("#graph-note")).to_contain_text("按当前图中的关系计算")
        lit = page.locator("#graph .node.hl").evaluate_all("els => els.map(e => e.dataset.node)")
        assert sorted(lit) == want
        # the only console error is the refused request itself
        assert all("404" in p for p in page.problems)
    finally:
        page.context.close()


def test_graph_pans_and_zooms(page: Any) -> None:
    expect = _expect()
    page.goto("/?view=graph")
    expect(page.locator("#graph .node").first).to_be_attached()
    viewport = page.locator("#viewport")
    before = viewport.get_attribute("transform")
    page.locator("#graph-zoom button").first.click()
    zoomed = viewport.get_attribute("transform")
    assert zoomed != before
    assert "scale(1.400)" in zoomed
    page.locator("#graph").focus()
    page.keyboard.press("ArrowLeft")
    assert viewport.get_attribute("transform") != zoomed
    page.keyboard.press("0")
    assert viewport.get_attribute("transform") == before


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
