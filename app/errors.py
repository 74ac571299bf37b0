"""One exception hierarchy for PlanGraph: every error class it raises on purpose is here.

The domain raises these; :mod:`app.api.problems` maps them to RFC 9457 problem+json in one
place, and the command line prints their ``detail``. Nothing here knows about HTTP::

    PlanGraphError
    ├── NotFound                 something named in a request does not exist (404)
    │   ├── NodeNotFound
    │   ├── DocumentNotFound
    │   └── AssetNotFound        a static file of the explorer or the docs
    ├── InvalidParameter         a request parameter outside what the query accepts (422)
    ├── AnalysisPending          an analysis still being computed in the background (503)
    ├── NotReady                 no plan is loaded yet (503)
    ├── DataFileInvalid          a data file rejected whole, with every problem (422)
    │   └── ReloadRejected       ... while an earlier version keeps serving (422)
    ├── SettingsInvalid          settings rejected: one line per problem (the command line)
    └── SparqlProblem            a SPARQL query refused or stopped, naming its limit (400)
        ├── SparqlSyntaxError    not SPARQL 1.1, with line and column (400)
        ├── SparqlForbidden      an update or SERVICE: read-only, no outbound requests (403)
        ├── SparqlTooLong        the query text over its limit (413)
        ├── SparqlResultTooLarge more rows or bytes than allowed (422)
        ├── SparqlNotAcceptable  no acceptable media type for this kind of result (406)
        ├── SparqlTimeout        stopped at the time limit (503)
        └── SparqlBusy           every worker busy for the whole time limit (503)

A class's ``status`` (where it has one) is the HTTP status the API answers it with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class PlanGraphError(Exception):
    """Base class of every error PlanGraph raises on purpose."""

    title = "PlanGraph error"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(PlanGraphError):
    """Something named in the request does not exist; ``suggestions`` are the closest ids."""

    title = "Not found"
    kind = "resource"

    def __init__(self, ident: str, suggestions: Sequence[str] = (), reason: str = "") -> None:
        hint = f"; did you mean {', '.join(map(repr, suggestions))}?" if suggestions else ""
        super().__init__(f"{reason or f'{self.kind} {ident!r} is not in the plan'}{hint}")
        self.ident = ident
        self.suggestions = list(suggestions)


class NodeNotFound(NotFound):
    title = "Node not found"
    kind = "node"


class NodeRetired(NodeNotFound):
    """A node id that was published once and retired: ``successor`` is where it went
    (None when it has none)."""

    title = "Node retired"

    def __init__(self, ident: str, successor: str | None) -> None:
        where = f"; its successor is {successor!r}" if successor else " and has no successor"
        super().__init__(ident, (), f"node {ident!r} was retired{where}")
        self.successor = successor


class DocumentNotFound(NotFound):
    title = "Document not found"
    kind = "document"


class AssetNotFound(NotFound):
    """A static file (of the explorer or of the API docs) that does not exist."""

    title = "Not found"
    kind = "asset"


class InvalidParameter(PlanGraphError):
    """A request parameter is outside what the query accepts."""

    title = "Invalid parameter"

    def __init__(self, parameter: str, detail: str) -> None:
        super().__init__(f"{parameter}: {detail}")
        self.parameter = parameter
        self.reason = detail


class AnalysisPending(PlanGraphError):
    """An analysis of the served plan is still being computed; ask again later.

    A server computes the per-plan analyses in the background once the plan is served;
    ``retry_after`` is how many seconds to wait before asking again.
    """

    title = "Analysis not ready yet"

    def __init__(self, analysis: str, retry_after: int) -> None:
        super().__init__(
            f"{analysis} of this version of the plan is still being computed; "
            f"retry in {retry_after} s"
        )
        self.analysis = analysis
        self.retry_after = retry_after


class NotReady(PlanGraphError):
    """No snapshot is loaded yet."""

    title = "Service not ready"


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in a data file: where (a JSON path) and why (one line)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class DataFileInvalid(PlanGraphError):
    """A data file was rejected whole; ``problems`` lists every reason."""

    title = "Invalid data file"

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        n = len(problems)
        super().__init__(f"{source}: {n} problem{'s' if n != 1 else ''}")
        self.source = source
        self.problems = list(problems)


class ReloadRejected(DataFileInvalid):
    """A new data file was rejected; the version served before keeps serving.

    ``problems`` holds at most the first problems kept with the attempt; ``problem_count``
    counts them all.
    """

    title = "Data file rejected"

    def __init__(
        self, version: str | None, problems: Sequence[Problem], problem_count: int
    ) -> None:
        n = problem_count
        PlanGraphError.__init__(
            self,
            f"the data file was rejected with {n} problem{'s' if n != 1 else ''}; "
            f"version {version} is still served",
        )
        self.source = "data file"
        self.problems = list(problems)
        self.version = version
        self.problem_count = problem_count


class SettingsInvalid(PlanGraphError):
    """Settings were rejected; ``problems`` holds one line per problem, each naming its
    variable (``PLANGRAPH_ADMIN_TOKEN: must have at least 16 characters``)."""

    title = "Invalid settings"

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)


class SparqlProblem(PlanGraphError):
    """A SPARQL query that is refused or stopped; ``status`` is its HTTP status and
    ``limit`` names the limit or rule it ran into (a setting, or a rule of the endpoint)."""

    title = "SPARQL query refused"
    status = 400

    def __init__(self, detail: str, limit: str) -> None:
        super().__init__(detail)
        self.limit = limit


class SparqlSyntaxError(SparqlProblem):
    """The query is not SPARQL 1.1; ``line`` and ``column`` say where (1-based)."""

    title = "SPARQL syntax error"
    status = 400

    def __init__(self, detail: str, line: int | None, column: int | None) -> None:
        super().__init__(detail, "syntax")
        self.line = line
        self.column = column


class SparqlForbidden(SparqlProblem):
    """The endpoint is read-only and reaches no other host: updates and SERVICE are refused."""

    title = "SPARQL operation not allowed"
    status = 403


class SparqlTooLong(SparqlProblem):
    """The query text is longer than the limit."""

    title = "SPARQL query too long"
    status = 413


class SparqlResultTooLarge(SparqlProblem):
    """The answer has more rows or bytes than the limits allow."""

    title = "SPARQL result over the limit"
    status = 422


class SparqlNotAcceptable(SparqlProblem):
    """No media type the client accepts can carry this kind of result."""

    title = "Not acceptable"
    status = 406


class SparqlTimeout(SparqlProblem):
    """The query ran past the time limit and was stopped."""

    title = "SPARQL query timed out"
    status = 503


class SparqlBusy(SparqlProblem):
    """Every query worker stayed busy for the whole time limit; ask again later."""

    title = "SPARQL endpoint busy"
    status = 503
