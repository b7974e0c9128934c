"""`/api/health` and `/api/documents`: the stored documents as JSON."""

from __future__ import annotations

from fastapi import APIRouter

from api.auth import CurrentReader
from api.deps import ReadableDocument, Store
from api.schemas import (
    DocumentDetailOut,
    DocumentOut,
    HealthOut,
    document_detail_out,
    document_out,
)

router = APIRouter(prefix="/api", tags=["documents"])


@router.get("/health")
def health(store: Store) -> HealthOut:
    """Say the service is up and how many documents its store holds."""
    return HealthOut(status="ok", documents=len(store.document_ids()))


@router.get("/documents")
def list_documents(store: Store, reader: CurrentReader) -> list[DocumentOut]:
    """List the documents the reader may read (public ones for anonymous readers), newest
    first."""
    return [
        document_out(summary)
        for summary in store.summaries()
        if reader.may_read(summary.metadata.access_level, summary.doc_id)
    ]


@router.get("/documents/{doc_id}", responses={404: {"description": "No such document"}})
def get_document(document: ReadableDocument) -> DocumentDetailOut:
    """Return one document: metadata, table of contents and every block in order."""
    return document_detail_out(document)
