"""Build a data file from an authored source, computing every offset from its quote.

Hand-typed offsets go wrong, so the dataset is authored by quote (YAML) and this step
finds each quote in the shipped text, checks it is unambiguous, and writes the offsets.

A source in the authored file is one of:

- ``"河谷实验室"`` -- a quote of the default document; it must occur exactly once;
- ``{quote: 科研院所, occurrence: 2}`` -- the 2nd occurrence (1-based);
- ``{quote: 科研院所, within: "大力引进科研院所"}`` -- the quote inside another unique quote;
- ``{document: <id>, locator: 第二章 第三节, confidence: single-source}`` -- by section.

An edge is ``[source, relation, target]`` (stated; optionally a fourth item, its quote) or a
mapping with ``source, relation, target`` and optional ``sources, evidence, rationale,
attributes``. A stated edge given no source cites the target's name (or an alias) inside
the source node's first span, else the source's name inside the target's first span, else
the source node's first span. Edge ids are ``<source>--<relation>--<target>``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import orjson
import yaml

from app.datafile.validate import semantic_problems
from app.errors import DataFileInvalid, Problem
from app.models import FORMAT_VERSION


class _Ctx:
    def __init__(self, default: str, texts: dict[str, str]) -> None:
        self.default = default
        self.texts = texts
        self.problems: list[Problem] = []

    def find(
        self,
        here: str,
        document: str,
        quote: str,
        occurrence: int | None,
        lo: int = 0,
        hi: int | None = None,
    ) -> tuple[int, int] | None:
        text = self.texts.get(document)
        if text is None:
            self.problems.append(Problem(here, f"document {document!r} has no shipped text"))
            return None
        hi = len(text) if hi is None else hi
        hits = []
        pos = text.find(quote, lo, hi)
        while pos != -1:
            hits.append(pos)
            pos = text.find(quote, pos + 1, hi)
        if not hits:
            self.problems.append(Problem(here, f"quote {quote!r} not found"))
            return None
        if occurrence is None:
            if len(hits) > 1:
                self.problems.append(
                    Problem(here, f"quote {quote!r} occurs {len(hits)} times: give an occurrence")
                )
                return None
            occurrence = 1
        if not 1 <= occurrence <= len(hits):
            self.problems.append(
                Problem(here, f"quote {quote!r} has {len(hits)} occurrences, not {occurrence}")
            )
            return None
        start = hits[occurrence - 1]
        return start, start + len(quote)

    def source(self, here: str, src: Any) -> dict[str, Any] | None:
        if isinstance(src, str):
            src = {"quote": src}
        if not isinstance(src, dict):
            self.problems.append(Problem(here, "a source is a quote or a mapping"))
            return None
        document = src.get("document", self.default)
        if "locator" in src:
            out = {"document": document, "locator": src["locator"]}
            if "confidence" in src:
                out["confidence"] = src["confidence"]
            return out
        quote = src.get("quote")
        if not isinstance(quote, str) or not quote:
            self.problems.append(Problem(here, "a source needs a quote or a locator"))
            return None
        lo, hi = 0, None
        if "within" in src:
            outer = self.find(here, document, src["within"], src.get("within_occurrence"))
            if outer is None:
                return None
            lo, hi = outer
        span = self.find(here, document, quote, src.get("occurrence"), lo, hi)
        if span is None:
            return None
        return {"document": document, "start": span[0], "end": span[1]}


def _edge_spec(raw: Any) -> dict[str, Any]:
    if isinstance(raw, list):
        spec: dict[str, Any] = dict(zip(("source", "relation", "target"), raw[:3], strict=False))
        if len(raw) > 3:
            spec["sources"] = raw[3:]
        return spec
    return dict(raw) if isinstance(raw, dict) else {}


def _auto_source(
    ctx: _Ctx, nodes: dict[str, dict[str, Any]], s: str, t: str
) -> dict[str, Any] | None:
    def first_span(nid: str) -> dict[str, Any] | None:
        return next((x for x in nodes[nid]["sources"] if "start" in x), None)

    for holder, named in ((s, t), (t, s)):
        span = first_span(holder)
        if span is None:
            continue
        text = ctx.texts[span["document"]]
        for name in (nodes[named]["name"]["zh"], *nodes[named].get("aliases", [])):
            pos = text.find(name, span["start"], span["end"])
            if pos != -1:
                return {"document": span["document"], "start": pos, "end": pos + len(name)}
    return first_span(s)


def build(source: Path, out: Path) -> dict[str, Any]:
    """Build the data file ``out`` from the authored YAML ``source``; returns the file's JSON.

    Raises
    ------
    DataFileInvalid
        Listing every quote that is missing or ambiguous, else every problem of the
        file it would write (:func:`~app.datafile.validate.semantic_problems`); then no
        file is written.
    """
    doc = yaml.safe_load(source.read_text(encoding="utf-8"))
    base = out.parent
    texts: dict[str, str] = {}
    documents = []
    for d in doc["documents"]:
        d = dict(d)
        if d.get("path"):
            data = (base / d["path"]).read_bytes()
            texts[d["id"]] = data.decode("utf-8")
            d["sha256"] = hashlib.sha256(data).hexdigest()
        documents.append(d)
    ctx = _Ctx(doc.get("default_document") or documents[0]["id"], texts)

    for i, d in enumerate(documents):
        ranges = []
        for j, r in enumerate(d.pop("plan_ranges", []) or []):
            here = f"documents[{i}].plan_ranges[{j}]"
            a = ctx.find(here, d["id"], r["from"], r.get("from_occurrence"))
            b = ctx.find(here, d["id"], r["to"], r.get("to_occurrence"))
            if a and b:
                ranges.append({"start": a[0], "end": b[1]})
        if ranges:
            d["plan_ranges"] = ranges

    nodes: dict[str, dict[str, Any]] = {}
    for i, n in enumerate(doc["nodes"]):
        n = dict(n)
        srcs = [
            ctx.source(f"nodes[{i}] ({n.get('id')}).sources[{j}]", s)
            for j, s in enumerate(n.get("sources") or [])
        ]
        n["sources"] = [s for s in srcs if s is not None]
        if n.get("id") in nodes:
            ctx.problems.append(Problem(f"nodes[{i}].id", f"duplicate node id {n['id']!r}"))
        nodes[n.get("id", f"#{i}")] = n

    edges: dict[str, dict[str, Any]] = {}
    for i, raw in enumerate(doc.get("edges") or []):
        spec = _edge_spec(raw)
        s, rel, t = spec.get("source"), spec.get("relation"), spec.get("target")
        here = f"edges[{i}] ({s} {rel} {t})"
        if s not in nodes or t not in nodes:
            missing = s if s not in nodes else t
            ctx.problems.append(Problem(here, f"unknown node {missing!r}"))
            continue
        evidence = spec.get("evidence", "stated")
        srcs = [
            ctx.source(f"{here}.sources[{j}]", x) for j, x in enumerate(spec.get("sources") or [])
        ]
        sources = [x for x in srcs if x is not None]
        if evidence == "stated" and not spec.get("sources"):
            auto = _auto_source(ctx, nodes, s, t)
            if auto is None:
                ctx.problems.append(Problem(here, "a stated edge needs a source"))
            else:
                sources = [auto]
        eid = f"{s}--{rel}--{t}"
        if eid in edges:
            ctx.problems.append(Problem(here, f"duplicate edge {eid!r}"))
        edges[eid] = {
            "id": eid,
            "source": s,
            "target": t,
            "relation": rel,
            "evidence": evidence,
            "sources": sources,
            "rationale": spec.get("rationale"),
            "attributes": spec.get("attributes") or {},
        }

    if ctx.problems:
        raise DataFileInvalid(str(source), ctx.problems)
    result = {
        "format_version": doc.get("format_version", FORMAT_VERSION),
        "title": doc["title"],
        "documents": documents,
        "nodes": list(nodes.values()),
        "edges": list(edges.values()),
    }
    if doc.get("retired"):  # ids once published, never reused (app.datafile.retired)
        result["retired"] = doc["retired"]
    # what the quotes cannot catch (a YAML value split at its commas into nulls, an edge
    # between the wrong types): no data file is written for a source that has it
    problems = semantic_problems(result, texts)
    if problems:
        raise DataFileInvalid(str(source), problems)
    out.write_bytes(orjson.dumps(result, option=orjson.OPT_INDENT_2) + b"\n")
    return result
