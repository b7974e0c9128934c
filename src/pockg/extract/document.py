"""Extraction of one document: build its context, run the finders in order, return an Extraction.

Order matters: entity finders run first (reference names, resolutions, acronyms, then names
found from their form), statement finders last, because statements read the mentions to
know their countries, actors and instruments.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from pockg.extract.acronyms import find_acronym_definitions
from pockg.extract.challenges import find_challenges
from pockg.extract.citations import find_cited_documents
from pockg.extract.context import DocumentContext, Passage
from pockg.extract.gazetteer import Gazetteer
from pockg.extract.instruments import find_instruments
from pockg.extract.organisations import find_organisations
from pockg.extract.people import find_people
from pockg.extract.practices import find_field_practices
from pockg.extract.recommendations import find_recommendations
from pockg.extract.reference import find_reference_entities, find_security_council_resolutions
from pockg.extract.themes import find_themes
from pockg.models import Extraction, SourceDocument

Finder = Callable[[DocumentContext, Extraction], None]

FINDERS: Sequence[Finder] = (
    find_reference_entities,
    find_security_council_resolutions,
    find_organisations,
    find_instruments,
    find_people,
    find_cited_documents,
    find_recommendations,
    find_field_practices,
    find_challenges,
    find_themes,  # last: it also themes the statements found before it
)


def build_context(
    document: SourceDocument,
    parses: Sequence[Doc],
    nlp: Language,
    gazetteer: Gazetteer,
    known_acronyms: Mapping[str, str] | None = None,
) -> DocumentContext:
    """Return the finders' view of `document`: passages with parses, acronyms, gazetteer."""
    passages = [Passage(block, doc) for block, doc in zip(document.blocks, parses, strict=True)]
    acronyms: dict[str, str] = {}
    for definition in find_acronym_definitions(document.text):
        acronyms.setdefault(definition.short, definition.long)
    return DocumentContext(document, passages, gazetteer, nlp, acronyms, dict(known_acronyms or {}))


def extract_document(context: DocumentContext, finders: Sequence[Finder] = FINDERS) -> Extraction:
    """Return everything the finders draw from the document, each item tied to its passage."""
    extraction = Extraction(context.document.doc_id, acronyms=dict(context.acronyms))
    for finder in finders:
        finder(context, extraction)
    return extraction
