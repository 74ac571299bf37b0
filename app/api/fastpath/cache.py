"""An ASGI layer that serves finished response bytes: ETag, 304, gzip and a bounded cache.

The snapshot is immutable, so the body of a successful GET is a pure function of (dataset
version, path, normalised query, content encoding). This layer derives a strong ETag from
that key before the app runs, answers a matching ``If-None-Match`` with 304, and keeps
finished bodies (compressed when asked) in a size-bounded LRU (:class:`Answers`) that is
dropped when the snapshot changes.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from isal import igzip
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.asgi import Header
from app.api.deps import SNAPSHOT_KEY
from app.api.render import representation
from app.runtime.store import SnapshotStore

_COMPRESSIBLE = (
    b"application/json",
    b"application/problem+json",
    b"application/graphml+xml",
    b"text/",
    b"application/ld+json",
    b"application/geo+json",
    b"application/xml",
    b"image/svg+xml",
)


#: level of cached gzip bodies, compressed with ISA-L (standard gzip output, any client
#: reads it): much faster than zlib for somewhat larger bodies (docs/performance.md)
GZIP_LEVEL = 2
#: raw request keys remembered (each names a cached answer); past this they are forgotten
MAX_ALIASES = 65_536


@dataclass(frozen=True, slots=True)
class Cached:
    status: int
    headers: tuple[Header, ...]
    body: bytes
    etag: bytes = b""
    #: the headers a 304 keeps: ETag, Cache-Control, Vary
    not_modified: tuple[Header, ...] = ()
    #: what the front (:mod:`app.api.fastpath.front`) finished for this answer, per kind of request;
    #: it lives and dies with the entry
    finished: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)


def normalise_query(raw: bytes) -> str:
    """The query string with parameters in a stable order (values keep their order).

    >>> normalise_query(b"b=2&a=1&b=1")
    'a=1&b=2&b=1'
    """
    pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
    return urlencode(sorted(pairs, key=lambda kv: kv[0]))


def accepts_gzip(value: bytes | None) -> bool:
    """Whether an ``Accept-Encoding`` value accepts gzip.

    >>> accepts_gzip(b"gzip, deflate, br"), accepts_gzip(b"gzip;q=0"), accepts_gzip(None)
    (True, False, False)
    """
    if value is None:
        return False
    for part in value.decode("latin-1").split(","):
        coding, _, q = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "*") and q.strip().replace(" ", "") not in (
            "q=0",
            "q=0.0",
        ):
            return True
    return False


def _header(headers: list[Header], name: bytes) -> bytes | None:
    for k, v in headers:
        if k == name:
            return v
    return None


def etag_matches(inm: bytes | None, etag: bytes) -> bool:
    """Whether an ``If-None-Match`` value names ``etag`` (or any: ``*``).

    >>> etag_matches(b'"a", W/"b"', b'"b"'), etag_matches(b'"a"', b'"b"'), etag_matches(None, b"")
    (True, False, False)
    """
    if inm is None:
        return False
    tags = [t.strip() for t in inm.split(b",")]
    return b"*" in tags or etag in tags or b"W/" + etag in tags


#: (path, normalised query, content coding, representation the Accept header asks for)
_Key = tuple[str, str, str, str]
#: (path, query string, Accept-Encoding, Accept)
_RawKey = tuple[str, bytes, bytes | None, bytes | None]


class Answers:
    """The finished answers of one snapshot, by request: a size-bounded LRU of bodies, and
    the raw request keys (path, query string, ``Accept-Encoding``, ``Accept``) that name them.

    Shared by the cache layer, which fills it, and the front, which only looks up.
    """

    def __init__(self, max_bytes: int = 64 * 2**20) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[_Key, Cached] = OrderedDict()
        self._aliases: dict[_RawKey, _Key] = {}
        self._gzip: dict[bytes | None, bool] = {}
        self._media: dict[bytes | None, str] = {}
        self._bytes = 0
        self.version = ""

    def serve(self, version: str) -> None:
        """Hold the answers of ``version`` from now on (dropping others')."""
        if version != self.version:
            self._entries.clear()
            self._aliases.clear()
            self._bytes = 0
            self.version = version

    def lookup(
        self, version: str, path: str, query: bytes, accept: bytes | None, media: bytes | None
    ) -> Cached | None:
        """The cached answer to a request seen before, or None (nothing is rendered).

        Only a raw key that the cache layer has answered names an answer here, so the
        request was well formed, and under the cached prefixes; ``version`` must be the
        version held (a new snapshot empties it at the next request the layer sees).
        """
        if version != self.version:
            return None
        key = self._aliases.get((path, query, accept, media))
        if key is None:
            return None
        hit = self._entries.get(key)
        if hit is not None:
            self._entries.move_to_end(key)
        return hit

    def alias(self, raw: _RawKey) -> tuple[_Key, Cached | None, bool]:
        """The normalised key a raw request key names, its answer if held, and whether the
        raw key already names it."""
        alias = self._aliases.get(raw)
        hit = None if alias is None else self._entries.get(alias)
        if hit is not None and alias is not None:
            return alias, hit, True
        key = self._key(raw)
        return key, self._entries.get(key), False

    def remember(self, raw: _RawKey, key: _Key) -> None:
        """Let the raw request key name the answer under ``key`` from now on."""
        if len(self._aliases) >= MAX_ALIASES:
            self._aliases.clear()
        self._aliases[raw] = key

    def touch(self, key: _Key) -> None:
        self._entries.move_to_end(key)

    def _key(self, raw: _RawKey) -> _Key:
        path, query, accept, media = raw
        gzip_ok = self._gzip.get(accept)
        if gzip_ok is None:
            if len(self._gzip) >= 256:
                self._gzip.clear()
            gzip_ok = self._gzip[accept] = accepts_gzip(accept)
        # a list route answers CSV or JSON by Accept: each is its own answer and ETag
        wanted = self._media.get(media)
        if wanted is None:
            if len(self._media) >= 256:
                self._media.clear()
            wanted = self._media[media] = representation(media)
        return (path, normalise_query(query), "gzip" if gzip_ok else "identity", wanted)

    @staticmethod
    def etag(version: str, key: _Key) -> bytes:
        digest = hashlib.blake2b("\0".join((version, *key)).encode(), digest_size=16)
        return f'"{digest.hexdigest()}"'.encode()

    def keeps(self, entry: Cached) -> bool:
        """Whether an answer is small enough to keep."""
        return len(entry.body) <= self.max_bytes // 8

    def store(self, key: _Key, entry: Cached) -> None:
        self._entries[key] = entry
        self._bytes += len(entry.body)
        while self._bytes > self.max_bytes and self._entries:
            _, old = self._entries.popitem(last=False)
            self._bytes -= len(old.body)


class ResponseCache:
    """Finished-bytes cache with ETag, 304 and gzip, for the GET routes under ``prefixes``.

    A repeated request costs two dictionary lookups: its raw path, query string and
    ``Accept-Encoding`` name the normalised key of a cached answer, whose headers (ETag
    included) were finished when it was stored. The snapshot is the one pinned for the
    request (:mod:`app.api.middleware.pin`), else the one served now.
    """

    def __init__(
        self,
        app: ASGIApp,
        store: SnapshotStore,
        *,
        answers: Answers | None = None,
        prefixes: tuple[str, ...] = ("/v1/",),
        max_bytes: int = 64 * 2**20,
        gzip_min_size: int = 1024,
        max_age: int = 300,
    ) -> None:
        self.app = app
        self.store = store
        self.answers = answers or Answers(max_bytes)
        self.prefixes = prefixes
        self.gzip_min_size = gzip_min_size
        self.cache_control = f"public, max-age={max_age}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        snap = scope.get(SNAPSHOT_KEY) or self.store.loaded
        path: str = scope["path"]
        if (
            snap is None
            or scope["method"] not in ("GET", "HEAD")
            or not path.startswith(self.prefixes)
        ):
            await self.app(scope, receive, send)
            return

        answers = self.answers
        answers.serve(snap.version)
        accept = inm = media = None
        for k, v in scope["headers"]:
            if k == b"accept-encoding":
                accept = v
            elif k == b"if-none-match":
                inm = v
            elif k == b"accept":
                media = v
        raw = (path, scope["query_string"], accept, media)
        key, hit, known = answers.alias(raw)
        if hit is None:
            hit = await self._render(scope, receive, send, key[2], answers.etag(snap.version, key))
            if hit is None:  # not cacheable: already sent
                return
            # a swap while this rendered has emptied the cache: never keep an old body
            if not answers.keeps(hit) or snap.version != answers.version:
                await self._answer(scope, send, hit, inm)
                return
            answers.store(key, hit)
        if not known:
            answers.remember(raw, key)
        answers.touch(key)
        if inm is None:  # the common case, inline
            await send(
                {"type": "http.response.start", "status": hit.status, "headers": hit.headers}
            )
            body = b"" if scope["method"] == "HEAD" else hit.body
            await send({"type": "http.response.body", "body": body})
            return
        await self._answer(scope, send, hit, inm)

    async def _answer(self, scope: Scope, send: Send, hit: Cached, inm: bytes | None) -> None:
        # headers are sent as the cached tuple: a layer above copies before it adds, and
        # one that tried to change it in place would fail loudly, not corrupt the cache
        if inm is not None and etag_matches(inm, hit.etag):
            await send({"type": "http.response.start", "status": 304, "headers": hit.not_modified})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": hit.status, "headers": hit.headers})
        body = b"" if scope["method"] == "HEAD" else hit.body
        await send({"type": "http.response.body", "body": body})

    async def _render(
        self, scope: Scope, receive: Receive, send: Send, encoding: str, etag: bytes
    ) -> Cached | None:
        """Run the app; return the finished 200 response, or pass anything else through."""
        start: Message | None = None
        chunks: list[bytes] = []
        passthrough = False

        async def capture(message: Message) -> None:
            nonlocal start, passthrough
            if message["type"] == "http.response.start":
                cc = _header(message.get("headers", []), b"cache-control") or b""
                # a private answer (SPARQL's: negotiated among more types than the key
                # tells apart) is for the client's cache only, never for this shared one
                if message["status"] != 200 or b"no-store" in cc or b"private" in cc:
                    passthrough = True
                    await send(message)
                else:
                    start = message
            elif passthrough:
                await send(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        inner = dict(scope, method="GET")  # HEAD is rendered as GET, its body dropped
        await self.app(inner, receive, capture)
        if passthrough or start is None:
            return None
        body = b"".join(chunks)
        drop = {b"content-length", b"content-encoding", b"etag", b"cache-control", b"vary"}
        vary = _header(start.get("headers", []), b"vary")  # the app's (Accept), kept
        out = [(k, v) for k, v in start.get("headers", []) if k.lower() not in drop]
        ctype = _header(out, b"content-type") or b""
        if (
            encoding == "gzip"
            and len(body) >= self.gzip_min_size
            and ctype.startswith(_COMPRESSIBLE)
        ):
            body = igzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
            out.append((b"content-encoding", b"gzip"))
        kept = (
            (b"etag", etag),
            (b"cache-control", self.cache_control),
            (b"vary", b"Accept-Encoding" if vary is None else vary + b", Accept-Encoding"),
        )
        out += [(b"content-length", str(len(body)).encode()), *kept]
        return Cached(200, tuple(out), body, etag, kept)
