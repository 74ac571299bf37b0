"""The corrected dataset as API clients see it: city scope, reach, and clean attributes."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from app.graph.snapshot import Snapshot

PILLAR_1 = {"build-comprehensive-science-center", "build-western-china-science-city"}


def bad_attributes(answer: Any, path: str = "$") -> list[str]:
    """The paths of nulls and empty values inside any ``attributes`` of an answer."""
    found: list[str] = []

    def walk(value: Any, here: str, inside: bool) -> None:
        if inside and (value is None or value in ("", [], {})):
            found.append(here)
        if isinstance(value, dict):
            for k, v in value.items():
                if k == "attributes" and isinstance(v, dict):  # {} is no attributes at all
                    for ak, av in v.items():
                        walk(av, f"{here}.{k}.{ak}", True)
                else:
                    walk(v, f"{here}.{k}", inside)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, f"{here}[{i}]", inside)

    walk(answer, path, False)
    return found


def test_chengdu_explicit_scope_lists_both_measures_of_pillar_1(client: TestClient) -> None:
    r = client.get("/v1/cities/chengdu/measures", params={"scope": "explicit"})
    assert r.status_code == 200
    items = r.json()["items"]
    measures = {m["measure"]["id"] for m in items}
    assert measures >= PILLAR_1
    (science_city,) = [m for m in items if m["measure"]["id"] == "build-western-china-science-city"]
    assert len(science_city["actions"]) == 7
    assert {a["scope"] for a in science_city["actions"]} == {"explicit"}
    # the hi-tech zone action names its zone, so its measure is explicit too
    assert "accelerate-sci-tech-management-reform" in measures


def test_every_city_reaches_the_strategic_platforms_action(client: TestClient) -> None:
    aid = "build-strategic-sci-tech-platforms"
    for city, scope in (
        ("chengdu", "located"),
        ("deyang", "metro_wide"),
        ("meishan", "metro_wide"),
        ("ziyang", "metro_wide"),
    ):
        items = client.get(f"/v1/cities/{city}/measures").json()["items"]
        actions = {a["action"]["id"]: a for m in items for a in m["actions"]}
        assert aid in actions, city
        assert actions[aid]["scope"] == scope, city


def test_no_answer_holds_a_null_or_empty_value_inside_attributes(
    client: TestClient, plan: Snapshot
) -> None:
    answers = {}
    for nid in plan.nodes:
        answers[f"/v1/nodes/{nid}"] = client.get(f"/v1/nodes/{nid}").json()
    for kind in ("nodes", "edges"):
        offset = 0
        while True:
            page = client.get(f"/v1/{kind}", params={"limit": 200, "offset": offset}).json()
            answers[f"/v1/{kind}?offset={offset}"] = page
            offset += 200
            if offset >= page["total"]:
                break
    answers["/v1/export/json"] = client.get("/v1/export/json").json()
    assert sum("attributes" in str(a) for a in answers.values()) >= len(plan.nodes)
    found = [p for url, answer in answers.items() for p in bad_attributes(answer, url)]
    assert found == []


def test_the_checker_finds_a_null_inside_attributes() -> None:
    answer = {
        "items": [
            {"attributes": {"extent": {"en": "x", "Deyang": None}}},
            {"attributes": {}},
        ]
    }
    assert bad_attributes(answer) == ["$.items[0].attributes.extent.Deyang"]
    assert bad_attributes({"attributes": {"tags": [""]}}) == ["$.attributes.tags[0]"]
