"""Every operation the OpenAPI lists, fuzzed in-process: inputs it allows and inputs it forbids.

The schema is read from the app itself when the tests are collected, so a route added
anywhere is fuzzed without editing this file. The app has every optional route switched on
(docs, metrics, the admin reload behind a token the fuzzer does not know). Each operation
gets positive cases (inputs the schema allows) and negative ones (inputs it forbids); every
answer must not be a server error, and must use a status, a content type and a body the
operation declares for that status.

``PLANGRAPH_FUZZ_EXAMPLES`` sets the number of generated cases per operation and mode (30
by default); docs/fuzzing.md has the larger run and its figures.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.config import DEFAULT_DATA, Settings
from app.main import create_app

MAX_EXAMPLES = int(os.environ.get("PLANGRAPH_FUZZ_EXAMPLES", "30"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@schemathesis.serializer("application/sparql-query")
def _sparql_query(ctx: object, value: object) -> bytes:
    """A SPARQL query body is the query's text (any generated value, as UTF-8 text)."""
    return value.encode("utf-8") if isinstance(value, str) else str(value).encode("utf-8")


app = create_app(
    Settings(
        data=DEFAULT_DATA,
        docs_enabled=True,
        metrics_enabled=True,
        admin_token=secrets.token_urlsafe(32),
        watch_interval=0,
        access_log=False,
    )
)
schema = schemathesis.openapi.from_asgi("/openapi.json", app)
schema.config.generation.update(
    modes=[schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE],
    max_examples=MAX_EXAMPLES,
)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_operation_conforms(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate(checks=CHECKS)


def test_every_listed_operation_is_fuzzed() -> None:
    spec = app.openapi()
    listed = {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops}
    fuzzed = {
        (r.ok().method.upper(), r.ok().path)
        for r in schema.get_all_operations()
        if isinstance(r, Ok)
    }
    assert "/admin/reload" in spec["paths"]  # the optional routes are on
    assert fuzzed == listed
