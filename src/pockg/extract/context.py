"""What every finder reads: a document's passages parsed by spaCy, its acronyms, the gazetteer.

Finders are plain functions `find_<things>(context, extraction) -> None` that add entities,
mentions and statements to the document's `Extraction`. They run in a fixed order (see
`pockg.extract.document`): entities first, then statements, which read the mentions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from pockg.extract.gazetteer import Gazetteer
from pockg.models import Block, SourceDocument


@dataclass
class Passage:
    """One block of a document and the spaCy parse of its text.

    The parse covers the whole text except for blocks longer than
    `pockg.extract.nlp.MAX_PARSED_CHARS`, where it covers that prefix; character offsets
    in the parse are offsets in the block's text either way.
    """

    block: Block
    doc: Doc

    @property
    def text(self) -> str:
        """Return the block's text (the parse's text)."""
        return self.block.text


@dataclass
class DocumentContext:
    """A document ready for the finders.

    `acronyms` maps each short form defined in this document ("OCHA") to its long form
    ("Office for the Coordination of Humanitarian Affairs"); forms learned from other
    documents of the corpus are in `known_acronyms`, used only when this document does not
    define the short form itself.
    """

    document: SourceDocument
    passages: list[Passage]
    gazetteer: Gazetteer
    nlp: Language
    acronyms: dict[str, str] = field(default_factory=dict)
    known_acronyms: dict[str, str] = field(default_factory=dict)

    def long_form(self, short: str) -> str | None:
        """Return what `short` stands for in this document or the corpus, or None."""
        return self.acronyms.get(short) or self.known_acronyms.get(short)
