"""Hostile input through the app: each answered with a 4xx problem+json naming what is wrong.

One table is written by hand (odd ids, malformed query strings, overlong paths); the others
are derived from the app's OpenAPI when the tests are collected (huge and negative numbers,
10 KB strings, a parameter given twice, wrong methods, the longest valid request, for every
operation it lists), so a route added later is covered without editing this file. The
timeout is a hang detector, not a timing assertion.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

import pytest
from fastapi import Depends, FastAPI, Query
from fastapi.testclient import TestClient
from httpx2 import Response

from app.api import problems
from app.api.middleware.querystring import malformed, single_values
from app.config import DEFAULT_DATA, Settings
from app.main import create_app

pytestmark = pytest.mark.timeout(60)  # a hang detector only

PROBLEM = "application/problem+json"
HUGE = 10**40
TEN_KB = 10 * 1024
WRONG_METHODS = ("POST", "PUT", "PATCH", "DELETE")

SPEC: dict[str, Any] = create_app(Settings(data=DEFAULT_DATA)).openapi()
OPERATIONS = [
    (method.upper(), path, op) for path, ops in SPEC["paths"].items() for method, op in ops.items()
]


def assert_problem(r: Response, status: int | None = None, parameter: str | None = None) -> None:
    """A 4xx problem+json (of ``status``) that names ``parameter`` when given."""
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
    if status is not None:
        assert r.status_code == status, r.text[:300]
    assert r.headers["content-type"] == PROBLEM
    body = r.json()
    assert body["status"] == r.status_code
    assert body["title"]
    assert "Traceback" not in r.text
    if parameter is not None:
        assert parameter in [e["parameter"] for e in body["errors"]], body
        assert parameter in body["detail"]


# ---- by hand -----------------------------------------------------------------------------

NODE = "/v1/nodes/"
HOSTILE = [
    # ids with slashes, encoded slashes, dot segments, NUL, RTL marks, emoji, overlong
    pytest.param("GET", NODE + "riverton-lab/x", 404, None, id="id-with-slash"),
    pytest.param("GET", NODE + "a%2Fb", 404, None, id="id-with-encoded-slash"),
    pytest.param("GET", NODE + "..%2F..%2Fetc%2Fpasswd", 404, None, id="id-dot-segments"),
    pytest.param("GET", "/v1/documents/..%2F..%2Fpyproject.toml", 404, None, id="doc-traversal"),
    pytest.param("GET", NODE + "riverton%00lab", 404, None, id="id-with-nul"),
    pytest.param("GET", NODE + "%00", 404, None, id="id-nul-only"),
    pytest.param("GET", NODE + quote("\u202eriverton-lab"), 404, None, id="id-with-rtl-mark"),
    pytest.param("GET", NODE + quote("riverton-lab\u200f"), 404, None, id="id-with-rlm"),
    pytest.param("GET", NODE + quote("🏙️"), 404, None, id="id-emoji"),
    pytest.param("GET", NODE + quote("👩‍🔬-lab"), 404, None, id="id-emoji-zwj"),
    pytest.param("GET", NODE + "%ff%fe", 404, None, id="id-invalid-utf8"),
    pytest.param("GET", NODE + "a" * TEN_KB, 422, "node_id", id="id-10kb"),
    pytest.param("GET", "/v1/" + "a/" * 5000, 404, None, id="path-10kb"),
    pytest.param("GET", "/v1/cities/%00/measures", 404, None, id="city-nul"),
    pytest.param("GET", "/v1/measures/" + quote("\u202e") + "/cities", 404, None, id="measure-rtl"),
    # huge and negative numbers
    pytest.param("GET", f"/v1/nodes?limit={HUGE}", 422, "limit", id="limit-huge"),
    pytest.param("GET", "/v1/nodes?limit=-1", 422, "limit", id="limit-negative"),
    pytest.param("GET", f"/v1/nodes?offset={HUGE}", 422, "offset", id="offset-huge"),
    pytest.param("GET", "/v1/nodes?offset=2147483648", 422, "offset", id="offset-over-int32"),
    pytest.param("GET", "/v1/nodes?offset=1e400", 422, "offset", id="offset-float-overflow"),
    pytest.param("GET", "/v1/nodes?limit=NaN", 422, "limit", id="limit-nan"),
    pytest.param("GET", "/v1/nodes?limit=" + "9" * TEN_KB, 422, "limit", id="limit-10kb-digits"),
    # 10 KB query strings
    pytest.param("GET", "/v1/search?q=" + "a" * TEN_KB, 422, "q", id="search-10kb"),
    pytest.param("GET", "/v1/nodes?q=" + quote("成" * 3500), 422, "q", id="nodes-q-10kb-cjk"),
    pytest.param("GET", "/v1/nodes?" + "limit=1&" * 1300, 422, "limit", id="limit-1300-times"),
    # a scalar parameter given twice
    pytest.param("GET", "/v1/nodes?limit=1&limit=2", 422, "limit", id="limit-twice"),
    pytest.param("GET", "/v1/nodes?limit=1&%6Cimit=2", 422, "limit", id="limit-twice-encoded"),
    pytest.param("GET", "/v1/search?q=lab&q=valley", 422, "q", id="q-twice"),
    pytest.param("GET", "/v1/nodes?type=city&type=measure", 422, "type", id="type-twice"),
    # invalid percent-encoding and invalid UTF-8 in the query
    pytest.param("GET", "/v1/search?q=%zz", 400, "q", id="bad-escape"),
    pytest.param("GET", "/v1/search?q=lab%", 400, "q", id="truncated-escape"),
    pytest.param("GET", "/v1/search?q=lab%4", 400, "q", id="half-escape"),
    pytest.param("GET", "/v1/search?q=%ff", 400, "q", id="not-utf8"),
    pytest.param("GET", "/v1/search?q=%C3%28", 400, "q", id="bad-utf8-sequence"),
    pytest.param("GET", "/v1/search?q=%ED%A0%80", 400, "q", id="encoded-surrogate"),
    pytest.param("GET", "/v1/search?q=%C0%AF", 400, "q", id="overlong-utf8"),
    pytest.param("GET", "/v1/meta?x=%", 400, "x", id="unknown-param-bad-escape"),
    # wrong methods, unknown routes
    pytest.param("POST", "/v1/nodes", 405, None, id="post"),
    pytest.param("DELETE", NODE + "riverton-lab", 405, None, id="delete"),
    pytest.param("PUT", "/v1/search?q=lab", 405, None, id="put"),
    pytest.param("POST", "/v1/no/such/route", 404, None, id="post-unknown-route"),
]


@pytest.mark.parametrize(("method", "url", "status", "parameter"), HOSTILE)
def test_hostile_input_is_a_problem(
    mini_client: TestClient, method: str, url: str, status: int, parameter: str | None
) -> None:
    assert_problem(mini_client.request(method, url), status, parameter)


@pytest.mark.parametrize(
    "text",
    ["\x00", "lab\x00", "\u202elab", "\u200fvalley\u200e", "🏙️", "👩‍🔬", "e\u0301", "\ufeff", " "],
)
def test_odd_but_well_formed_text_is_searched_not_rejected(
    mini_client: TestClient, text: str
) -> None:
    for url in ("/v1/search", "/v1/nodes"):
        r = mini_client.get(url, params={"q": text})
        assert r.status_code == 200, (url, r.text[:300])
        assert isinstance(r.json()["items"], list)


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        (b"q=\xff", "q"),  # raw bytes that are not UTF-8, sent unencoded
        (b"q=lab&\xc3=1", "\ufffd"),
        (b"%zz=1", "%zz"),
        (b"=%", "query"),
    ],
)
def test_raw_query_bytes_that_are_not_utf8_are_malformed(raw: bytes, name: str) -> None:
    found = malformed(raw)
    assert found is not None
    assert found[0] == name


def test_well_formed_query_strings_pass() -> None:
    for raw in (b"", b"q=", b"q", b"&&", b"q=a+b&limit=5", b"q=%E6%88%90%E9%83%BD", b"q=%25zz"):
        assert malformed(raw) is None, raw


def test_parameters_declared_as_lists_may_repeat() -> None:
    app = FastAPI(dependencies=[Depends(single_values)])
    problems.install(app)

    @app.get("/tags")
    def tags(tag: Annotated[list[str], Query()], limit: int = 1) -> list[str]:
        return tag

    with TestClient(app) as c:
        assert c.get("/tags?tag=a&tag=b").json() == ["a", "b"]
        assert_problem(c.get("/tags?tag=a&limit=1&limit=2"), 422, "limit")


# ---- from the OpenAPI ----------------------------------------------------------------------


def _types(schema: dict[str, Any]) -> set[str]:
    """The JSON types a parameter schema allows (``anyOf`` flattened)."""
    found = {schema["type"]} if "type" in schema else set()
    for alt in schema.get("anyOf", ()):
        found |= _types(alt)
    return found - {"null"}


def _bounds(schema: dict[str, Any]) -> tuple[Any, Any]:
    for alt in (schema, *schema.get("anyOf", ())):
        if "minimum" in alt or "maximum" in alt:
            return alt.get("minimum"), alt.get("maximum")
    return None, None


def _sample(schema: dict[str, Any]) -> str:
    """A value the parameter accepts."""
    if "default" in schema and schema["default"] is not None:
        value = schema["default"]
        return str(value).lower() if isinstance(value, bool) else str(value)
    for alt in (schema, *schema.get("anyOf", ())):
        if "enum" in alt:
            return str(alt["enum"][0])
    types = _types(schema)
    if "integer" in types:
        low, _ = _bounds(schema)
        return str(low if low is not None else 1)
    return "true" if "boolean" in types else "x"


def _concrete(path: str, op: dict[str, Any]) -> str:
    """``path`` with every path parameter filled with a value its schema accepts."""
    for p in op.get("parameters", ()):
        if p["in"] == "path":
            path = path.replace("{" + p["name"] + "}", quote(_sample(p["schema"]), safe=""))
    return path


def _query_params(kinds: set[str] | None = None) -> list[Any]:
    rows = []
    for method, path, op in OPERATIONS:
        for p in op.get("parameters", ()):
            if p["in"] != "query":
                continue
            if kinds is not None and not _types(p["schema"]) & kinds:
                continue
            rows.append(pytest.param(method, path, op, p, id=f"{method} {path} {p['name']}"))
    return rows


INTEGERS = _query_params({"integer"})
STRINGS = [
    row for row in _query_params({"string"}) if "integer" not in _types(row.values[3]["schema"])
]
SCALARS = [row for row in _query_params() if "array" not in _types(row.values[3]["schema"])]
WITH_IDS = [
    pytest.param(m, p, op, id=f"{m} {p}")
    for m, p, op in OPERATIONS
    if any(x["in"] == "path" for x in op.get("parameters", ()))
]
HOSTILE_IDS = ["a%2Fb", "%00", quote("\u202eid"), quote("🏙️"), "%ff", "..%2F..", "a" * TEN_KB]


def test_the_tables_are_not_empty() -> None:
    assert INTEGERS
    assert STRINGS
    assert SCALARS
    assert WITH_IDS


@pytest.mark.parametrize(("method", "path", "op", "param"), INTEGERS)
def test_every_integer_parameter_is_bounded(
    mini_client: TestClient, method: str, path: str, op: dict[str, Any], param: dict[str, Any]
) -> None:
    low, high = _bounds(param["schema"])
    assert low is not None
    assert high is not None
    url = _concrete(path, op)
    for value in (HUGE, -HUGE, high + 1, low - 1):
        r = mini_client.request(method, url, params={param["name"]: value})
        assert_problem(r, 422, param["name"])


@pytest.mark.parametrize(("method", "path", "op", "param"), STRINGS)
def test_every_string_parameter_refuses_10kb(
    mini_client: TestClient, method: str, path: str, op: dict[str, Any], param: dict[str, Any]
) -> None:
    r = mini_client.request(method, _concrete(path, op), params={param["name"]: "é" * TEN_KB})
    assert_problem(r, 422, param["name"])


@pytest.mark.parametrize(("method", "path", "op", "param"), SCALARS)
def test_every_scalar_parameter_given_twice_is_refused(
    mini_client: TestClient, method: str, path: str, op: dict[str, Any], param: dict[str, Any]
) -> None:
    value = _sample(param["schema"])
    pairs: list[tuple[str, str | int | float | bool | None]] = [(param["name"], value)] * 2
    r = mini_client.request(method, _concrete(path, op), params=pairs)
    assert_problem(r, 422, param["name"])


@pytest.mark.parametrize(("method", "path", "op"), WITH_IDS)
def test_hostile_ids_are_a_problem(
    mini_client: TestClient, method: str, path: str, op: dict[str, Any]
) -> None:
    names = [p["name"] for p in op["parameters"] if p["in"] == "path"]
    for hostile in HOSTILE_IDS:
        url = path
        for name in names:
            url = url.replace("{" + name + "}", hostile)
        assert_problem(mini_client.request(method, url))


@pytest.mark.parametrize("path", list(SPEC["paths"]))
def test_wrong_methods_are_405_with_allow(mini_client: TestClient, path: str) -> None:
    declared = {m.upper() for m in SPEC["paths"][path]}
    op = next(iter(SPEC["paths"][path].values()))
    url = _concrete(path, op)
    for method in sorted(set(WRONG_METHODS) - declared):
        r = mini_client.request(method, url)
        assert_problem(r, 405)
        allowed = {m.strip() for m in r.headers["allow"].split(",")}
        assert declared <= allowed, (method, path, allowed)


#: the longest request target the server (uvicorn with httptools) reads; past it, it answers
#: a plain-text 400 before the app sees the request
REQUEST_LINE = 64 * 1024 - 1
#: the most bytes one character takes in a URL: four UTF-8 bytes, each percent-encoded
WORST_CHAR = 12


def _longest(schema: dict[str, Any]) -> int:
    """The most characters a string parameter accepts (its maxLength, enum or pattern)."""
    longest = 0
    for alt in (schema, *schema.get("anyOf", ())):
        if "enum" in alt:
            longest = max(longest, *(len(str(v)) for v in alt["enum"]))
        elif alt.get("type") == "string":
            bound = alt.get("maxLength", len(alt.get("pattern", "")) or None)
            assert bound is not None, "a string parameter without a length bound"
            longest = max(longest, bound)
    return longest


def _fits(method: str, path: str, op: dict[str, Any]) -> None:
    worst = len(path) + 1
    for p in op.get("parameters", ()):
        if p["in"] in ("path", "query"):
            worst += len(p["name"]) + 2 + _longest(p["schema"]) * WORST_CHAR
    assert worst <= REQUEST_LINE, f"{method} {path}: a valid request can take {worst} bytes"


@pytest.mark.parametrize(
    ("method", "path", "op"),
    [pytest.param(*row, id=f"{row[0]} {row[1]}") for row in OPERATIONS],
)
def test_every_valid_request_fits_in_a_request_line(
    method: str, path: str, op: dict[str, Any]
) -> None:
    _fits(method, path, op)


@pytest.mark.parametrize(("method", "path", "op"), [row[:3] for row in OPERATIONS])
def test_every_operation_declares_the_guards_statuses(
    method: str, path: str, op: dict[str, Any]
) -> None:
    declared = op["responses"]
    assert "400" in declared, "a malformed query string is a 400 on every route"
    assert PROBLEM in declared["400"]["content"]
    if any(p["in"] == "query" for p in op.get("parameters", ())):
        assert "422" in declared, "a parameter given twice is a 422"
        assert PROBLEM in declared["422"]["content"]
