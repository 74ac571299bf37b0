"""The MCP server: the plan's tools, resources and prompts over one snapshot source.

:func:`build_server` makes the SDK's :class:`~mcp.server.mcpserver.MCPServer` for a
snapshot source (the HTTP app's store, or a plan loaded for stdio); every tool call and
resource read takes the source's current snapshot once. Arguments the tools' schemas
refuse (a string over its length, a depth over its limit) are tool errors worded as the
API words them (``depth: Input should be less than or equal to 10``), never the raw
validation report with the caller's value echoed.

>>> from app import load_plan
>>> snap = load_plan()
>>> server = build_server(lambda: snap)
>>> server.name
'plangraph'
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.shared.exceptions import MCPError
from mcp.types import INVALID_PARAMS, CallToolResult, GetPromptResult, InputRequiredResult
from pydantic import ValidationError

from app.answers.meta import LoadAttempt
from app.graph.snapshot import Snapshot
from app.mcp.prompts import register_prompts
from app.mcp.resources import register_resources
from app.mcp.tools import tool_objects

__all__ = ["INSTRUCTIONS", "PlanServer", "build_server", "wording"]

INSTRUCTIONS = """\
A knowledge graph of a policy plan: its goals, pillars, measures and actions, the platforms
and zones it builds, the fields, actors and instruments it names, and the cities it reaches.
Every node and edge cites the passage of the plan it comes from. Start with search to find
ids; every tool's text begins with a short answer followed by the quoted passages (quote,
document, code-point offsets) behind each node and edge: quote them, and say nothing they
do not support. The structured content is the same JSON as the HTTP API's answer."""


def wording(error: ValidationError) -> str:
    """A validation error as the API words one: ``parameter: message``, joined by ``; ``.

    The caller's value is never echoed (it may be huge).

    >>> from pydantic import BaseModel, Field
    >>> class A(BaseModel):
    ...     depth: int = Field(le=6)
    >>> try:
    ...     A(depth=9)
    ... except ValidationError as exc:
    ...     print(wording(exc))
    depth: Input should be less than or equal to 6
    """
    parts = []
    for err in error.errors(include_url=False, include_input=False):
        where = ".".join(str(p) for p in err.get("loc", ())) or "arguments"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid arguments"


def _package_version() -> str:
    try:
        return version("plangraph")
    except PackageNotFoundError:  # run from a clone that is not installed
        return "0"


class PlanServer(MCPServer[Any]):
    """The SDK's server, with argument errors worded as the API words them, and an unknown
    prompt an invalid-params error naming it."""

    async def call_tool(
        self, name: str, arguments: dict[str, Any], context: Context[Any, Any] | None = None
    ) -> CallToolResult | InputRequiredResult:
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as exc:
            cause = exc.__cause__
            if isinstance(cause, ValidationError):
                detail = wording(cause)
                raise ToolError(
                    f"Error executing tool {name}: Invalid parameter: {detail}"
                ) from cause
            raise

    async def get_prompt(
        self,
        name: str,
        arguments: dict[str, Any] | None = None,
        context: Context[Any, Any] | None = None,
    ) -> GetPromptResult | InputRequiredResult:
        if name not in {p.name for p in await self.list_prompts()}:
            # the SDK words this as an internal error; it is the caller's
            raise MCPError(code=INVALID_PARAMS, message=f"Unknown prompt: {name}")
        return await super().get_prompt(name, arguments, context)


def build_server(
    current: Callable[[], Snapshot],
    last_load: Callable[[], LoadAttempt | None] = lambda: None,
) -> PlanServer:
    """The plan's MCP server over ``current`` (called once per tool call or read).

    Parameters
    ----------
    current : callable
        Returns the snapshot to answer from (raises NotReady before one is loaded).
    last_load : callable, optional
        Returns the last load attempt, shown in the meta resource as the API shows it.
    """
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    server = PlanServer(
        name="plangraph",
        title="PlanGraph",
        description="A cited knowledge graph of a policy plan.",
        instructions=INSTRUCTIONS,
        version=_package_version(),
        tools=tool_objects(current),
        log_level="WARNING",
    )
    # the SDK configures the root logger when a server is made: the app's logging is its own
    root.handlers[:] = handlers
    root.setLevel(level)
    register_resources(server, current, last_load)
    register_prompts(server, current)
    return server
