"""Every operation the OpenAPI lists, fuzzed in-process with every schemathesis check.

The schema is read from the app itself when the tests are collected (the plan loaded, as it
is served), so a route added anywhere is fuzzed without editing this file. The app has every
optional route switched on (docs, metrics, the admin reload, whose token the fuzzer sends).
Each operation gets positive cases (inputs the schema allows) and negative ones (inputs it
forbids), and a state machine follows the document's links from lists to items. Every
check runs: no server error; a status, content type, headers and body the operation
declares; every request the schema allows accepted (not a 4xx other than 404), every
request it forbids refused; methods it does not list refused with ``Allow``.

``PLANGRAPH_FUZZ_EXAMPLES`` sets the number of generated cases per operation and mode (30
by default); docs/fuzzing.md has the larger run and its figures.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import positive_data_acceptance

from app.config import DEFAULT_DATA, Settings
from app.main import create_app
from app.runtime.load import load_plan

MAX_EXAMPLES = int(os.environ.get("PLANGRAPH_FUZZ_EXAMPLES", "30"))
TOKEN = secrets.token_urlsafe(32)
AUTH = {"Authorization": f"Bearer {TOKEN}"}
#: operations whose input is a language JSON Schema cannot state (a SPARQL query): a string
#: the schema allows but that is not SPARQL is rightly a 400 naming the line and column, so
#: for these the check that every schema-valid request is accepted does not apply
LANGUAGE_INPUT = {"/v1/sparql"}


@schemathesis.serializer("application/sparql-query")
def _sparql_query(ctx: object, value: object) -> bytes:
    """A SPARQL query body is the query's text (any generated value, as UTF-8 text)."""
    return value.encode("utf-8") if isinstance(value, str) else str(value).encode("utf-8")


app = create_app(
    Settings(
        data=DEFAULT_DATA,
        docs_enabled=True,
        metrics_enabled=True,
        admin_token=TOKEN,
        watch_interval=0,
        access_log=False,
    )
)
app.state.store.swap(load_plan(DEFAULT_DATA))  # the document as served: the plan's examples
schema = schemathesis.openapi.from_asgi("/openapi.json", app)
schema.config.update(headers=AUTH)
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
    excluded = [positive_data_acceptance] if case.operation.path in LANGUAGE_INPUT else []
    case.call_and_validate(headers=AUTH, excluded_checks=excluded)  # every check otherwise


class Workflow(schema.as_state_machine()):  # type: ignore[misc]
    """Calls chained along the document's links: a list, then the items it names."""

    def get_call_kwargs(self, case: schemathesis.Case[Any]) -> dict[str, Any]:
        return {"headers": AUTH}

    def validate_response(self, response: Any, case: schemathesis.Case[Any], **kwargs: Any) -> None:
        excluded = [positive_data_acceptance] if case.operation.path in LANGUAGE_INPUT else []
        case.validate_response(response, headers=AUTH, excluded_checks=excluded)


TestLinkedCalls = Workflow.TestCase
TestLinkedCalls.settings = settings(
    max_examples=max(5, MAX_EXAMPLES // 3),
    stateful_step_count=6,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


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
