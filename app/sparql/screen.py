"""What is checked of a query before any of it runs: its length, its form, no update and no
``SERVICE``.

The text is read as tokens once comments, string literals and IRIs are set aside (so a
word inside a string or an IRI is never taken for a keyword); the query's form is the
first keyword after its prologue (``BASE``/``PREFIX``). pyoxigraph's parser remains the
judge of the syntax; this only refuses, early and whatever the rest says, what the
endpoint never does: write, or reach another host.

Examples
--------
>>> screen("PREFIX pg: <https://w3id.org/plangraph/vocab#>\\nSELECT * { ?s a pg:Measure }", 1000)
'SELECT'
>>> screen('ASK { ?s ?p "SERVICE" } # SERVICE in a string or a comment is no SERVICE', 1000)
'ASK'
>>> screen("SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }", 1000)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
app.errors.SparqlForbidden: SERVICE (federation) is not allowed: ...
"""

from __future__ import annotations

import re

from app.errors import SparqlForbidden, SparqlSyntaxError, SparqlTooLong

__all__ = ["FORMS", "UPDATES", "screen", "syntax_error"]

#: the four query forms
FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
#: the first keywords of SPARQL 1.1 Update operations
UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")

# long strings first, then short ones (with escapes), IRIs (no spaces inside), comments
_SKIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n\r]*",
    re.DOTALL,
)
# a bare word: not a variable (?x, $x), not part of a prefixed name (pg:x, x:y), no digit
_WORD = re.compile(r"(?<![\w:?$\-.])([A-Za-z]+)(?![\w:\-])")
_POSITION = re.compile(r"at (\d+):(\d+)")


def _words(query: str) -> list[str]:
    return [w.upper() for w in _WORD.findall(_SKIP.sub(" ", query))]


def screen(query: str, max_length: int) -> str:
    """Check ``query`` before it runs; return its form (``SELECT``, ``CONSTRUCT``,
    ``DESCRIBE`` or ``ASK``).

    Raises
    ------
    SparqlTooLong
        longer than ``max_length`` characters;
    SparqlForbidden
        an update, or a ``SERVICE`` clause anywhere;
    SparqlSyntaxError
        no query form at all (pyoxigraph reports every other syntax error).
    """
    if len(query) > max_length:
        raise SparqlTooLong(
            f"the query has {len(query):,} characters; the limit is {max_length:,} "
            "(setting PLANGRAPH_SPARQL_MAX_QUERY_LENGTH)",
            "sparql_max_query_length",
        )
    words = _words(query)
    if "SERVICE" in words:
        raise SparqlForbidden(
            "SERVICE (federation) is not allowed: this endpoint never reaches other hosts",
            "service",
        )
    i = 0
    while i < len(words) and words[i] in ("BASE", "PREFIX"):
        i += 1
    first = words[i] if i < len(words) else ""
    if first in UPDATES:
        raise SparqlForbidden(
            f"SPARQL Update ({first}) is not allowed: this endpoint is read-only", "update"
        )
    if first not in FORMS:
        raise SparqlSyntaxError(
            "the query has no form: it must be a SELECT, CONSTRUCT, DESCRIBE or ASK query",
            None,
            None,
        )
    return first


def syntax_error(message: str) -> SparqlSyntaxError:
    """The problem for a parser message, with its line and column when it names them.

    >>> e = syntax_error("error at 4:2: expected one of ABS, AVG")
    >>> e.line, e.column, e.detail
    (4, 2, 'syntax error at line 4, column 2: expected one of ABS, AVG')
    """
    m = _POSITION.search(message)
    if m is None:
        return SparqlSyntaxError(f"syntax error: {message}", None, None)
    line, column = int(m.group(1)), int(m.group(2))
    rest = message[m.end() :].lstrip(": ")
    return SparqlSyntaxError(f"syntax error at line {line}, column {column}: {rest}", line, column)
