"""Request ids, access logs and security headers: one pure ASGI layer, outermost.

For every HTTP request this layer

- takes a sane incoming ``X-Request-ID`` or makes one (unique: a random prefix per
  worker and a serial number), and echoes it in the response;
- adds the security headers (``nosniff``, a Content-Security-Policy fitting the explorer
  unless the route set its own, ``Referrer-Policy``, no framing) and ``X-Dataset-Version``,
  the version of the snapshot the request read;
- writes one access log line (JSON by default) when the response is sent: time, method,
  path, status, duration, request id and dataset version;
- hands the status and duration to the metrics, when they are on.

The line is built with orjson and written with one ``os.write``, so lines of several
workers sharing a pipe do not interleave, and no logging machinery runs per request (its
time is a ``datetime``, which orjson formats faster than Python would).

What is done lives in an :class:`Observer`, the layer (:class:`Observe`) only calls it: the
front (:mod:`app.api.fastpath.front`) answers cache hits without this layer running, with
the same headers, line and metrics, by calling the same observer.
"""

from __future__ import annotations

import itertools
import logging
import os
import re
import secrets
import sys
import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, Protocol

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.asgi import Header
from app.api.deps import SNAPSHOT_KEY

#: the policy of every page and answer: the explorer loads only its own files
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
#: where the request id is kept in the scope
REQUEST_ID_KEY = "plangraph.request_id"
#: the request id of the request being handled (for log lines written meanwhile)
request_id: ContextVar[str | None] = ContextVar("plangraph_request_id", default=None)

_SANE_ID = re.compile(rb"[A-Za-z0-9._:/+=@-]{1,128}")
_SECURITY = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)

Sink = Callable[[bytes], object]


class RequestMetrics(Protocol):
    def observe(self, scope: Scope, status: int, seconds: float) -> None: ...

    def recorder(self, method: str, path: str, status: int) -> Callable[[float], None]: ...


def stdout_sink() -> Sink:
    """Write each line with one system call to standard output (or its stand-in)."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        stream = sys.stdout
        return lambda line: stream.write(line.decode("utf-8", "replace"))

    def write(line: bytes) -> None:
        try:  # noqa: SIM105 (faster than contextlib.suppress on every request)
            os.write(fd, line)
        except OSError:  # a closed or full stream never fails a request
            pass

    return write


def sane_id(value: bytes) -> str | None:
    """A request id sent by a client, when it is short and plain, else None.

    >>> sane_id(b"abc-123"), sane_id(b"bad id\\n")
    ('abc-123', None)
    """
    return value.decode("ascii") if _SANE_ID.fullmatch(value) else None


def incoming_id(headers: list[Header]) -> str | None:
    """The client's ``X-Request-ID`` when it is short and plain, else None.

    >>> incoming_id([(b"x-request-id", b"abc-123")])
    'abc-123'
    >>> incoming_id([(b"x-request-id", b"bad id\\n")]) is None
    True
    """
    for k, v in headers:
        if k == b"x-request-id":
            return sane_id(v)
    return None


def _text_line(entry: dict[str, Any]) -> bytes:
    # the shape of every other plain line (TextFormatter): time, level, logger, message
    return (
        f"{entry['time'].isoformat(timespec='milliseconds')} info plangraph.access "
        f"{entry.get('client') or '-'} "
        f'"{entry["method"]} {entry["path"]}" {entry["status"]} '
        f"{entry['duration_ms']}ms id={entry['request_id']} version={entry['version']}\n"
    ).encode("utf-8", "replace")


class Observer:
    """What is done for every answered request: its id, the headers every answer carries,
    the access log line and the metrics. Plain methods, so that the front
    (:mod:`app.api.fastpath.front`) does for a cache hit exactly what :class:`Observe`
    does on the full path."""

    def __init__(
        self,
        *,
        access_log: bool = True,
        log_json: bool = True,
        sink: Sink | None = None,
        metrics: RequestMetrics | None = None,
        csp: str = CSP,
    ) -> None:
        self.access_log = access_log
        self.log_json = log_json
        self.sink = sink or stdout_sink()
        self.metrics = metrics
        # request ids: a random prefix per worker and a serial (cheaper than a uuid4 per request)
        self._prefix = secrets.token_hex(8) + "-"
        self._serial = itertools.count(1)
        #: added to every answer unless the route set its own
        self.security = ((b"content-security-policy", csp.encode()), *_SECURITY)

    def new_id(self) -> str:
        """A request id of this worker (unique: a random prefix and a serial number)."""
        return f"{self._prefix}{next(self._serial):x}"

    def finish(self, headers: Iterable[Header], rid: bytes, version: str | None) -> list[Header]:
        """An answer's headers with the security headers, request id and dataset version.

        Each is added unless the answer has its own.
        """
        out = list(headers)
        present = {k for k, _ in out}
        out += [h for h in self.security if h[0] not in present]
        if b"x-request-id" not in present:
            out.append((b"x-request-id", rid))
        if version is not None and b"x-dataset-version" not in present:
            out.append((b"x-dataset-version", version.encode()))
        return out

    def log(self, scope: Scope, status: int, seconds: float, rid: str, version: str | None) -> None:
        """Write the access log line of a request answered with ``status``."""
        client = scope.get("client")
        entry: dict[str, Any] = {
            "time": datetime.now(UTC),
            "level": "info",
            "logger": "plangraph.access",
            "method": scope["method"],
            "path": scope["path"],
            "status": status,
            "duration_ms": round(seconds * 1_000_000) / 1000,  # to the µs; round(x, 3) is slow
            "request_id": rid,
            "version": version,
            "client": client[0] if client else None,
        }
        query = scope.get("query_string")
        if query:
            entry["query"] = query[:512].decode("latin-1")
        if self.log_json:
            self.sink(orjson.dumps(entry, option=orjson.OPT_APPEND_NEWLINE))
        else:
            self.sink(_text_line(entry))


class Observe:
    """The ASGI layer of an :class:`Observer`, around the whole app."""

    def __init__(self, app: ASGIApp, observer: Observer) -> None:
        self.app = app
        self.observer = observer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        obs = self.observer
        started = time.perf_counter()
        rid = incoming_id(scope["headers"]) or obs.new_id()
        scope[REQUEST_ID_KEY] = rid
        token = request_id.set(rid)
        status = 0

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                snap = scope.get(SNAPSHOT_KEY)
                message["headers"] = obs.finish(
                    message.get("headers", ()),
                    rid.encode(),
                    snap.version if snap is not None else None,
                )
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except BaseException:
            status = status or 500
            raise
        finally:
            request_id.reset(token)
            seconds = time.perf_counter() - started
            if obs.metrics is not None:
                obs.metrics.observe(scope, status, seconds)
            if obs.access_log:
                snap = scope.get(SNAPSHOT_KEY)
                obs.log(scope, status, seconds, rid, snap.version if snap is not None else None)


def _name(record: logging.LogRecord) -> str:
    # uvicorn logs its start and stop as "uvicorn.error": they are the server's lines
    return "uvicorn" if record.name == "uvicorn.error" else record.name


class JsonFormatter(logging.Formatter):
    """Log records as JSON lines, with the request id of the request being handled."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC),
            "level": record.levelname.lower(),
            "logger": _name(record),
            "msg": record.getMessage(),
        }
        rid = request_id.get()
        if rid is not None:
            entry["request_id"] = rid
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update(fields)
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


class TextFormatter(logging.Formatter):
    """Log records as plain lines for a person: time, level, logger, message, then the
    record's fields as ``key=value`` (the access log's plain lines have the same start)."""

    def format(self, record: logging.LogRecord) -> str:
        when = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
        line = f"{when} {record.levelname.lower()} {_name(record)} {record.getMessage()}"
        rid = request_id.get()
        if rid is not None:
            line += f" id={rid}"
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line += "".join(f" {k}={v}" for k, v in fields.items() if v not in (None, [], {}, ()))
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to the standard error of the moment (tests swap it)."""

    plangraph = True

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


#: the loggers written in PlanGraph's one format: its own and the server's (uvicorn.error
#: passes its records up to uvicorn; uvicorn's access log is off: PlanGraph writes its own)
LOGGERS = ("plangraph", "uvicorn")


def configure_logging(log_json: bool = True, level: int = logging.INFO) -> None:
    """Send PlanGraph's log records (``plangraph.*``) and the server's (``uvicorn.*``) to
    standard error in one format: JSON lines, or plain lines when ``log_json`` is false."""
    formatter: logging.Formatter = JsonFormatter() if log_json else TextFormatter()
    for name in LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(level)
        for old in list(logger.handlers):
            if getattr(old, "plangraph", False) or name == "uvicorn":
                logger.removeHandler(old)
        handler = _StderrHandler()
        handler.setFormatter(formatter)
        logger.addHandler(handler)
    uvicorn = logging.getLogger("uvicorn")
    uvicorn.propagate = False  # written here, not again by the root logger
    for child in ("uvicorn.error", "uvicorn.access"):
        logging.getLogger(child).handlers.clear()
        logging.getLogger(child).propagate = child == "uvicorn.error"
