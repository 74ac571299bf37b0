"""Pydantic models of the API's response shapes, one module per concern.

These shapes are a contract other teams code against: names and nesting are kept; fields
may be added.
"""

from app.answers.schemas.analysis import *  # noqa: F403
from app.answers.schemas.core import *  # noqa: F403
from app.answers.schemas.core import __all__ as _core
from app.answers.schemas.export import *  # noqa: F403
from app.answers.schemas.layout import *  # noqa: F403

__all__ = list(_core)
