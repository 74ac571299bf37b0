"""The server's entry point: ``uvicorn --factory app.main:create_app`` (what ``plangraph
serve`` runs). The factory itself lives in :mod:`app.api.app`."""

from app.api.app import create_app

__all__ = ["create_app"]
