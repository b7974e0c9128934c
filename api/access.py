"""Which named graphs a reader may see: one rule (`pockg.access.Reader`) for every route.

A document's graph is readable when the reader may read the document (public for everyone,
internal once signed in, confidential for admins and users granted it). Labels drawn only
from internal documents (`graph/labels-restricted`) are read by signed-in readers; those
only confidential documents give (`graph/labels-confidential`) by admins, and those one
confidential document gives alone (`graph/labels-confidential/<doc_id>`) by whoever may read
that document. Everything else (ontology, themes, reference data, public labels, loaded
files, curators' graphs) is readable by all.

Each process keeps the last reading of the document store and reads it again only after a
commit to it, so routes that ask on every request (`/sparql`) do not pay for reading it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path

from pockg.access import ANONYMOUS, Reader
from pockg.config import Settings
from pockg.docstore import DocumentStore
from pockg.graph.corpus import CONFIDENTIAL_LABELS, RESTRICTED_LABELS
from pockg.graph.iri import (
    corpus_graph_iri,
    document_graph_iri,
    document_graph_prefix,
    document_labels_graph_prefix,
)
from pockg.models import AccessLevel


def readable_graphs(
    settings: Settings, names: Iterable[object], reader: Reader = ANONYMOUS
) -> list[str]:
    """Return the graph names among `names` that `reader` may see, in order.

    A document graph (or a confidential document's labels graph) whose document is not in
    the document store (half-written by an interrupted ingest, or removed) is hidden too,
    since its access level is unknown.
    """
    stored = stored_graphs(settings)
    base = settings.id_base
    documents = document_graph_prefix(base)
    document_labels = document_labels_graph_prefix(base)
    restricted_labels = str(corpus_graph_iri(RESTRICTED_LABELS, base=base))
    confidential_labels = str(corpus_graph_iri(CONFIDENTIAL_LABELS, base=base))
    readable = []
    for name in map(str, names):
        # A confidential document's labels graph is read exactly when the document is.
        if name.startswith(document_labels):
            name_of_document = documents + name.removeprefix(document_labels)
        else:
            name_of_document = name
        if name_of_document.startswith(documents):
            document = stored.get(name_of_document)
            if document is None or not reader.may_read(*document):
                continue
        elif (name == restricted_labels and not reader.signed_in) or (
            name == confidential_labels and not reader.reads_everything
        ):
            continue
        readable.append(name)
    return readable


_Graphs = dict[str, tuple[AccessLevel, str]]


def stored_graphs(settings: Settings) -> _Graphs:
    """Return the stored documents' graphs with their access level and id, read again from
    the document store only when it has changed since (see `_StoreWatch`): a new object
    after each commit to it, so its identity tells callers when to recompute."""
    key = (settings.documents_db, settings.id_base)
    with _WATCH_LOCK:
        watch = _WATCHES.pop(key, None)
        if watch is None or not watch.same_file():
            if watch is not None:
                watch.close()
            watch = _StoreWatch(settings.documents_db)
        _WATCHES[key] = watch  # last used last: the first ones go when there are too many
        while len(_WATCHES) > _MAX_WATCHES:
            _WATCHES.pop(next(iter(_WATCHES))).close()
        version = watch.version()  # read before the store, so a later commit is seen
        if watch.graphs is None or watch.seen != version:
            watch.graphs, watch.seen = _read_graphs(settings), version
        return watch.graphs


def _read_graphs(settings: Settings) -> _Graphs:
    """Return the stored documents' graphs with their access level and id, reading the
    document store once."""
    base = settings.id_base
    return {
        str(document_graph_iri(s.doc_id, base=base)): (s.metadata.access_level, s.doc_id)
        for s in DocumentStore(settings.documents_db).summaries()
    }


class _StoreWatch:
    """Tells whether a document store has changed, through a connection kept open for that:
    SQLite's `PRAGMA data_version` changes when another connection commits
    (https://sqlite.org/pragma.html#pragma_data_version). Reading the store costs ~25 ms
    with a thousand documents; asking costs microseconds."""

    def __init__(self, path: Path) -> None:
        DocumentStore(path)  # creates the file and its tables if need be
        self._path = path
        self._file = self._identity()
        self._connection = sqlite3.connect(path, check_same_thread=False)
        self.graphs: _Graphs | None = None
        self.seen = -1

    def _identity(self) -> tuple[int, int]:
        stat = self._path.stat()
        return stat.st_dev, stat.st_ino

    def same_file(self) -> bool:
        """Say whether the path still names the file this watch has open (not a new one)."""
        try:
            return self._identity() == self._file
        except OSError:
            return False

    def close(self) -> None:
        """Close the connection."""
        self._connection.close()

    def version(self) -> int:
        """Return the store's data version: a new value after every commit by others."""
        return int(self._connection.execute("PRAGMA data_version").fetchone()[0])


_MAX_WATCHES = 8  # data directories watched at once (tests use many; a server one)
_WATCHES: dict[tuple[Path, str], _StoreWatch] = {}
_WATCH_LOCK = threading.Lock()
