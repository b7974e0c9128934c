"""Objects the routes share, handed over through FastAPI's `Depends`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import Depends, HTTPException, Request
from fastapi.templating import Jinja2Templates

from api.auth import CurrentReader, cookie_reader
from pockg.docstore import DocumentStore
from pockg.graph.store import GraphStore, open_graph_store
from pockg.models import SourceDocument


def _reader_context(request: Request) -> dict[str, Any]:
    """Give every page the signed-in reader, for the header's sign-in link or name."""
    return {"reader": cookie_reader(request)}


templates = Jinja2Templates(
    directory=Path(__file__).parent / "templates", context_processors=[_reader_context]
)
"""The one template environment every page renders with."""


def get_store(request: Request) -> DocumentStore:
    """Return the document store; it reads afresh on every call, so new ingests show at once."""
    return DocumentStore(request.app.state.settings.documents_db)


Store = Annotated[DocumentStore, Depends(get_store)]


def readable_document(doc_id: str, store: Store, reader: CurrentReader) -> SourceDocument:
    """Return the document `doc_id` if the reader may read it, else raise 404: a document
    the reader may not read answers exactly like a missing one, so its existence does not
    leak."""
    document = store.load(doc_id)
    if document is None or not reader.may_read(document.metadata.access_level, doc_id):
        raise HTTPException(status_code=404, detail=f"no document with id {doc_id!r}")
    return document


ReadableDocument = Annotated[SourceDocument, Depends(readable_document)]


def get_graph_store(request: Request) -> GraphStore:
    """Return the app's graph store: one read-only handle that reopens when a writer commits."""
    store: GraphStore | None = getattr(request.app.state, "graph_store", None)
    if store is None:
        store = request.app.state.graph_store = open_graph_store(request.app.state.settings)
    return store


Graphs = Annotated[GraphStore, Depends(get_graph_store)]


async def read_form(request: Request, max_bytes: int = 16_384) -> dict[str, str]:
    """Return the fields of a small url-encoded form body (first value of each; none when
    the body is over `max_bytes`)."""
    body = await request.body()
    if len(body) > max_bytes:
        return {}
    parsed = parse_qs(body.decode("utf-8", "replace"), max_num_fields=20)
    return {name: values[0] for name, values in parsed.items()}
