"""Settings, read from the environment (prefix ``PLANGRAPH_``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

#: the plan shipped with the package
DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data" / "plan_graph.json"


class Settings(BaseSettings):
    """Runtime settings; every field can be set as ``PLANGRAPH_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="PLANGRAPH_", extra="ignore")

    data: Path = Field(DEFAULT_DATA, description="The plan data file to serve.")
    cors_origins: list[str] = Field(["*"], description="Origins allowed to GET (CORS).")
    docs_enabled: bool = Field(True, description="Serve /docs and /redoc.")
    cache_max_age: int = Field(300, ge=0, description="Cache-Control max-age, seconds.")
    gzip_min_size: int = Field(1024, ge=0, description="Compress bodies from this size on.")
