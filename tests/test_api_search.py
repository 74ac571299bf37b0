"""Search over the API: shapes, ranking, folding, type filter."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_search_shape_and_ranking(mini_client: TestClient) -> None:
    body = mini_client.get("/v1/search", params={"q": "valley"}).json()
    assert set(body) >= {"items", "total"}
    first = body["items"][0]
    assert set(first) == {"node", "score", "field"}
    scores = [h["score"] for h in body["items"]]
    assert scores == sorted(scores, reverse=True)


def test_search_by_pinyin_initials_and_width_folding(mini_client: TestClient) -> None:
    assert (
        mini_client.get("/v1/search", params={"q": "hcsys"}).json()["items"][0]["node"]["id"]
        == "riverton-lab"
    )
    wide = mini_client.get("/v1/search", params={"q": "ＲＩＶＥＲＴＯＮ"}).json()
    assert wide["items"][0]["node"]["id"] == "riverton-lab"


def test_search_type_filter_and_limit(mini_client: TestClient) -> None:
    body = mini_client.get("/v1/search", params={"q": "lab", "type": "action", "limit": 1}).json()
    assert len(body["items"]) == 1
    assert body["total"] >= 2
    assert body["items"][0]["node"]["type"] == "action"


def test_search_limits(mini_client: TestClient) -> None:
    assert mini_client.get("/v1/search", params={"q": "x" * 201}).status_code == 422
    assert mini_client.get("/v1/search").status_code == 422
    assert mini_client.get("/v1/search", params={"q": "lab", "limit": 101}).status_code == 422
