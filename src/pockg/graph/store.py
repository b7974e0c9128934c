"""The graph store: one API over an embedded Oxigraph store or a remote SPARQL 1.1 store.

Every document's triples live in their own named graph; `replace_graph` swaps one graph for
a new version atomically, so a reader sees the old or the new graph, never a mix.

Query dataset. Unless a query names its dataset, its default graph is the union of all
named graphs and `GRAPH ?g` ranges over every named graph (the embedded store uses
Oxigraph's `use_default_graph_as_union`; a remote store must be configured the same way:
`oxigraph serve --union-default-graph`, Fuseki's `tdb2:unionDefaultGraph true`). When a
query passes `default_graph_uris` or `named_graph_uris`, SPARQL Protocol rules apply: the
default graph is the merge of `default_graph_uris` (empty if none) and the named graphs are
exactly `named_graph_uris`. pockg never writes the store's own default graph.

Results are always parsed by rdflib's own SPARQL-results and N-Triples parsers, on both
backends. oxrdflib 0.5's term conversion is not used for results because it types every
plain literal as xsd:string, and rdflib compares `Literal("x")` and
`Literal("x", datatype=XSD.string)` as different (RDFLib/rdflib#2123), so graphs read back
would not be isomorphic to the graphs written.

Concurrency of the embedded store. RocksDB admits one read-write process. Writers take an
exclusive `flock` on `<data_dir>/graph.lock` (waiting up to a timeout), open the store
read-write only for one write batch, then flush, close it and replace
`<data_dir>/graph.generation` with a fresh token. Readers (the long-running server) keep a
read-only snapshot and reopen it (~30 ms) when the token changed, so new data shows without
a restart and readers never block writers. Each replace is one SPARQL update, i.e. one
transaction, so even a snapshot opened during a write batch never sees half a document.

Remote stores receive writes as SPARQL updates of at most `chunk_size` triples. A graph that
fits is replaced by one `DROP; INSERT DATA` request; a larger one is written into a staging
graph in several requests, then swapped in with one `MOVE` request. While staging, the
staged triples are visible to queries over the union default graph (not to `GRAPH <g>`).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from types import TracebackType
from typing import IO, Protocol, TypeVar
from urllib.parse import urlencode

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef, Variable
from rdflib.query import Result

from pockg.config import Settings
from pockg.graph.iri import STAGING_GRAPH_PREFIX, staging_graph_iri

ENV_SPARQL_QUERY = "POCKG_SPARQL_QUERY"
ENV_SPARQL_UPDATE = "POCKG_SPARQL_UPDATE"
ENV_LOCK_TIMEOUT = "POCKG_GRAPH_LOCK_TIMEOUT"

DEFAULT_LOCK_TIMEOUT = 60.0
DEFAULT_CHUNK_SIZE = 10_000
DEFAULT_HTTP_TIMEOUT = 120.0
_POLL_SECONDS = 0.05
_READ_ONLY_OPEN_SECONDS = 5.0
_UNION_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
_ALL_QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
_RESULT_MEDIA_TYPES = (
    "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
)

EXPORT_FORMATS: Mapping[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}
LOAD_FORMATS: Mapping[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
LOAD_EXTENSIONS: Mapping[str, str] = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nt": "ntriples",
    ".nq": "nquads",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".rdf": "rdfxml",
    ".owl": "rdfxml",
    ".xml": "rdfxml",
}

_T = TypeVar("_T")

# The graphs to write, by name, each with the exact triples it must hold afterwards.
_Payload = dict[URIRef, list[ox.Triple]]


class GraphStoreError(Exception):
    """A graph store operation failed; the message says what, where and what to do."""


class InvalidQueryError(GraphStoreError):
    """A SPARQL query or update was rejected as malformed."""


@dataclass(frozen=True)
class _QueryDataset:
    """The RDF dataset a query names explicitly (SPARQL Protocol default/named graph URIs)."""

    default: tuple[URIRef, ...]
    named: tuple[URIRef, ...]


class _Backend(Protocol):
    """What the local and the remote store each provide to GraphStore."""

    def query(self, sparql: str, dataset: _QueryDataset | None) -> Result: ...
    def update(self, sparql: str) -> None: ...
    def replace(self, payload: _Payload) -> None: ...
    def export(
        self, rdf_format: ox.RdfFormat, out: IO[bytes], prefixes: dict[str, str]
    ) -> None: ...
    def writing(self) -> contextlib.AbstractContextManager[None]: ...
    def close(self) -> None: ...


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

    def replace_graph(self, graph_iri: str, triples: Graph) -> None:
        """Make the named graph `graph_iri` hold exactly `triples`, atomically."""
        self._backend.replace(_payload_from_graph(_checked_iri(graph_iri), triples))

    def remove_graph(self, graph_iri: str) -> None:
        """Delete the named graph `graph_iri` and its triples (nothing if it does not exist)."""
        self._backend.update(f"DROP SILENT GRAPH {_iri_ref(_checked_iri(graph_iri))}")

    def named_graphs(self) -> list[URIRef]:
        """Return the names of all named graphs, sorted (staging graphs left out)."""
        result = self.query("SELECT ?g WHERE { GRAPH ?g {} }")
        names = {n for n in _column(result, "g") if isinstance(n, URIRef)}
        return sorted(n for n in names if not n.startswith(STAGING_GRAPH_PREFIX))

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
        dataset = None
        if default_graph_uris or named_graph_uris:
            default = tuple(_checked_iri(g) for g in default_graph_uris)
            dataset = _QueryDataset(default, tuple(_checked_iri(g) for g in named_graph_uris))
        return self._backend.query(sparql, dataset)

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


class _LocalBackend:
    """The embedded Oxigraph store: one writing process at a time, any number of readers."""

    def __init__(self, data_dir: Path, lock_timeout: float) -> None:
        self._data_dir = data_dir
        self._path = data_dir / "graph"
        self._lock_path = data_dir / "graph.lock"
        self._generation_path = data_dir / "graph.generation"
        self._lock_timeout = lock_timeout
        # Serialises this process's batches; re-entrant so nested `writing()` blocks join one.
        self._batch = threading.RLock()
        self._snapshot_lock = threading.Lock()
        self._writer: ox.Store | None = None
        self._writer_thread: int | None = None
        self._reader: ox.Store | None = None
        self._reader_generation = ""

    def query(self, sparql: str, dataset: _QueryDataset | None) -> Result:
        """Return the rdflib Result of `sparql` on the latest committed state."""
        return self._read(lambda store: _run_query(store, sparql, dataset))

    def update(self, sparql: str) -> None:
        """Run `sparql` as one transaction in a write batch."""
        with self._session() as store:
            _apply_update(store, sparql)

    def replace(self, payload: _Payload) -> None:
        """Replace the payload's graphs in one transaction.

        Graphs that all are new are written with one `load` of N-Quads, which parses several
        times faster than the `DROP; INSERT DATA` update that replacing needs.
        """
        with self._session() as store:
            if any(store.contains_named_graph(ox.NamedNode(graph)) for graph in payload):
                _apply_update(store, _replace_update(payload))
                return
            try:
                store.load(_nquads(payload), ox.RdfFormat.N_QUADS)
            except OSError as error:
                raise GraphStoreError(f"writing to the graph store failed: {error}") from None

    def export(self, rdf_format: ox.RdfFormat, out: IO[bytes], prefixes: dict[str, str]) -> None:
        """Write the dataset, or the union of its graphs for a triples-only format, to `out`."""

        def dump(store: ox.Store) -> None:
            if rdf_format.supports_datasets:
                store.dump(out, rdf_format, prefixes=prefixes)
                return
            union = store.query(_UNION_TRIPLES, use_default_graph_as_union=True)
            assert isinstance(union, ox.QueryTriples), "a CONSTRUCT query returns triples"
            ox.serialize(union, out, rdf_format, prefixes=prefixes)

        self._read(dump)

    def writing(self) -> contextlib.AbstractContextManager[None]:
        """Return a context holding one write batch (see GraphStore.writing)."""
        return _discard_value(self._session())

    def close(self) -> None:
        """Drop the read-only snapshot (a write batch is ended by its own context)."""
        with self._snapshot_lock:
            self._reader = None

    def _read(self, action: Callable[[ox.Store], _T]) -> _T:
        """Return what `action` returns when run on this thread's batch or the latest snapshot."""
        store = self._writer if self._in_batch() and self._writer is not None else self._snapshot()
        try:
            return action(store)
        except (OSError, RuntimeError) as error:
            message = f"reading the graph store in {self._path} failed: {error}"
            raise GraphStoreError(message) from None

    def _in_batch(self) -> bool:
        """Return whether this thread holds the open write batch (and reads its writes)."""
        return self._writer is not None and self._writer_thread == threading.get_ident()

    def _snapshot(self) -> ox.Store:
        """Return a read-only store, reopened when a writer has finished a batch since."""
        with self._snapshot_lock:
            if self._reader is None and not (self._path / "CURRENT").exists():
                with self._session():
                    pass  # read-only opening needs an existing store: create an empty one
            # Read the token before opening: a batch ending in between triggers a reopen.
            generation = _read_generation(self._generation_path)
            if self._reader is None or generation != self._reader_generation:
                self._reader = _open_read_only(self._path)
                self._reader_generation = generation
            return self._reader

    @contextlib.contextmanager
    def _session(self) -> Iterator[ox.Store]:
        """Yield the read-write store, opening a batch unless this thread already holds one."""
        deadline = time.monotonic() + self._lock_timeout
        if not self._batch.acquire(timeout=self._lock_timeout):
            raise GraphStoreError(
                _busy_message(self._data_dir, "another thread", self._lock_timeout)
            )
        try:
            if self._writer is not None:
                yield self._writer
                return
            with _exclusive_lock(self._lock_path, deadline, self._lock_timeout):
                self._writer = _open_read_write(self._path, deadline, self._lock_timeout)
                self._writer_thread = threading.get_ident()
                try:
                    yield self._writer
                finally:
                    self._end_batch()
        finally:
            self._batch.release()

    def _end_batch(self) -> None:
        """Flush and close the read-write store, then tell readers that a new state exists."""
        writer, self._writer, self._writer_thread = self._writer, None, None
        try:
            if writer is not None:
                writer.flush()
        finally:
            # Dropping the last reference closes RocksDB and frees its LOCK for the next writer.
            del writer
            _bump_generation(self._generation_path)


@contextlib.contextmanager
def _discard_value(context: contextlib.AbstractContextManager[ox.Store]) -> Iterator[None]:
    """Yield None inside `context`: callers of `writing()` need the batch, not the handle."""
    with context:
        yield


@contextlib.contextmanager
def _exclusive_lock(path: Path, deadline: float, timeout: float) -> Iterator[None]:
    """Hold an exclusive flock on `path`, waiting until `deadline` for another process."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _lock_holder(path)
                    raise GraphStoreError(_busy_message(path.parent, holder, timeout)) from None
                time.sleep(_POLL_SECONDS)
        # Record who holds the lock so that a waiting process can say whom it waited for.
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(descriptor)  # closing the only descriptor releases the flock


def _lock_holder(path: Path) -> str:
    """Return a description of the process that holds the writer lock at `path`."""
    with contextlib.suppress(OSError):
        pid = path.read_text(encoding="ascii").strip()
        if pid.isdigit():
            return f"another pockg process (pid {pid})"
    return "another pockg process"


def _busy_message(data_dir: Path, holder: str, timeout: float) -> str:
    """Return the error shown to a writer that gave up waiting for the writer lock."""
    return (
        f"{holder} is writing to the graph store in {data_dir}; waited {timeout:g} s. "
        f"Try again when it has finished, or wait longer with {ENV_LOCK_TIMEOUT}=SECONDS."
    )


def _open_read_write(path: Path, deadline: float, timeout: float) -> ox.Store:
    """Return the read-write store at `path`, retrying while RocksDB's own lock is taken.

    The flock normally guarantees RocksDB's lock is free; it can still be held briefly by a
    handle not yet garbage-collected, or by a process that does not use the flock (for
    example `oxigraph serve` started by hand on the same directory).
    """
    while True:
        try:
            return ox.Store(str(path))
        except OSError as error:
            if "lock" not in str(error).lower():
                raise GraphStoreError(f"cannot open the graph store in {path}: {error}") from None
            if time.monotonic() >= deadline:
                raise GraphStoreError(_busy_message(path, "another process", timeout)) from None
            time.sleep(_POLL_SECONDS)


def _open_read_only(path: Path) -> ox.Store:
    """Return a read-only snapshot of the store at `path`.

    Opening can race with a writer that replaces RocksDB's MANIFEST file (pyoxigraph calls
    reading during a write undefined behaviour); the race is brief, so opening is retried.
    """
    deadline = time.monotonic() + _READ_ONLY_OPEN_SECONDS
    while True:
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as error:
            if time.monotonic() >= deadline:
                raise GraphStoreError(f"cannot open the graph store in {path}: {error}") from None
            time.sleep(_POLL_SECONDS)


def _read_generation(path: Path) -> str:
    """Return the token of the last finished write batch ('' before the first one)."""
    try:
        return path.read_text(encoding="ascii")
    except FileNotFoundError:
        return ""


def _bump_generation(path: Path) -> None:
    """Replace the generation token atomically, so a reader never reads a partial token."""
    token = f"{time.time_ns()}-{os.getpid()}-{threading.get_ident()}"
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_text(token, encoding="ascii")
    os.replace(temporary, path)


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
        fields = [("query", sparql)]
        if dataset is not None:
            fields += [("default-graph-uri", g) for g in dataset.default]
            fields += [("named-graph-uri", g) for g in dataset.named]
        media_type, body = self._post_query(fields, _RESULT_MEDIA_TYPES)
        return Result.parse(BytesIO(body), content_type=media_type)

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


def _run_query(store: ox.Store, sparql: str, dataset: _QueryDataset | None) -> Result:
    """Return the rdflib Result of `sparql` on `store` (see the module doc for the dataset)."""
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


def _checked_iri(iri: str) -> URIRef:
    """Return `iri` as a URIRef, or raise GraphStoreError if it is not an absolute IRI."""
    try:
        ox.NamedNode(iri)
    except ValueError as error:
        raise GraphStoreError(f"not a valid absolute IRI for a graph: {iri!r} ({error})") from None
    return URIRef(iri)


def _iri_ref(iri: URIRef) -> str:
    """Return `iri` in SPARQL syntax."""
    return f"<{iri}>"


def _payload_from_graph(graph_iri: URIRef, triples: Graph) -> _Payload:
    """Return the payload that makes `graph_iri` hold the triples of an rdflib graph."""
    data = triples.serialize(format="nt", encoding="utf-8")
    return {graph_iri: [quad.triple for quad in ox.parse(data, ox.RdfFormat.N_TRIPLES)]}


def _load_format(path: Path, name: str | None) -> ox.RdfFormat:
    """Return the RDF format named `name`, else the one `path`'s extension implies."""
    chosen = name if name is not None else LOAD_EXTENSIONS.get(path.suffix.lower())
    if chosen is None:
        known = ", ".join(LOAD_EXTENSIONS)
        raise GraphStoreError(f"{path}: cannot tell the RDF format from the extension ({known})")
    if chosen not in LOAD_FORMATS:
        raise GraphStoreError(
            f"{path}: unknown RDF format {chosen!r}; use {', '.join(LOAD_FORMATS)}"
        )
    return LOAD_FORMATS[chosen]


def _payload_from_file(path: Path, graph_iri: URIRef | None, rdf_format: ox.RdfFormat) -> _Payload:
    """Return the payload a file describes; parse errors become GraphStoreError."""
    # A graph format replaces the target graph even when the file is empty.
    payload: _Payload = {}
    if graph_iri is not None and not rdf_format.supports_datasets:
        payload[graph_iri] = []
    try:
        for quad in ox.parse(path=path, format=rdf_format, base_iri=path.resolve().as_uri()):
            target = _target_graph(quad.graph_name, graph_iri, path)
            payload.setdefault(target, []).append(quad.triple)
    except SyntaxError as error:
        message = _syntax_message(error)
        raise GraphStoreError(f"{path}: not valid {rdf_format.name}: {message}") from None
    except OSError as error:
        raise GraphStoreError(f"{path}: cannot read the file: {error.strerror or error}") from None
    return payload


def _target_graph(
    name: ox.NamedNode | ox.BlankNode | ox.DefaultGraph, graph_iri: URIRef | None, path: Path
) -> URIRef:
    """Return the store graph that receives a parsed quad from graph `name` of the file."""
    if isinstance(name, ox.NamedNode):
        return URIRef(name.value)
    if isinstance(name, ox.BlankNode):
        raise GraphStoreError(f"{path}: graphs named by blank nodes are not supported")
    if graph_iri is None:
        raise GraphStoreError(f"{path}: has triples outside any named graph; give a target graph")
    return graph_iri


def _replace_update(payload: _Payload) -> str:
    """Return one update request after which each payload graph holds exactly its triples."""
    operations = [f"DROP SILENT GRAPH {_iri_ref(graph)}" for graph in payload]
    blocks = _graph_blocks(payload)
    if blocks:
        operations.append(f"INSERT DATA {{\n{blocks}}}")
    return " ;\n".join(operations)


def _swap_update(staging: Mapping[URIRef, URIRef], payload: _Payload) -> str:
    """Return one update request moving each staging graph onto its target graph."""
    return " ;\n".join(
        f"MOVE {_iri_ref(staging[graph])} TO {_iri_ref(graph)}"
        if triples
        else f"DROP SILENT GRAPH {_iri_ref(graph)}"
        for graph, triples in payload.items()
    )


def _graph_blocks(payload: Mapping[URIRef, Sequence[ox.Triple]]) -> str:
    """Return `GRAPH <g> { ... }` blocks in N-Triples syntax, valid inside INSERT DATA."""
    return "".join(
        f"GRAPH {_iri_ref(graph)} {{\n{_ntriples(triples)}}}\n"
        for graph, triples in payload.items()
        if triples
    )


def _nquads(payload: _Payload) -> bytes:
    """Return the payload as N-Quads."""
    buffer = BytesIO()
    quads = (
        ox.Quad(triple.subject, triple.predicate, triple.object, ox.NamedNode(graph))
        for graph, triples in payload.items()
        for triple in triples
    )
    ox.serialize(quads, buffer, ox.RdfFormat.N_QUADS)
    return buffer.getvalue()


def _ntriples(triples: Iterable[ox.Triple]) -> str:
    """Return `triples` as N-Triples text."""
    buffer = BytesIO()
    ox.serialize(triples, buffer, ox.RdfFormat.N_TRIPLES)
    return buffer.getvalue().decode("utf-8")


def _chunks(payload: _Payload, size: int) -> Iterator[_Payload]:
    """Yield parts of `payload` of at most `size` triples, never splitting triples that
    share a blank node: blank node labels are scoped to one update request, so a split
    would turn one blank node into two. A connected group larger than `size` stays whole."""
    chunk: _Payload = {}
    count = 0
    for group in _blank_node_groups(payload):
        if count and count + len(group) > size:
            yield chunk
            chunk, count = {}, 0
        for graph, triple in group:
            chunk.setdefault(graph, []).append(triple)
        count += len(group)
    if count:
        yield chunk


def _blank_node_groups(payload: _Payload) -> list[list[tuple[URIRef, ox.Triple]]]:
    """Return the payload's quads grouped: one group per triple without blank nodes, one
    per set of triples connected through shared blank nodes (union-find on their labels)."""
    parent: dict[str, str] = {}
    quads = [(graph, triple) for graph, triples in payload.items() for triple in triples]
    for _, triple in quads:
        labels = _blank_labels(triple)
        for label in labels[1:]:
            parent[_root(parent, label)] = _root(parent, labels[0])
    singles: list[list[tuple[URIRef, ox.Triple]]] = []
    connected: dict[str, list[tuple[URIRef, ox.Triple]]] = {}
    for quad in quads:
        labels = _blank_labels(quad[1])
        if labels:
            connected.setdefault(_root(parent, labels[0]), []).append(quad)
        else:
            singles.append([quad])
    return singles + list(connected.values())


def _blank_labels(triple: ox.Triple) -> list[str]:
    """Return the labels of the blank nodes in a triple's subject and object."""
    return [
        term.value for term in (triple.subject, triple.object) if isinstance(term, ox.BlankNode)
    ]


def _root(parent: dict[str, str], label: str) -> str:
    """Return the representative of `label`'s group, halving the path on the way."""
    while parent.setdefault(label, label) != label:
        parent[label] = parent[parent[label]]
        label = parent[label]
    return label
