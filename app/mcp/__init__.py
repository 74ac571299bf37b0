"""PlanGraph as a Model Context Protocol server, built with the official ``mcp`` SDK.

The same snapshot and query functions as the HTTP API: tools (:mod:`app.mcp.tools`) whose
structured content is the API's answer and whose text quotes the passages behind it,
resources (:mod:`app.mcp.resources`) and prompts (:mod:`app.mcp.prompts`), served over
stdio (:mod:`app.mcp.stdio`, ``plangraph mcp``) or mounted in the HTTP app at ``/mcp``
(:mod:`app.mcp.http`, ``PLANGRAPH_MCP=true``).
"""
