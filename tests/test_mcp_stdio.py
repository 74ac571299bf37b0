"""`plangraph mcp` as a desktop agent runs it: a subprocess spoken to over stdio by the SDK's
own client. Its answers are the HTTP API's; bad and hostile input are tool errors, and the
session goes on after each."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from mcp import Client
from mcp.shared.exceptions import MCPError

from tests.mcp_cases import BAD, GOOD, stdio_params, text
from tests.servers import BIN, ROOT

DOCUMENT = "innovation-chapter-reprint-2021"
#: five of the plan's measures with their English names
SPARQL_SELECT = (
    "SELECT DISTINCT ?m ?name WHERE { ?m a pg:Measure ; rdfs:label ?name . "
    'FILTER(lang(?name) = "en") } ORDER BY ?m LIMIT 5'
)
#: an update and a federated query: refused, each a tool error naming why
SPARQL_BAD = (
    "INSERT DATA { node:a node:b node:c }",
    "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
)


async def _session(mode: str = "auto") -> dict[str, Any]:
    """One session doing everything an agent does, answers kept for the tests below."""
    out: dict[str, Any] = {}
    async with Client(stdio_params(), mode=mode) as c:
        out["tools"] = (await c.list_tools()).tools
        out["resources"] = (await c.list_resources()).resources
        out["templates"] = (await c.list_resource_templates()).resource_templates
        out["prompts"] = (await c.list_prompts()).prompts
        out["good"] = [await c.call_tool(tool, args) for tool, args, _, _ in GOOD]
        out["bad"] = [await c.call_tool(tool, args) for tool, args, _ in BAD]
        out["hostile"] = [
            await c.call_tool("search", {"q": "x" * 100_000}),
            await c.call_tool("dependencies", {"node_id": "chengdu", "depth": 11}),
            await c.call_tool("get_node", {"node_id": "tianfu-lab"}),
            await c.call_tool("no_such_tool", {}),
        ]
        out["sparql"] = [
            await c.call_tool("sparql", {"query": q}) for q in (SPARQL_SELECT, *SPARQL_BAD)
        ]
        out["after"] = await c.call_tool("get_node", {"node_id": "tianfu-laboratory"})
        out["read"] = {
            str(r.uri): (await c.read_resource(str(r.uri))).contents[0] for r in out["resources"]
        }
        out["text"] = (await c.read_resource(f"plangraph://documents/{DOCUMENT}")).contents[0]
        errors = []
        for uri in (
            "plangraph://documents/no-such-document",
            "plangraph://documents/plan-fact-sheet",
        ):
            with pytest.raises(MCPError) as caught:
                await c.read_resource(uri)
            errors.append(str(caught.value))
        for prompt, args in (("explain_city_reach", {"city_id": "ziyang"}),
                             ("trace_platform_dependents", {"platform_id": "chengdu"}),
                             ("no_such_prompt", {})):  # fmt: skip
            try:
                got = await c.get_prompt(prompt, args)
                out.setdefault("prompt", []).append(got.messages[0].content.text)
            except MCPError as exc:
                errors.append(str(exc))
        out["errors"] = errors
        out["protocol"] = c.protocol_version
    return out


@pytest.fixture(scope="module")
def session() -> dict[str, Any]:
    return asyncio.run(_session())


def test_lists_every_tool_resource_and_prompt(session: dict[str, Any]) -> None:
    assert [t.name for t in session["tools"]] == [*dict.fromkeys(c[0] for c in GOOD), "sparql"]
    for t in session["tools"]:
        assert t.title
        assert len(t.description) > 40
        assert t.input_schema["type"] == "object"
        assert t.output_schema["type"] == "object"
    assert {str(r.uri) for r in session["resources"]} == {
        "plangraph://meta",
        "plangraph://vocabulary",
        "plangraph://documents",
    }
    assert [t.uri_template for t in session["templates"]] == ["plangraph://documents/{document_id}"]
    assert [p.name for p in session["prompts"]] == [
        "explain_city_reach",
        "trace_platform_dependents",
    ]


def test_every_tool_answers_what_the_api_answers(
    session: dict[str, Any], client: TestClient
) -> None:
    for (tool, _args, path, query), result in zip(GOOD, session["good"], strict=True):
        assert not result.is_error, (tool, text(result))
        assert result.structured_content == client.get(path, params=query).json(), tool
        said = text(result)
        head, _, cited = said.partition("\n\nPassages (quote — document [start:end], code points):")
        assert head.strip()
        assert cited.strip(), (tool, said)


def test_every_passage_is_the_text_at_its_offsets(
    session: dict[str, Any], client: TestClient
) -> None:
    plan = client.get(f"/v1/documents/{DOCUMENT}").json()["text"]
    cited = re.compile(rf"^\[\d+\] .*?: “(.*)” — {DOCUMENT} \[(\d+):(\d+)\]$")
    quoted = 0
    for result in session["good"]:
        for found in map(cited.match, text(result).splitlines()):
            if found:
                quote, start, end = found[1], int(found[2]), int(found[3])
                assert plan[start:end] == quote
                quoted += 1
    assert quoted > 50


def test_bad_input_is_a_tool_error_naming_the_parameter(session: dict[str, Any]) -> None:
    for (tool, args, named), result in zip(BAD, session["bad"], strict=True):
        assert result.is_error, (tool, args)
        assert result.structured_content is None
        assert named in text(result), (tool, text(result))
        assert text(result).startswith(f"Error executing tool {tool}: ")


def test_hostile_input_is_a_clear_tool_error_and_the_session_goes_on(
    session: dict[str, Any],
) -> None:
    huge, deep, unknown, no_tool = (text(r) for r in session["hostile"])
    assert huge == (
        "Error executing tool search: Invalid parameter: "
        "q: String should have at most 200 characters"
    )
    assert deep.endswith("depth: Input should be less than or equal to 10")
    assert "node 'tianfu-lab' is not in the plan; did you mean 'tianfu-laboratory'" in unknown
    assert no_tool == "Unknown tool: no_such_tool"
    assert all(r.is_error for r in session["hostile"])
    assert session["after"].structured_content["id"] == "tianfu-laboratory"


def test_resources_are_the_apis_answers(session: dict[str, Any], client: TestClient) -> None:
    read = session["read"]
    meta = json.loads(read["plangraph://meta"].text)
    api_meta = client.get("/v1/meta").json()
    assert {k: v for k, v in meta.items() if k != "last_reload"} == {
        k: v for k, v in api_meta.items() if k != "last_reload"
    }
    assert json.loads(read["plangraph://vocabulary"].text) == client.get("/v1/schema").json()
    assert json.loads(read["plangraph://documents"].text) == client.get("/v1/documents").json()
    assert read["plangraph://meta"].mime_type == "application/json"
    assert session["text"].mime_type == "text/plain"
    assert session["text"].text == client.get(f"/v1/documents/{DOCUMENT}").json()["text"]


def test_prompts_call_the_tools_and_refuse_unknown_ids(session: dict[str, Any]) -> None:
    city, platform_error = session["prompt"][0], session["errors"][2]
    assert "Ziyang (资阳市)" in city
    assert "city_measures with city_id='ziyang'" in city
    assert "explain" in city
    assert "'chengdu' is a city, not a platform" in platform_error
    assert "no_such_prompt" in session["errors"][3]
    missing, by_section = session["errors"][:2]
    assert "document 'no-such-document' is not in the plan" in missing
    assert "cited by section" in by_section


def test_a_client_of_the_older_handshake_is_served_too() -> None:
    async def legacy() -> tuple[str, Any]:
        async with Client(stdio_params(), mode="legacy") as c:
            return c.protocol_version, await c.call_tool("search", {"q": "deyang", "limit": 1})

    version, result = asyncio.run(legacy())
    assert not version.startswith("2026")
    assert result.structured_content["items"][0]["node"]["id"] == "deyang"


def test_a_bad_data_file_is_refused_before_speaking(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    done = subprocess.run(
        [str(BIN / "plangraph"), "mcp", "--data", str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("INVALID ")


def test_the_sparql_tool_answers_what_the_endpoint_answers_and_cites(
    session: dict[str, Any], client: TestClient
) -> None:
    good, update, service = session["sparql"]
    assert not good.is_error, text(good)
    answer = good.structured_content
    endpoint = client.get("/v1/sparql", params={"query": SPARQL_SELECT, "format": "json"})
    assert endpoint.status_code == 200, endpoint.text
    assert answer["results"] == endpoint.json()
    assert answer["form"] == "SELECT"
    assert answer["rows"] == 5
    measures = [b["m"]["value"].rsplit("/", 1)[1] for b in answer["results"]["results"]["bindings"]]
    assert [n["id"] for n in answer["nodes"]] == measures
    said = text(good)
    assert said.startswith("The SELECT query gave 5 rows.")
    assert "Passages (quote — document [start:end], code points):" in said
    for measure in measures:
        assert f"({measure})" in said  # each named measure's passage is quoted
    assert update.is_error
    assert "SPARQL Update (INSERT) is not allowed" in text(update)
    assert service.is_error
    assert "SERVICE (federation) is not allowed" in text(service)
