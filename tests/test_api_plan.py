"""The newcomer's questions, answered on the bundled plan and checked against its text."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.graph.snapshot import Snapshot


def test_which_measures_reach_deyang_and_why(client: TestClient, plan: Snapshot) -> None:
    body = client.get("/v1/cities/deyang/measures").json()
    assert body["city"]["name"] == {"zh": "德阳市", "en": "Deyang"}
    measures = {i["measure"]["id"]: i for i in body["items"]}
    # the science city is in Chengdu: its measure does not reach Deyang
    assert "build-western-china-science-city" not in measures
    assert "build-comprehensive-science-center" in measures
    for item in body["items"]:
        assert item["pillar"]["type"] == "pillar"
        assert item["actions"], item["measure"]["id"]
        for a in item["actions"]:
            # nothing in the chapter names a place in Deyang: every reach is metro-wide,
            # through the region the plan applies to
            assert a["scope"] == "metro_wide"
            assert [v["id"] for v in a["via"]][-1] == "chengdu-metropolitan-area"
    # the Tianfu Laboratory is in Chengdu, but the State Key Laboratories the same action
    # names are not placed: the action reaches Deyang through the region
    tianfu_action = "build-strategic-sci-tech-platforms"
    actions = {a["action"]["id"] for i in body["items"] for a in i["actions"]}
    assert tianfu_action in actions


def test_chengdu_gets_explicit_and_located_measures(client: TestClient) -> None:
    body = client.get("/v1/cities/chengdu/measures", params={"scope": "explicit"}).json()
    items = {i["measure"]["id"]: i for i in body["items"]}
    assert list(items) == [
        "build-comprehensive-science-center",
        "build-western-china-science-city",
        "accelerate-sci-tech-management-reform",
    ]
    (action,) = items["build-comprehensive-science-center"]["actions"]
    assert action["scope"] == "explicit"
    assert [v["name"]["zh"] for v in action["via"]] == ["兴隆湖周边"]
    # the science city's measure names it, so each of its actions names Chengdu
    science_city = items["build-western-china-science-city"]
    assert len(science_city["actions"]) == 7
    assert all(
        "western-china-chengdu-science-city" in [v["id"] for v in a["via"]]
        for a in science_city["actions"]
    )
    located = client.get("/v1/cities/chengdu/measures", params={"scope": "located"}).json()
    tianfu = {a["action"]["id"]: a for i in located["items"] for a in i["actions"]}
    assert [v["id"] for v in tianfu["build-strategic-sci-tech-platforms"]["via"]] == [
        "tianfu-laboratory"
    ]


def test_what_the_tianfu_laboratory_is_and_which_actions_name_it(
    client: TestClient, plan: Snapshot
) -> None:
    node = client.get("/v1/nodes/tianfu-laboratory").json()
    assert node["name"] == {"zh": "天府实验室", "en": "Tianfu Laboratory"}
    assert node["sources"][0]["quote"] == "天府实验室"
    naming = client.get(
        "/v1/nodes/tianfu-laboratory/neighbors", params={"direction": "in", "type": "action"}
    ).json()
    assert naming["total"] >= 1
    for item in naming["items"]:
        action = client.get(f"/v1/nodes/{item['node']['id']}").json()
        assert "天府实验室" in action["sources"][0]["quote"]
        assert action["description"]["en"]
    located = [r for r in node["relations"] if r["relation"] == "located_in"]
    assert [r["node"]["id"] for r in located] == ["chengdu"]


def test_what_tianfu_and_chaosuan_find(client: TestClient) -> None:
    tianfu = client.get("/v1/search", params={"q": "tianfu"}).json()
    assert tianfu["items"][0]["node"]["id"] == "tianfu-laboratory"
    supercomputing = client.get("/v1/search", params={"q": "超算"}).json()
    assert supercomputing["items"][0]["node"]["id"] == "chengdu-supercomputing-center"
    assert {h["node"]["id"] for h in supercomputing["items"]} >= {
        "chengdu-supercomputing-center",
        "national-supercomputing-center-system",
    }
    initials = client.get("/v1/search", params={"q": "tfsys"}).json()
    assert initials["items"][0]["node"]["id"] == "tianfu-laboratory"
    wide = client.get("/v1/search", params={"q": "西部（成都）科学城"}).json()
    assert wide["items"][0]["node"]["id"] == "western-china-chengdu-science-city"
    assert wide["items"][0]["score"] == 1.0


def test_meta_reports_full_coverage_of_the_plan(client: TestClient, plan: Snapshot) -> None:
    meta = client.get("/v1/meta").json()
    cov = meta["text_coverage"]
    assert cov["ratio"] == 1.0
    assert cov["uncovered"] == []
    assert cov["clauses"] == cov["covered"] > 30
    assert meta["counts"]["nodes"]["city"] == 4
    assert meta["counts"]["nodes"]["measure"] == 8
    assert meta["version"] == plan.version


def test_from_a_sentence_of_the_plan_to_the_graph(client: TestClient, plan: Snapshot) -> None:
    doc = "innovation-chapter-reprint-2021"
    text = plan.texts[doc]
    clause = "推动成都超算中心进入国家超算中心体系"
    start = text.index(clause)
    body = client.get(
        f"/v1/documents/{doc}/spans", params={"start": start, "end": start + len(clause)}
    ).json()
    ids = {n["node"]["id"] for n in body["nodes"]}
    assert {"chengdu-supercomputing-center", "national-supercomputing-center-system"} <= ids
    assert any(n["quote"] == clause for n in body["nodes"])


def test_tree_has_three_pillars_of_chapter_five(client: TestClient) -> None:
    tree = client.get("/v1/tree").json()
    chapter5 = next(c for c in tree["chapters"] if c["name"]["zh"] == "协同提升创新驱动发展水平")
    assert [p["name"]["zh"] for p in chapter5["children"]] == [
        "增强科技创新策源能力",
        "打造区域创新共同体",
        "营造良好创新生态环境",
    ]
    assert sum(len(p["children"]) for p in chapter5["children"]) == 8
    top = {g["id"] for g in tree["goals"]}
    assert "development-goals-2025" in top
