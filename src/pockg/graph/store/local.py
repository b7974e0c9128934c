"""The embedded Oxigraph store in `<data_dir>/graph`.

Concurrency. RocksDB admits one read-write process. Writers take an exclusive `flock` on
`<data_dir>/graph.lock` (waiting up to a timeout), open the store read-write only for one
write batch, then flush, close it and replace `<data_dir>/graph.generation` with a fresh
token. Readers (the long-running server) keep a read-only snapshot and reopen it (~30 ms)
when the token changed, so new data shows without a restart and readers never block
writers. Each replace is one SPARQL update, i.e. one transaction, so even a snapshot opened
during a write batch never sees half a document.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TypeVar

import pyoxigraph as ox
from rdflib.query import Result

from pockg.graph.store.backend import _UNION_TRIPLES, _Payload, _QueryDataset
from pockg.graph.store.errors import GraphStoreError
from pockg.graph.store.locking import (
    _bump_generation,
    _busy_message,
    _exclusive_lock,
    _open_read_only,
    _open_read_write,
    _read_generation,
)
from pockg.graph.store.results import (
    _apply_update,
    _plain_rows,
    _raw_query,
    _run_query,
    _written_results,
)
from pockg.graph.store.updates import _nquads, _replace_update

_T = TypeVar("_T")


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
        self._pinned = threading.local()  # the snapshot a thread holds in `snapshot()`
        self._reader_names: tuple[ox.Store, list[str]] | None = None

    def query(self, sparql: str, dataset: _QueryDataset | None) -> Result:
        """Return the rdflib Result of `sparql` on the latest committed state."""
        return self._read(lambda store: _run_query(store, sparql, dataset))

    def select(self, sparql: str, dataset: _QueryDataset | None) -> list[dict[str, str]]:
        """Return the solutions of a SELECT as plain {variable: value} rows."""
        return self._read(lambda store: _plain_rows(_raw_query(store, sparql, dataset)))

    def query_results(
        self,
        sparql: str,
        dataset: _QueryDataset | None,
        results_format: ox.QueryResultsFormat,
        max_rows: int,
    ) -> tuple[bytes, bool]:
        """Return a SELECT or ASK query's results as pyoxigraph writes them, cut to
        `max_rows` solutions, and whether any were cut."""
        return self._read(
            lambda store: _written_results(
                _raw_query(store, sparql, dataset), results_format, max_rows
            )
        )

    def graph_names(self) -> list[str]:
        """Return the names of all named graphs (staging graphs included), unsorted; read
        once per snapshot, which never changes."""

        def names(store: ox.Store) -> list[str]:
            cached = self._reader_names
            if cached is not None and cached[0] is store:
                return list(cached[1])
            found = [g.value for g in store.named_graphs() if _named(g)]
            if store is not self._writer:
                self._reader_names = (store, found)
            return list(found)

        return self._read(names)

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[bool]:
        """Make this thread's reads in the block see one state of the store; yield True."""
        if self._in_batch() or getattr(self._pinned, "store", None) is not None:
            yield True  # a batch reads its own writes; an enclosing block holds a snapshot
            return
        self._pinned.store = self._snapshot()
        try:
            yield True
        finally:
            self._pinned.store = None

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
            self._reader = self._reader_names = None

    def _read(self, action: Callable[[ox.Store], _T]) -> _T:
        """Return what `action` returns when run on this thread's batch or the latest snapshot."""
        store = self._writer if self._in_batch() else getattr(self._pinned, "store", None)
        if store is None:  # not `or`: a Store's truth value counts its quads
            store = self._snapshot()
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


def _named(graph: ox.NamedNode | ox.BlankNode) -> bool:
    """Say whether a graph name is an IRI (pockg never names graphs with blank nodes)."""
    return isinstance(graph, ox.NamedNode)


@contextlib.contextmanager
def _discard_value(context: contextlib.AbstractContextManager[ox.Store]) -> Iterator[None]:
    """Yield None inside `context`: callers of `writing()` need the batch, not the handle."""
    with context:
        yield
