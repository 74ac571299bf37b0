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

import base64
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


class _Auth:
    """Credentials sent with every request, before the body: a store that wants a login
    answers 401 at once and may close the connection while a large body is still being
    sent, so the challenge is fetched first (a HEAD) and each request is signed from it."""

    def __init__(self, url: str, user: str | None, password: str | None) -> None:
        self.user, self.password = user, password or ""
        self.challenge: dict[str, str] | None = None
        self.scheme = ""
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, user or "", self.password)
        self.digest = urllib.request.HTTPDigestAuthHandler(passwords)
        if user is None:
            return
        try:
            with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=60):
                return  # no login asked for
        except urllib.error.HTTPError as exc:
            value = exc.headers.get("WWW-Authenticate", "") if exc.code == 401 else ""
        except (urllib.error.URLError, OSError) as exc:
            raise PublishError(f"cannot reach {url}: {getattr(exc, 'reason', exc)}") from None
        self.scheme, _, rest = value.partition(" ")
        self.scheme = self.scheme.lower()
        items = urllib.request.parse_http_list(rest)
        self.challenge = urllib.request.parse_keqv_list(items) if items else {}

    def sign(self, request: urllib.request.Request) -> urllib.request.Request:
        if self.scheme == "digest" and self.challenge:
            auth = self.digest.get_authorization(request, self.challenge)
            request.add_unredirected_header("Authorization", f"Digest {auth}")
        elif self.scheme == "basic" and self.user is not None:
            token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
            request.add_unredirected_header("Authorization", f"Basic {token}")
        return request


def _call(auth: _Auth, request: urllib.request.Request, what: str) -> bytes:
    try:
        with urllib.request.urlopen(auth.sign(request), timeout=300) as response:
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


def _versions(auth: _Auth, sparql: str, base: str) -> list[str]:
    query = (
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
        f"FILTER (STRSTARTS(STR(?g), {json.dumps(base)})) }}"
    )
    url = f"{sparql}?{urllib.parse.urlencode({'query': query})}"
    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    doc = json.loads(_call(auth, req, "listing the published versions"))
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
    graph = graph_iri(base, snap.version)
    auth = _Auth(_with_graph(store, graph), user, password)
    try:  # a refused login is told as such, before the body is sent
        _call(
            auth,
            urllib.request.Request(_with_graph(store, graph), method="HEAD"),
            f"logging in to {store}",
        )
    except PublishError as exc:
        if " 401 " in exc.detail or " 403 " in exc.detail:
            raise
    body = turtle(snap)
    put = urllib.request.Request(
        _with_graph(store, graph),
        data=body,
        method="PUT",
        headers={"Content-Type": "text/turtle; charset=utf-8"},
    )
    _call(auth, put, f"writing {graph}")
    dropped: list[str] = []
    if drop_old and sparql:
        for old in _versions(_Auth(sparql, None, None), sparql, base):
            if old != graph:
                delete = urllib.request.Request(_with_graph(store, old), method="DELETE")
                _call(auth, delete, f"dropping {old}")
                dropped.append(old)
    return Published(graph, body.count(b"\n"), len(body), dropped)
