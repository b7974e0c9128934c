"""GraphStore, the one API over both backends, and `open_graph_store`, which picks the
backend from the settings and the POCKG_* environment.

Query dataset. Unless a query names its dataset, its default graph is the union of all
named graphs and `GRAPH ?g` ranges over every named graph (the embedded store uses
Oxigraph's `use_default_graph_as_union`; a remote store must be configured the same way:
`oxigraph serve --union-default-graph`, Fuseki's `tdb2:unionDefaultGraph true`). When a
query passes `default_graph_uris` or `named_graph_uris`, SPARQL Protocol rules apply: the
default graph is the merge of `default_graph_uris` (empty if none) and the named graphs are
exactly `named_graph_uris`. pockg never writes the store's own default graph.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.query import Result

from pockg.config import Settings
from pockg.graph.iri import STAGING_GRAPH_PREFIX
from pockg.graph.store.backend import _Backend, _QueryDataset
from pockg.graph.store.errors import GraphStoreError
from pockg.graph.store.local import _LocalBackend
from pockg.graph.store.locking import DEFAULT_LOCK_TIMEOUT, ENV_LOCK_TIMEOUT
from pockg.graph.store.payload import _load_format, _payload_from_file, _payload_from_graph
from pockg.graph.store.remote import DEFAULT_CHUNK_SIZE, DEFAULT_HTTP_TIMEOUT, _RemoteBackend
from pockg.graph.store.results import _column
from pockg.graph.store.updates import _iri_ref

ENV_SPARQL_QUERY = "POCKG_SPARQL_QUERY"
ENV_SPARQL_UPDATE = "POCKG_SPARQL_UPDATE"

EXPORT_FORMATS: Mapping[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}


class GraphStore:
    """A named-graph RDF store, embedded or remote, with rdflib results."""

    def __init__(self, backend: _Backend) -> None:
        self._backend = backend
        self._held = contextlib.ExitStack()

    @classmethod
    def local(
        cls, data_dir: Path, *, write: bool = False, lock_timeout: float = DEFAULT_LOCK_TIMEOUT
    ) -> GraphStore:
        """Return the embedded store in `data_dir/graph`; with `write`, holding one write batch.

        A store opened with `write=True` keeps the writer lock until `close()`. Otherwise it
        reads a snapshot that follows other processes' writes, and each write method runs
        its own short batch (or joins an enclosing `writing()` block).
        """
        store = cls(_LocalBackend(data_dir, lock_timeout))
        if write:
            store._held.enter_context(store.writing())
        return store

    @classmethod
    def remote(
        cls,
        query_endpoint: str,
        update_endpoint: str,
        *,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        timeout: float = DEFAULT_HTTP_TIMEOUT,
    ) -> GraphStore:
        """Return a store that talks to SPARQL 1.1 Query and Update endpoints."""
        return cls(_RemoteBackend(query_endpoint, update_endpoint, chunk_size, timeout))

    def writing(self) -> contextlib.AbstractContextManager[None]:
        """Return a context that groups writes in one batch under the writer lock.

        Readers holding a snapshot (other processes, other threads) see the batch's writes
        when it ends. A batch is not a transaction: each write in it is atomic on its own,
        and a reader that opens its first snapshot meanwhile sees the writes made so far.
        A no-op on a remote store.
        """
        return self._backend.writing()

    def snapshot(self) -> contextlib.AbstractContextManager[bool]:
        """Return a context in which this thread's reads all see one state of the store, and
        which yields whether they do: True for the embedded store (its read-only snapshot,
        or the thread's own write batch), False for a remote store, whose every request may
        see another state."""
        return self._backend.snapshot()

    def replace_graph(self, graph_iri: str, triples: Graph) -> None:
        """Make the named graph `graph_iri` hold exactly `triples`, atomically."""
        self._backend.replace(_payload_from_graph(_checked_iri(graph_iri), triples))

    def remove_graph(self, graph_iri: str) -> None:
        """Delete the named graph `graph_iri` and its triples (nothing if it does not exist)."""
        self._backend.update(f"DROP SILENT GRAPH {_iri_ref(_checked_iri(graph_iri))}")

    def named_graphs(self) -> list[URIRef]:
        """Return the names of all named graphs, sorted (staging graphs left out)."""
        return [URIRef(name) for name in self.graph_names()]

    def graph_names(self, *, staging: bool = False) -> list[str]:
        """Return the names of all named graphs as strings, sorted; with `staging`, the
        store-internal staging graphs of a write in progress too (a remote store's)."""
        names = set(self._backend.graph_names())
        return sorted(n for n in names if staging or not n.startswith(STAGING_GRAPH_PREFIX))

    def graph_triple_count(self, graph_iri: str) -> int:
        """Return the number of triples in the named graph `graph_iri` (0 if absent)."""
        iri = _iri_ref(_checked_iri(graph_iri))
        result = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {iri} {{ ?s ?p ?o }} }}")
        count = _column(result, "n")[0]
        assert isinstance(count, Literal), "COUNT always binds a literal"
        return int(count)

    def query(
        self,
        sparql: str,
        *,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
    ) -> Result:
        """Return the rdflib Result of a SPARQL 1.1 query, fully read (see the module doc
        for the dataset it runs against). Raises InvalidQueryError for a malformed query."""
        return self._backend.query(sparql, _dataset(default_graph_uris, named_graph_uris))

    def select(
        self,
        sparql: str,
        *,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
    ) -> list[dict[str, str]]:
        """Return the solutions of a SELECT query as {variable: lexical value} rows, unbound
        variables left out: plain strings read straight from the engine, several times
        faster than `query` for many rows. The dataset is as for `query`. Raises
        InvalidQueryError for a malformed query, GraphStoreError for another query form."""
        return self._backend.select(sparql, _dataset(default_graph_uris, named_graph_uris))

    def query_results(
        self,
        sparql: str,
        results_format: ox.QueryResultsFormat,
        max_rows: int,
        *,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
    ) -> tuple[bytes, bool]:
        """Return the results of a SELECT or ASK query written in `results_format` by
        pyoxigraph (never converted to Python terms), at most `max_rows` solutions, and
        whether solutions were cut off. The dataset is as for `query`. Raises
        InvalidQueryError for a malformed query, GraphStoreError for a CONSTRUCT or DESCRIBE."""
        return self._backend.query_results(
            sparql, _dataset(default_graph_uris, named_graph_uris), results_format, max_rows
        )

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 update; its WHERE patterns see the store's own (empty) default
        graph, so name graphs with GRAPH. Raises InvalidQueryError when malformed."""
        self._backend.update(sparql)

    def load_file(
        self, path: str | Path, graph_iri: str | None = None, format: str | None = None
    ) -> dict[URIRef, int]:
        """Replace graphs with the content of an RDF file; return triple counts by graph.

        Triples outside a named graph go to `graph_iri`; TriG and N-Quads named graphs
        keep their names. Each graph the file writes is replaced as a whole (loading the
        same file twice changes nothing). `format` is a LOAD_FORMATS key, else guessed from
        the extension. A file that does not parse raises GraphStoreError naming the file
        and the parser's message, and the store is left unchanged.
        """
        source = Path(path)
        target = None if graph_iri is None else _checked_iri(graph_iri)
        payload = _payload_from_file(source, target, _load_format(source, format))
        self._backend.replace(payload)
        return {graph: len(triples) for graph, triples in payload.items()}

    def export(
        self, fmt: str, out: IO[bytes], *, prefixes: Mapping[str, str] | None = None
    ) -> None:
        """Write every named graph to `out` as trig, nquads or jsonld, or their union as turtle."""
        if fmt not in EXPORT_FORMATS:
            raise GraphStoreError(f"unknown export format {fmt!r}; use {', '.join(EXPORT_FORMATS)}")
        self._backend.export(EXPORT_FORMATS[fmt], out, dict(prefixes or {}))

    def close(self) -> None:
        """End a held write batch and release the store's handles."""
        self._held.close()
        self._backend.close()

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def open_graph_store(settings: Settings, *, write: bool = False) -> GraphStore:
    """Return the store configured by POCKG_SPARQL_QUERY/POCKG_SPARQL_UPDATE, else the
    embedded store in `settings.data_dir` (holding a write batch until close if `write`)."""
    query_endpoint = os.environ.get(ENV_SPARQL_QUERY, "").strip()
    update_endpoint = os.environ.get(ENV_SPARQL_UPDATE, "").strip()
    if query_endpoint or update_endpoint:
        if not (query_endpoint and update_endpoint):
            raise GraphStoreError(
                f"set both {ENV_SPARQL_QUERY} and {ENV_SPARQL_UPDATE} to use a remote store, "
                "or neither to use the embedded one"
            )
        return GraphStore.remote(query_endpoint, update_endpoint)
    return GraphStore.local(settings.data_dir, write=write, lock_timeout=_lock_timeout())


def _lock_timeout() -> float:
    """Return the writer-lock timeout from POCKG_GRAPH_LOCK_TIMEOUT, else the default."""
    value = os.environ.get(ENV_LOCK_TIMEOUT, "").strip()
    if not value:
        return DEFAULT_LOCK_TIMEOUT
    try:
        return float(value)
    except ValueError:
        message = f"{ENV_LOCK_TIMEOUT} must be a number of seconds, got {value!r}"
        raise GraphStoreError(message) from None


def scoped_dataset(graphs: Sequence[str] | None, id_base: str) -> dict[str, tuple[str, ...]]:
    """Return the dataset arguments of `query`/`select` that read the named graphs `graphs`
    only, as both the default graph and the named graphs (every graph when None; none when
    empty, through a graph name that is never written, since no list means every graph)."""
    if graphs is None:
        return {}
    listed = tuple(graphs) or (f"{id_base or 'urn:pockg:'}graph/none",)
    return {"default_graph_uris": listed, "named_graph_uris": listed}


def _dataset(default: Sequence[str], named: Sequence[str]) -> _QueryDataset | None:
    """Return the dataset a query names, or None for the store's (see the module doc)."""
    if not default and not named:
        return None
    return _QueryDataset(
        tuple(_checked_iri(g) for g in default), tuple(_checked_iri(g) for g in named)
    )


def _checked_iri(iri: str) -> URIRef:
    """Return `iri` as a URIRef, or raise GraphStoreError if it is not an absolute IRI."""
    try:
        ox.NamedNode(iri)
    except ValueError as error:
        raise GraphStoreError(f"not a valid absolute IRI for a graph: {iri!r} ({error})") from None
    return URIRef(iri)
