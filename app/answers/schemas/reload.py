"""The outcome of the last attempt to load the data file (``/v1/meta`` and the admin API)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

#: how an attempt to load the data file ended
Outcome = Literal["loaded", "unchanged", "rejected", "fallback"]


class LastReload(BaseModel):
    """The last attempt to load the data file: when, how it went, what is served since."""

    model_config = ConfigDict(frozen=True)

    at: datetime = Field(description="When the attempt ended (UTC).")
    outcome: Outcome = Field(
        description="loaded: a new version is served; unchanged: the file holds the served "
        "version; rejected: the file is invalid and the served version stays; fallback: the "
        "file was invalid at start and the last good file is served."
    )
    version: str | None = Field(description="The dataset version served after the attempt.")
    problems: list[str] = Field(description="The file's problems (the first 100), if any.")
    problem_count: int = Field(description="How many problems the file has.")


__all__ = ["LastReload"]
