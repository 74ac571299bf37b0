"""Every answer about a city's measures says why, in Chinese and English, and names the
measures that do not reach the city with why not."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.answers.reasons import absence_reason, measure_reason
from app.graph.snapshot import Snapshot

SCIENCE_CITY = "build-western-china-science-city"


def measures(client: TestClient, city: str, query: str = "") -> dict[str, Any]:
    r = client.get(f"/v1/cities/{city}/measures{query}")
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


@pytest.mark.parametrize("city", ["deyang", "meishan", "ziyang"])
def test_each_measure_says_why_it_reaches_the_city(client: TestClient, city: str) -> None:
    answer = measures(client, city)
    name = answer["city"]["name"]
    assert answer["items"]
    for item in answer["items"]:
        reason = item["reason"]
        assert reason["en"]
        assert reason["zh"]
        assert item["scope"] == "metro_wide"
        assert f"names no place in {name['en']}" in reason["en"]
        assert "Chengdu Metropolitan Area" in reason["en"]
        assert name["zh"] in reason["zh"]
        assert "成都都市圈" in reason["zh"]


@pytest.mark.parametrize("city", ["deyang", "meishan", "ziyang"])
def test_the_science_city_measure_is_listed_as_not_reaching(client: TestClient, city: str) -> None:
    answer = measures(client, city)
    listed = {i["measure"]["id"] for i in answer["items"]}
    absent = {a["measure"]["id"]: a["reason"] for a in answer["not_reaching"]}
    assert list(absent) == [SCIENCE_CITY]
    assert SCIENCE_CITY not in listed
    reason = absent[SCIENCE_CITY]
    assert reason["en"].startswith("It reaches Chengdu only.")
    assert (
        "Western China (Chengdu) Science City (西部(成都)科学城), which lies in Chengdu"
        in (reason["en"])
    )
    assert "西部(成都)科学城" in reason["zh"]
    assert answer["city"]["name"]["zh"] in reason["zh"]


def test_chengdu_names_the_place_that_puts_each_measure_there(client: TestClient) -> None:
    answer = measures(client, "chengdu")
    assert answer["not_reaching"] == []
    by_id = {i["measure"]["id"]: i for i in answer["items"]}
    science = by_id[SCIENCE_CITY]["reason"]
    assert science["en"] == (
        "This measure names Western China (Chengdu) Science City (西部(成都)科学城), "
        "which lies in Chengdu."
    )
    assert science["zh"] == "该措施点名西部(成都)科学城，位于成都市。"
    explicit = [i for i in answer["items"] if i["scope"] == "explicit"]
    for item in explicit:  # the place named is the first of the chain the answer gives
        via = next(a["via"] for a in item["actions"] if a["scope"] == "explicit")
        assert via[0]["name"]["zh"] in item["reason"]["zh"]


def test_a_scope_filter_moves_the_measures_it_drops_to_not_reaching(client: TestClient) -> None:
    answer = measures(client, "deyang", "?scope=explicit,located")
    assert answer["items"] == []
    assert len(answer["not_reaching"]) == len(measures(client, "deyang")["items"]) + 1
    for absent in answer["not_reaching"]:
        if absent["measure"]["id"] != SCIENCE_CITY:
            assert "metro_wide" in absent["reason"]["en"]
            assert "scope=explicit,located" in absent["reason"]["en"]
            assert "scope=explicit,located" in absent["reason"]["zh"]


def test_each_city_of_a_measure_says_why(client: TestClient) -> None:
    r = client.get(f"/v1/measures/{SCIENCE_CITY}/cities")
    items = r.json()["items"]
    assert [i["city"]["id"] for i in items] == ["chengdu"]
    assert "which lies in Chengdu" in items[0]["reason"]["en"]
    r = client.get("/v1/measures/build-comprehensive-science-center/cities")
    reasons = {i["city"]["id"]: i["reason"]["en"] for i in r.json()["items"]}
    assert "Xinglong Lake area (兴隆湖周边), which lies in Chengdu" in reasons["chengdu"]
    assert reasons["deyang"].startswith("The plan names no place in Deyang")


def test_reasons_on_a_plan_built_in_code(mini: Snapshot) -> None:
    """Nothing in the sentences is the bundled plan's: names come from the data."""
    for city in mini.by_type["city"]:
        for m in mini.by_type["measure"]:
            reaches = city in mini.reach.by_node.get(m, {})
            reason = measure_reason(mini, m, city) if reaches else absence_reason(mini, m, city)
            assert mini.nodes[city].name.en in reason["en"]
            assert mini.nodes[city].name.zh in reason["zh"]
            assert "Chengdu" not in reason["en"] or "Chengdu" in mini.nodes[city].name.en
