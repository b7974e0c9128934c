"""The dataclasses that pipeline stages exchange.

Ingestion turns bytes into a `SourceDocument`: metadata plus an ordered list of `Block`s.
Every block knows its section path, its page (when the source has pages), its character
offsets into the document's normalised text and a stable id derived from its content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class BlockKind(StrEnum):
    """What a block is in the document's structure."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    FOOTNOTE = "footnote"
    TABLE_ROW = "table_row"
    REFERENCE = "reference"


class AccessLevel(StrEnum):
    """Who may read a document (enforced by the serving layer)."""

    PUBLIC = "public"
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"


@dataclass(frozen=True)
class DraftBlock:
    """A block as a parser finds it, before section paths, offsets and ids are assigned.

    `level` means: for a heading, its rank (0 is the document title; smaller is higher in
    the outline, gaps allowed); for a list item, its nesting depth starting at 1.
    `label` is a footnote number, a list enumerator or a paragraph number, kept apart from
    the text so the text starts with the sentence itself. `style` is the parser's note on
    how a heading looked (numbering scheme, emphasis, font), used to rank headings.
    """

    kind: BlockKind
    text: str
    level: int = 0
    page: int | None = None
    label: str | None = None
    style: str = ""


@dataclass(frozen=True)
class Block:
    """One unit of a document's structure, placed in the outline and the normalised text."""

    id: str
    kind: BlockKind
    text: str
    section: tuple[str, ...]
    level: int
    page: int | None
    start: int
    end: int
    label: str | None = None


@dataclass(frozen=True)
class TocEntry:
    """A line of the document's own table of contents."""

    title: str
    level: int
    page: int | None


@dataclass
class ParsedSource:
    """What a format parser returns: draft blocks in reading order and what it noticed."""

    drafts: list[DraftBlock]
    media_type: str
    toc: list[TocEntry] = field(default_factory=list)
    page_count: int | None = None
    warnings: list[str] = field(default_factory=list)
    # Text from PDFs and their text renderings has paragraphs cut by page breaks and footnote
    # blocks; Word's paragraph boundaries are the author's own and must stay.
    rejoin_split_paragraphs: bool = True


@dataclass
class DocumentMetadata:
    """Bibliographic facts about a document; `inferred` names the fields guessed from the text."""

    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    document_type: str | None = None
    language: str = "en"
    access_level: AccessLevel = AccessLevel.PUBLIC
    source: str | None = None
    inferred: tuple[str, ...] = ()


@dataclass
class SourceDocument:
    """A parsed document: metadata, outline blocks and the normalised text they index into."""

    doc_id: str
    file_name: str
    media_type: str
    content_hash: str
    metadata: DocumentMetadata
    blocks: list[Block]
    text: str
    page_count: int | None = None
    toc: list[TocEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def headings(self) -> list[Block]:
        """Return the heading blocks in document order."""
        return [b for b in self.blocks if b.kind is BlockKind.HEADING]

    @property
    def word_count(self) -> int:
        """Return the number of whitespace-separated words in the normalised text."""
        return len(self.text.split())
