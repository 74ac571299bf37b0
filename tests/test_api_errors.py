"""One error shape: RFC 9457 problem+json for every failure, declared in the OpenAPI."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

PROBLEM = "application/problem+json"


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/v1/nodes/no-such-node", 404),
        ("GET", "/v1/nodes?limit=501", 422),
        ("GET", "/v1/nodes?offset=-1", 422),
        ("GET", "/v1/nodes?type=spaceship", 422),
        ("GET", "/v1/nodes?facets=colour", 422),
        ("GET", "/v1/no/such/route", 404),
        ("POST", "/v1/nodes", 405),
        ("DELETE", "/v1/meta", 405),
    ],
)
def test_every_error_is_a_problem(
    mini_client: TestClient, method: str, url: str, status: int
) -> None:
    r = mini_client.request(method, url)
    assert r.status_code == status
    assert r.headers["content-type"] == PROBLEM
    body = r.json()
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == status
    assert "Traceback" not in r.text


def test_limit_errors_name_the_parameter_and_the_limit(mini_client: TestClient) -> None:
    body = mini_client.get("/v1/nodes", params={"limit": 900, "offset": -3}).json()
    params = {e["parameter"]: e["message"] for e in body["errors"]}
    assert "500" in params["limit"]
    assert "0" in params["offset"]


def test_unknown_id_is_named_with_suggestions(mini_client: TestClient) -> None:
    body = mini_client.get("/v1/nodes/riverton-labb").json()
    assert "'riverton-labb'" in body["detail"]
    assert body["suggestions"][0] == "riverton-lab"


def test_documented_statuses_are_declared(mini_client: TestClient) -> None:
    spec = mini_client.get("/openapi.json").json()
    for path, ops in spec["paths"].items():
        op = ops["get"]
        assert op.get("summary"), path
        for status, resp in op["responses"].items():
            if status.startswith(("4", "5")):
                assert PROBLEM in resp["content"], (path, status)
        if "{" in path:  # an unknown id (404) or a value outside an enumeration (422)
            assert {"404", "422"} & set(op["responses"]), path
