"""Queries and updates on an Oxigraph store, with results converted to rdflib Results.

Results are always parsed by rdflib's own SPARQL-results and N-Triples parsers, on both
backends. oxrdflib 0.5's term conversion is not used for results because it types every
plain literal as xsd:string, and rdflib compares `Literal("x")` and
`Literal("x", datatype=XSD.string)` as different (RDFLib/rdflib#2123), so graphs read back
would not be isomorphic to the graphs written.
"""

from __future__ import annotations

from io import BytesIO

import pyoxigraph as ox
from rdflib import Variable
from rdflib.query import Result

from pockg.graph.store.backend import _QueryDataset
from pockg.graph.store.errors import GraphStoreError, InvalidQueryError


def _run_query(store: ox.Store, sparql: str, dataset: _QueryDataset | None) -> Result:
    """Return the rdflib Result of `sparql` on `store` (dataset: see pockg.graph.store.facade)."""
    try:
        if dataset is None:
            result = store.query(sparql, use_default_graph_as_union=True)
        else:
            default: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]
            default = [ox.NamedNode(g) for g in dataset.default]
            named: list[ox.NamedNode | ox.BlankNode] = [ox.NamedNode(g) for g in dataset.named]
            result = store.query(sparql, default_graph=default, named_graphs=named)
    except SyntaxError as error:
        raise InvalidQueryError(f"invalid SPARQL query: {_syntax_message(error)}") from None
    return _rdflib_result(result)


def _apply_update(store: ox.Store, sparql: str) -> None:
    """Run `sparql` on `store` as one transaction; failures become GraphStoreError."""
    try:
        store.update(sparql)
    except SyntaxError as error:
        raise InvalidQueryError(f"invalid SPARQL update: {_syntax_message(error)}") from None
    except (OSError, RuntimeError) as error:
        raise GraphStoreError(f"SPARQL update failed: {error}") from None


def _rdflib_result(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> Result:
    """Return an Oxigraph result as an rdflib Result, through rdflib's own parsers."""
    buffer = BytesIO()
    if isinstance(result, ox.QueryTriples):
        result.serialize(buffer, ox.RdfFormat.N_TRIPLES)
        media_type = "application/n-triples"
    else:
        result.serialize(buffer, ox.QueryResultsFormat.JSON)
        media_type = "application/sparql-results+json"
    buffer.seek(0)
    return Result.parse(buffer, content_type=media_type)


def _syntax_message(error: SyntaxError) -> str:
    """Return the parser's message without Python's '(file, line n)' suffix."""
    return error.msg or str(error)


def _column(result: Result, name: str) -> list[object]:
    """Return the values bound to variable `name` in each row of a SELECT result."""
    variable = Variable(name)
    return [row.get(variable) for row in result.bindings]
