"""The prompts: questions an agent is often asked, as instructions that call the tools and
quote the plan.

Each prompt checks its argument against the plan (an unknown id is an error naming the
closest ones, as the API's) and names the tools to call, in order, with their arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.shared.exceptions import MCPError
from mcp.types import INVALID_PARAMS
from pydantic import Field

from app.errors import PlanGraphError
from app.graph.lookup import require_node
from app.graph.snapshot import Snapshot
from app.mcp.params import ID_MAX_LENGTH

__all__ = ["register_prompts"]

_QUOTE = (
    "Quote the plan's passages verbatim from the tools' text (each with its document and "
    "offsets); say nothing the passages do not support."
)


def _node(snap: Snapshot, parameter: str, node_id: str, type_: str) -> str:
    """``node_id``'s names, checked to be a node of ``type_``; else an invalid-params error
    worded as the API's problem detail."""
    if len(node_id) > ID_MAX_LENGTH:
        detail = f"{parameter}: String should have at most {ID_MAX_LENGTH} characters"
        raise MCPError(code=INVALID_PARAMS, message=f"Invalid parameter: {detail}")
    try:
        node = snap.nodes[require_node(snap, node_id, type_)]
    except PlanGraphError as exc:
        raise MCPError(code=INVALID_PARAMS, message=f"{exc.title}: {exc.detail}") from exc
    return f"{node.name.en} ({node.name.zh})"


def register_prompts(server: MCPServer[Any], current: Callable[[], Snapshot]) -> None:
    """Add the prompts to ``server``."""

    @server.prompt(
        name="explain_city_reach",
        title="How the plan reaches a city",
        description="Explain which measures of the plan reach a city, how (scope) and why, "
        "with the passages that say so.",
    )
    def explain_city_reach(
        city_id: Annotated[str, Field(description="A city id, e.g. from search.")],
    ) -> str:
        names = _node(current(), "city_id", city_id, "city")
        return (
            f"Explain how the plan reaches the city {names} (id {city_id!r}).\n"
            f"1. Call the tool city_measures with city_id={city_id!r}: every measure that "
            "reaches the city, its scope (explicit, located or metro_wide), the actions and "
            "places (via) behind it, and its reason when given.\n"
            "2. For the measures reached explicitly or through a located place, call explain "
            f"with source=<the measure's id> and target={city_id!r} to read the chain as "
            "cited sentences.\n"
            "3. Answer with the measures grouped by scope, each with its reason and the "
            f"passages behind it. {_QUOTE}"
        )

    @server.prompt(
        name="trace_platform_dependents",
        title="What depends on a platform",
        description="Trace what depends on a platform (what is affected if it slips), step "
        "by step, with the passages behind each step.",
    )
    def trace_platform_dependents(
        platform_id: Annotated[str, Field(description="A platform id, e.g. from search.")],
    ) -> str:
        names = _node(current(), "platform_id", platform_id, "platform")
        return (
            f"Trace what depends on the platform {names} (id {platform_id!r}).\n"
            f"1. Call the tool impact with node_id={platform_id!r}: everything that needs it, "
            "transitively, with each node's depth and the edge that reached it.\n"
            "2. For the goals and measures it reaches, call explain with "
            f"source={platform_id!r} and target=<their id> to read each chain as cited "
            "sentences.\n"
            "3. Answer with the dependents from nearest to farthest, each with the step that "
            f"links it and its passage. {_QUOTE}"
        )
