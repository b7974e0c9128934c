"""The JSON shapes of the API, built from pockg's dataclasses."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from pockg.docstore import DocumentSummary
from pockg.models import Block, DocumentMetadata, SourceDocument


class DocumentOut(BaseModel):
    """A document's metadata and size."""

    id: str
    file_name: str
    title: str | None
    publisher: str | None
    date: str | None
    document_type: str | None
    language: str
    source: str | None
    media_type: str
    pages: int | None
    blocks: int


class BlockOut(BaseModel):
    """One block of a document, placed in its outline and its text."""

    id: str
    kind: str
    text: str
    section: list[str]
    level: int
    page: int | None
    start: int
    end: int
    label: str | None


class TocEntryOut(BaseModel):
    """A line of the document's own table of contents."""

    title: str
    level: int
    page: int | None


class DocumentDetailOut(DocumentOut):
    """A document with its table of contents, warnings and blocks."""

    toc: list[TocEntryOut]
    warnings: list[str]
    content: list[BlockOut]


class GraphOut(BaseModel):
    """A named graph of the store and its size."""

    iri: str
    triples: int


class HealthOut(BaseModel):
    """Whether the service can read its store, and how many documents it holds."""

    status: str
    documents: int


def _document_fields(
    doc_id: str, file_name: str, media_type: str, meta: DocumentMetadata, pages: int | None
) -> dict[str, Any]:
    return {
        "id": doc_id,
        "file_name": file_name,
        "title": meta.title,
        "publisher": meta.publisher,
        "date": meta.date,
        "document_type": meta.document_type,
        "language": meta.language,
        "source": meta.source,
        "media_type": media_type,
        "pages": pages,
    }


def document_out(summary: DocumentSummary) -> DocumentOut:
    """Return the API form of a stored document's summary."""
    return DocumentOut(
        **_document_fields(
            summary.doc_id,
            summary.file_name,
            summary.media_type,
            summary.metadata,
            summary.page_count,
        ),
        blocks=summary.block_count,
    )


def document_detail_out(document: SourceDocument) -> DocumentDetailOut:
    """Return the API form of a whole document."""
    return DocumentDetailOut(
        **_document_fields(
            document.doc_id,
            document.file_name,
            document.media_type,
            document.metadata,
            document.page_count,
        ),
        blocks=len(document.blocks),
        toc=[TocEntryOut(title=e.title, level=e.level, page=e.page) for e in document.toc],
        warnings=document.warnings,
        content=[block_out(b) for b in document.blocks],
    )


def block_out(block: Block) -> BlockOut:
    """Return the API form of a block."""
    return BlockOut(
        id=block.id,
        kind=block.kind.value,
        text=block.text,
        section=list(block.section),
        level=block.level,
        page=block.page,
        start=block.start,
        end=block.end,
        label=block.label,
    )
