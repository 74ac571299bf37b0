"""The example queries of docs/sparql.md, and answers reduced to what two stores share."""

from __future__ import annotations

import re
from typing import Any

from tests.servers import ROOT

DOC = ROOT / "docs" / "sparql.md"
NODE = "https://w3id.org/plangraph/id/node/"


def examples() -> list[tuple[str, str]]:
    """(title, query) of each numbered example, in order."""
    text = DOC.read_text(encoding="utf-8")
    return re.findall(r"^### \d+\. (.+?)\n.*?```sparql\n(.*?)```", text, re.S | re.M)


def rows(doc: dict[str, Any]) -> list[tuple[tuple[str, str], ...]]:
    """A SPARQL JSON answer as sorted rows of (variable, value): the same answer from two
    stores compares equal whatever their row order or literal datatypes."""
    return sorted(
        tuple(sorted((k, v["value"]) for k, v in b.items())) for b in doc["results"]["bindings"]
    )


def node_ids(doc: dict[str, Any], var: str) -> set[str]:
    return {b[var]["value"].removeprefix(NODE) for b in doc["results"]["bindings"]}
