"""The tools' declarations: the API's limits, the API's answer shapes, and texts that cite."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pydantic import ValidationError

from app.config import DEFAULT_DATA, Settings
from app.graph.snapshot import Snapshot
from app.main import create_app
from app.mcp.passages import MAX_PASSAGES, passages, render
from app.mcp.server import build_server
from app.mcp.tools import TOOLS, call, output_schema

#: the API route each tool answers like, and its parameters' names there
ROUTES = {
    "search": ("/v1/search", {}),
    "get_node": ("/v1/nodes/{node_id}", {}),
    "neighbors": ("/v1/nodes/{node_id}/neighbors", {}),
    "city_measures": ("/v1/cities/{city_id}/measures", {}),
    "measure_cities": ("/v1/measures/{measure_id}/cities", {}),
    "dependencies": ("/v1/nodes/{node_id}/dependencies", {}),
    "impact": ("/v1/nodes/{node_id}/impact", {}),
    "paths": ("/v1/paths", {"source": "from", "target": "to"}),
    "explain": ("/v1/explain", {"source": "from", "target": "to"}),
}
BOUNDS = ("minimum", "maximum", "minLength", "maxLength", "default")


def _flat(schema: dict[str, Any]) -> dict[str, Any]:
    """A parameter schema's bounds and enum, wherever in ``anyOf`` they are."""
    out = {k: schema[k] for k in (*BOUNDS, "enum") if k in schema}
    for branch in schema.get("anyOf", ()):
        out.update(_flat(branch))
    return out


@pytest.fixture(scope="module")
def tools(plan: Snapshot) -> dict[str, Any]:
    server = build_server(lambda: plan)
    return {t.name: t for t in asyncio.run(server.list_tools())}


def test_every_tool_takes_the_api_routes_limits(tools: dict[str, Any]) -> None:
    spec = create_app(Settings(data=DEFAULT_DATA)).openapi()
    assert set(tools) == {*ROUTES, "sparql"}  # sparql answers SPARQL, not a route's JSON
    for name, (path, renamed) in ROUTES.items():
        params = {p["name"]: _flat(p["schema"]) for p in spec["paths"][path]["get"]["parameters"]}
        mine = tools[name].input_schema["properties"]
        for arg, schema in mine.items():
            theirs = params[renamed.get(arg, arg)]
            ours = _flat(schema)
            for key in BOUNDS:
                if key in theirs:
                    assert ours.get(key) == theirs[key], (name, arg, key)
            if "enum" in theirs and "enum" in ours:
                assert set(ours["enum"]) == set(theirs["enum"]), (name, arg)
        assert tools[name].input_schema.get("required", []) == [
            a for a in mine if "default" not in mine[a]
        ]


def test_output_schemas_are_the_answers_as_served(tools: dict[str, Any]) -> None:
    assert "from" in tools["explain"].output_schema["properties"]  # the alias, as served
    assert set(tools["city_measures"].output_schema["properties"]) >= {"city", "items", "total"}
    for spec in TOOLS:
        assert tools[spec.name].output_schema == output_schema(spec.output)


def test_a_citys_measures_are_cited_before_their_actions(plan: Snapshot) -> None:
    spec = next(s for s in TOOLS if s.name == "city_measures")
    answer = call(spec, plan, city_id="deyang").structured_content
    assert answer is not None
    found = passages(plan, answer)
    labels = [p.label for p in found]
    measures = {i["measure"]["id"] for i in answer["items"]}
    actions = {a["action"]["id"] for i in answer["items"] for a in i["actions"]}
    last_measure = max(i for i, lab in enumerate(labels) if lab.rsplit("(", 1)[1][:-1] in measures)
    first_action = min(i for i, lab in enumerate(labels) if lab.rsplit("(", 1)[1][:-1] in actions)
    assert last_measure < first_action
    shown = render(found)
    assert shown.count("\n[") == min(len(found), MAX_PASSAGES)
    if len(found) > MAX_PASSAGES:
        assert shown.endswith(
            f"… and {len(found) - MAX_PASSAGES} more passages: get_node gives an id's sources."
        )


def test_an_edge_is_cited_with_its_ends_and_relation(plan: Snapshot) -> None:
    spec = next(s for s in TOOLS if s.name == "explain")
    result = call(spec, plan, source="tianfu-laboratory", target="chengdu")
    said = result.content[0].text
    edge = result.structured_content["steps"][0]
    assert said.startswith("Tianfu Laboratory (天府实验室) [tianfu-laboratory] bears on Chengdu")
    ends = plan.edges[edge["edge"]]
    assert f"{ends.source} —{ends.relation}→ {ends.target}: " in said


def test_the_mcp_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().mcp is False
    monkeypatch.setenv("PLANGRAPH_MCP_REQUIRE_TOKEN", "true")
    with pytest.raises(ValidationError, match=r"mcp_require_token\n.*PLANGRAPH_ADMIN_TOKEN"):
        Settings()
    monkeypatch.setenv("PLANGRAPH_ADMIN_TOKEN", "a-long-enough-token")
    assert Settings().mcp_require_token is True


def test_mcp_is_off_by_default() -> None:
    from fastapi.testclient import TestClient

    with TestClient(create_app(Settings(data=DEFAULT_DATA))) as c:
        assert c.post("/mcp", json={}).status_code in (404, 405)


def test_a_reason_and_the_measures_not_reaching_are_said_when_the_answer_has_them(
    plan: Snapshot,
) -> None:
    from app.mcp.say import say_city_measures

    spec = next(s for s in TOOLS if s.name == "city_measures")
    answer = dict(call(spec, plan, city_id="deyang").structured_content or {})
    first = answer["items"][0]
    because = {"zh": "作为都市圈的一部分", "en": "as part of the metropolitan area"}
    answer["items"] = [{**first, "reason": because}, *answer["items"][1:]]
    answer["not_reaching"] = [{"measure": first["measure"], "reason": "names no place in it"}]
    said = say_city_measures(answer).splitlines()
    assert said[1].endswith(": metro_wide — as part of the metropolitan area / 作为都市圈的一部分")
    assert said[-2:] == [
        "1 do not reach it:",
        f"- {said[1][2:].split(': ')[0]} — names no place in it",
    ]


def test_making_a_server_leaves_the_apps_logging_alone(plan: Snapshot) -> None:
    import logging

    root = logging.getLogger()
    before = (root.handlers[:], root.level)
    build_server(lambda: plan)
    assert (root.handlers[:], root.level) == before


def test_mcp_on_without_a_token_is_open_and_the_api_unchanged() -> None:
    from fastapi.testclient import TestClient

    ping = {"jsonrpc": "2.0", "id": 1, "method": "ping"}
    headers = {
        "Accept": "application/json, text/event-stream",
        "MCP-Protocol-Version": "2025-11-25",
    }
    with TestClient(create_app(Settings(data=DEFAULT_DATA, mcp=True))) as c:
        answer = c.post("/mcp", json=ping, headers=headers)
        assert answer.status_code == 200
        assert answer.json() == {"jsonrpc": "2.0", "id": 1, "result": {}}
        deyang = c.get("/v1/cities/deyang/measures")
        assert deyang.status_code == 200
        assert deyang.headers["etag"]
        assert (
            c.get(
                "/v1/cities/deyang/measures", headers={"If-None-Match": deyang.headers["etag"]}
            ).status_code
            == 304
        )
        assert "/mcp" not in c.get("/openapi.json").json()["paths"]


def test_before_a_plan_is_loaded_tools_and_resources_say_so() -> None:
    from mcp import Client
    from mcp.shared.exceptions import MCPError

    from app.runtime.store import SnapshotStore

    store = SnapshotStore()  # a server whose data file did not load

    async def scenario() -> tuple[Any, str]:
        async with Client(build_server(lambda: store.current)) as c:
            result = await c.call_tool("search", {"q": "tianfu"})
            with pytest.raises(MCPError) as caught:
                await c.read_resource("plangraph://meta")
            return result, str(caught.value)

    result, error = asyncio.run(scenario())
    assert result.is_error
    assert result.content[0].text.endswith("Service not ready: no plan is loaded yet")
    assert error == "Service not ready: no plan is loaded yet"
