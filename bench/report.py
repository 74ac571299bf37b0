"""The benchmark's tables, as Markdown: printed, and written to ``docs/performance.md``."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from bench.scale import QUERIES

#: the hand-written reading of the figures, placed after the targets
FINDINGS = Path(__file__).with_name("findings.md")

#: the query functions whose time must stay flat as the graph grows
FLAT = ("node", "neighbours", "city measures", "search")
FLAT_LIMIT = 1.5
LOAD_LIMIT_S = 10.0
MEMORY_LIMIT_MB = 1.5 * 1024
HOT_MIN = 1.0
COLD_P99_MAX = 5.0
PEER_MIN = 10.0


def _f(value: Any, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _us(seconds: float | None) -> str:
    return "–" if seconds is None else _f(seconds * 1e6, 0 if seconds >= 1e-4 else 1)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return [*out, ""]


def _yes(ok: bool | None) -> str:
    return "–" if ok is None else ("met" if ok else "**missed**")


def targets(results: dict[str, Any]) -> list[list[str]]:
    """Each target of the issue, what was measured, and whether it was met."""
    rows: list[list[str]] = []
    http = results.get("http")
    if http:
        hot = http["scenarios"]["hot"]
        rows.append(
            [
                f"hot GET throughput >= {HOT_MIN:.1f}x the bare app",
                f"{hot['throughput_ratio']:.2f}x",
                _yes(hot["throughput_ratio"] >= HOT_MIN),
            ]
        )
        for kind in ("node", "city measures", "search"):
            one = http["scenarios"].get(f"cold {kind}, 1 connection")
            many = http["scenarios"][f"cold {kind}"]
            measured = f"{many['p99_ratio']:.1f}x with {many['connections']} connections"
            if one is not None:
                measured = f"{one['p99_ratio']:.1f}x with 1 connection; " + measured
            rows.append(
                [
                    f"cold {kind}: p99 < {COLD_P99_MAX:.0f}x the bare app's p99",
                    measured,
                    _yes((one or many)["p99_ratio"] < COLD_P99_MAX),
                ]
            )
    scale = {r["nodes"]: r for r in results.get("scale", [])}
    small, big = scale.get(1000), scale.get(100000)
    if small and big:
        for q in FLAT:
            a, b = small["median_s"].get(q), big["median_s"].get(q)
            if a and b:
                rows.append(
                    [
                        f"{q} at 100k nodes <= {FLAT_LIMIT}x its time at 1k",
                        f"{b / a:.2f}x",
                        _yes(b / a <= FLAT_LIMIT),
                    ]
                )
    if big:
        rows.append(
            [
                f"load and validate 100k nodes, {big['edges'] // 1000}k edges: "
                f"< {LOAD_LIMIT_S:.0f} s",
                f"{big['load_s']:.1f} s",
                _yes(big["load_s"] < LOAD_LIMIT_S),
            ]
        )
        rows.append(
            [
                f"... under {MEMORY_LIMIT_MB / 1024:.1f} GB resident (peak during the load)",
                f"{big['peak_loaded_mb'] / 1024:.2f} GB",
                _yes(big["peak_loaded_mb"] < MEMORY_LIMIT_MB),
            ]
        )
    for peer in results.get("peer", []):
        for q, r in peer["questions"].items():
            rows.append(
                [
                    f"{q} ({peer['nodes']:,} nodes): >= {PEER_MIN:.0f}x faster than SPARQL",
                    f"computed {r['computed_ratio']:.1f}x; from the indexes "
                    f"{r['index_ratio']:.1f}x; served {r['served_ratio']:.1f}x",
                    _yes(r["computed_ratio"] >= PEER_MIN),
                ]
            )
    return rows


def render(results: dict[str, Any]) -> str:
    """The whole report."""
    lines = ["# Performance", ""]
    lines += [
        "Written by the benchmark, `python -m bench` (also `plangraph bench`); run it again",
        "to refresh this page. Figures are medians of one run on the machine below; other",
        "processes on the machine were not stopped, so treat small differences as noise.",
        "",
        f"Command: `{results['command']}`  ",
        f"Run at: {results['started']} (took {results['took_s'] / 60:.1f} min)",
        "",
        "## Machine",
        "",
    ]
    lines += _table(["", ""], [[k, v] for k, v in results["machine"].items()])

    lines += ["## Targets", ""]
    lines += _table(["target", "measured", ""], targets(results))
    if FINDINGS.is_file():
        lines += [FINDINGS.read_text(encoding="utf-8").rstrip(), ""]

    scale = results.get("scale", [])
    if scale:
        lines += ["## Scale", ""]
        lines += [
            "Synthetic plans in the real schema (`bench/generate.py`): regions of about five",
            "cities (one city per 250 nodes), chapters, pillars, measures (8% of nodes) and",
            "actions, the platforms, zones, fields, actors, instruments and programmes they",
            "name, three edges per node. Every node and most edges cite a span of a generated",
            "text, so offsets and quotes are checked on load. Each size is measured in a",
            "fresh process: load and validate (`load_plan`), then what a server builds before",
            "it serves (response shapes) and right after, in the background (the analyses),",
            "then the median time of each query function over sampled arguments (its first",
            "call is reported apart).",
            "",
        ]
        rows = []
        for r in scale:
            warm = r["warm_s"]
            rows.append(
                [
                    _f(r["nodes"]),
                    _f(r["edges"]),
                    _f(r["file_mb"], 1),
                    _f(r["load_s"]),
                    _f(r["load_cpu_s"]),
                    _f(r["peak_loaded_mb"], 0),
                    _f(r["rss_loaded_mb"], 0),
                    _f(warm.get("response shapes"), 1),
                    _f(sum(v for k, v in warm.items() if k != "response shapes"), 1),
                    _f(r["peak_warm_mb"], 0),
                ]
            )
        lines += _table(
            [
                "nodes",
                "edges",
                "file (MB)",
                "load + validate (s)",
                "of it CPU (s)",
                "peak RSS (MB)",
                "RSS after (MB)",
                "shapes, before serving (s)",
                "analyses, in the background (s)",
                "peak RSS warm (MB)",
            ],
            rows,
        )
        steps = list(dict.fromkeys(k for r in scale for k in r["warm_s"]))
        lines += [
            "After loading (s): the response shapes, built before the server answers, then",
            "each analysis, computed once per plan in a background thread while it serves (a",
            "request for one not done yet waits up to 2 s, then gets a 503 with Retry-After).",
            "",
        ]
        rows = [[_f(r["nodes"])] + [_f(r["warm_s"].get(k), 1) for k in steps] for r in scale]
        lines += _table(["nodes", *steps], rows)
        lines += [
            "Median time per call (µs). A city's measures are made on its first call and",
            "kept with the snapshot, so their median is of answers asked again; what a first",
            "call costs is in the next table (and, over many cities, in the peer section).",
            "",
        ]
        rows = [[_f(r["nodes"])] + [_us(r["median_s"].get(q)) for q in QUERIES] for r in scale]
        first = scale[0]
        for r in scale[1:]:
            rows.append(
                [f"{r['nodes'] // 1000}k / {first['nodes'] // 1000}k"]
                + [
                    _f(r["median_s"][q] / first["median_s"][q]) + "x"
                    if q in r["median_s"] and first["median_s"].get(q)
                    else "–"
                    for q in QUERIES
                ]
            )
        lines += _table(["nodes", *QUERIES], rows)
        lines += ["First call of each (µs; builds what it builds on first use):", ""]
        rows = [[_f(r["nodes"])] + [_us(r["first_call_s"].get(q)) for q in QUERIES] for r in scale]
        lines += _table(["nodes", *QUERIES], rows)
        lines += ["Where the load time goes (s, wall clock):", ""]
        phases = list(dict.fromkeys(k for r in scale for k in r["phases"]))
        rows = []
        for p in phases:
            rows.append([p.strip() if not p.startswith("  ") else "… " + p.strip()])
            rows[-1] += [_f(r["phases"].get(p)) for r in scale]
        rows.append(
            ["other (reading, hashing, the one garbage collection at the end)"]
            + [
                _f(r["load_s"] - sum(v for k, v in r["phases"].items() if not k.startswith("  ")))
                for r in scale
            ]
        )
        lines += _table(["phase", *(_f(r["nodes"]) for r in scale)], rows)

    http = results.get("http")
    if http:
        lines += ["## HTTP", ""]
        lines += [
            f"PlanGraph (`app.main:create_app`, {http['plan_nodes']:,}-node synthetic plan, "
            "its access log to a file, metrics on) and a bare Starlette app returning the bytes",
            "PlanGraph answered for the same URLs, each under uvicorn with one worker and the",
            f"same settings; driven by **{http['client']}** with {http['connections']} "
            f"connections, {_f(http['seconds'], 1)} s per run, {http['rounds']} rounds of A/B",
            "in alternating order; medians over rounds. Requests send `Accept-Encoding: gzip`.",
            "Cold runs add a parameter no route reads and a new value each time, so PlanGraph",
            "computes every answer; the bare app ignores it. Cold scenarios run saturated (the",
            "hot runs' connections: latency is mostly queueing) and with one connection (latency",
            "is the time to answer); the cold p99 target is judged on the latter.",
            f"PlanGraph took {_f(http['startup_s'], 1)} s from start to ready (load and"
            " response shapes); its background analyses were then waited for before any run.",
            "",
        ]
        rows = []
        for name, s in http["scenarios"].items():
            a, b = s["app"], s["bare"]
            rows.append(
                [
                    name.replace(", 1 connection", " (1 connection)"),
                    _f(a["rps"], 0),
                    _f(b["rps"], 0),
                    _f(s["throughput_ratio"]) + "x",
                    f"{_f(a['p50_ms'])} / {_f(a['p99_ms'])}",
                    f"{_f(b['p50_ms'])} / {_f(b['p99_ms'])}",
                    _f(s["p99_ratio"], 1) + "x",
                    str(a["errors"] + b["errors"]),
                ]
            )
        lines += _table(
            [
                "scenario",
                "PlanGraph req/s",
                "bare req/s",
                "throughput ratio",
                "PlanGraph p50 / p99 (ms)",
                "bare p50 / p99 (ms)",
                "p99 ratio",
                "errors",
            ],
            rows,
        )

    layers = (http or {}).get("layers")
    if layers:
        lines += [
            "What a cache hit costs per request, in-process (`bench/layers.py`: the app called",
            "directly with the same GET, no server; the access log written to a file). A hit",
            "is answered by the front, in front of every middleware; its parts are measured",
            "by switching the log and the metrics off in turn. *Full stack* is the same hit",
            "answered with the front off, through every middleware down to the cache. The",
            "bare app is the whole Starlette app above, called the same way.",
            "",
        ]
        rows = [[name, _f(seconds * 1e6)] for name, seconds in layers["layers"]]
        rows.append(["**PlanGraph, whole app**", "**" + _f(layers["app_s"] * 1e6) + "**"])
        if "stack_s" in layers:
            rows.append(["PlanGraph, full stack (front off)", _f(layers["stack_s"] * 1e6)])
        rows.append(["**bare Starlette app**", "**" + _f(layers["bare_s"] * 1e6) + "**"])
        lines += _table(["part of a hit", "µs per request"], rows)

    peers = results.get("peer", [])
    if peers:
        lines += ["## Peer: pyoxigraph", ""]
        lines += [
            "The same questions asked in-process of an in-memory pyoxigraph store holding the",
            "plan as RDF, through SPARQL: the measures reaching a city (with scope, pillar and",
            "the actions reaching it), and what needs a platform, transitively (`pg:needs+`).",
            "PlanGraph's time is given several ways: *from the indexes* (the same rows the",
            "SPARQL returns, read from the reach index and dependency adjacency), *computed* (the",
            "query function building the full API answer: summaries, scopes, via chains, edges;",
            "for a city, its first call, since the answer is then kept with the snapshot),",
            "*kept* (a city's answer asked again) and *served* (the app called as a server",
            "calls it, answering from its response cache: the front). The target is judged on",
            "*computed*: an answer made on the request, from nothing but the indexes.",
            "*Same answer*: SPARQL and the indexes found the same nodes, and the API's answer",
            "holds those within its depth bound (10 edges).",
            "",
        ]
        rows = []
        for p in peers:
            for q, r in p["questions"].items():
                rows.append(
                    [
                        _f(p["nodes"]),
                        q,
                        _us(r["sparql_s"]),
                        f"{_us(r['index_s'])} ({_f(r['index_ratio'], 1)}x)",
                        f"{_us(r['computed_s'])} ({_f(r['computed_ratio'], 1)}x)",
                        f"{_us(r['kept_s'])} ({_f(r['kept_ratio'], 1)}x)" if "kept_s" in r else "–",
                        f"{_us(r['served_s'])} ({_f(r['served_ratio'], 1)}x)",
                        "yes" if r["same_answer"] else "**no**",
                    ]
                )
        lines += _table(
            [
                "nodes",
                "question",
                "SPARQL (µs)",
                "from the indexes (µs)",
                "computed (µs)",
                "kept (µs)",
                "served (µs)",
                "same answer",
            ],
            rows,
        )
        rows = [
            [
                _f(p["nodes"]),
                p["export"],
                _f(p["export_s"]),
                _f(p["export_mb"], 1),
                _f(p["triples"]),
                _f(p["store_load_s"]),
            ]
            for p in peers
        ]
        lines += _table(
            ["nodes", "export", "export (s)", "size (MB)", "triples", "store load (s)"], rows
        )
        lines += [
            "`turtle` is PlanGraph's Turtle export (rdflib); `ntriples` is the benchmark's",
            "rdflib-free N-Triples emission of the triples the questions read (same IRIs),",
            "used for larger plans because the Turtle export takes minutes there.",
            "",
        ]
    lines += sparql_section(results.get("sparql", []))
    for note in results.get("notes", []):
        lines.append(f"- {note}")
    return "\n".join(lines).rstrip() + "\n"


def sparql_section(runs: list[dict[str, Any]]) -> list[str]:
    """The SPARQL endpoint's figures (``bench.sparql``), or nothing without them."""
    if not runs:
        return []
    lines = ["## SPARQL endpoint (/v1/sparql)", ""]
    lines += [
        "The peer's two questions asked of the endpoint's query function",
        "(`app.sparql.query.run_query`: the query screened, run by a query worker process on",
        "the snapshot's store, the answer serialised as SPARQL JSON and read back), against",
        "the API's *computed* answers (a city's on its first call). *Store build* is what the",
        "first query of a version waits for (in the background, with a 503 meanwhile): the RDF",
        "export's statements written out and bulk-loaded into an on-disk pyoxigraph store.",
        "*Same answer*: the same measures; SPARQL's impact holds the API's (bounded) one.",
        "",
    ]
    rows = [
        [
            _f(r["nodes"]),
            q,
            _us(v["endpoint_s"]),
            _us(v["computed_s"]),
            _f(v["ratio"], 1) + "x",
            "yes" if v["same_answer"] else "**no**",
        ]
        for r in runs
        for q, v in r["questions"].items()
    ]
    lines += _table(
        [
            "nodes",
            "question",
            "endpoint (µs)",
            "computed (µs)",
            "endpoint / computed",
            "same answer",
        ],
        rows,
    )
    rows = [[_f(r["nodes"]), _f(r["triples"]), _f(r["store_build_s"])] for r in runs]
    lines += _table(["nodes", "triples", "store build (s)"], rows)
    return lines
