"""The HTML pages: the document list and the document reader."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.auth import cookie_reader
from api.deps import ReadableDocument, Store, templates

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, store: Store) -> HTMLResponse:
    """Render the list of the documents the signed-in reader may read (public ones for
    anonymous readers)."""
    reader = cookie_reader(request)
    summaries = [s for s in store.summaries() if reader.may_read(s.metadata.access_level, s.doc_id)]
    return templates.TemplateResponse(
        request, "documents.html", {"documents": summaries, "api": "/api/documents"}
    )


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def reader(request: Request, document: ReadableDocument) -> HTMLResponse:
    """Render a document in its outline, each block anchored by its id."""
    context = {"document": document, "api": f"/api/documents/{document.doc_id}"}
    return templates.TemplateResponse(request, "document.html", context)
