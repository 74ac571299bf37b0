"""The MCP server at /mcp of a real `plangraph serve`, started as docs/mcp.md says, driven by
the SDK's own client over streamable HTTP, with the bearer token the docs configure."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from mcp.shared.exceptions import MCPError

from tests.mcp_cases import BAD, GOOD, api, docs_serve_command, http_client, text
from tests.servers import free_port, running


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, str]]:
    """The server of docs/mcp.md (MCP on, bearer token required): base URL and token."""
    env, argv = docs_serve_command()
    assert argv[:2] == ["plangraph", "serve"]
    assert env["PLANGRAPH_MCP"] == "true"
    assert env["PLANGRAPH_MCP_REQUIRE_TOKEN"] == "true"
    port = free_port()
    with running([*argv, "--port", str(port)], port, env=env) as base:
        yield base, env["PLANGRAPH_ADMIN_TOKEN"]


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def _healthy(base: str) -> None:
    with urllib.request.urlopen(base + "/healthz", timeout=5) as r:
        assert r.status == 200


def test_lists_tools_resources_and_prompts(served: tuple[str, str]) -> None:
    base, token = served

    async def scenario() -> tuple[Any, Any, Any, Any]:
        async with http_client(base + "/mcp", token) as c:
            return (
                await c.list_tools(),
                await c.list_resources(),
                await c.list_resource_templates(),
                await c.list_prompts(),
            )

    tools, resources, templates, prompts = asyncio.run(scenario())
    assert {t.name for t in tools.tools} == {*(case[0] for case in GOOD), "sparql"}
    for t in tools.tools:
        assert t.description
        assert t.output_schema
        assert t.annotations.read_only_hint
    assert {str(r.uri) for r in resources.resources} == {
        "plangraph://meta",
        "plangraph://vocabulary",
        "plangraph://documents",
    }
    assert [t.uri_template for t in templates.resource_templates] == [
        "plangraph://documents/{document_id}"
    ]
    assert {p.name for p in prompts.prompts} == {"explain_city_reach", "trace_platform_dependents"}


def test_every_tool_answers_what_the_api_answers(served: tuple[str, str]) -> None:
    base, token = served

    async def scenario() -> list[Any]:
        async with http_client(base + "/mcp", token) as c:
            return [await c.call_tool(tool, args) for tool, args, _, _ in GOOD]

    for (tool, args, path, query), result in zip(GOOD, asyncio.run(scenario()), strict=True):
        assert not result.is_error, (tool, text(result))
        assert result.structured_content == api(base, path, query), (tool, args)
        assert "Passages (quote — document [start:end], code points):" in text(result)


def test_deyang_measures_carry_the_apis_scopes_reasons_and_quotes(
    served: tuple[str, str],
) -> None:
    base, token = served

    async def scenario() -> Any:
        async with http_client(base + "/mcp", token) as c:
            return await c.call_tool("city_measures", {"city_id": "deyang"})

    result = asyncio.run(scenario())
    served_answer = api(base, "/v1/cities/deyang/measures", {})
    assert result.structured_content == served_answer  # scopes, reasons, via: the API's own
    said = text(result)
    assert said.startswith(f"{served_answer['total']} measures reach Deyang (德阳市) [deyang]:")
    for item in served_answer["items"]:
        measure = item["measure"]["id"]
        line = next(ln for ln in said.splitlines() if f"[{measure}]:" in ln)
        assert line.split("]: ", 1)[1].startswith(item["scope"])
        reason = item.get("reason")
        if reason:  # a sentence, or {zh, en}
            assert (reason["en"] if isinstance(reason, dict) else reason) in line
        for source in api(base, f"/v1/nodes/{measure}", {})["sources"]:
            if source.get("quote"):
                cited = f"“{source['quote']}” — {source['document']} [{source['start']}:"
                assert cited in said


def test_bad_arguments_are_tool_errors_naming_the_parameter(served: tuple[str, str]) -> None:
    base, token = served

    async def scenario() -> tuple[list[Any], Any]:
        async with http_client(base + "/mcp", token) as c:
            bad = [await c.call_tool(tool, args) for tool, args, _ in BAD]
            return bad, await c.call_tool("get_node", {"node_id": "deyang"})

    bad, after = asyncio.run(scenario())
    for (tool, args, named), result in zip(BAD, bad, strict=True):
        assert result.is_error, (tool, args)
        assert named in text(result), (tool, text(result))
    assert not after.is_error
    assert after.structured_content["id"] == "deyang"


def test_hostile_input_leaves_the_server_healthy(served: tuple[str, str]) -> None:
    base, token = served
    huge = "天" * 20_000

    async def scenario() -> list[Any]:
        async with http_client(base + "/mcp", token) as c:
            return [
                await c.call_tool("search", {"q": huge}),
                await c.call_tool("get_node", {"node_id": huge}),
                await c.call_tool("impact", {"node_id": "chengdu", "depth": 10**9}),
                await c.call_tool("get_node", {"node_id": "no-such-node"}),
                await c.call_tool("drop_tables", {"all": True}),
                await c.call_tool("search", {"q": "tianfu"}),
            ]

    *hostile, after = asyncio.run(scenario())
    said = [text(r) for r in hostile]
    assert all(r.is_error for r in hostile)
    assert "q: String should have at most 200 characters" in said[0]
    assert "node_id: String should have at most 200 characters" in said[1]
    assert "depth: Input should be less than or equal to 10" in said[2]
    assert "Node not found: node 'no-such-node' is not in the plan" in said[3]
    assert said[4] == "Unknown tool: drop_tables"
    assert all(huge[:50] not in s for s in said)  # the caller's value is never echoed
    assert not after.is_error
    assert after.structured_content["total"] > 0
    _healthy(base)


def test_an_oversized_body_is_refused_and_the_server_stays_healthy(
    served: tuple[str, str],
) -> None:
    base, token = served
    call = {"jsonrpc": "2.0", "id": 1, "method": "tools/call"}
    body = json.dumps({**call, "params": {"name": "search", "arguments": {"q": "x" * 200_000}}})
    status, _, _ = _post(
        base + "/mcp",
        body.encode(),
        {
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Accept": "application/json, text/event-stream",
        },
    )
    assert status == 413
    _healthy(base)


def test_the_bearer_token_is_required(served: tuple[str, str]) -> None:
    base, _token = served
    headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
    for auth in ({}, {"Authorization": "Bearer not-the-token-at-all"}):
        status, got, _ = _post(base + "/mcp", b"{}", {**headers, **auth})
        assert status == 401
        assert got["www-authenticate"].startswith("Bearer ")

    async def scenario() -> None:
        async with http_client(base + "/mcp", "not-the-token-at-all") as c:
            await c.list_tools()

    with pytest.raises(ExceptionGroup) as caught:  # the SDK's client cannot connect
        asyncio.run(scenario())
    assert caught.group_contains(MCPError, match="error response", depth=2)
    _healthy(base)


def test_mcp_answers_are_neither_cached_nor_in_the_openapi(served: tuple[str, str]) -> None:
    base, token = served
    with urllib.request.urlopen(base + "/openapi.json", timeout=10) as r:
        assert not any(p.startswith("/mcp") for p in json.load(r)["paths"])
    ping = json.dumps({"jsonrpc": "2.0", "id": 7, "method": "ping"}).encode()
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "Accept": "application/json, text/event-stream",
        "Accept-Encoding": "gzip",
        "MCP-Protocol-Version": "2025-11-25",
    }
    for _ in range(2):
        status, got, body = _post(base + "/mcp", ping, headers)
        assert status == 200, body
        assert "etag" not in got
        assert "content-encoding" not in got
        assert json.loads(body)["id"] == 7


def test_a_prompt_for_an_unknown_city_is_an_error(served: tuple[str, str]) -> None:
    base, token = served

    async def scenario() -> Any:
        async with http_client(base + "/mcp", token) as c:
            with pytest.raises(MCPError) as caught:
                await c.get_prompt("explain_city_reach", {"city_id": "tianfu-laboratory"})
            return caught.value, await c.get_prompt("explain_city_reach", {"city_id": "deyang"})

    error, prompt = asyncio.run(scenario())
    assert "'tianfu-laboratory' is a platform, not a city" in str(error)
    assert "city_measures with city_id='deyang'" in prompt.messages[0].content.text
