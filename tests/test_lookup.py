"""A 404 suggests the nodes a user may mean: by id, name, alias or pinyin, and nothing
unrelated."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient


def problem(client: TestClient, url: str) -> dict[str, object]:
    r = client.get(url)
    assert r.status_code == 404, r.text
    assert r.headers["content-type"] == "application/problem+json"
    return r.json()  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "wrong",
    [
        "天府实验室",
        "Tianfu Laboratory",
        "tianfushiyanshi",
        "tfsys",
        "tianfu-lab",
        "tianfu-laboratroy",
    ],
)
def test_a_node_asked_for_by_name_alias_or_pinyin_is_suggested(
    client: TestClient, wrong: str
) -> None:
    body = problem(client, f"/v1/nodes/{quote(wrong)}")
    assert body["suggestions"][0] == "tianfu-laboratory"  # type: ignore[index]
    assert "did you mean 'tianfu-laboratory'" in str(body["detail"])


def test_a_city_by_its_chinese_name(client: TestClient) -> None:
    body = problem(client, f"/v1/cities/{quote('德阳市')}/measures")
    assert body["suggestions"] == ["deyang"]


@pytest.mark.parametrize(
    "url",
    [
        "/v1/paths?from=tianfu-laboratory&to=nowhere",
        "/v1/nodes/nowhere",
        "/v1/nodes/xyzzy/impact",
        "/v1/explain?from=qqqq&to=tianfu-laboratory",
    ],
)
def test_a_nonsense_id_gets_no_unrelated_suggestion(client: TestClient, url: str) -> None:
    assert problem(client, url)["suggestions"] == []


def test_a_nonsense_city_lists_the_cities_and_guesses_none(client: TestClient) -> None:
    body = problem(client, "/v1/cities/atlantis/measures")
    assert body["suggestions"] == []
    assert "(the city ids: chengdu, deyang, meishan, ziyang)" in str(body["detail"])


def test_a_misspelt_id_still_gets_its_node(client: TestClient) -> None:
    body = problem(client, "/v1/paths?from=meishan&to=chengdu-supercomputing-centre")
    assert body["suggestions"][0] == "chengdu-supercomputing-center"  # type: ignore[index]
