"""The one serializer of answers: orjson, with finished JSON embedded as fragments.

What is made once per snapshot (each node's summary and full form, each edge) is kept as
JSON and embedded in answers as :class:`orjson.Fragment`; an answer is a plain dict of
values and fragments dumped by :func:`dumps`. No answer is made by splicing bytes.

>>> dumps({"a": fragment(b'{"b":1}'), "c": [1]})
b'{"a":{"b":1},"c":[1]}'
"""

from __future__ import annotations

from typing import Any

import orjson

__all__ = ["dumps", "fragment", "kept"]

fragment = orjson.Fragment


def kept(data: bytes) -> bytes:
    """A copy of ``data`` the size of its contents, for bytes kept beyond one answer.

    What ``orjson.dumps`` returns can hold on to the buffer it grew, kilobytes for a
    summary of a hundred bytes: kept by the hundred thousand, that is most of the memory.
    """
    return bytes(memoryview(data))


def dumps(answer: Any) -> bytes:
    """An answer (plain data and fragments) as JSON bytes."""
    return orjson.dumps(answer)
