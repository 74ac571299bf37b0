"""One bundle of everything: a zip of every export format, the shipped source texts, the
data file, its JSON Schema, the OpenAPI document and a ``manifest.json`` (dataset version,
every file with its sha256 and size, licence, how to cite): the citable, archivable
snapshot a researcher deposits with a paper.

The zip holds one folder, ``plangraph-<version>/``; inside it the data file
``plan_graph.json`` with its texts at their paths (``sources/…``) validates as it is
(``plangraph validate``), and ``exports/`` holds each format as ``GET /v1/export/<format>``
serves it. Entries have a fixed time, so one snapshot always gives the same bytes.

Examples
--------
>>> import io, zipfile
>>> from app import load_plan
>>> snap = load_plan()
>>> z = zipfile.ZipFile(io.BytesIO(write_bundle(snap, [])))
>>> f"plangraph-{snap.version}/manifest.json" in z.namelist()
True
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Sequence
from typing import Any

import orjson

from app.answers.naming import expression_iri, work_iri
from app.datafile.jsonschema import data_file_schema
from app.graph.snapshot import Snapshot

__all__ = ["LICENCE", "Member", "manifest", "write_bundle"]

#: (path inside the bundle, media type, bytes, what it is)
Member = tuple[str, str, bytes, str]

#: the dataset's licence, as the API's OpenAPI document states it
LICENCE = {
    "dataset": "CC BY 4.0",
    "dataset_url": "https://creativecommons.org/licenses/by/4.0/",
    "code": "MIT",
    "texts": "the cited documents' own words, reproduced unchanged for reference and citation",
}
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _how_to_cite(snap: Snapshot) -> str:
    title = snap.plan.title
    docs = "; ".join(
        f"{d.title.en} ({d.title.zh}), {d.publisher.en + ', ' if d.publisher else ''}{d.date}"
        for d in snap.documents.values()
    )
    return (
        f"PlanGraph dataset of {title.en} ({title.zh}), version {snap.version}. "
        f"Cited documents: {docs}."
    )


def manifest(snap: Snapshot, files: Sequence[Member]) -> dict[str, Any]:
    """What the bundle holds: the dataset, its licence, how to cite it, and each file
    with its sha256, size and media type."""
    return {
        "dataset": {
            "title": {"zh": snap.plan.title.zh, "en": snap.plan.title.en},
            "version": snap.version,
            "format_version": snap.plan.format_version,
        },
        "licence": LICENCE,
        "how_to_cite": _how_to_cite(snap),
        "documents": [
            {
                "id": d.id,
                "title": {"zh": d.title.zh, "en": d.title.en},
                "date": d.date,
                "path": d.path,
                "sha256": d.sha256,
                "work": work_iri(d.naming) if d.naming else None,
                "expression": expression_iri(d.naming) if d.naming else None,
            }
            for d in snap.documents.values()
        ],
        "files": [
            {
                "path": path,
                "media_type": media,
                "size": len(body),
                "sha256": hashlib.sha256(body).hexdigest(),
                "description": what,
            }
            for path, media, body, what in files
        ],
    }


def _data_file(snap: Snapshot) -> bytes:
    data = snap.plan.model_dump(mode="json", exclude_defaults=True)
    data["format_version"] = snap.plan.format_version
    return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"


def write_bundle(snap: Snapshot, exports: Sequence[Member], openapi: bytes | None = None) -> bytes:
    """The bundle as zip bytes.

    Parameters
    ----------
    snap : Snapshot
        The plan.
    exports : sequence of (file name, media type, bytes, description)
        Every export format, rendered; put under ``exports/``.
    openapi : bytes, optional
        The API's OpenAPI document (the API and the command pass the one they serve).

    Returns
    -------
    bytes
        A deflated zip with fixed entry times.
    """
    files: list[Member] = [
        (
            "plan_graph.json",
            "application/json",
            _data_file(snap),
            "The data file (re-serialised "
            "from the validated plan; the texts it cites are at their paths).",
        ),
        (
            "plan_graph.schema.json",
            "application/schema+json",
            data_file_schema().encode(),
            "The data file's JSON Schema.",
        ),
    ]
    if openapi is not None:
        files.append(("openapi.json", "application/json", openapi, "The API's OpenAPI document."))
    for d in snap.documents.values():
        if d.path and d.id in snap.texts:
            files.append(
                (
                    d.path,
                    "text/plain; charset=utf-8",
                    snap.texts[d.id].encode(),
                    f"The shipped text of {d.id!r}, as the citations' offsets count it.",
                )
            )
    files += [(f"exports/{name}", media, body, what) for name, media, body, what in exports]
    root = f"plangraph-{snap.version}/"
    meta = orjson.dumps(manifest(snap, files), option=orjson.OPT_INDENT_2) + b"\n"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path, _, body, _ in [("manifest.json", "", meta, ""), *files]:
            info = zipfile.ZipInfo(root + path, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, body)
    return buf.getvalue()
