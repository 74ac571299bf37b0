"""The short answer that opens a tool's text: what an agent reads first, in a few lines.

One function per answer shape, reading the same structured answer the tool returns (so a
field such as a measure's ``reason`` is said when the answer has it). Names are given in
English with the Chinese, ids in parentheses, so an agent can call the next tool with them.

>>> name({"id": "x", "name": {"zh": "成都", "en": "Chengdu"}})
'Chengdu (成都) [x]'
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "name",
    "say_city_measures",
    "say_explanation",
    "say_measure_cities",
    "say_neighbors",
    "say_node",
    "say_paths",
    "say_search",
    "say_sparql",
    "say_traversal",
]

#: items listed in a short answer; the structured answer has them all
SHOWN = 20

Answer = dict[str, Any]


def name(summary: Answer) -> str:
    """A node's names and id, as an agent quotes them."""
    n = summary.get("name") or {}
    en, zh = n.get("en") or "", n.get("zh") or ""
    both = en if not zh or zh == en else f"{en} ({zh})" if en else zh
    return f"{both} [{summary.get('id', '')}]"


def _text(value: Any) -> str:
    """A sentence as served: a string, or ``{zh, en}``."""
    if isinstance(value, dict):
        en, zh = value.get("en") or "", value.get("zh") or ""
        return f"{en} / {zh}" if en and zh else en or zh
    return str(value) if value else ""


def _more(items: list[Any]) -> list[str]:
    return (
        [f"… and {len(items) - SHOWN} more (in the structured answer)."]
        if len(items) > SHOWN
        else []
    )


def say_search(a: Answer) -> str:
    hits = a["items"]
    lines = [f"{a['total']} nodes match."]
    lines += [
        f"- {name(h['node'])}, a {h['node']['type']} (matched on {h['field']})"
        for h in hits[:SHOWN]
    ]
    return "\n".join(lines + _more(hits))


def say_node(a: Answer) -> str:
    lines = [f"{name(a)}, a {a['type']}."]
    if a.get("description"):
        lines.append(_text(a["description"]))
    rels = a.get("relations") or []
    lines.append(f"{len(rels)} relations:")
    lines += [
        f"- {r['relation']} ({r['direction']}) {name(r['node'])}, {r['evidence']}"
        for r in rels[:SHOWN]
    ]
    return "\n".join(lines + _more(rels))


def _reach(items: list[Answer], key: str) -> list[str]:
    lines = []
    for item in items[:SHOWN]:
        line = f"- {name(item[key])}: {item['scope']}"
        if item.get("reason"):
            line += f" — {_text(item['reason'])}"
        lines.append(line)
    return lines + _more(items)


def _not_reaching(a: Answer, key: str) -> list[str]:
    missing = a.get("not_reaching") or []
    if not missing:
        return []
    lines = [f"{len(missing)} do not reach it:"]
    for item in missing[:SHOWN]:
        line = f"- {name(item[key])}"
        if item.get("reason"):
            line += f" — {_text(item['reason'])}"
        lines.append(line)
    return lines + _more(missing)


def say_city_measures(a: Answer) -> str:
    lines = [f"{a['total']} measures reach {name(a['city'])}:", *_reach(a["items"], "measure")]
    return "\n".join(lines + _not_reaching(a, "measure"))


def say_measure_cities(a: Answer) -> str:
    lines = [f"{name(a['measure'])} reaches {a['total']} cities:", *_reach(a["items"], "city")]
    return "\n".join(lines + _not_reaching(a, "city"))


def say_traversal(a: Answer) -> str:
    verb = "needs" if a["direction"] == "dependencies" else "is needed by"
    nodes = a["nodes"]
    head = f"{name(a['root'])} {verb} {len(nodes)} nodes within {a['depth']} edges"
    head += " (truncated: the walk hit its budget)." if a.get("truncated") else "."
    lines = [head] + [f"- {name(n)}, a {n['type']}, at depth {n['depth']}" for n in nodes[:SHOWN]]
    return "\n".join(lines + _more(nodes))


def say_paths(a: Answer) -> str:
    found = a["paths"]
    lines = [f"{len(found)} paths join {name(a['source'])} and {name(a['target'])}."]
    lines += [" → ".join(name(n) for n in p["nodes"]) for p in found]
    return "\n".join(lines)


def say_explanation(a: Answer) -> str:
    if not a.get("found"):
        return f"No path joins {name(a['from'])} and {name(a['to'])}."
    lines = [f"{name(a['from'])} bears on {name(a['to'])} in {a['length']} steps:"]
    lines += [f"- {_text(s['sentence'])}" for s in a["steps"]]
    return "\n".join(lines)


def say_neighbors(a: Answer) -> str:
    items = a["items"]
    lines = [f"{a['total']} relations; {len(items)} from offset {a['offset']}:"]
    lines += [
        f"- {r['relation']} ({r['direction']}) {name(r['node'])}, {r['evidence']}"
        for r in items[:SHOWN]
    ]
    return "\n".join(lines + _more(items))


def say_sparql(a: Answer) -> str:
    """The kind of query, how many rows it gave, the first rows, and the plan's nodes named."""
    lines = [f"The {a['form']} query gave {a['rows']} row{'s' if a['rows'] != 1 else ''}."]
    results = a.get("results") or {}
    if "boolean" in results:
        lines = [f"The ASK query answered {'yes' if results['boolean'] else 'no'}."]
    columns = (results.get("head") or {}).get("vars") or []
    for row in ((results.get("results") or {}).get("bindings") or [])[:SHOWN]:
        cells = (f"{c}={row[c]['value']}" for c in columns if c in row)
        lines.append("- " + ", ".join(cells))
    if a.get("ntriples"):
        lines += ["", *a["ntriples"].splitlines()[:SHOWN]]
    if a["nodes"]:
        lines.append(
            "Nodes of the plan it names: " + "; ".join(name(n) for n in a["nodes"][:SHOWN])
        )
    return "\n".join(lines)
