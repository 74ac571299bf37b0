"""Document identifiers that say what is cited: work and expression IRIs in the shape of
the Akoma Ntoso naming convention (``/akn/<jurisdiction>/<type>/<author>/<date>/<number>``
for the work, ``/<language>@<version>`` added for the expression).

>>> from app.models import Naming
>>> n = Naming(jurisdiction="xx", type="doc", author="council", date="2030-01-01",
...            number="7", language="eng", version="2030-01-01")
>>> work_iri(n)
'https://w3id.org/plangraph/akn/xx/doc/council/2030-01-01/7'
>>> expression_iri(n)
'https://w3id.org/plangraph/akn/xx/doc/council/2030-01-01/7/eng@2030-01-01'
"""

from __future__ import annotations

from urllib.parse import quote

from app.models import Naming

__all__ = ["AKN", "expression_iri", "work_iri"]

#: where the work and expression IRIs live
AKN = "https://w3id.org/plangraph/akn/"


def work_iri(n: Naming) -> str:
    """The IRI of the work: what is cited, whatever its wording or version."""
    parts = (n.jurisdiction, n.type, n.author, n.date, n.number)
    return AKN + "/".join(quote(p, safe="") for p in parts)


def expression_iri(n: Naming) -> str:
    """The IRI of the expression: the work in one language and version."""
    return f"{work_iri(n)}/{n.language}@{quote(n.version, safe='')}"
