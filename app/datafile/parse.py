"""Data file bytes -> a validated plan and its texts, or a complete list of problems.

A bad file never yields a half-checked plan: every check runs, every problem is
collected, and :class:`~app.errors.DataFileInvalid` lists them all.
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath
from typing import Any

import orjson

from app.datafile.structure import validate_structure
from app.datafile.validate import semantic_problems
from app.errors import DataFileInvalid, Problem
from app.gcpause import paused_gc
from app.models import PlanFile


def content_version(data: bytes) -> str:
    """The dataset version: a short hash of the data file's bytes."""
    return hashlib.sha256(data).hexdigest()[:16]


def _read_texts(raw: dict[str, Any], base: Path) -> tuple[dict[str, str], list[Problem]]:
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    docs = raw.get("documents")
    for i, doc in enumerate(docs if isinstance(docs, list) else []):
        if not isinstance(doc, dict) or not isinstance(doc.get("path"), str):
            continue
        here = f"$.documents[{i}].path"
        rel = PurePosixPath(doc["path"])
        if rel.is_absolute() or ".." in rel.parts:
            problems.append(Problem(here, f"text path {doc['path']!r} must stay beside the file"))
            continue
        try:
            data = (base / rel).read_bytes()
        except OSError as exc:
            problems.append(Problem(here, f"cannot read text {doc['path']!r}: {exc.strerror}"))
            continue
        digest = hashlib.sha256(data).hexdigest()
        if doc.get("sha256") not in (None, digest):
            problems.append(
                Problem(f"$.documents[{i}].sha256", f"text {doc['path']!r} has sha256 {digest}")
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(Problem(here, f"text {doc['path']!r} is not UTF-8: {exc.reason}"))
            continue
        if isinstance(doc.get("id"), str):
            texts[doc["id"]] = text
    return texts, problems


@paused_gc()
def parse_plan(data: bytes, base: Path, origin: str = "<bytes>") -> tuple[PlanFile, dict[str, str]]:
    """Parse and check a data file's bytes; texts are read relative to ``base``.

    Raises
    ------
    DataFileInvalid
        With every problem found, each with its JSON path.
    """
    try:
        raw = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise DataFileInvalid(origin, [Problem("$", f"not valid JSON: {exc}")]) from None
    if not isinstance(raw, dict):
        raise DataFileInvalid(origin, [Problem("$", "the file must hold a JSON object")])

    texts, problems = _read_texts(raw, base)
    semantic = semantic_problems(raw, texts)
    # last use of the parsed file: hand it over, so each chunk is dropped once validated
    plan, structure = validate_structure(raw, release=True)
    problems += structure + semantic
    if problems or plan is None:
        raise DataFileInvalid(origin, problems)
    return plan, texts
