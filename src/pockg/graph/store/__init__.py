"""The graph store: one API over an embedded Oxigraph store or a remote SPARQL 1.1 store.

Every document's triples live in their own named graph; `replace_graph` swaps one graph for
a new version atomically, so a reader sees the old or the new graph, never a mix.

The modules: `facade` (GraphStore, open_graph_store and the query dataset rules), `local`
and `locking` (the embedded store and how processes share it), `remote` (SPARQL 1.1
Protocol over HTTP), `payload` and `updates` (the triples to write and their update text),
`results` (queries with rdflib Results), `backend` (what GraphStore asks of a backend) and
`errors`.
"""

from pockg.graph.store.errors import GraphStoreError, InvalidQueryError
from pockg.graph.store.facade import (
    ENV_SPARQL_QUERY,
    ENV_SPARQL_UPDATE,
    EXPORT_FORMATS,
    GraphStore,
    open_graph_store,
    scoped_dataset,
)
from pockg.graph.store.locking import DEFAULT_LOCK_TIMEOUT, ENV_LOCK_TIMEOUT
from pockg.graph.store.payload import LOAD_EXTENSIONS, LOAD_FORMATS
from pockg.graph.store.remote import DEFAULT_CHUNK_SIZE, DEFAULT_HTTP_TIMEOUT

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "DEFAULT_HTTP_TIMEOUT",
    "DEFAULT_LOCK_TIMEOUT",
    "ENV_LOCK_TIMEOUT",
    "ENV_SPARQL_QUERY",
    "ENV_SPARQL_UPDATE",
    "EXPORT_FORMATS",
    "LOAD_EXTENSIONS",
    "LOAD_FORMATS",
    "GraphStore",
    "GraphStoreError",
    "InvalidQueryError",
    "open_graph_store",
    "scoped_dataset",
]
