"""Response shapes of the export index."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["ExportFormatOut"]


class ExportFormatOut(BaseModel):
    """One export format: where to get it, what it is and the options it takes."""

    model_config = ConfigDict(frozen=True)

    name: str
    path: str
    media_type: str
    extension: str
    description: str
    options: list[str]
