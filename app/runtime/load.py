"""A data file on disk -> a served-ready snapshot: the file parsed and checked
(:mod:`app.datafile.parse`), then built (:func:`app.graph.snapshot.build_snapshot`)."""

from __future__ import annotations

from pathlib import Path

from app.datafile.parse import content_version, parse_plan
from app.errors import DataFileInvalid, Problem
from app.gcpause import paused_gc
from app.graph.snapshot import Snapshot, build_snapshot

__all__ = ["load_plan"]


@paused_gc()
def load_plan(path: str | Path) -> Snapshot:
    """Load a data file into a snapshot.

    Examples
    --------
    >>> from app.config import DEFAULT_DATA
    >>> snap = load_plan(DEFAULT_DATA)
    >>> len(snap.version)
    16
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataFileInvalid(
            str(path), [Problem("$", f"cannot read file: {exc.strerror}")]
        ) from None
    plan, texts = parse_plan(data, path.parent, str(path))
    return build_snapshot(plan, texts, content_version(data))
