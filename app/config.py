"""Settings, read from the environment (prefix ``PLANGRAPH_``).

:func:`load_settings` reads them as a command does: a bad value is one line naming the
variable, the value's problem and the allowed form (:class:`~app.errors.SettingsInvalid`).
"""

from __future__ import annotations

import json
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict, SettingsError

from app.errors import SettingsInvalid

__all__ = [
    "DEFAULT_DATA",
    "MIN_TOKEN",
    "VERSION",
    "Settings",
    "load_settings",
    "setting_problems",
]

#: the plan shipped with the package
DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data" / "plan_graph.json"
try:  #: the package's version (``plangraph --version``, the OpenAPI document's)
    VERSION = version("plangraph")
except PackageNotFoundError:  # run from a source tree that was never installed
    VERSION = "0+unknown"
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
    log_json: bool | None = Field(
        None,
        description="Write logs as JSON lines (true) or plain lines (false); unset: plain "
        "on a terminal, JSON otherwise.",
    )
    metrics_enabled: bool = Field(True, description="Serve Prometheus metrics at /metrics.")

    @property
    def json_logs(self) -> bool:
        """Whether logs are JSON lines: as set, else when the output is not a terminal."""
        if self.log_json is not None:
            return self.log_json
        return not (sys.stdout.isatty() and sys.stderr.isatty())

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _origins(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                try:
                    return json.loads(text)
                except ValueError:
                    raise ValueError(
                        "must be origins separated by commas, or a JSON list of them"
                    ) from None
            return [o.strip() for o in text.split(",") if o.strip()]
        return value

    @field_validator("state_dir")
    @classmethod
    def _folder(cls, value: Path | None) -> Path | None:
        if value is not None and value.exists() and not value.is_dir():
            raise ValueError("must be a folder (made when missing)")
        return value

    @field_validator("admin_token", mode="before")
    @classmethod
    def _token(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None  # an empty variable means no token, never an empty one
        if isinstance(value, str) and len(value) < MIN_TOKEN:
            raise ValueError(f"must have at least {MIN_TOKEN} characters")
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

    # SPARQL endpoint (/v1/sparql): every limit a hostile query can run into
    sparql_timeout: float = Field(
        5.0, gt=0, le=600, description="SPARQL: seconds a query may run before it is stopped."
    )
    sparql_max_rows: int = Field(
        100_000, ge=1, description="SPARQL: the most result rows (or triples) a query returns."
    )
    sparql_max_bytes: int = Field(
        32 * 2**20, ge=1024, description="SPARQL: the largest response body, in bytes."
    )
    sparql_max_query_length: int = Field(
        20_000, ge=100, description="SPARQL: the longest query accepted, in characters."
    )
    sparql_workers: int = Field(
        2, ge=1, le=32, description="SPARQL: worker processes that run queries (one each)."
    )
    sparql_worker_memory_mb: int = Field(
        2048, ge=768, description="SPARQL: address space a query worker may use, in MiB."
    )


#: what a value of each kind must look like, by pydantic's error type
_FORMS = {
    "bool_parsing": "must be true or false (also 1/0, yes/no, on/off)",
    "bool_type": "must be true or false (also 1/0, yes/no, on/off)",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "finite_number": "must be a finite number",
}


def _variable(field: str) -> str:
    return f"PLANGRAPH_{field.upper()}"


def setting_problems(exc: ValidationError) -> list[str]:
    """One line per problem of ``exc``: the variable, the value's problem, the allowed form.

    >>> try:
    ...     Settings(watch_interval="abc")
    ... except ValidationError as exc:
    ...     print(setting_problems(exc)[0])
    PLANGRAPH_WATCH_INTERVAL: must be a number, not 'abc'
    """
    lines = []
    for err in exc.errors(include_url=False):
        field = str(err["loc"][0]) if err["loc"] else ""
        kind = err["type"]
        if kind == "value_error":
            what = str(err["ctx"].get("error", err["msg"])) if "ctx" in err else err["msg"]
        elif kind in _FORMS:
            what = _FORMS[kind]
        elif kind in {"greater_than_equal", "greater_than"}:
            bound = err.get("ctx", {}).get("ge", err.get("ctx", {}).get("gt"))
            what = (
                f"must be {bound:g} or more"
                if kind == "greater_than_equal"
                else (f"must be more than {bound:g}")
            )
        else:
            what = err["msg"][:1].lower() + err["msg"][1:]
        value = err.get("input")
        secret = isinstance(value, SecretStr) or field == "admin_token"
        # "must be …, not 'x'" reads right; after another sentence the value would not
        shown = (
            f", not {value!r}"
            if isinstance(value, str) and not secret and what.startswith("must")
            else ""
        )
        lines.append(f"{_variable(field)}: {what}{shown}")
    return lines


def load_settings(**values: object) -> Settings:
    """The settings from the environment (and ``values``), or :class:`SettingsInvalid`.

    >>> load_settings().watch_interval >= 0
    True
    """
    try:
        return Settings(**values)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise SettingsInvalid(setting_problems(exc)) from None
    except SettingsError as exc:  # a value pydantic-settings could not decode
        raise SettingsInvalid([str(exc)]) from None
