"""Settings, read from the environment (prefix ``PLANGRAPH_``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

#: the plan shipped with the package
DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data" / "plan_graph.json"
#: the shortest admin token accepted
MIN_TOKEN = 16


class Settings(BaseSettings):
    """Runtime settings; every field can be set as ``PLANGRAPH_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="PLANGRAPH_", extra="ignore")

    data: Path = Field(DEFAULT_DATA, description="The plan data file to serve.")
    cors_origins: Annotated[list[str], NoDecode] = Field(
        ["*"],
        description="Origins allowed to GET (CORS): comma-separated or a JSON list; * for any.",
    )
    docs_enabled: bool = Field(True, description="Serve /docs and /redoc.")
    cache_max_age: int = Field(300, ge=0, description="Cache-Control max-age, seconds.")
    gzip_min_size: int = Field(1024, ge=0, description="Compress bodies from this size on.")
    admin_token: SecretStr | None = Field(
        None,
        description="Bearer token of POST /admin/reload (16 characters at least); "
        "without it the route does not exist.",
    )
    state_dir: Path | None = Field(
        None,
        description="Keep the last good data file here and serve it when the configured "
        "file is invalid at start; off when unset.",
    )
    watch_interval: float = Field(
        5.0, ge=0, description="Seconds between checks of the data file for a change; 0: off."
    )
    access_log: bool = Field(True, description="Write one access log line per request.")
    log_json: bool = Field(True, description="Write logs as JSON lines (else as plain text).")
    metrics_enabled: bool = Field(True, description="Serve Prometheus metrics at /metrics.")

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _origins(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [o.strip() for o in text.split(",") if o.strip()]
        return value

    @field_validator("admin_token", mode="before")
    @classmethod
    def _token(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None  # an empty variable means no token, never an empty one
        if isinstance(value, str) and len(value) < MIN_TOKEN:
            raise ValueError(f"the admin token must have {MIN_TOKEN} characters at least")
        return value

    # the MCP server mounted at /mcp (app.mcp.http)
    mcp: bool = Field(
        False, description="Serve the plan as an MCP server (streamable HTTP) at /mcp."
    )
    mcp_require_token: bool = Field(
        False,
        description="/mcp requires the admin token (PLANGRAPH_ADMIN_TOKEN) as a bearer token.",
    )

    @field_validator("mcp_require_token")
    @classmethod
    def _mcp_token(cls, value: bool, info: ValidationInfo) -> bool:
        if value and info.data.get("admin_token") is None:
            raise ValueError("needs an admin token: set PLANGRAPH_ADMIN_TOKEN too")
        return value
