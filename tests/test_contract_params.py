"""The parameters the contract lists are the parameters the server takes, in both directions.

Derived from the served OpenAPI document wherever possible, so that a route or parameter
added later is covered without editing this file: every operation refuses a parameter it
does not list (422 naming it and the ones it takes) and accepts ``_``-prefixed ones; every
enumerated parameter refuses a value outside its enum in one wording; comma-separated lists
are arrays of enums taken comma-separated or repeated; an unknown path suggests the route.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, get_args
from urllib.parse import quote

import pytest
from fastapi import Depends, FastAPI, Query
from fastapi.testclient import TestClient

from app.answers.params import FACETS
from app.api import problems
from app.api.middleware.known import IGNORES_OTHERS, known_parameters
from app.models import ID_PATTERN
from app.vocabulary import SCOPES, NodeTypeName, RelationName

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def spec(client: TestClient) -> dict[str, Any]:
    answer: dict[str, Any] = client.get("/openapi.json").json()
    return answer


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(m.upper(), p, op) for p, ops in spec["paths"].items() for m, op in ops.items()]


def _example(param: dict[str, Any]) -> str:
    """A value the plan has for a path parameter."""
    if "example" in param:
        return str(param["example"])
    if "examples" in param:
        return str(next(iter(param["examples"].values()))["value"])
    return str(param["schema"]["enum"][0])


def _concrete(path: str, op: dict[str, Any]) -> str:
    for p in op.get("parameters", ()):
        if p["in"] == "path":
            path = path.replace("{" + p["name"] + "}", quote(_example(p), safe=""))
    return path


def _required_query(op: dict[str, Any]) -> dict[str, str]:
    return {
        p["name"]: str(p.get("example", "x"))
        for p in op.get("parameters", ())
        if p["in"] == "query" and p.get("required")
    }


def _problem(r: Any, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text[:300]
    assert r.headers["content-type"] == PROBLEM
    body: dict[str, Any] = r.json()
    return body


# ---- unknown parameters -------------------------------------------------------------------


def test_a_typo_in_a_parameter_is_refused_with_the_allowed_ones(client: TestClient) -> None:
    body = _problem(client.get("/v1/cities/deyang/measures?scpoe=explicit"), 422)
    said, allowed = body["detail"].split("; allowed: ")
    assert said == "scpoe: unknown parameter 'scpoe' (did you mean 'scope'?)"
    assert "scope" in allowed.split(", ")
    assert body["errors"] == [
        {"parameter": "scpoe", "location": "query", "message": body["detail"][7:]}
    ]
    body = _problem(client.get("/v1/meta?verbose=1"), 422)
    assert "this operation takes no query parameters" in body["detail"]


def test_every_operation_declares_and_refuses_unknown_parameters(
    client: TestClient, spec: dict[str, Any]
) -> None:
    for method, path, op in _operations(spec):
        assert "422" in op["responses"], f"{method} {path} does not declare the 422"
        if method != "GET" or op.get(IGNORES_OTHERS):
            continue
        params = {**_required_query(op), "zz-unknown": "1"}
        body = _problem(client.request(method, _concrete(path, op), params=params), 422)
        listed = [p["name"] for p in op.get("parameters", ()) if p["in"] == "query"]
        assert body["errors"][0]["parameter"] == "zz-unknown", (path, body)
        if listed:  # the names the server allows are the names the contract lists
            allowed = body["detail"].split("; allowed: ")[1].split(", ")
            assert sorted(allowed) == sorted(listed), path
        else:
            assert "takes no query parameters" in body["detail"], path


def test_names_starting_with_an_underscore_are_left_for_cache_busting(
    client: TestClient,
) -> None:
    plain = client.get("/v1/cities/deyang/measures")
    busted = client.get("/v1/cities/deyang/measures?_=1700000000&_v=2")
    assert busted.status_code == 200
    assert busted.json() == plain.json()


def _paging(page: int = 1) -> int:
    return page


def test_parameters_a_route_declares_later_are_accepted_without_a_list() -> None:
    """What a route takes is read from its declaration, sub-dependencies included."""
    app = FastAPI(dependencies=[Depends(known_parameters)])
    problems.install(app)

    @app.get("/things")
    def things(
        page: Annotated[int, Depends(_paging)],
        fmt: Annotated[str | None, Query(alias="format")] = None,
    ) -> list[Any]:
        return [page, fmt]

    with TestClient(app) as c:
        assert c.get("/things?page=2&format=csv").json() == [2, "csv"]
        body = _problem(c.get("/things?bom=true"), 422)
        assert body["detail"] == "bom: unknown parameter 'bom'; allowed: format, page"


def test_the_explorer_page_keeps_its_own_query_string(client: TestClient) -> None:
    assert client.get("/?node=tianfu-laboratory&lang=zh").status_code == 200


# ---- enumerations -------------------------------------------------------------------------


def _enumerated(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    rows = []
    for method, path, op in _operations(spec):
        for p in op.get("parameters", ()):
            schema = p["schema"]
            if "enum" in schema or "enum" in schema.get("items", {}):
                rows.append((method, path, op, p))
    return rows


def test_every_enumerated_parameter_refuses_in_one_wording(
    client: TestClient, spec: dict[str, Any]
) -> None:
    rows = _enumerated(spec)
    assert {p["name"] for *_, p in rows} >= {
        "type",
        "facets",
        "scope",
        "relation",
        "direction",
        "evidence",
        "metric",
        "format",
        "dialect",
    }
    for method, path, op, p in rows:
        schema = p["schema"]
        allowed = schema.get("enum") or schema["items"]["enum"]
        noun = (
            p["name"][:-1]
            if schema.get("type") == "array" and p["name"].endswith("s")
            else p["name"]
        )
        url = _concrete(path, op)
        query = _required_query(op)
        if p["in"] == "path":
            url = url.replace(quote(_example(p), safe=""), "bogus")
        else:
            query[p["name"]] = "bogus"
        body = _problem(client.request(method, url, params=query), 422)
        message = f"unknown {noun} 'bogus'; allowed: {', '.join(map(str, allowed))}"
        assert body["detail"] == f"{p['name']}: {message}", (path, body["detail"])


def test_direction_says_what_scope_says(client: TestClient) -> None:
    body = _problem(client.get("/v1/nodes/tianfu-laboratory/neighbors?direction=sideways"), 422)
    assert body["detail"] == "direction: unknown direction 'sideways'; allowed: out, in"
    body = _problem(client.get("/v1/cities/deyang/measures?scope=explict"), 422)
    assert body["detail"] == "scope: unknown scope 'explict'; allowed: " + ", ".join(SCOPES)


def test_comma_separated_lists_are_arrays_of_the_vocabularys_names(spec: dict[str, Any]) -> None:
    expected = {
        "scope": list(SCOPES),
        "facets": list(FACETS),
        "relation": list(get_args(RelationName)),
        "type": list(get_args(NodeTypeName)),
    }
    seen = set()
    for _m, path, _op, p in _enumerated(spec):
        if p["schema"].get("type") != "array":
            continue
        seen.add(p["name"])
        assert (p["style"], p["explode"]) == ("form", False), path
        assert p["schema"]["minItems"] == 1
        assert p["schema"]["items"]["enum"] == expected[p["name"]], (path, p["name"])
    assert seen == set(expected)


def test_lists_are_taken_comma_separated_or_repeated(client: TestClient) -> None:
    url = "/v1/nodes/tianfu-laboratory/impact"
    commas = client.get(f"{url}?type=measure,pillar")
    repeated = client.get(f"{url}?type=measure&type=pillar")
    assert commas.status_code == 200
    assert commas.json() == repeated.json()
    assert {n["type"] for n in commas.json()["nodes"]} == {"measure", "pillar"}
    # no trimming, no empty names: what the schema allows is what the server takes
    assert _problem(client.get(f"{url}?type=measure,%20pillar"), 422)["detail"].endswith(
        "unknown type ' pillar'; allowed: " + ", ".join(get_args(NodeTypeName))
    )
    _problem(client.get(f"{url}?type="), 422)
    _problem(client.get(f"{url}?type=measure,"), 422)


# ---- ids, links and examples --------------------------------------------------------------


def test_id_parameters_carry_the_id_pattern_and_the_plans_ids(
    spec: dict[str, Any], client: TestClient
) -> None:
    op = spec["paths"]["/v1/cities/{city_id}/measures"]["get"]
    city_id = next(p for p in op["parameters"] if p["name"] == "city_id")
    assert city_id["schema"]["pattern"] == ID_PATTERN
    cities = client.get("/v1/cities").json()["items"]
    assert set(city_id["examples"]) == {c["id"] for c in cities}
    assert city_id["examples"]["deyang"]["summary"] == "德阳市 Deyang"
    for _m, path, op in _operations(spec):
        for p in op.get("parameters", ()):
            if p["in"] == "path" and p["name"].endswith("_id"):
                assert re.fullmatch(p["schema"]["pattern"], _example(p)), path


def test_lists_link_to_the_operations_taking_their_ids(
    spec: dict[str, Any], client: TestClient
) -> None:
    links = spec["paths"]["/v1/cities"]["get"]["responses"]["200"]["links"]
    assert links["city_measures"]["parameters"] == {"city_id": "$response.body#/items/0/id"}
    assert links["get_node"]["parameters"] == {"node_id": "$response.body#/items/0/id"}
    nodes = spec["paths"]["/v1/nodes"]["get"]["responses"]["200"]["links"]
    assert nodes["get_paths"]["parameters"] == {
        "from": "$response.body#/items/0/id",
        "to": "$response.body#/items/1/id",
    }
    docs = spec["paths"]["/v1/documents"]["get"]["responses"]["200"]["links"]
    assert docs["get_spans"]["parameters"] == {"document_id": "$response.body#/0/id"}
    formats = spec["paths"]["/v1/export"]["get"]["responses"]["200"]["links"]
    assert formats["get_export"]["parameters"] == {"format": "$response.body#/0/name"}
    # followed as a client would: the first city's measures
    first = client.get("/v1/cities").json()["items"][0]["id"]
    assert client.get(f"/v1/cities/{first}/measures").status_code == 200


# ---- unknown paths ------------------------------------------------------------------------


def test_an_unknown_path_suggests_the_route(client: TestClient) -> None:
    body = _problem(client.get("/v1/node/tianfu-laboratory"), 404)
    assert body["suggestions"] == ["/v1/nodes/tianfu-laboratory"]
    assert "did you mean '/v1/nodes/tianfu-laboratory'?" in body["detail"]
    assert client.get(body["suggestions"][0]).status_code == 200
    body = _problem(client.get("/v1/nodes/tianfu-laboratory/neighbours"), 404)
    assert body["suggestions"] == ["/v1/nodes/tianfu-laboratory/neighbors"]
    body = _problem(client.get("/search"), 404)
    assert body["suggestions"] == ["/v1/search"]
    assert "suggestions" not in _problem(client.get("/v1/nothing-like-it"), 404)
