"""Peer: the same two questions asked of pyoxigraph through SPARQL, in-process.

``python -m bench.peer PLAN.json --export turtle|ntriples`` loads the plan, exports it
(PlanGraph's Turtle export, or :mod:`bench.ntriples` for large plans), loads that into an
in-memory pyoxigraph store, and times, on the same sampled arguments:

- *measures reaching a city* -- :func:`app.answers.cities.city_measures_json` (the answer
  the API serves) against a SPARQL query for the measures reaching the city, their scope,
  pillar, and the actions that reach it with theirs;
- *impact of a platform* -- :func:`app.answers.traverse.impact_json` against
  ``SELECT DISTINCT ?x WHERE { ?x pg:needs+ <platform> }``.

It also checks that both found the same measures and the same impacted nodes. It prints
one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections.abc import Callable, Iterable, MutableMapping
from pathlib import Path
from typing import Any, cast

from bench.measure import get_scope, median_seconds, run_part
from bench.ntriples import VOCAB, iri, write_ntriples

QUESTIONS = ("measures reaching a city", "impact of a platform")

CITY_MEASURES = """
PREFIX pg: <%(vocab)s>
SELECT ?measure ?scope ?pillar ?action ?actionScope WHERE {
  ?measure a pg:Measure ; pg:reaches ?r .
  ?r pg:city %(city)s ; pg:scope ?scope .
  OPTIONAL { ?measure pg:part_of ?pillar . ?pillar a pg:Pillar . }
  OPTIONAL {
    ?action a pg:Action ; pg:part_of ?measure ; pg:reaches ?ar .
    ?ar pg:city %(city)s ; pg:scope ?actionScope .
  }
}
"""
IMPACT = """
PREFIX pg: <%(vocab)s>
SELECT DISTINCT ?x WHERE { ?x pg:needs+ %(node)s }
"""


def _node_id(term: Any) -> str:
    return str(term.value).rsplit("/", 1)[-1]


def index_city(snap: Any, city: str) -> list[tuple[str, str, str | None, str | None, str | None]]:
    """The rows the SPARQL query returns, read from PlanGraph's reach index."""
    reach = snap.reach
    rows: list[tuple[str, str, str | None, str | None, str | None]] = []
    for m in reach.measures_by_city.get(city, ()):
        scope = reach.by_node[m][city].scope
        pillar = snap.parent(m, "pillar")
        acts = [
            (a, reach.by_node[a][city].scope)
            for a in reach.actions_of.get(m, ())
            if city in reach.by_node[a]
        ]
        rows += [(m, scope, pillar, a, s) for a, s in acts] or [(m, scope, pillar, None, None)]
    return rows


def index_impact(snap: Any, node: str, depth: int | None = None) -> set[str]:
    """What needs ``node``, transitively (at most ``depth`` edges away), read from
    PlanGraph's dependency adjacency."""
    from app.graph.dependency import needed_by as needed_by_of

    needed_by = needed_by_of(snap)
    seen: set[str] = set()
    frontier = [node]
    level = 0
    while frontier and (depth is None or level < depth):
        level += 1
        nxt = []
        for n in frontier:
            for _edge, other in needed_by.get(n, ()):
                if other not in seen:
                    seen.add(other)
                    nxt.append(other)
        frontier = nxt
    seen.discard(node)
    return seen


def _served(snap: Any, path: Path) -> Callable[[list[str]], float]:
    """Median time of answering URLs through the whole app in-process (a cache hit)."""
    import asyncio
    import gc
    import os
    import statistics

    from app.config import Settings
    from app.main import create_app

    app = create_app(Settings(data=path, watch_interval=0))
    app.state.store.swap(snap)
    # called as a server calls it: the app itself, its front (if any) before its stack
    app.middleware_stack = app.build_middleware_stack()
    devnull = os.open(os.devnull, os.O_WRONLY)
    layer: Any = app.middleware_stack
    while layer is not None:  # the access log goes to /dev/null, still one write each
        if hasattr(layer, "sink"):
            layer.sink = lambda line: os.write(devnull, line)
        layer = getattr(layer, "app", None)
    front = getattr(app, "front", None)
    if front is not None and getattr(front, "observe", None) is not None:
        front.observe.sink = lambda line: os.write(devnull, line)

    async def receive() -> MutableMapping[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: MutableMapping[str, Any]) -> None:
        if message["type"] == "http.response.start" and message["status"] != 200:
            raise RuntimeError(f"status {message['status']}")

    async def times(urls: list[str]) -> float:
        for url in urls:  # the first answer of each fills the cache
            await app(get_scope(url), receive, send)
        gc.collect()  # what rendering left is not collected while timing
        medians = []
        for _ in range(5):  # rounds; the least disturbed one counts
            out = []
            for url in urls:
                t = time.perf_counter()
                await app(get_scope(url), receive, send)
                out.append(time.perf_counter() - t)
            medians.append(statistics.median(out))
        return min(medians)

    return lambda urls: asyncio.run(times(urls))


def measure(path: Path, export: str = "ntriples", samples: int = 21) -> dict[str, Any]:
    """Both questions, both ways, on one plan (run in a fresh process)."""
    from urllib.parse import unquote

    import orjson
    import pyoxigraph

    from app.answers import cities as city_answers
    from app.answers import traverse
    from app.graph import walk
    from app.runtime.load import load_plan

    snap = load_plan(path)
    t = time.perf_counter()
    if export == "turtle":
        from app.export.rdf import write_turtle

        data, fmt = write_turtle(snap), pyoxigraph.RdfFormat.TURTLE
    else:
        data, fmt = write_ntriples(snap), pyoxigraph.RdfFormat.N_TRIPLES
    export_s = time.perf_counter() - t
    store = pyoxigraph.Store()
    t = time.perf_counter()
    store.bulk_load(data, format=fmt)
    load_s = time.perf_counter() - t

    rng = random.Random(3)
    cities = list(snap.by_type.get("city", ()))
    platforms = list(snap.by_type.get("platform", ()))
    city_args = [rng.choice(cities) for _ in range(samples)]
    platform_args = [rng.choice(platforms) for _ in range(samples)]

    def sparql_city(city: str) -> list[Any]:
        q = CITY_MEASURES % {"vocab": VOCAB, "city": iri("node", city)}
        return list(cast(Iterable[Any], store.query(q)))

    def sparql_impact(node: str) -> list[Any]:
        q = IMPACT % {"vocab": VOCAB, "node": iri("node", node)}
        return list(cast(Iterable[Any], store.query(q)))

    def ours_city(city: str) -> Any:
        return city_answers.city_measures_json(snap, city)

    def ours_impact(node: str) -> Any:
        return traverse.impact_json(snap, node)

    # a city's answer is kept with the snapshot once made: *computed* is its first call,
    # timed per city before anything else asks (the impact answer is never kept)
    built: list[float] = []
    for c in dict.fromkeys(city_args):
        t = time.perf_counter()
        ours_city(c)
        built.append(time.perf_counter() - t)

    agree_city = all(
        {unquote(_node_id(s["measure"])) for s in sparql_city(c)}
        == {i["measure"]["id"] for i in orjson.loads(ours_city(c))["items"]}
        == {row[0] for row in index_city(snap, c)}
        for c in city_args[:5]
    )
    # the API's answer stops MAX_DEPTH edges away: it holds what SPARQL finds that near
    agree_impact = all(
        index_impact(snap, p)
        == {unquote(_node_id(s["x"])) for s in sparql_impact(p)}
        >= {n["id"] for n in orjson.loads(ours_impact(p))["nodes"]}
        == index_impact(snap, p, walk.MAX_DEPTH)
        for p in platform_args[:5]
    )
    served = _served(snap, path)
    ways: dict[
        str,
        tuple[
            Callable[[Any], object],
            Callable[[Any], object],
            Callable[[Any], object],
            str,
            list[str],
            bool,
        ],
    ] = {
        "measures reaching a city": (
            lambda c: index_city(snap, c),
            ours_city,
            sparql_city,
            "/v1/cities/{}/measures",
            city_args,
            agree_city,
        ),
        "impact of a platform": (
            lambda p: index_impact(snap, p),
            ours_impact,
            sparql_impact,
            "/v1/nodes/{}/impact",
            platform_args,
            agree_impact,
        ),
    }
    out: dict[str, Any] = {}
    for name, (index, computed, theirs, url, args, agree) in ways.items():
        peer = median_seconds(theirs, args)
        times = {
            "index_s": median_seconds(index, args),
            "computed_s": (
                statistics.median(built)
                if computed is ours_city
                else median_seconds(computed, args)
            ),
            "served_s": served([url.format(a) for a in args]),
        }
        if computed is ours_city:  # the query function again: the kept answer
            times["kept_s"] = median_seconds(computed, args)
        out[name] = {
            "sparql_s": peer,
            **times,
            **{
                k.replace("_s", "_ratio"): peer / v if v else float("nan") for k, v in times.items()
            },
            "same_answer": agree,
        }
    return {
        "nodes": len(snap.nodes),
        "edges": len(snap.edges),
        "export": export,
        "export_s": export_s,
        "export_mb": len(data) / 2**20,
        "store_load_s": load_s,
        "triples": len(store),
        "samples": samples,
        "questions": out,
    }


def run(path: Path, export: str, samples: int = 21, timeout: float = 3600) -> dict[str, Any]:
    """Measure ``path`` in a fresh interpreter and return its figures."""
    args = [str(path), "--export", export, "--samples", str(samples)]
    return run_part("bench.peer", args, f"the peer comparison on {path}", timeout)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("plan", type=Path)
    parser.add_argument("--export", choices=("turtle", "ntriples"), default="ntriples")
    parser.add_argument("--samples", type=int, default=21)
    ns = parser.parse_args(argv)
    print(json.dumps(measure(ns.plan, ns.export, ns.samples)))


if __name__ == "__main__":
    main()
