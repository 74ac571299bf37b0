"""``plangraph mcp``: the MCP server over stdio, for desktop agents that start it.

The command loads the plan once at start (a bad file is refused before the server
speaks); the protocol owns stdout, so logs go to stderr.
"""

from __future__ import annotations

import logging
import sys

import anyio

from app.graph.snapshot import Snapshot
from app.mcp.server import build_server

__all__ = ["serve_stdio"]


def serve_stdio(snap: Snapshot) -> None:
    """Answer MCP about ``snap`` over stdin/stdout until the client closes them."""
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    server = build_server(lambda: snap)
    anyio.run(server.run_stdio_async)
