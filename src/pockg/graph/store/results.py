"""Queries and updates on an Oxigraph store, with results converted to rdflib Results, or
written out by pyoxigraph for a SPARQL endpoint.

Results read in Python are always parsed by rdflib's own SPARQL-results and N-Triples
parsers, on both backends. oxrdflib 0.5's term conversion is not used for results because it
types every plain literal as xsd:string, and rdflib compares `Literal("x")` and
`Literal("x", datatype=XSD.string)` as different (RDFLib/rdflib#2123), so graphs read back
would not be isomorphic to the graphs written. Results passed straight on (`_written_results`)
never become Python terms: pyoxigraph writes them, several times faster than rdflib.
"""

from __future__ import annotations

import json
from io import BytesIO

import pyoxigraph as ox
from rdflib import Variable
from rdflib.query import Result

from pockg.graph.store.backend import _QueryDataset
from pockg.graph.store.errors import GraphStoreError, InvalidQueryError


def _run_query(store: ox.Store, sparql: str, dataset: _QueryDataset | None) -> Result:
    """Return the rdflib Result of `sparql` on `store` (dataset: see pockg.graph.store.facade)."""
    return _rdflib_result(_raw_query(store, sparql, dataset))


def _raw_query(
    store: ox.Store, sparql: str, dataset: _QueryDataset | None
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Return the pyoxigraph result of `sparql` on `store` (dataset: see
    pockg.graph.store.facade); a malformed query raises InvalidQueryError."""
    try:
        if dataset is None:
            return store.query(sparql, use_default_graph_as_union=True)
        default: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]
        default = [ox.NamedNode(g) for g in dataset.default]
        named: list[ox.NamedNode | ox.BlankNode] = [ox.NamedNode(g) for g in dataset.named]
        return store.query(sparql, default_graph=default, named_graphs=named)
    except SyntaxError as error:
        raise InvalidQueryError(f"invalid SPARQL query: {_syntax_message(error)}") from None


def _plain_rows(
    result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
) -> list[dict[str, str]]:
    """Return the solutions of a SELECT as {variable: lexical value}, unbound variables
    left out: plain strings, never rdflib terms, for code that reads many rows."""
    if not isinstance(result, ox.QuerySolutions):
        raise GraphStoreError("expected a SELECT query")
    names = [variable.value for variable in result.variables]
    return [
        {name: term.value for name, term in zip(names, solution, strict=True) if term is not None}
        for solution in result
    ]


def _written_results(
    result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
    results_format: ox.QueryResultsFormat,
    max_rows: int,
) -> tuple[bytes, bool]:
    """Return a SELECT or ASK result written by pyoxigraph in `results_format`, at most
    `max_rows` solutions, and whether solutions were cut off."""
    if isinstance(result, ox.QueryTriples):
        raise GraphStoreError("expected a SELECT or ASK query, got a graph result")
    if isinstance(result, ox.QueryBoolean):
        return _serialized(result, results_format), False
    data = _serialized(result, ox.QueryResultsFormat.JSON)
    truncated = False
    # A solution takes at least 3 bytes of compact JSON ("{}" and a comma), so a shorter
    # document cannot hold more than `max_rows` of them and need not be parsed to count.
    if len(data) >= 3 * max_rows + 2:
        parsed = json.loads(data)
        bindings = parsed["results"]["bindings"]
        if len(bindings) > max_rows:
            parsed["results"]["bindings"] = bindings[:max_rows]
            data = json.dumps(parsed, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            truncated = True
    if results_format == ox.QueryResultsFormat.JSON:
        return data, truncated
    solutions = ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
    return _serialized(solutions, results_format), truncated


def _serialized(
    result: ox.QuerySolutions | ox.QueryBoolean, results_format: ox.QueryResultsFormat
) -> bytes:
    """Return `result` written in `results_format`."""
    data = result.serialize(format=results_format)
    assert data is not None, "serialize without an output returns the bytes"
    return data


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
