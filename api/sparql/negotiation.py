"""Result formats of `/sparql`: choosing one from `Accept` or a `format` parameter, and
writing a query result in it (https://www.w3.org/TR/sparql11-protocol/#query-success).

SELECT and ASK answer in SPARQL Results JSON (the default), XML, CSV or TSV; CONSTRUCT and
DESCRIBE in Turtle (the default), N-Triples, JSON-LD or RDF/XML. A `format` parameter wins
over `Accept`; it may name a media type or a short name (`json`, `xml`, `csv`, `tsv`,
`turtle`, `ntriples`, `jsonld`, `rdfxml`, and the spellings SPARQLWrapper sends).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from io import BytesIO

import pyoxigraph as ox
from rdflib import Graph
from rdflib.query import Result

RESULT_FORMS = frozenset({"SELECT", "ASK"})


@dataclass(frozen=True)
class ResultFormat:
    """A format a result can be written in: its media type and the writer's name."""

    media_type: str
    writer: str  # a pyoxigraph QueryResultsFormat name, or an rdflib graph serializer


JSON = ResultFormat("application/sparql-results+json", "JSON")
XML = ResultFormat("application/sparql-results+xml", "XML")
CSV = ResultFormat("text/csv", "CSV")
TSV = ResultFormat("text/tab-separated-values", "TSV")
TURTLE = ResultFormat("text/turtle", "turtle")
NTRIPLES = ResultFormat("application/n-triples", "nt")
JSONLD = ResultFormat("application/ld+json", "json-ld")
RDFXML = ResultFormat("application/rdf+xml", "xml")

# Offered formats by media type (aliases included), the form's default first.
_RESULTS: Mapping[str, ResultFormat] = {
    JSON.media_type: JSON,
    "application/json": JSON,
    XML.media_type: XML,
    "application/xml": XML,
    CSV.media_type: CSV,
    TSV.media_type: TSV,
}
_GRAPHS: Mapping[str, ResultFormat] = {
    TURTLE.media_type: TURTLE,
    "application/turtle": TURTLE,
    "application/x-turtle": TURTLE,
    "text/n3": TURTLE,
    "text/rdf+n3": TURTLE,
    NTRIPLES.media_type: NTRIPLES,
    "text/plain": NTRIPLES,
    JSONLD.media_type: JSONLD,
    "application/x-json+ld": JSONLD,
    RDFXML.media_type: RDFXML,
}
_SHORT_RESULTS = {"json": JSON, "xml": XML, "csv": CSV, "tsv": TSV}
_SHORT_GRAPHS = {
    "turtle": TURTLE,
    "ttl": TURTLE,
    "n3": TURTLE,
    "nt": NTRIPLES,
    "ntriples": NTRIPLES,
    "n-triples": NTRIPLES,
    "jsonld": JSONLD,
    "json-ld": JSONLD,
    "xml": RDFXML,
    "rdfxml": RDFXML,
    "rdf+xml": RDFXML,
    "rdf": RDFXML,
}

RESULT_MEDIA_TYPES = (JSON, XML, CSV, TSV)
GRAPH_MEDIA_TYPES = (TURTLE, NTRIPLES, JSONLD, RDFXML)


class NotAcceptableError(Exception):
    """No format the client accepts fits the query form (HTTP 406)."""


def choose_format(form: str, accept: str | None, formats: Sequence[str]) -> ResultFormat:
    """Return the format for a `form` query (SELECT, ASK, CONSTRUCT, DESCRIBE) answer.

    The first `format` value that names a format of this form wins; else the offered
    format with the highest `Accept` quality (the form's default on a tie or no Accept).
    Raises NotAcceptableError when neither leaves a format.
    """
    offered, short = (
        (_RESULTS, _SHORT_RESULTS) if form in RESULT_FORMS else (_GRAPHS, _SHORT_GRAPHS)
    )
    if formats:
        for value in formats:
            key = value.strip().lower()
            chosen = short.get(key) or offered.get(_media_range(key))
            if chosen is not None:
                return chosen
        raise NotAcceptableError(_refusal(form, f"format={', '.join(formats)}", offered))
    ranges = _accept_ranges(accept or "*/*")
    best = max(offered, key=lambda media_type: _quality(media_type, ranges))
    if _quality(best, ranges) <= 0:
        raise NotAcceptableError(_refusal(form, f"Accept: {accept}", offered))
    return offered[best]


def write_result(result: Result, chosen: ResultFormat) -> bytes:
    """Return `result` written in `chosen`, a format of its query form."""
    if result.type in RESULT_FORMS:
        buffer = BytesIO()
        result.serialize(buffer, format="json")
        solutions = ox.parse_query_results(buffer.getvalue(), ox.QueryResultsFormat.JSON)
        return _oxigraph_bytes(solutions, getattr(ox.QueryResultsFormat, chosen.writer))
    assert result.graph is not None, "CONSTRUCT and DESCRIBE results hold a graph"
    return write_graph(result.graph, chosen)


def write_graph(graph: Graph, chosen: ResultFormat) -> bytes:
    """Return `graph` written in the graph format `chosen`."""
    return graph.serialize(format=chosen.writer, encoding="utf-8")


def _oxigraph_bytes(
    solutions: ox.QuerySolutions | ox.QueryBoolean, fmt: ox.QueryResultsFormat
) -> bytes:
    """Return parsed SPARQL results written by pyoxigraph (it writes TSV, rdflib does not)."""
    out = BytesIO()
    solutions.serialize(out, fmt)
    return out.getvalue()


def _accept_ranges(accept: str) -> list[tuple[str, float]]:
    """Return the media ranges of an Accept header with their quality values."""
    ranges = []
    for part in accept.split(","):
        media_range, *params = part.split(";")
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                quality = _float(value.strip(), default=0.0)
        if media_range.strip():
            ranges.append((_media_range(media_range), quality))
    return ranges


def _quality(media_type: str, ranges: list[tuple[str, float]]) -> float:
    """Return the quality the most specific matching range gives `media_type` (0 if none)."""
    kind = media_type.split("/")[0]
    for pattern in (media_type, f"{kind}/*", "*/*"):
        matches = [quality for media_range, quality in ranges if media_range == pattern]
        if matches:
            return max(matches)
    return 0.0


def _media_range(value: str) -> str:
    """Return a media type without parameters, lower case."""
    return value.split(";")[0].strip().lower()


def _float(value: str, *, default: float) -> float:
    try:
        return float(value)
    except ValueError:
        return default


def _refusal(form: str, asked: str, offered: Mapping[str, ResultFormat]) -> str:
    """Return a 406 message naming what was asked and what a `form` query can give."""
    types = ", ".join(dict.fromkeys(f.media_type for f in offered.values()))
    return f"cannot answer a {form} query as {asked}; acceptable types: {types}"
