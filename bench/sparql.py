"""The SPARQL endpoint: the two peer questions asked of /v1/sparql's query function.

``python -m bench.sparql PLAN.json`` loads the plan, builds its SPARQL store as the
endpoint does on its first query (:func:`app.sparql.store.build`: the RDF export's
statements, bulk-loaded), and times, on the same sampled arguments as the peer part,
:func:`app.sparql.query.run_query` (screening, a query worker process, the answer
serialised as SPARQL JSON) against the API's computed answers
(:func:`app.answers.cities.city_measures_json` on first call,
:func:`app.answers.traverse.impact_json`). It checks that both found the same measures
and that SPARQL's impact holds the API's. It prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path
from typing import Any

from bench.measure import median_seconds, run_part
from bench.ntriples import VOCAB, iri
from bench.peer import CITY_MEASURES, IMPACT

NODE = "https://w3id.org/plangraph/id/node/"


def measure(path: Path, samples: int = 21) -> dict[str, Any]:
    """Both questions, both ways, on one plan (run in a fresh process)."""
    from urllib.parse import unquote

    import orjson

    from app.answers import cities as city_answers
    from app.answers import traverse
    from app.runtime.load import load_plan
    from app.sparql.query import Limits, run_query
    from app.sparql.store import STORE, build

    snap = load_plan(path)
    t = time.perf_counter()
    files = build(snap)
    build_s = time.perf_counter() - t
    snap.memo.get(STORE, lambda: files)
    limits = Limits(timeout=600, max_rows=10**7, max_bytes=2**30)

    rng = random.Random(3)
    cities = list(snap.by_type.get("city", ()))
    platforms = list(snap.by_type.get("platform", ()))
    city_args = [rng.choice(cities) for _ in range(samples)]
    platform_args = [rng.choice(platforms) for _ in range(samples)]

    def sparql_city(city: str) -> Any:
        q = CITY_MEASURES % {"vocab": VOCAB, "city": iri("node", city)}
        return orjson.loads(run_query(snap, q, None, limits).body)["results"]["bindings"]

    def sparql_impact(node: str) -> Any:
        q = IMPACT % {"vocab": VOCAB, "node": iri("node", node)}
        return orjson.loads(run_query(snap, q, None, limits).body)["results"]["bindings"]

    built: list[float] = []
    for c in dict.fromkeys(city_args):  # the API's answer on first call (it is kept after)
        t = time.perf_counter()
        city_answers.city_measures_json(snap, c)
        built.append(time.perf_counter() - t)
    agree_city = all(
        {unquote(b["measure"]["value"].removeprefix(NODE)) for b in sparql_city(c)}
        == {
            i["measure"]["id"]
            for i in orjson.loads(city_answers.city_measures_json(snap, c))["items"]
        }
        for c in city_args[:5]
    )
    agree_impact = all(
        {unquote(b["x"]["value"].removeprefix(NODE)) for b in sparql_impact(p)}
        >= {n["id"] for n in orjson.loads(traverse.impact_json(snap, p))["nodes"]} - {p}
        for p in platform_args[:5]
    )
    out = {
        "measures reaching a city": {
            "endpoint_s": median_seconds(sparql_city, city_args),
            "computed_s": statistics.median(built),
            "same_answer": agree_city,
        },
        "impact of a platform": {
            "endpoint_s": median_seconds(sparql_impact, platform_args),
            "computed_s": median_seconds(lambda p: traverse.impact_json(snap, p), platform_args),
            "same_answer": agree_impact,
        },
    }
    for q in out.values():
        q["ratio"] = q["endpoint_s"] / q["computed_s"] if q["computed_s"] else float("nan")
    return {
        "nodes": len(snap.nodes),
        "edges": len(snap.edges),
        "store_build_s": build_s,
        "triples": files.triples,
        "samples": samples,
        "questions": out,
    }


def run(path: Path, samples: int = 21, timeout: float = 3600) -> dict[str, Any]:
    """Measure ``path`` in a fresh interpreter and return its figures."""
    args = [str(path), "--samples", str(samples)]
    return run_part("bench.sparql", args, f"the SPARQL endpoint on {path}", timeout)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("plan", type=Path)
    parser.add_argument("--samples", type=int, default=21)
    ns = parser.parse_args(argv)
    print(json.dumps(measure(ns.plan, ns.samples)))


if __name__ == "__main__":
    main()
