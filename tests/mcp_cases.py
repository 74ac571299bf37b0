"""What the MCP tests ask: each tool with good arguments and the API request that answers
the same, bad arguments with the parameter the error must name, and MCP clients."""

from __future__ import annotations

import json
import os
import re
import urllib.parse
import urllib.request
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx2
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.types import CallToolResult

from tests.servers import BIN, ROOT

#: (tool, arguments, API path, API query): the tool answers what the API answers
GOOD: list[tuple[str, dict[str, Any], str, dict[str, Any]]] = [
    ("search", {"q": "天府实验室", "limit": 5}, "/v1/search", {"q": "天府实验室", "limit": 5}),
    ("search", {"q": "supercomputing", "type": "platform"}, "/v1/search",
     {"q": "supercomputing", "type": "platform"}),
    ("get_node", {"node_id": "tianfu-laboratory"}, "/v1/nodes/tianfu-laboratory", {}),
    ("neighbors", {"node_id": "chengdu", "direction": "in", "limit": 5, "offset": 1},
     "/v1/nodes/chengdu/neighbors", {"direction": "in", "limit": 5, "offset": 1}),
    ("city_measures", {"city_id": "deyang"}, "/v1/cities/deyang/measures", {}),
    ("city_measures", {"city_id": "chengdu", "scope": "explicit,located"},
     "/v1/cities/chengdu/measures", {"scope": "explicit,located"}),
    ("measure_cities", {"measure_id": "build-comprehensive-science-center"},
     "/v1/measures/build-comprehensive-science-center/cities", {}),
    ("dependencies", {"node_id": "tianfu-laboratory", "depth": 2},
     "/v1/nodes/tianfu-laboratory/dependencies", {"depth": 2}),
    ("impact", {"node_id": "tianfu-laboratory"}, "/v1/nodes/tianfu-laboratory/impact", {}),
    ("impact", {"node_id": "chengdu", "relation": "located_in", "type": "platform"},
     "/v1/nodes/chengdu/impact", {"relation": "located_in", "type": "platform"}),
    ("paths", {"source": "deyang", "target": "tianfu-laboratory", "limit": 2},
     "/v1/paths", {"from": "deyang", "to": "tianfu-laboratory", "limit": 2}),
    ("explain", {"source": "tianfu-laboratory", "target": "deyang"},
     "/v1/explain", {"from": "tianfu-laboratory", "to": "deyang"}),
]  # fmt: skip

#: (tool, arguments, the parameter the tool error names)
BAD: list[tuple[str, dict[str, Any], str]] = [
    ("search", {"q": ""}, "q"),
    ("search", {"q": "x", "limit": 101}, "limit"),
    ("get_node", {"node_id": "no-such-node"}, "no-such-node"),
    ("get_node", {}, "node_id"),
    ("neighbors", {"node_id": "chengdu", "direction": "sideways"}, "direction"),
    ("city_measures", {"city_id": "deyang", "scope": "explict"}, "scope"),
    ("city_measures", {"city_id": "tianfu-laboratory"}, "not a city"),
    ("dependencies", {"node_id": "chengdu", "depth": 0}, "depth"),
    ("impact", {"node_id": "chengdu", "relation": "loves"}, "relation"),
    ("paths", {"source": "chengdu", "target": "deyang", "max_length": 99}, "max_length"),
    ("explain", {"source": "chengdu", "target": "nowhere"}, "nowhere"),
]


def api(base: str, path: str, query: dict[str, Any]) -> Any:
    """The API's answer to ``GET path?query``."""
    url = base + path + ("?" + urllib.parse.urlencode(query) if query else "")
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.load(r)


def text(result: CallToolResult) -> str:
    return "\n".join(c.text for c in result.content if c.type == "text")


def stdio_params(*args: str) -> StdioServerParameters:
    """``plangraph mcp`` as a desktop agent starts it."""
    return StdioServerParameters(
        command=str(BIN / "plangraph"), args=["mcp", *args], cwd=str(ROOT), env=dict(os.environ)
    )


@asynccontextmanager
async def http_client(url: str, token: str | None) -> AsyncIterator[Client]:
    """The SDK's client over streamable HTTP, with a bearer token."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with (
        httpx2.AsyncClient(headers=headers, timeout=30) as http,
        Client(streamable_http_client(url, http_client=http)) as client,
    ):
        yield client


def docs_serve_command() -> tuple[dict[str, str], list[str]]:
    """The environment and argv of the HTTP command in docs/mcp.md."""
    docs = (ROOT / "docs" / "mcp.md").read_text(encoding="utf-8")
    line = next(
        ln
        for ln in re.findall(r"^\S.*plangraph serve.*$", docs, re.M)
        if "PLANGRAPH_MCP_REQUIRE_TOKEN" in ln
    )
    words = line.split()
    env = dict(w.split("=", 1) for w in words if re.match(r"^[A-Z_]+=", w))
    argv = [w for w in words if not re.match(r"^[A-Z_]+=", w)]
    return env, argv
