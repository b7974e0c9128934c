"""extract_documents: one failing document does not stop the others."""

from __future__ import annotations

from pathlib import Path

from pockg.extract import extract_documents
from pockg.extract.context import DocumentContext
from pockg.extract.document import FINDERS
from pockg.ingest.reader import read_document
from pockg.models import Extraction


def fails_on_the_broken_note(context: DocumentContext, extraction: Extraction) -> None:
    """A finder with a bug that only this document's text triggers."""
    if "BROKEN" in context.document.text:
        raise IndexError("list index out of range")


def test_a_finder_failing_on_one_document_leaves_the_others_extracted(tmp_path: Path) -> None:
    broken, fine = tmp_path / "broken.md", tmp_path / "fine.md"
    broken.write_text("# Broken\n\nBROKEN text about UNMISS.\n")
    fine.write_text("# Fine\n\nUNMISS shared trend reports in South Sudan.\n")
    documents = [read_document(p, p.read_bytes()) for p in (broken, fine)]
    results = {
        document.file_name: result
        for document, result, _ in extract_documents(
            documents, finders=(*FINDERS, fails_on_the_broken_note)
        )
    }
    assert results["broken.md"] == "extraction failed: IndexError: list index out of range"
    extraction = results["fine.md"]
    assert isinstance(extraction, Extraction)
    assert {ref.key for ref in extraction.entities} >= {"unmiss", "ssd"}
