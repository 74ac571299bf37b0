"""Which measures reach a city, and which cities a measure reaches: with scope and via."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_city_measures_say_why(mini_client: TestClient) -> None:
    body = mini_client.get("/v1/cities/south-city/measures").json()
    assert body["city"]["id"] == "south-city"
    assert body["total"] == len(body["items"]) == 1
    (item,) = body["items"]
    assert item["measure"]["id"] == "link-valley"
    assert item["pillar"]["id"] == "research-pillar"
    assert item["scope"] == "explicit"
    by_action = {a["action"]["id"]: a for a in item["actions"]}
    assert by_action["support-park"]["scope"] == "explicit"
    assert [v["id"] for v in by_action["support-park"]["via"]] == ["south-park"]
    assert by_action["run-grant"]["scope"] == "metro_wide"


def test_scope_filter_keeps_matching_actions(mini_client: TestClient) -> None:
    body = mini_client.get(
        "/v1/cities/north-city/measures", params={"scope": "located,explicit"}
    ).json()
    assert [i["measure"]["id"] for i in body["items"]] == ["lab-network"]
    assert {a["scope"] for a in body["items"][0]["actions"]} == {"located"}


def test_unknown_scope_is_a_422_naming_it(mini_client: TestClient) -> None:
    r = mini_client.get("/v1/cities/north-city/measures", params={"scope": "galactic"})
    assert r.status_code == 422
    assert r.json()["errors"][0]["parameter"] == "scope"
    assert "galactic" in r.json()["detail"]


def test_a_city_id_that_is_not_a_city(mini_client: TestClient) -> None:
    r = mini_client.get("/v1/cities/riverton-lab/measures")
    assert r.status_code == 404
    assert "'riverton-lab' is a platform, not a city" in r.json()["detail"]
    # nothing close to suggest: the few cities are listed, not offered as a guess
    assert r.json()["suggestions"] == []
    assert "north-city" in r.json()["detail"]
    assert "south-city" in r.json()["detail"]


def test_measure_cities(mini_client: TestClient) -> None:
    body = mini_client.get("/v1/measures/lab-network/cities").json()
    assert body["measure"]["id"] == "lab-network"
    assert [(i["city"]["id"], i["scope"]) for i in body["items"]] == [("north-city", "located")]
    link = mini_client.get("/v1/measures/link-valley/cities").json()
    assert {i["city"]["id"]: i["scope"] for i in link["items"]} == {
        "north-city": "metro_wide",
        "south-city": "explicit",
    }
