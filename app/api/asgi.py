"""Type aliases shared by the middleware and the fast path, in one place."""

from __future__ import annotations

__all__ = ["Header"]

#: one raw ASGI header: name (lower case) and value, as bytes
Header = tuple[bytes, bytes]
