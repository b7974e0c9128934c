"""A remote SPARQL 1.1 store, reached through the SPARQL 1.1 Protocol over HTTP.

Remote stores receive writes as SPARQL updates of at most `chunk_size` triples. A graph that
fits is replaced by one `DROP; INSERT DATA` request; a larger one is written into a staging
graph in several requests, then swapped in with one `MOVE` request. While staging, the
staged triples are visible to queries over the union default graph (not to `GRAPH <g>`).
"""

from __future__ import annotations

import contextlib
import urllib.error
import urllib.request
from io import BytesIO
from typing import IO
from urllib.parse import urlencode

import pyoxigraph as ox
from rdflib.query import Result

from pockg.graph.iri import staging_graph_iri
from pockg.graph.store.backend import _UNION_TRIPLES, _Payload, _QueryDataset
from pockg.graph.store.errors import GraphStoreError, InvalidQueryError
from pockg.graph.store.results import _plain_rows, _written_results
from pockg.graph.store.updates import _chunks, _graph_blocks, _replace_update, _swap_update

DEFAULT_CHUNK_SIZE = 10_000
DEFAULT_HTTP_TIMEOUT = 120.0
_ALL_QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g {} }"
_RESULT_MEDIA_TYPES = (
    "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
)


class _RemoteBackend:
    """A SPARQL 1.1 Protocol store: queries and updates as HTTP POST requests."""

    def __init__(
        self, query_endpoint: str, update_endpoint: str, chunk_size: int, timeout: float
    ) -> None:
        if chunk_size < 1:
            raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
        self._query_endpoint = query_endpoint
        self._update_endpoint = update_endpoint
        self._chunk_size = chunk_size
        self._timeout = timeout

    def query(self, sparql: str, dataset: _QueryDataset | None) -> Result:
        """Return the rdflib Result of `sparql`, with the dataset sent as protocol parameters."""
        media_type, body = self._post_query(_query_fields(sparql, dataset), _RESULT_MEDIA_TYPES)
        return Result.parse(BytesIO(body), content_type=media_type)

    def select(self, sparql: str, dataset: _QueryDataset | None) -> list[dict[str, str]]:
        """Return the solutions of a SELECT as plain {variable: value} rows."""
        return _plain_rows(self._parsed_results(sparql, dataset))

    def query_results(
        self,
        sparql: str,
        dataset: _QueryDataset | None,
        results_format: ox.QueryResultsFormat,
        max_rows: int,
    ) -> tuple[bytes, bool]:
        """Return a SELECT or ASK query's results written by pyoxigraph, cut to `max_rows`
        solutions, and whether any were cut."""
        return _written_results(self._parsed_results(sparql, dataset), results_format, max_rows)

    def _parsed_results(
        self, sparql: str, dataset: _QueryDataset | None
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Return the endpoint's SPARQL JSON results for `sparql`, parsed by pyoxigraph."""
        fields = _query_fields(sparql, dataset)
        _, body = self._post_query(fields, "application/sparql-results+json")
        try:
            return ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
        except SyntaxError as error:
            message = f"{self._query_endpoint} sent results that do not parse: {error}"
            raise GraphStoreError(message) from None

    def graph_names(self) -> list[str]:
        """Return the names of all named graphs (staging graphs included), unsorted."""
        _, body = self._post_query([("query", _GRAPHS)], "application/sparql-results+json")
        rows = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
        assert isinstance(rows, ox.QuerySolutions), "a SELECT query returns solutions"
        return [row["g"].value for row in rows if isinstance(row["g"], ox.NamedNode)]

    def update(self, sparql: str) -> None:
        """Send `sparql` as one update request (one transaction on transactional stores)."""
        headers = {"Content-Type": "application/sparql-update; charset=utf-8"}
        self._post(self._update_endpoint, sparql.encode("utf-8"), headers)

    def replace(self, payload: _Payload) -> None:
        """Replace the payload's graphs: in one request if it fits, else by staging."""
        if sum(len(triples) for triples in payload.values()) <= self._chunk_size:
            self.update(_replace_update(payload))
            return
        staging = {graph: staging_graph_iri() for graph in payload}
        try:
            for chunk in _chunks(payload, self._chunk_size):
                staged = {staging[graph]: triples for graph, triples in chunk.items()}
                self.update(f"INSERT DATA {{\n{_graph_blocks(staged)}}}")
            self.update(_swap_update(staging, payload))
        except GraphStoreError:
            with contextlib.suppress(GraphStoreError):
                self.update(" ;\n".join(f"DROP SILENT GRAPH <{s}>" for s in staging.values()))
            raise

    def export(self, rdf_format: ox.RdfFormat, out: IO[bytes], prefixes: dict[str, str]) -> None:
        """Write the named graphs, or their union for a triples-only format, to `out`."""
        if not rdf_format.supports_datasets:
            _, body = self._post_query([("query", _UNION_TRIPLES)], "application/n-triples")
            triples = (quad.triple for quad in ox.parse(body, ox.RdfFormat.N_TRIPLES))
            ox.serialize(triples, out, rdf_format, prefixes=prefixes)
            return
        _, body = self._post_query([("query", _ALL_QUADS)], "application/sparql-results+json")
        rows = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
        assert isinstance(rows, ox.QuerySolutions), "a SELECT query returns solutions"
        quads = (ox.Quad(row["s"], row["p"], row["o"], row["g"]) for row in rows)
        ox.serialize(quads, out, rdf_format, prefixes=prefixes)

    def snapshot(self) -> contextlib.AbstractContextManager[bool]:
        """Return a context yielding False: a remote store's reads cannot share one state."""
        return contextlib.nullcontext(False)

    def writing(self) -> contextlib.AbstractContextManager[None]:
        """Return a no-op context: the remote server arbitrates concurrent writers."""
        return contextlib.nullcontext()

    def close(self) -> None:
        """Nothing to release: every request opens and closes its own connection."""

    def _post_query(self, fields: list[tuple[str, str]], accept: str) -> tuple[str, bytes]:
        """Return the media type and body of the query endpoint's answer to `fields`."""
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
        return self._post(self._query_endpoint, urlencode(fields).encode("utf-8"), headers)

    def _post(self, url: str, body: bytes, headers: dict[str, str]) -> tuple[str, bytes]:
        """Return the media type and body of the answer to a POST of `body` to `url`."""
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                return str(response.headers.get_content_type()), bytes(response.read())
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", "replace").strip()
            if error.code == 400:
                raise InvalidQueryError(f"{url} rejected the request: {detail}") from None
            raise GraphStoreError(f"{url} answered {error.code} {error.reason}: {detail}") from None
        except OSError as error:  # URLError, refused connection, timeout
            reason = getattr(error, "reason", error)
            raise GraphStoreError(f"cannot reach the SPARQL endpoint {url}: {reason}") from None


def _query_fields(sparql: str, dataset: _QueryDataset | None) -> list[tuple[str, str]]:
    """Return the form fields of a query request: the query and its dataset, if named."""
    fields = [("query", sparql)]
    if dataset is not None:
        fields += [("default-graph-uri", g) for g in dataset.default]
        fields += [("named-graph-uri", g) for g in dataset.named]
    return fields
