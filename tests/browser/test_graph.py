"""The graph view in a real browser, on the bundled plan: the vendored library, the plan's
hierarchy, labels that do not overlap (measured from cytoscape's rendered label boxes) at
desktop and phone widths, legend and controls in view, the impact highlight against the API,
neighbourhoods, zoom and pan, the phone's panel under the graph, and no request leaving the
app. Screenshots of each view (desktop and phone) go to artifacts/screenshots/."""

from __future__ import annotations

import re
from itertools import combinations
from typing import Any

import httpx
import pytest

from tests.browser.harness import DESKTOP, PHONE, expect, open_page, shot

TIANFU_LAB = "tianfu-laboratory"
# the smallest label drawn, in screen pixels (MIN_PX of app/web/js/graph/labels.js)
MIN_PX = 9

LABELS = """() => {
  const cy = window.PlanGraph.cy();
  const shown = (n) => n.visible() && !n.hasClass("nolabel") && n.data("label");
  return cy.nodes().filter(shown).map((n) => {
    const b = n.renderedBoundingBox(
      { includeNodes: false, includeEdges: false, includeLabels: true });
    return { id: n.id(), type: n.data("type"), x1: b.x1, x2: b.x2, y1: b.y1, y2: b.y2,
             px: n.numericStyle("font-size") * cy.zoom(), label: n.style("label") };
  });
}"""
VIEW = "() => { const cy = window.PlanGraph.cy(); return { zoom: cy.zoom(), pan: cy.pan() }; }"


def _ready(page: Any) -> None:
    page.wait_for_selector("#graph[data-ready]", state="attached")


def _visit(page: Any, url: str) -> None:
    page.goto(url)
    _ready(page)


def _tap(page: Any, node: str) -> None:
    """Pan ``node`` to the middle of the graph (clear of the controls) and click it."""
    page.evaluate(f"window.PlanGraph.cy().center(window.PlanGraph.cy().getElementById({node!r}))")
    page.locator("#graph").scroll_into_view_if_needed()
    box = page.locator("#graph").bounding_box()
    p = page.evaluate(f"window.PlanGraph.cy().getElementById({node!r}).renderedPosition()")
    x, y = box["x"] + p["x"], box["y"] + p["y"]
    hit = page.evaluate(f"document.elementFromPoint({x}, {y}).closest('#graph') !== null")
    assert hit, f"the point ({x:.0f}, {y:.0f}) is not on the graph"
    page.mouse.click(x, y)


def _overlaps(labels: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [
        (a["id"], b["id"])
        for a, b in combinations(labels, 2)
        if a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"]
    ]


@pytest.fixture
def phone(browser: Any, server: str) -> Any:
    pg = open_page(browser, server, *PHONE)
    yield pg
    pg.context.close()
    assert pg.problems == []


def test_the_library_is_served_from_the_app_with_its_licence(page: Any, server: str) -> None:
    _visit(page, "/?view=graph")
    loaded = [u for u in page.requested if "/static/vendor/" in u]
    assert any(u.endswith("cytoscape.esm.min.mjs") for u in loaded)
    assert any(u.endswith("dagre.esm.js") for u in loaded)
    assert all(u.startswith(server) for u in page.requested), "a request left the app"
    for licence in ("cytoscape.LICENSE.txt", "dagre.LICENSE.txt"):
        r = page.request.get(f"/static/vendor/{licence}")
        assert r.ok
        assert "MIT" in r.text() or "Permission is hereby granted" in r.text()


def test_the_whole_plan_opens_on_its_hierarchy(page: Any, api: httpx.Client) -> None:
    drawn = api.get("/v1/layout").json()
    _visit(page, "/?view=graph")
    assert page.evaluate("window.PlanGraph.cy().nodes().length") == len(drawn["nodes"])
    assert page.evaluate("window.PlanGraph.cy().edges().length") == len(drawn["edges"])
    x = page.evaluate(
        "Object.fromEntries(window.PlanGraph.cy().nodes().map((n) => [n.id(), n.position('x')]))"
    )
    parent = {e["source"]: e["target"] for e in drawn["edges"] if e["relation"] == "part_of"}
    types = {n["id"]: n["type"] for n in drawn["nodes"]}
    measures = [n for n, t in types.items() if t == "measure"]
    assert measures
    for m in measures:
        assert types[parent[m]] == "pillar"
        assert x[m] > x[parent[m]], f"{m} is not right of its pillar"
    for a in (
        n for n, t in types.items() if t == "action" and types.get(parent.get(n, "")) == "measure"
    ):
        assert x[a] > x[parent[a]], f"{a} is not right of its measure"
    shot(page, "graph-hierarchy-desktop")


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_two_visible_labels_overlap_at_the_default_zoom(
    browser: Any, server: str, size: tuple[int, int], lang: str
) -> None:
    pg = open_page(browser, server, *size)
    try:
        for url in (
            f"/?view=graph&lang={lang}",
            f"/?view=graph&lang={lang}&node={TIANFU_LAB}&hl=impact",
        ):
            _visit(pg, url)
            labels = pg.evaluate(LABELS)
            assert _overlaps(labels) == [], url
            assert all(lb["px"] >= MIN_PX for lb in labels), url
            shown = {lb["type"] for lb in labels}
            assert "pillar" in shown or "hl=impact" in url, url  # the plan's pillars read at once
            assert len(labels) >= 3, url
        assert pg.problems == []
    finally:
        pg.context.close()


def test_a_label_is_truncated_and_the_full_name_shows_on_hover(
    page: Any, api: httpx.Client
) -> None:
    drawn = api.get("/v1/layout").json()
    longest = max(drawn["nodes"], key=lambda n: len(n["name"]["zh"]))
    _visit(page, "/?view=graph")
    label = page.evaluate(f"window.PlanGraph.cy().getElementById({longest['id']!r}).data('label')")
    assert label.endswith("…")
    assert len(label) < len(longest["name"]["zh"])
    page.evaluate(f"window.PlanGraph.cy().getElementById({longest['id']!r}).emit('mouseover')")
    expect()(page.locator("#graph")).to_have_attribute(
        "title", re.compile(re.escape(longest["name"]["zh"]))
    )


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_legend_and_controls_are_in_view(browser: Any, server: str, size: tuple[int, int]) -> None:
    pg = open_page(browser, server, *size)
    try:
        _visit(pg, "/?view=graph")
        expect()(pg.locator("#legend button").first).to_be_in_viewport()
        for which in ("in", "out", "fit"):
            button = pg.locator(f'#graph-zoom [data-zoom="{which}"]')
            expect()(button).to_be_in_viewport()
            box = button.bounding_box()
            assert box["height"] >= 40
            assert box["width"] >= 40
        graph = pg.locator("#graph").bounding_box()
        assert graph["y"] + graph["height"] <= size[1] + 1  # the whole canvas on the first screen
        assert pg.problems == []
    finally:
        pg.context.close()


def test_the_impact_highlight_shows_the_api_s_nodes_and_fits_them(
    page: Any, api: httpx.Client
) -> None:
    truth = api.get(f"/v1/nodes/{TIANFU_LAB}/impact").json()
    want = sorted({n["id"] for n in truth["nodes"]} - {TIANFU_LAB})
    _visit(page, f"/?view=graph&node={TIANFU_LAB}")
    page.locator('#graph-hl [data-hl="impact"]').click()
    _ready(page)
    assert "hl=impact" in page.url
    lit = page.evaluate("window.PlanGraph.cy().nodes('.hl').map((n) => n.id())")
    assert sorted(lit) == want
    dimmed = page.evaluate("window.PlanGraph.cy().nodes('.dim').length")
    assert dimmed == page.evaluate("window.PlanGraph.cy().nodes().length") - len(want) - 1
    inside = page.evaluate(
        """() => { const cy = window.PlanGraph.cy(); const w = cy.width(), h = cy.height();
        return cy.nodes('.hl, .sel').every((n) => { const p = n.renderedPosition();
          return p.x >= 0 && p.x <= w && p.y >= 0 && p.y <= h; }); }"""
    )
    assert inside, "the highlighted part is fitted in view"
    expect()(page.locator("#graph-note")).to_contain_text("影响")
    shot(page, "graph-impact-desktop")


@pytest.mark.parametrize("mode", ["impact", "dependencies"])
def test_highlighting_without_the_traversal_routes_agrees_with_them(
    browser: Any, server: str, api: httpx.Client, mode: str
) -> None:
    """When the API lacks impact/dependencies, the page walks the drawn edges itself."""
    truth = api.get(f"/v1/nodes/{TIANFU_LAB}/{mode}").json()
    assert not truth["truncated"]
    want = sorted({n["id"] for n in truth["nodes"]} - {TIANFU_LAB})
    page = open_page(browser, server)
    missing = '{"type": "about:blank", "title": "Not found", "status": 404, "detail": "none"}'
    page.route(
        f"**/v1/nodes/*/{mode}",
        lambda route: route.fulfill(
            status=404, content_type="application/problem+json", body=missing
        ),
    )
    try:
        _visit(page, f"/?view=graph&node={TIANFU_LAB}&hl={mode}")
        expect()(page.locator("#graph-note")).to_contain_text("按当前图中的关系计算")
        lit = page.evaluate("window.PlanGraph.cy().nodes('.hl').map((n) => n.id())")
        assert sorted(lit) == want
        assert all("404" in p for p in page.problems)  # only the refused request itself
    finally:
        page.context.close()


def test_a_neighbourhood_is_drawn_around_the_selected_node(page: Any, api: httpx.Client) -> None:
    around = api.get("/v1/layout", params={"node": TIANFU_LAB, "radius": 2}).json()
    _visit(page, f"/?view=graph&node={TIANFU_LAB}&radius=2")
    page.locator('#graph-mode [data-mode="around"]').click()
    _ready(page)
    assert f"focus={TIANFU_LAB}" in page.url
    ids = page.evaluate("window.PlanGraph.cy().nodes().map((n) => n.id())")
    assert sorted(ids) == sorted(n["id"] for n in around["nodes"])
    ring = page.evaluate(
        f"""() => {{ const cy = window.PlanGraph.cy();
        const c = cy.getElementById({TIANFU_LAB!r}).position();
        return cy.nodes().map((n) =>
          [n.id(), Math.hypot(n.position('x') - c.x, n.position('y') - c.y)]); }}"""
    )
    dist = dict(ring)
    near = {e["source"] for e in around["edges"] if e["target"] == TIANFU_LAB}
    near |= {e["target"] for e in around["edges"] if e["source"] == TIANFU_LAB}
    far = set(dist) - near - {TIANFU_LAB}
    assert max(dist[n] for n in near) < min(dist[n] for n in far)  # rings by steps
    assert _overlaps(page.evaluate(LABELS)) == []
    shot(page, "graph-neighbourhood-desktop")


def test_clicking_a_node_selects_it_and_opens_its_panel(page: Any, api: httpx.Client) -> None:
    lab = api.get(f"/v1/nodes/{TIANFU_LAB}").json()
    _visit(page, "/?view=graph")
    _tap(page, TIANFU_LAB)
    expect()(page.locator("#panel-title")).to_have_text(lab["name"]["zh"])
    _ready(page)
    assert f"node={TIANFU_LAB}" in page.url
    near = page.evaluate("window.PlanGraph.cy().nodes('.near').map((n) => n.id())")
    assert sorted(near) == sorted({r["node"]["id"] for r in lab["relations"]} - {TIANFU_LAB})


def test_the_graph_zooms_and_pans(page: Any) -> None:
    _visit(page, "/?view=graph")
    start = page.evaluate(VIEW)
    page.locator('#graph-zoom [data-zoom="in"]').click()
    zoomed = page.evaluate(VIEW)
    assert zoomed["zoom"] == pytest.approx(start["zoom"] * 1.4, rel=1e-3)
    box = page.locator("#graph").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx, cy)
    for _ in range(5):  # cytoscape may let a wheel event go while it is busy
        page.mouse.wheel(0, -300)
        page.wait_for_timeout(150)
        if page.evaluate(VIEW)["zoom"] > zoomed["zoom"]:
            break
    assert page.evaluate(VIEW)["zoom"] > zoomed["zoom"]
    before = page.evaluate(VIEW)["pan"]
    page.mouse.move(cx + 5, cy + 80)
    page.mouse.down()
    page.mouse.move(cx + 105, cy + 80, steps=8)
    page.mouse.up()
    after = page.evaluate(VIEW)["pan"]
    assert after["x"] == pytest.approx(before["x"] + 100, abs=3)
    page.locator("#graph").focus()
    page.keyboard.press("Shift+ArrowDown")
    assert page.evaluate(VIEW)["pan"]["y"] < after["y"]
    page.keyboard.press("0")
    assert page.evaluate(VIEW)["zoom"] == pytest.approx(start["zoom"], rel=2e-2)  # fitted again
    # hidden labels come back when zoomed in
    hidden = page.evaluate("window.PlanGraph.cy().nodes('.nolabel').length")
    for _ in range(4):
        page.locator('#graph-zoom [data-zoom="in"]').click()
    page.wait_for_function(f"() => window.PlanGraph.cy().nodes('.nolabel').length < {hidden}")


def test_arrow_keys_move_the_selection_to_the_nearest_node(page: Any) -> None:
    _visit(page, f"/?view=graph&node={TIANFU_LAB}")
    page.locator("#graph").focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(f"() => !location.search.includes('node={TIANFU_LAB}')")
    moved = page.evaluate("new URLSearchParams(location.search).get('node')")
    x = page.evaluate(
        f"[window.PlanGraph.cy().getElementById({TIANFU_LAB!r}).position('x'), "
        f"window.PlanGraph.cy().getElementById({moved!r}).position('x')]"
    )
    assert x[1] < x[0]


def test_on_a_phone_a_tap_opens_the_neighbourhood_with_the_panel_below_the_graph(
    phone: Any, api: httpx.Client
) -> None:
    lab = api.get(f"/v1/nodes/{TIANFU_LAB}").json()
    _visit(phone, "/?view=graph&lang=en")
    labels = phone.evaluate(LABELS)
    assert _overlaps(labels) == []
    shot(phone, "graph-hierarchy-phone")
    _tap(phone, TIANFU_LAB)
    expect()(phone.locator("#panel-title")).to_have_text(lab["name"]["en"])
    _ready(phone)
    assert f"focus={TIANFU_LAB}" in phone.url
    graph = phone.locator(".graph-wrap").bounding_box()
    panel = phone.locator("#panel").bounding_box()
    assert graph["y"] >= -1
    assert graph["y"] < 60
    assert panel["y"] >= graph["y"] + 0.4 * PHONE[1]  # the panel is a sheet below it
    assert panel["y"] + 1 >= graph["y"] + graph["height"] - 2
    inside = phone.evaluate(
        """() => { const cy = window.PlanGraph.cy(); const w = cy.width(), h = cy.height();
        return cy.nodes().every((n) => { const q = n.renderedPosition();
          return q.x >= 0 && q.x <= w && q.y >= 0 && q.y <= h; }); }"""
    )
    assert inside, "the neighbourhood fills the graph"
    assert _overlaps(phone.evaluate(LABELS)) == []
    shot(phone, "graph-neighbourhood-phone")
    for button in phone.locator("#graph-toolbar button").all():
        assert button.bounding_box()["height"] >= 40


def test_the_impact_view_on_a_phone(phone: Any, api: httpx.Client) -> None:
    truth = api.get(f"/v1/nodes/{TIANFU_LAB}/impact").json()
    _visit(phone, f"/?view=graph&node={TIANFU_LAB}&hl=impact&lang=en")
    lit = phone.evaluate("window.PlanGraph.cy().nodes('.hl').map((n) => n.id())")
    assert sorted(lit) == sorted({n["id"] for n in truth["nodes"]} - {TIANFU_LAB})
    assert _overlaps(phone.evaluate(LABELS)) == []
    shot(phone, "graph-impact-phone")


def test_with_a_city_chosen_shapes_show_each_measure_s_scope(page: Any, api: httpx.Client) -> None:
    reach = api.get("/v1/cities/deyang/measures").json()
    _visit(page, "/?view=graph&city=deyang")
    shapes = page.evaluate(
        "Object.fromEntries(window.PlanGraph.cy().nodes('[type = \"measure\"]')"
        ".map((n) => [n.id(), n.style('shape')]))"
    )
    want = {"explicit": "star", "located": "diamond", "metro_wide": "ellipse"}
    for it in reach["items"]:
        assert shapes[it["measure"]["id"]] == want[it["scope"]]
    expect()(page.locator('#legend [data-scope="metro_wide"]')).to_be_visible()
