"""Every list-shaped answer as CSV: read back with pandas, the same rows as its JSON; by
``format`` or ``Accept``, never mixed up by the response cache; paged with ``Link``."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from app.answers.schemas import CityMeasures
from app.answers.tables import tabulate, to_csv
from app.config import DEFAULT_DATA
from tests.servers import free_port, running

Rows = list[dict[str, Any]]
BOM = b"\xef\xbb\xbf"


def _nodes(answer: dict[str, Any]) -> Rows:
    return [
        {"id": n["id"], "type": n["type"], "name_zh": n["name"]["zh"], "name_en": n["name"]["en"]}
        for n in answer["items"]
    ]


def _edges(answer: dict[str, Any]) -> Rows:
    return [
        {"id": e["id"], "source": e["source"], "target": e["target"], "relation": e["relation"]}
        for e in answer["items"]
    ]


def _neighbours(answer: dict[str, Any]) -> Rows:
    return [
        {
            "relation": r["relation"],
            "direction": r["direction"],
            "node_id": r["node"]["id"],
            "node_name_zh": r["node"]["name"]["zh"],
            "node_name_en": r["node"]["name"]["en"],
            "edge": r["edge"],
        }
        for r in answer["items"]
    ]


def _search(answer: dict[str, Any]) -> Rows:
    return [
        {"node_id": h["node"]["id"], "node_name_zh": h["node"]["name"]["zh"], "score": h["score"]}
        for h in answer["items"]
    ]


def _reached(answer: dict[str, Any]) -> Rows:
    return [
        {"id": n["id"], "name_en": n["name"]["en"], "depth": n["depth"], "via": n["via"]}
        for n in answer["nodes"]
    ]


def _ranked(answer: dict[str, Any]) -> Rows:
    return [
        {"id": n["id"], "name_zh": n["name"]["zh"], "score": n["score"], "rank": n["rank"]}
        for n in answer["items"]
    ]


def _city_measures(answer: dict[str, Any]) -> Rows:
    """One row per action: the city, the measure, and the action with its via."""
    return [
        {
            "city_id": answer["city"]["id"],
            "measure_id": m["measure"]["id"],
            "measure_name_zh": m["measure"]["name"]["zh"],
            "scope": m["scope"],
            "action_id": a["action"]["id"],
            "action_name_en": a["action"]["name"]["en"],
            "action_scope": a["scope"],
            "action_via_id": "; ".join(v["id"] for v in a["via"]),
            "action_via_name_zh": "; ".join(v["name"]["zh"] for v in a["via"]),
        }
        for m in answer["items"]
        for a in m["actions"]
    ]


def _measure_cities(answer: dict[str, Any]) -> Rows:
    return [
        {
            "measure_id": answer["measure"]["id"],
            "city_id": c["city"]["id"],
            "city_name_zh": c["city"]["name"]["zh"],
            "scope": c["scope"],
            "action_id": a["action"]["id"],
            "action_name_en": a["action"]["name"]["en"],
        }
        for c in answer["items"]
        for a in c["actions"]
    ]


def _matrix(answer: dict[str, Any]) -> Rows:
    cities = {c["id"]: c for c in answer["cities"]}
    measures = {m["id"]: m for m in answer["measures"]}
    return [
        {
            "city_id": cell["city"],
            "city_name_zh": cities[cell["city"]]["name"]["zh"],
            "measure_id": cell["measure"],
            "measure_name_en": measures[cell["measure"]]["name"]["en"],
            "scope": cell["scope"],
            "actions": cell["actions"],
        }
        for cell in answer["cells"]
    ]


def _facets(answer: dict[str, Any]) -> Rows:
    return [
        {
            "facet": facet,
            "value": c["value"],
            "count": c["count"],
            "name_zh": c["name"]["zh"] if c["name"] else "",
        }
        for facet, counts in answer["facets"].items()
        for c in counts
    ]


#: every list route: (path, query, the rows its CSV must hold, read from its JSON)
LISTS: dict[str, tuple[str, dict[str, str], Callable[[dict[str, Any]], Rows]]] = {
    "nodes": ("/v1/nodes", {"type": "measure", "limit": "5", "offset": "2"}, _nodes),
    "a collection": ("/v1/actions", {"city": "deyang", "limit": "40"}, _nodes),
    "nodes by query": ("/v1/nodes", {"q": "实验室"}, _nodes),
    "edges": ("/v1/edges", {"relation": "part_of", "limit": "30"}, _edges),
    "neighbours": ("/v1/nodes/chengdu/neighbors", {"direction": "in"}, _neighbours),
    "search": ("/v1/search", {"q": "科学城", "limit": "10"}, _search),
    "dependencies": ("/v1/nodes/tianfu-laboratory/dependencies", {}, _reached),
    "impact": ("/v1/nodes/chengdu/impact", {"depth": "2"}, _reached),
    "centrality": ("/v1/analytics/centrality", {"metric": "pagerank", "limit": "25"}, _ranked),
    "city measures": ("/v1/cities/deyang/measures", {}, _city_measures),
    "measure cities": ("/v1/measures/build-western-china-science-city/cities", {}, _measure_cities),
    "city matrix": ("/v1/analytics/city-matrix", {}, _matrix),
    "facets": ("/v1/nodes", {"type": "action", "facets": "city,pillar", "limit": "3"}, _facets),
}


def read_csv(body: bytes, encoding: str = "utf-8") -> pd.DataFrame:
    """The CSV as a spreadsheet user's script reads it: every cell as text."""
    return pd.read_csv(io.BytesIO(body), dtype=str, keep_default_na=False, encoding=encoding)


def assert_rows(frame: pd.DataFrame, expected: Rows) -> None:
    """The frame holds exactly the expected rows, in order (numbers compared as numbers)."""
    assert len(frame) == len(expected)
    for column in expected[0] if expected else ():
        want = [row[column] for row in expected]
        got = frame[column].tolist()
        if all(isinstance(v, float | int) and not isinstance(v, bool) for v in want):
            assert pd.to_numeric(frame[column]).tolist() == want, column
        else:
            assert got == [str(v) for v in want], column


@pytest.mark.parametrize("name", list(LISTS))
def test_every_list_reads_back_in_pandas_as_its_json(client: TestClient, name: str) -> None:
    path, query, rows = LISTS[name]
    answer = client.get(path, params=query)
    assert answer.status_code == 200, answer.text
    expected = rows(answer.json())
    assert expected, "a list with rows"
    r = client.get(path, params={**query, "format": "csv"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert not r.content.startswith(BOM)
    frame = read_csv(r.content)
    assert_rows(frame, expected)
    if name == "edges":  # an edge has ids, not names
        return
    # Chinese and English columns, side by side, the Chinese ones in Chinese
    zh = [c for c in frame.columns if c.endswith("_zh")]
    assert zh
    assert all(c[:-3] + "_en" in frame.columns for c in zh)
    assert any(re.search(r"[\u4e00-\u9fff]", cell) for c in zh for cell in frame[c])


def test_the_city_measures_keep_a_measure_without_actions_and_every_column(
    client: TestClient,
) -> None:
    answer = client.get("/v1/cities/chengdu/measures").json()
    frame = read_csv(client.get("/v1/cities/chengdu/measures?format=csv").content)
    assert len(frame) == sum(max(1, len(m["actions"])) for m in answer["items"])
    assert list(frame.columns[:4]) == ["city_id", "city_type", "city_name_zh", "city_name_en"]
    assert {"pillar_name_zh", "pillar_name_en", "action_via_name_en"} <= set(frame.columns)


def test_a_field_an_answer_gains_becomes_columns_without_code() -> None:
    """A ``reason`` (zh, en) on each item and on each action appears in the table; a list
    beside the items (``not_reaching``) is not mistaken for rows."""
    summary = {"id": "m", "type": "measure", "name": {"zh": "措施", "en": "Measure"}}
    answer = {
        "city": {"id": "c", "type": "city", "name": {"zh": "城", "en": "City"}},
        "items": [
            {
                "measure": summary,
                "pillar": None,
                "scope": "metro_wide",
                "reason": {"zh": "都市圈全域", "en": "the whole area"},
                "actions": [
                    {
                        "action": {**summary, "id": "a", "type": "action"},
                        "scope": "metro_wide",
                        "via": [],
                        "reason": {"zh": "经由都市圈", "en": "via the area"},
                    }
                ],
            }
        ],
        "total": 1,
        "not_reaching": [{"measure": summary, "reason": {"zh": "无", "en": "none"}}],
    }
    frame = read_csv(to_csv(tabulate(CityMeasures, answer)))
    row = frame.iloc[0]
    assert (row["reason_zh"], row["reason_en"]) == ("都市圈全域", "the whole area")
    assert (row["action_reason_zh"], row["action_reason_en"]) == ("经由都市圈", "via the area")
    assert len(frame) == 1
    assert not any(c.startswith("not_reaching") for c in frame.columns)


def test_accept_text_csv_is_the_same_table_and_format_wins(client: TestClient) -> None:
    url = "/v1/measures/build-western-china-science-city/cities"
    by_format = client.get(url, params={"format": "csv"})
    by_accept = client.get(url, headers={"Accept": "text/csv"})
    assert by_accept.headers["content-type"] == "text/csv; charset=utf-8"
    assert by_accept.content == by_format.content
    preferred = client.get(url, headers={"Accept": "application/json;q=0.5, text/csv"})
    assert preferred.content == by_format.content
    for accept in ("*/*", "application/json", "text/html,application/xhtml+xml,*/*;q=0.8"):
        assert client.get(url, headers={"Accept": accept}).headers["content-type"] == (
            "application/json"
        )
    asked = client.get(url, params={"format": "json"}, headers={"Accept": "text/csv"})
    assert asked.headers["content-type"] == "application/json"
    assert asked.json()["measure"]["id"] == "build-western-china-science-city"


def test_bom_for_excel_and_no_effect_on_json(client: TestClient) -> None:
    plain = client.get("/v1/cities/ziyang/measures", params={"format": "csv"})
    excel = client.get("/v1/cities/ziyang/measures", params={"format": "csv", "bom": "true"})
    assert excel.content == BOM + plain.content
    pd.testing.assert_frame_equal(read_csv(excel.content, "utf-8-sig"), read_csv(plain.content))
    json_plain = client.get("/v1/cities/ziyang/measures")
    json_bom = client.get("/v1/cities/ziyang/measures", params={"bom": "true"})
    assert json_bom.status_code == 200
    assert json_bom.content == json_plain.content


def test_an_empty_list_still_has_its_header(client: TestClient) -> None:
    query = {"q": "实验室", "type": "city"}
    assert client.get("/v1/search", params=query).json()["total"] == 0
    r = client.get("/v1/search", params={**query, "format": "csv"})
    frame = read_csv(r.content)
    assert frame.empty
    assert list(frame.columns) == [
        "node_id",
        "node_type",
        "node_name_zh",
        "node_name_en",
        "score",
        "field",
    ]


def _links(header: str | None) -> dict[str, str]:
    return {rel: url for url, rel in re.findall(r'<([^>]*)>; rel="(\w+)"', header or "")}


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_link_headers_walk_every_page(client: TestClient, fmt: str) -> None:
    everything = client.get("/v1/actions", params={"limit": "500"}).json()
    assert "link" not in client.get("/v1/actions", params={"limit": "500"}).headers
    seen: list[str] = []
    url: str | None = f"/v1/actions?limit=7&format={fmt}"
    pages = 0
    while url is not None:
        r = client.get(url)
        assert r.status_code == 200
        links = _links(r.headers.get("link"))
        ids = r.json()["items"] if fmt == "json" else read_csv(r.content).to_dict("records")
        seen += [i["id"] for i in ids]
        if pages:
            assert {"first", "prev"} <= links.keys()
            assert "offset=0" in links["first"]
        if "next" in links:
            assert f"format={fmt}" in links["next"]
            assert "last" in links
        url = links.get("next")
        pages += 1
    assert seen == [n["id"] for n in everything["items"]]
    assert pages == -(-everything["total"] // 7)


def test_the_neighbours_pages_link_too(client: TestClient) -> None:
    r = client.get("/v1/nodes/chengdu/neighbors", params={"limit": "2", "offset": "2"})
    links = _links(r.headers["link"])
    assert links["prev"] == "/v1/nodes/chengdu/neighbors?limit=2&offset=0"
    assert links["next"] == "/v1/nodes/chengdu/neighbors?limit=2&offset=4"


def _cache_round(get: Callable[..., httpx.Response], path: str) -> None:
    """JSON, then CSV by Accept, then each again (from the cache): each answer stays itself,
    with its own ETag, and a JSON ETag never gets a 304 for a CSV request."""
    csv_headers = {"Accept": "text/csv", "Accept-Encoding": "gzip"}
    json_headers = {"Accept": "application/json", "Accept-Encoding": "gzip"}
    first_json = get(path, headers=json_headers)
    first_csv = get(path, headers=csv_headers)
    again_csv = get(path, headers=csv_headers)
    again_json = get(path, headers=json_headers)
    for r in (first_json, again_json):
        assert r.headers["content-type"] == "application/json"
        assert r.json()
    for r in (first_csv, again_csv):
        assert r.headers["content-type"] == "text/csv; charset=utf-8"
        assert not read_csv(r.content).empty
    assert again_csv.content == first_csv.content
    assert again_json.content == first_json.content
    assert first_json.headers["etag"] != first_csv.headers["etag"]
    assert again_csv.headers["etag"] == first_csv.headers["etag"]
    for r in (first_json, first_csv, again_csv):
        assert "accept" in [v.strip().lower() for v in r.headers["vary"].split(",")]
    crossed = get(path, headers={**csv_headers, "If-None-Match": first_json.headers["etag"]})
    assert crossed.status_code == 200
    assert crossed.headers["content-type"] == "text/csv; charset=utf-8"
    same = get(path, headers={**csv_headers, "If-None-Match": first_csv.headers["etag"]})
    assert same.status_code == 304


def test_the_cache_never_serves_csv_for_json_or_the_reverse(client: TestClient) -> None:
    _cache_round(client.get, "/v1/cities/meishan/measures")
    _cache_round(client.get, "/v1/analytics/centrality?limit=4")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    argv = ["plangraph", "serve", "--port", str(port)]
    env = {"PLANGRAPH_DATA": str(DEFAULT_DATA), "PLANGRAPH_ACCESS_LOG": "false"}
    with running(argv, port, env) as base:
        yield base


def test_a_real_server_keeps_csv_and_json_apart(server: str) -> None:
    with httpx.Client(base_url=server, timeout=10) as http:
        _cache_round(http.get, "/v1/nodes?type=zone&limit=3")
        _cache_round(http.get, "/v1/search?q=%E7%A7%91%E5%AD%A6%E5%9F%8E")


#: the routes answering CSV: every list, and nothing else
CSV_ROUTES = {
    *(f"/v1/{c}" for c in ("nodes", "edges", "goals", "pillars", "measures", "actions")),
    *(f"/v1/{c}" for c in ("platforms", "zones", "cities", "fields", "search")),
    "/v1/nodes/{node_id}/neighbors",
    "/v1/nodes/{node_id}/dependencies",
    "/v1/nodes/{node_id}/impact",
    "/v1/analytics/centrality",
    "/v1/analytics/city-matrix",
    "/v1/cities/{city_id}/measures",
    "/v1/measures/{measure_id}/cities",
}


def test_the_openapi_declares_csv_on_every_list_route(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    declared = {
        path
        for path, item in spec["paths"].items()
        if "text/csv" in item.get("get", {}).get("responses", {}).get("200", {}).get("content", {})
        and not path.startswith(("/v1/export", "/v1/sparql"))  # their own formats
    }
    assert declared == CSV_ROUTES
    for path, query, _ in LISTS.values():
        template = next(t for t in declared if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", t), path))
        op = spec["paths"][template]["get"]
        params = {p["name"]: p for p in op["parameters"]}
        fmt = params["format"]["schema"]
        enum = fmt.get("enum") or next(s["enum"] for s in fmt["anyOf"] if "enum" in s)
        assert enum == ["json", "csv"]
        assert params["bom"]["schema"]["type"] == "boolean"
        assert "no effect" in params["bom"]["description"]
        example = op["responses"]["200"]["content"]["text/csv"]["example"]
        served = client.get(path, params={**query, "format": "csv"}).text
        if "facets" not in query:  # the example lists the items; facets make it the counts
            assert example.splitlines()[0] == served.splitlines()[0], template
            json_example = op["responses"]["200"]["content"]["application/json"]["example"]
            if any(json_example.get(k) for k in ("items", "nodes", "cells")):
                assert len(example.splitlines()) > 1, template  # a real row, not only the header


def test_a_schema_valid_request_is_never_refused(client: TestClient) -> None:
    for query in ({"format": "json", "bom": "true"}, {"format": "csv", "bom": "false"}):
        assert client.get("/v1/analytics/city-matrix", params=query).status_code == 200
    bad = client.get("/v1/analytics/city-matrix", params={"format": "xlsx"})
    assert bad.status_code == 422
    assert "format" in bad.text


def test_format_given_twice_is_named(client: TestClient) -> None:
    r = client.get("/v1/analytics/city-matrix?format=csv&format=json")
    assert r.status_code == 422
    assert "format" in r.text
