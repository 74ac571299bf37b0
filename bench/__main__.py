"""``python -m bench``: run the benchmark, print its tables, write ``docs/performance.md``.

Examples::

    python -m bench                          # everything (about half an hour)
    python -m bench --parts scale --sizes 1000,10000
    python -m bench --tiny --out /tmp/perf.md  # the test suite's run: a few seconds
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import http, peer, report, scale
from bench import sparql as sparql_part
from bench.generate import generate
from bench.measure import machine

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("scale", "http", "peer", "sparql")
#: nodes of the run with a million edges (three per node)
MILLION_EDGES_NODES = 333_334


def _sizes(text: str) -> list[int]:
    return [int(s.replace("_", "")) for s in text.split(",") if s.strip()]


def _without_paths(argv: list[str]) -> list[str]:
    """The arguments without the options naming files of this machine.

    >>> _without_paths(["--tiny", "--out", "x.md", "--json=y.json", "--sizes", "1000"])
    ['--tiny', '--sizes', '1000']
    """
    out: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--out", "--json", "--workdir"):
            skip = True
        elif not arg.startswith(("--out=", "--json=", "--workdir=")):
            out.append(arg)
    return out


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    p.add_argument("--parts", default=",".join(PARTS), help="Parts to run: scale,http,peer,sparql.")
    p.add_argument("--sizes", default="1000,10000,100000", help="Plan sizes (nodes) to scale.")
    p.add_argument(
        "--million",
        action=argparse.BooleanOptionalAction,
        default=True,
        help=f"Also scale a plan of a million edges ({MILLION_EDGES_NODES:,} nodes).",
    )
    p.add_argument("--samples", type=int, default=101, help="Arguments timed per query.")
    p.add_argument("--http-nodes", type=int, default=10_000, help="Plan size the servers serve.")
    p.add_argument("--seconds", type=float, default=3.0, help="Seconds of load per HTTP run.")
    p.add_argument("--rounds", type=int, default=5, help="A/B rounds per HTTP scenario.")
    p.add_argument("--connections", type=int, default=16, help="Concurrent HTTP connections.")
    p.add_argument(
        "--client", choices=("auto", "wrk", "python"), default="auto", help="Load generator."
    )
    p.add_argument("--peer-sizes", default=None, help="Plan sizes for the peer (default: sizes).")
    p.add_argument(
        "--turtle-max",
        type=int,
        default=1000,
        help="Up to this many nodes the peer loads the Turtle export; above, N-Triples.",
    )
    p.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "plangraph-bench")
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    p.add_argument("--json", type=Path, default=None, help="Also write the raw figures here.")
    p.add_argument(
        "--tiny",
        action="store_true",
        help="1k nodes, one short round of each HTTP scenario: checks that it all runs.",
    )
    return p


def _log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def run(ns: argparse.Namespace, argv: list[str]) -> dict[str, Any]:
    if ns.tiny:
        ns.sizes, ns.million, ns.samples = "1000", False, 21
        ns.http_nodes, ns.seconds, ns.rounds = 1000, 0.3, 1
        ns.peer_sizes = ns.peer_sizes or "1000"
        ns.turtle_max = min(ns.turtle_max, 0)
    parts = [p for p in ns.parts.split(",") if p]
    unknown = set(parts) - set(PARTS)
    if unknown:
        raise SystemExit(f"unknown part {sorted(unknown)[0]!r}; parts: {', '.join(PARTS)}")
    sizes = _sizes(ns.sizes)
    started = time.perf_counter()
    shown = _without_paths(argv)
    results: dict[str, Any] = {
        "command": "python -m bench " + shlex.join(shown) if shown else "python -m bench",
        "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "notes": [],
    }

    def plan(n: int) -> Path:
        _log(f"generating a plan of {n:,} nodes")
        return generate(n, ns.workdir / f"plan-{n}")

    if "scale" in parts:
        results["scale"] = []
        for n in sizes + ([MILLION_EDGES_NODES] if ns.million else []):
            path = plan(n)
            _log(f"scale: {n:,} nodes")
            results["scale"].append(scale.run(path, ns.samples))
    if "http" in parts:
        path = plan(ns.http_nodes)
        _log(f"http: {ns.http_nodes:,} nodes, {ns.rounds} rounds of {ns.seconds} s per side")
        results["http"] = http.run(
            path,
            ns.seconds,
            ns.rounds,
            ns.connections,
            ns.client,
            ns.workdir,
            layer_calls=2_000 if ns.tiny else 20_000,
        )
        if results["http"]["client"] == "python":
            results["notes"].append(
                "The load generator was the Python client, not wrk: it saturates sooner "
                "than wrk, so throughput ratios come out closer to 1 than wrk would show."
            )
    if "peer" in parts:
        results["peer"] = []
        for n in _sizes(ns.peer_sizes) if ns.peer_sizes else sizes:
            path = plan(n)
            export = "turtle" if n <= ns.turtle_max else "ntriples"
            _log(f"peer: {n:,} nodes ({export})")
            results["peer"].append(peer.run(path, export, samples=min(ns.samples, 21)))
    if "sparql" in parts:
        results["sparql"] = []
        for n in _sizes(ns.peer_sizes) if ns.peer_sizes else sizes:
            _log(f"sparql: {n:,} nodes")
            results["sparql"].append(sparql_part.run(plan(n), samples=min(ns.samples, 21)))
    results["took_s"] = time.perf_counter() - started
    return results


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    ns = parser().parse_args(argv)
    ns.workdir.mkdir(parents=True, exist_ok=True)
    results = run(ns, argv)
    text = report.render(results)
    print(text)
    ns.out.parent.mkdir(parents=True, exist_ok=True)
    ns.out.write_text(text, encoding="utf-8")
    _log(f"wrote {ns.out}")
    if ns.json is not None:
        ns.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
