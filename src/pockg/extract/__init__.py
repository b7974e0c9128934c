"""Extraction: structured documents -> entities, mentions and statements (`extract_documents`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from pockg import __version__
from pockg.extract.document import build_context, extract_document
from pockg.extract.gazetteer import load_gazetteer
from pockg.extract.nlp import load_pipeline, parse_documents
from pockg.graph.build import ExtractionRun
from pockg.models import Extraction, SourceDocument

__all__ = ["extract_documents"]


def extract_documents(
    documents: Iterable[SourceDocument], *, workers: int = 1
) -> Iterator[tuple[SourceDocument, Extraction, ExtractionRun]]:
    """Yield each document with what was extracted from it and the run's provenance.

    `workers` spaCy processes parse the blocks of all documents as one stream.
    """
    nlp = load_pipeline()
    gazetteer = load_gazetteer()
    started = datetime.now(UTC)
    for document, parses in parse_documents(documents, nlp, n_process=workers):
        context = build_context(document, parses, nlp, gazetteer)
        extraction = extract_document(context)
        ended = datetime.now(UTC)
        yield document, extraction, ExtractionRun(__version__, started, ended)
        started = ended
