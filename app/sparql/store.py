"""The store a query reads: the snapshot's RDF rendering, bulk-loaded once per snapshot
into an on-disk pyoxigraph store that the query workers open read-only.

The statements are those of :mod:`app.export.rdf` (vocabulary, dataset, documents, nodes,
edges with their reified evidence, city reach), written as one line each (no rdflib graph
is built: that is most of the export's time) and bulk-loaded as Turtle. The store is kept
in the snapshot's memo: built on the first query, in a background thread (a query asking
meanwhile gets a 503 with ``Retry-After`` after a short wait), and dropped with its
snapshot, whose files are then removed. A query names the store of the snapshot its
request pinned, so it never reads a mix of versions.

Examples
--------
>>> from app import load_plan
>>> files = build(load_plan())
>>> files.triples > 1000 and files.path.is_dir()
True
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import weakref
from pathlib import Path

from rdflib.term import Node as Term

from app.export.rdf import statements, vocabulary
from app.graph.snapshot import Snapshot
from app.memo import Key

__all__ = ["STORE", "StoreFiles", "build", "built", "store_of", "turtle"]


class StoreFiles:
    """A built store: its directory, the version it holds, and its size in triples.

    Its files are removed when it is dropped (with its snapshot), or by :meth:`remove`.
    """

    __slots__ = ("__weakref__", "_cleanup", "path", "triples", "version")

    def __init__(self, path: Path, version: str, triples: int) -> None:
        self.path = path
        self.version = version
        self.triples = triples
        self._cleanup = weakref.finalize(self, shutil.rmtree, str(path), True)

    def remove(self) -> None:
        """Remove the files now."""
        self._cleanup()


#: the SPARQL store of a snapshot
STORE: Key[StoreFiles] = Key("sparql store")


class _Lines:
    """A sink of statements that writes each as one Turtle line (N-Triples terms)."""

    __slots__ = ("lines",)

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, triple: tuple[Term, Term, Term], /) -> None:
        s, p, o = triple
        self.lines.append(f"{s.n3()} {p.n3()} {o.n3()} .\n")


def turtle(snap: Snapshot) -> bytes:
    """The snapshot's RDF (vocabulary and statements) as Turtle, one statement a line."""
    sink = _Lines()
    for t in vocabulary():
        sink.add(t)
    statements(sink, snap)
    return "".join(sink.lines).encode("utf-8")


def build(snap: Snapshot, directory: Path | None = None) -> StoreFiles:
    """Bulk-load the snapshot's RDF into a new on-disk store (in a new temporary directory
    unless ``directory`` is given) and close it; the files go when the result is dropped."""
    import pyoxigraph

    path = Path(directory or tempfile.mkdtemp(prefix=f"plangraph-sparql-{snap.version[:12]}-"))
    store = pyoxigraph.Store(str(path))
    store.bulk_load(turtle(snap), pyoxigraph.RdfFormat.TURTLE)
    store.flush()
    triples = len(store)
    del store  # closed: the workers open it read-only
    return StoreFiles(path, snap.version, triples)


def _fill(snap: Snapshot) -> None:
    try:
        files = build(snap)
    except Exception:
        snap.memo.release(STORE)  # a caller builds it itself, and sees why it fails
        raise
    snap.memo.fill(STORE, files)


def store_of(snap: Snapshot) -> StoreFiles:
    """The snapshot's store: built once, in the background on the first call.

    Raises :class:`~app.errors.AnalysisPending` (a 503 with ``Retry-After``) when it is not
    built within :data:`app.memo.WAIT` seconds.
    """
    if not snap.memo.has(STORE) and snap.memo.reserve(STORE, "the SPARQL store"):
        threading.Thread(
            target=_fill, args=(snap,), name=f"sparql-store-{snap.version[:12]}", daemon=True
        ).start()
    return snap.memo.get(STORE, lambda: build(snap))


def built(snap: Snapshot) -> StoreFiles | None:
    """The snapshot's store if it is built already (nothing is started)."""
    if not snap.memo.has(STORE):
        return None
    return snap.memo.get(STORE, lambda: build(snap))
