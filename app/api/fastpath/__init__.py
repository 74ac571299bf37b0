"""The fast path, a unit you can delete: the response cache (finished bytes, ETag, 304,
gzip) and the front that answers a repeated request from it before any layer runs.

``create_app`` calls :func:`install` when this package is there; without it the app is
the same API, slower: answers are rendered on every request and compressed by Starlette's
gzip layer, with no ETag or 304 (a warning says so at start-up).
"""

from __future__ import annotations

from app.api.fastpath.cache import Answers, ResponseCache
from app.api.fastpath.front import Front, FrontedAPI
from app.api.middleware.cors import CORS, CorsPolicy
from app.api.middleware.observe import Observe, Observer
from app.api.middleware.pin import PinSnapshot
from app.api.middleware.querystring import WellFormedQuery
from app.config import Settings
from app.runtime.store import SnapshotStore

__all__ = ["FrontedAPI", "install"]


def install(
    app: FrontedAPI,
    store: SnapshotStore,
    settings: Settings,
    *,
    observer: Observer | None,
    cors: CorsPolicy | None,
) -> None:
    """Add the response cache as the innermost layer of ``app`` and put the front before
    it, handed the objects that finish the headers of every answer (``cors``, then
    ``observer``) so that a hit is answered as the full path answers it."""
    answers = Answers()
    app.add_middleware(
        ResponseCache,
        store=store,
        answers=answers,
        gzip_min_size=settings.gzip_min_size,
        max_age=settings.cache_max_age,
    )
    app.front = Front(answers, store, observer=observer, cors=cors)
    app.fronted = frozenset(FRONTED)


#: the layers ``create_app`` adds, whose work on a successful answer the front does itself
#: (with the objects it is handed) or which add nothing to it
FRONTED = (ResponseCache, PinSnapshot, WellFormedQuery, CORS, Observe)
