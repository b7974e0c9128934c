"""Extraction: structured documents -> entities, mentions and statements (`extract_documents`)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from spacy.tokens import Doc

from pockg import __version__
from pockg.extract.document import FINDERS, Finder, build_context, extract_document
from pockg.extract.gazetteer import load_gazetteer
from pockg.extract.nlp import load_pipeline, parse_documents
from pockg.graph.build import ExtractionRun
from pockg.graph.ontology import ONTOLOGY_DIR, REFERENCE_DIR
from pockg.models import Extraction, SourceDocument

__all__ = ["extract_documents", "extraction_fingerprint"]

_PACKAGE = Path(__file__).resolve().parent


@cache
def extraction_fingerprint() -> str:
    """Return a digest of everything that shapes extraction: code, patterns, ontology, reference.

    It is part of each stored document's fingerprint, so changing a rule, a pattern or a
    reference file re-extracts every document on the next ingest (unchanged files included).
    """
    digest = hashlib.sha256(__version__.encode())
    sources = [*sorted(_PACKAGE.rglob("*.py")), *sorted(_PACKAGE.rglob("*.jsonl"))]
    sources += [*sorted(ONTOLOGY_DIR.glob("*.ttl")), *sorted(REFERENCE_DIR.glob("*.ttl"))]
    sources.append(_PACKAGE.parent / "graph" / "build.py")
    for path in sources:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def extract_documents(
    documents: Iterable[SourceDocument],
    *,
    workers: int = 1,
    known_acronyms: Mapping[str, str] | None = None,
    finders: Sequence[Finder] = FINDERS,
) -> Iterator[tuple[SourceDocument, Extraction | str, ExtractionRun]]:
    """Yield each document with what was extracted from it and the run's provenance.

    `workers` spaCy processes parse the blocks of all documents as one stream.
    `known_acronyms` (short -> long form, from documents ingested before) resolve short
    forms a document uses without defining; definitions met in this batch join them.
    When a finder fails on a document, the document comes with the reason (a string)
    instead of an Extraction, and the other documents go on.
    """
    nlp = load_pipeline()
    known = dict(known_acronyms or {})
    started = datetime.now(UTC)
    for document, parses in parse_documents(documents, nlp, n_process=workers):
        result = _extract_one(document, parses, known, finders)
        if isinstance(result, Extraction):
            for short, long in result.acronyms.items():
                known.setdefault(short, long)
        ended = datetime.now(UTC)
        yield document, result, ExtractionRun(__version__, started, ended)
        started = ended


def _extract_one(
    document: SourceDocument,
    parses: list[Doc],
    known_acronyms: Mapping[str, str],
    finders: Sequence[Finder],
) -> Extraction | str:
    """Return the document's extraction, or why it failed."""
    try:
        context = build_context(document, parses, load_pipeline(), load_gazetteer(), known_acronyms)
        return extract_document(context, finders)
    except Exception as error:  # a rule's bug on one document must not stop the batch
        return f"extraction failed: {type(error).__name__}: {error}"
