"""Analyst endpoints on the bundled plan (answers checked against the plan's text), their
limits, facets, and bounded answers on a pathological plan."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.graph.snapshot import Snapshot
from app.main import create_app
from app.models import SpanSource
from tests.bigplan import HUB, big_plan
from tests.miniplan import write_plan

PROBLEM = "application/problem+json"


def named(snap: Snapshot, zh: str, type_: str) -> str:
    """The id of the node of ``type_`` called ``zh`` (its name, an alias, or a city's name
    without 市)."""
    found = [
        nid
        for nid in snap.by_type.get(type_, ())
        if zh in (snap.nodes[nid].name.zh, snap.nodes[nid].name.zh.removesuffix("市"))
        or zh in snap.nodes[nid].aliases
    ]
    assert len(found) == 1, (zh, found)
    return found[0]


def quotes(snap: Snapshot, nid: str) -> list[str]:
    return [snap.quote(s) for s in snap.nodes[nid].sources if isinstance(s, SpanSource)]


@pytest.fixture(scope="module")
def big_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = write_plan(tmp_path_factory.mktemp("big-api"), big_plan())
    with TestClient(create_app(Settings(data=path))) as c:
        yield c


# ---- answers on the bundled plan ---------------------------------------------------------


def test_impact_of_the_tianfu_laboratory(client: TestClient, plan: Snapshot) -> None:
    lab = named(plan, "天府实验室", "platform")
    body = client.get(f"/v1/nodes/{lab}/impact").json()
    assert body["root"]["id"] == lab
    assert body["truncated"] is False
    reached = {n["id"]: n for n in body["nodes"]}
    # the actions that name it ...
    actions = [i for i, n in reached.items() if n["type"] == "action"]
    assert any("天府实验室" in q for a in actions for q in quotes(plan, a))
    # ... their measure, its pillar and the goals
    assert named(plan, "高水平建设综合性科学中心", "measure") in reached
    assert named(plan, "增强科技创新策源能力", "pillar") in reached
    assert any(n["type"] == "goal" for n in reached.values())
    edge_ids = {e["id"] for e in body["edges"]}
    assert all(n["via"] in edge_ids for n in body["nodes"])


def test_impact_type_filter_keeps_the_chain(client: TestClient, plan: Snapshot) -> None:
    lab = named(plan, "天府实验室", "platform")
    body = client.get(f"/v1/nodes/{lab}/impact", params={"type": "measure,pillar"}).json()
    assert {n["type"] for n in body["nodes"]} == {"measure", "pillar"}
    assert named(plan, "高水平建设综合性科学中心", "measure") in {n["id"] for n in body["nodes"]}
    assert "builds" in {e["relation"] for e in body["edges"]}


def test_what_the_2025_goal_rests_on(client: TestClient, plan: Snapshot) -> None:
    goal = named(plan, "基本建成现代化都市圈", "goal")
    body = client.get(f"/v1/nodes/{goal}/dependencies", params={"type": "measure"}).json()
    measures = {n["id"] for n in body["nodes"]}
    assert named(plan, "高水平建设综合性科学中心", "measure") in measures
    assert measures <= set(plan.by_type["measure"])
    stated = client.get(
        f"/v1/nodes/{goal}/dependencies", params={"evidence": "stated", "depth": 2}
    ).json()
    assert all(e["evidence"] == "stated" for e in stated["edges"])
    assert all(n["depth"] <= 2 for n in stated["nodes"])


def test_a_path_joins_meishan_and_the_supercomputing_center(
    client: TestClient, plan: Snapshot
) -> None:
    meishan = named(plan, "眉山", "city")
    center = named(plan, "成都超算中心", "platform")
    body = client.get("/v1/paths", params={"from": meishan, "to": center, "limit": 5}).json()
    assert body["source"]["id"] == meishan
    assert body["target"]["id"] == center
    assert 1 <= len(body["paths"]) <= 5
    for p in body["paths"]:
        ids = [n["id"] for n in p["nodes"]]
        assert (ids[0], ids[-1]) == (meishan, center)
        assert p["length"] == len(p["edges"]) == len(ids) - 1 <= 6
        for (u, v), e in zip(itertools.pairwise(ids), p["edges"], strict=True):
            assert {e["source"], e["target"]} == {u, v}


def test_explain_why_the_laboratory_bears_on_its_pillar(client: TestClient, plan: Snapshot) -> None:
    lab = named(plan, "天府实验室", "platform")
    pillar = named(plan, "增强科技创新策源能力", "pillar")
    body = client.get("/v1/explain", params={"from": lab, "to": pillar}).json()
    assert body["found"] is True
    assert body["from"]["id"] == lab
    assert body["to"]["id"] == pillar
    steps = body["steps"]
    assert len(steps) == body["length"] >= 2
    assert steps[0]["from"]["id"] == lab
    assert steps[-1]["to"]["id"] == pillar
    for a, b in itertools.pairwise(steps):
        assert a["to"]["id"] == b["from"]["id"]
    first = steps[0]
    assert first["relation"] in ("builds", "involves")
    assert first["direction"] == "inverse"
    assert first["sentence"]["zh"].startswith("天府实验室")
    assert first["sentence"]["en"].startswith("Tianfu Laboratory (天府实验室) is ")
    assert "the action" in first["sentence"]["en"]
    text = plan.texts["innovation-chapter-reprint-2021"]
    for s in steps:
        assert s["edge"] in plan.edges
        assert s["evidence"] in ("stated", "inferred")
        assert s["quote"] or s["rationale"]
        if s["quote"] and plan.edges[s["edge"]].sources:
            src = plan.edges[s["edge"]].sources[0]
            if isinstance(src, SpanSource):
                assert s["quote"] in text
    assert body["text"]["en"].endswith(".")


def test_subgraph_of_the_laboratory_loads_into_networkx(client: TestClient, plan: Snapshot) -> None:
    lab = named(plan, "天府实验室", "platform")
    body = client.get("/v1/subgraph", params={"ids": lab, "depth": 1}).json()
    g = nx.node_link_graph(body, edges="edges")
    assert lab in g
    assert g.nodes[lab]["name_zh"] == "天府实验室"
    assert set(g.neighbors(lab)) | set(g.predecessors(lab)) <= set(g)
    for _, _, data in g.edges(data=True):
        assert data["id"] in plan.edges
        assert data["relation"] == plan.edges[data["id"]].relation


@pytest.mark.parametrize("metric", ["degree", "betweenness", "pagerank"])
def test_centrality_endpoint(client: TestClient, plan: Snapshot, metric: str) -> None:
    body = client.get("/v1/analytics/centrality", params={"metric": metric, "limit": 10}).json()
    assert body["metric"] == metric
    assert body["total"] == len(plan.nodes)
    scores = [i["score"] for i in body["items"]]
    assert len(scores) == 10
    assert scores == sorted(scores, reverse=True)
    measures = client.get(
        "/v1/analytics/centrality", params={"metric": metric, "type": "measure"}
    ).json()
    assert {i["type"] for i in measures["items"]} == {"measure"}
    assert measures["total"] == len(plan.by_type["measure"])


def test_city_matrix_on_the_plan(client: TestClient, plan: Snapshot) -> None:
    body = client.get("/v1/analytics/city-matrix").json()
    cities = [c["name"]["zh"].removesuffix("市") for c in body["cities"]]
    assert sorted(cities) == sorted(["成都", "德阳", "眉山", "资阳"])
    assert len(body["measures"]) == len(plan.by_type["measure"])
    assert len(body["matrix"]) == len(body["cities"])
    for row in body["matrix"]:
        assert len(row) == len(body["measures"])
        assert set(row) <= {"explicit", "located", "metro_wide", None}
    # the science city measure reaches Chengdu more than metro-wide: its zone is there
    chengdu = [c["id"] for c in body["cities"]].index(named(plan, "成都", "city"))
    science_city = [m["id"] for m in body["measures"]].index(
        named(plan, "高标准建设西部(成都)科学城", "measure")
    )
    assert body["matrix"][chengdu][science_city] in ("explicit", "located")


def test_coverage_lists_each_2025_target(client: TestClient, plan: Snapshot) -> None:
    body = client.get("/v1/analytics/coverage").json()
    listed = {g["goal"]["id"]: g for g in body["goals"]}
    targets = [g for g in plan.by_type["goal"] if plan.nodes[g].attributes.get("year") == 2025]
    assert targets
    assert set(targets) <= set(listed)
    assert set(listed) == set(plan.by_type["goal"])
    overall = listed[named(plan, "基本建成现代化都市圈", "goal")]
    assert overall["served"]
    assert named(plan, "高水平建设综合性科学中心", "measure") in {
        m["id"] for m in overall["measures"]
    }
    unserved = {u["id"] for u in body["unserved"]}
    assert unserved == {g for g, item in listed.items() if not item["measures"]}


# ---- limits ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "params", "parameter", "limit"),
    [
        ("/v1/nodes/riverton-lab/impact", {"depth": 11}, "depth", "10"),
        ("/v1/nodes/riverton-lab/dependencies", {"depth": 11}, "depth", "10"),
        ("/v1/nodes/riverton-lab/dependencies", {"depth": 0}, "depth", "1"),
        ("/v1/paths", {"from": "green", "to": "valley", "limit": 21}, "limit", "20"),
        ("/v1/paths", {"from": "green", "to": "valley", "max_length": 9}, "max_length", "8"),
        ("/v1/subgraph", {"ids": ",".join(f"n{i}" for i in range(51))}, "ids", "50"),
        ("/v1/subgraph", {"ids": "green", "depth": 11}, "depth", "10"),
        ("/v1/analytics/centrality", {"limit": 501}, "limit", "500"),
        ("/v1/search", {"q": "x" * 201}, "q", "200"),
        ("/v1/nodes", {"q": "x" * 201}, "q", "200"),
    ],
)
def test_a_parameter_over_its_limit_is_a_problem_naming_it(
    mini_client: TestClient, url: str, params: dict[str, str | int], parameter: str, limit: str
) -> None:
    r = mini_client.get(url, params=params)
    assert r.status_code == 422
    assert r.headers["content-type"] == PROBLEM
    errors = {e["parameter"]: e["message"] for e in r.json()["errors"]}
    assert limit in errors[parameter]


@pytest.mark.parametrize(
    ("url", "params", "parameter"),
    [
        ("/v1/nodes/riverton-lab/impact", {"relation": "owns"}, "relation"),
        ("/v1/nodes/riverton-lab/impact", {"type": "planet"}, "type"),
        ("/v1/nodes/riverton-lab/impact", {"evidence": "rumoured"}, "evidence"),
        ("/v1/analytics/centrality", {"metric": "closeness"}, "metric"),
        ("/v1/paths", {"from": "green"}, "to"),
        ("/v1/nodes", {"facets": "colour"}, "facets"),
        ("/v1/search", {"q": "lab", "facets": "type,colour"}, "facets"),
    ],
)
def test_bad_values_are_problems_naming_the_parameter(
    mini_client: TestClient, url: str, params: dict[str, str | int], parameter: str
) -> None:
    r = mini_client.get(url, params=params)
    assert r.status_code == 422
    assert parameter in {e["parameter"] for e in r.json()["errors"]}


@pytest.mark.parametrize(
    "url",
    [
        "/v1/nodes/riverton-lob/impact",
        "/v1/nodes/riverton-lob/dependencies",
        "/v1/paths?from=riverton-lob&to=green",
        "/v1/explain?from=green&to=riverton-lob",
        "/v1/subgraph?ids=green,riverton-lob",
    ],
)
def test_unknown_nodes_are_404_with_suggestions(mini_client: TestClient, url: str) -> None:
    r = mini_client.get(url)
    assert r.status_code == 404
    assert r.headers["content-type"] == PROBLEM
    assert "riverton-lab" in r.json()["suggestions"]


def test_a_hub_answer_is_truncated_not_unbounded(big_client: TestClient) -> None:
    body = big_client.get(f"/v1/nodes/{HUB}/impact", params={"depth": 10}).json()
    assert body["truncated"] is True
    assert len(body["nodes"]) == 5_000
    body = big_client.get("/v1/subgraph", params={"ids": HUB, "depth": 10}).json()
    assert body["truncated"] is True
    assert len(body["nodes"]) == 5_000
    body = big_client.get(
        "/v1/paths", params={"from": "spoke-1", "to": "spoke-2", "limit": 20, "max_length": 8}
    ).json()
    assert len(body["paths"]) == 20
    assert all(p["length"] <= 8 for p in body["paths"])
    body = big_client.get("/v1/analytics/centrality", params={"limit": 2}).json()
    assert {i["id"] for i in body["items"]} == {HUB, "hub-measure"}


# ---- facets ------------------------------------------------------------------------------


def facet(body: dict[str, object], name: str) -> dict[str, int]:
    facets = body["facets"]
    assert isinstance(facets, dict)
    return {f["value"]: f["count"] for f in facets[name]}


def test_node_facets_count_per_value(mini_client: TestClient) -> None:
    body = mini_client.get("/v1/nodes", params={"facets": "type,city,pillar"}).json()
    types = facet(body, "type")
    assert sum(types.values()) == body["total"]
    assert types["action"] == 5
    assert facet(body, "pillar") == {"research-pillar": 8}  # itself, 2 measures, 5 actions
    actions = mini_client.get("/v1/actions", params={"facets": "city,pillar"}).json()
    assert facet(actions, "city") == {"north-city": 4, "south-city": 3}
    assert facet(actions, "pillar") == {"research-pillar": 5}
    names = {f["value"]: f["name"]["en"] for f in actions["facets"]["city"]}
    assert names == {"north-city": "North City", "south-city": "South City"}
    assert mini_client.get("/v1/nodes").json()["facets"] is None


@pytest.mark.parametrize("type_", [None, "action", "measure", "platform", "city"])
def test_a_city_facet_counts_what_its_filter_keeps(mini_client: TestClient, type_: str) -> None:
    params = {"facets": "city", **({"type": type_} if type_ else {})}
    counts = facet(mini_client.get("/v1/nodes", params=params).json(), "city")
    for city in ("north-city", "south-city"):
        kept = mini_client.get("/v1/nodes", params={**params, "city": city}).json()["total"]
        assert counts.get(city, 0) == kept


def test_city_facet_counts_match_the_filter_on_the_plan(client: TestClient, plan: Snapshot) -> None:
    counts = facet(client.get("/v1/nodes", params={"facets": "city", "limit": 0}).json(), "city")
    assert set(counts) == set(plan.by_type["city"])
    for city, n in counts.items():
        assert client.get("/v1/nodes", params={"city": city, "limit": 0}).json()["total"] == n


def test_search_facets_count_every_hit(mini_client: TestClient) -> None:
    body = mini_client.get(
        "/v1/search", params={"q": "lab", "facets": "type,city", "limit": 1}
    ).json()
    assert len(body["items"]) == 1
    assert sum(facet(body, "type").values()) == body["total"] == 4
    assert facet(body, "type") == {"action": 2, "measure": 1, "platform": 1}
    assert facet(body, "city") == {"north-city": 4}
