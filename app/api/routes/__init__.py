"""The API's routers, one module per concern."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from app.answers.serialize import kept


class JSONBytes(Response):
    """A JSON answer a query function has already serialised (``queries.*_json``).

    A route returning one declares its model with ``response_model`` for the OpenAPI
    document; FastAPI neither validates nor serialises it again. Routes whose answers take
    well under a millisecond are ``async`` although they never await: a worker thread
    would cost more than the answer.
    """

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        # the response cache may keep the body: copied to its size, it does not hold on to
        # the buffer orjson grew (see app.answers.serialize.kept), for a memcpy
        return kept(content)
