"""Operations: reload the data file now. Registered only when an admin token is set."""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.answers.meta import last_reload
from app.answers.schemas.reload import LastReload
from app.api.problems import responses
from app.errors import ReloadRejected
from app.runtime.reload import Reloader

router = APIRouter(prefix="/admin", tags=["admin"])
_bearer = HTTPBearer(auto_error=False, description="The admin token (PLANGRAPH_ADMIN_TOKEN).")
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="plangraph-admin"'}


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).digest()


def require_admin(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Let the request through only with the admin bearer token (compared in constant time)."""
    token = request.app.state.settings.admin_token
    presented = credentials.credentials if credentials is not None else ""
    if token is None or not hmac.compare_digest(
        _digest(presented), _digest(token.get_secret_value())
    ):
        raise HTTPException(401, "a valid admin bearer token is required", headers=_CHALLENGE)


@router.post(
    "/reload",
    summary="Reload the data file now",
    dependencies=[Depends(require_admin)],
    responses=responses(401, 422),
)
def reload(request: Request, response: Response) -> LastReload:
    """Read the data file now: 200 with the version served, or 422 with the file's problems."""
    reloader: Reloader = request.app.state.reloader
    result = reloader.force()
    response.headers["Cache-Control"] = "no-store"
    if result.outcome == "rejected":
        raise ReloadRejected(result.version, result.problems, result.problem_count)
    return last_reload(result)
