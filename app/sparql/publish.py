"""Publish the plan into an existing triple store over the SPARQL 1.1 Graph Store HTTP
Protocol: one named graph per dataset version, replaced on publish (``PUT``), older
versions kept or dropped (``DELETE``).

The graph of a version is ``<base><version>``; the graphs of other versions are those
under the same base that the store's query endpoint lists. Authentication, when the
store asks for it, is HTTP Basic or Digest (as Virtuoso's ``/sparql-graph-crud-auth``).

Examples
--------
>>> graph_iri("https://w3id.org/plangraph/graph/", "c98ef12ce25d4f48")
'https://w3id.org/plangraph/graph/c98ef12ce25d4f48'
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from app.errors import PlanGraphError
from app.graph.snapshot import Snapshot
from app.sparql.store import turtle

__all__ = ["DEFAULT_BASE", "PublishError", "Published", "graph_iri", "publish"]

#: named graphs are this base followed by the dataset version, unless told otherwise
DEFAULT_BASE = "https://w3id.org/plangraph/graph/"


class PublishError(PlanGraphError):
    """The store refused or could not be reached; the detail says which and why."""

    title = "Publish failed"


@dataclass(frozen=True, slots=True)
class Published:
    """What a publish did: the graph written, its size, and the graphs dropped."""

    graph: str
    triples: int
    bytes: int
    dropped: list[str] = field(default_factory=list)


def graph_iri(base: str, version: str) -> str:
    """The named graph of ``version`` under ``base``."""
    return base + version


def _opener(url: str, user: str | None, password: str | None) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = []
    if user is not None:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, user, password or "")
        handlers += [
            urllib.request.HTTPDigestAuthHandler(passwords),
            urllib.request.HTTPBasicAuthHandler(passwords),
        ]
    return urllib.request.build_opener(*handlers)


def _call(
    opener: urllib.request.OpenerDirector, request: urllib.request.Request, what: str
) -> bytes:
    try:
        with opener.open(request, timeout=300) as response:
            return bytes(response.read())
    except urllib.error.HTTPError as exc:
        body = exc.read()[:300].decode("utf-8", "replace").strip().replace("\n", " ")
        raise PublishError(f"{what}: the store answered {exc.code} {exc.reason}: {body}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise PublishError(f"{what}: cannot reach {request.full_url}: {reason}") from None


def _with_graph(store: str, graph: str) -> str:
    sep = "&" if "?" in store else "?"
    return f"{store}{sep}{urllib.parse.urlencode({'graph': graph})}"


def _versions(opener: urllib.request.OpenerDirector, sparql: str, base: str) -> list[str]:
    query = (
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
        f"FILTER (STRSTARTS(STR(?g), {json.dumps(base)})) }}"
    )
    url = f"{sparql}?{urllib.parse.urlencode({'query': query})}"
    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    doc = json.loads(_call(opener, req, "listing the published versions"))
    return sorted(b["g"]["value"] for b in doc["results"]["bindings"])


def publish(
    snap: Snapshot,
    store: str,
    *,
    base: str = DEFAULT_BASE,
    sparql: str | None = None,
    drop_old: bool = False,
    user: str | None = None,
    password: str | None = None,
) -> Published:
    """Load ``snap`` into the Graph Store at ``store`` as the graph of its version
    (replacing it), and with ``drop_old`` delete the graphs of other versions under
    ``base``, listed through the query endpoint ``sparql``.

    Raises :class:`PublishError` naming what failed.
    """
    if drop_old and not sparql:
        raise PublishError("--drop-old needs the store's query endpoint (--sparql URL)")
    opener = _opener(store, user, password)
    graph = graph_iri(base, snap.version)
    body = turtle(snap)
    put = urllib.request.Request(
        _with_graph(store, graph),
        data=body,
        method="PUT",
        headers={"Content-Type": "text/turtle; charset=utf-8"},
    )
    _call(opener, put, f"writing {graph}")
    dropped: list[str] = []
    if drop_old and sparql:
        for old in _versions(_opener(sparql, user, password), sparql, base):
            if old != graph:
                delete = urllib.request.Request(_with_graph(store, old), method="DELETE")
                _call(opener, delete, f"dropping {old}")
                dropped.append(old)
    return Published(graph, body.count(b"\n"), len(body), dropped)
