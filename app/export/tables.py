"""CSV tables: ``nodes.csv`` and ``edges.csv``, one row per node and per edge, and both zipped.

Columns are fixed (see :data:`NODE_COLUMNS` and :data:`EDGE_COLUMNS`), so scripts can rely on
them; free attributes, aliases and sources are JSON text in their cells. UTF-8, RFC 4180
quoting and line ends; ``bom=True`` starts each file with a byte order mark, which spreadsheet
programs need to read UTF-8.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from app.answers.views import views
from app.export.fields import edge_fields, node_fields, to_json
from app.graph.snapshot import Snapshot

NODE_COLUMNS: tuple[str, ...] = (
    "id",
    "type",
    "name_zh",
    "name_en",
    "aliases",
    "description_en",
    "description_zh",
    "attributes",
    "quote",
    "sources",
)
EDGE_COLUMNS: tuple[str, ...] = (
    "id",
    "source",
    "target",
    "relation",
    "evidence",
    "rationale",
    "attributes",
    "quote",
    "sources",
)
#: a fixed time for zip entries, so the same snapshot always gives the same bytes
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _csv(columns: Sequence[str], rows: Iterable[Mapping[str, Any]], bom: bool) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8-sig" if bom else "utf-8")


def write_nodes_csv(snap: Snapshot, bom: bool = False) -> bytes:
    """``nodes.csv``: one row per node, in plan order.

    Examples
    --------
    >>> from app import load_plan
    >>> snap = load_plan()
    >>> rows = list(csv.DictReader(io.StringIO(write_nodes_csv(snap).decode())))
    >>> [r["id"] for r in rows] == list(snap.nodes)
    True
    """
    rows = (
        {**node_fields(n), "attributes": to_json(n.attributes)} for n in views(snap).nodes.values()
    )
    return _csv(NODE_COLUMNS, rows, bom)


def write_edges_csv(snap: Snapshot, bom: bool = False) -> bytes:
    """``edges.csv``: one row per edge, in file order."""
    rows = (
        {**edge_fields(e), "attributes": to_json(e.attributes)} for e in views(snap).edges.values()
    )
    return _csv(EDGE_COLUMNS, rows, bom)


def write_csv_zip(snap: Snapshot, bom: bool = False) -> bytes:
    """A zip holding ``nodes.csv`` and ``edges.csv`` (deflated, fixed timestamps)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in (
            ("nodes.csv", write_nodes_csv(snap, bom)),
            ("edges.csv", write_edges_csv(snap, bom)),
        ):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buf.getvalue()
