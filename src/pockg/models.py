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


class EntityType(StrEnum):
    """The kind of thing an entity is; the value is the ontology class's local name."""

    ORGANISATION = "Organisation"
    UN_MISSION = "UNMission"
    CLUSTER = "Cluster"
    PERSON = "Person"
    COUNTRY = "Country"
    PLACE = "Place"
    RESOLUTION = "SecurityCouncilResolution"
    FRAMEWORK = "Framework"
    TOOL = "Tool"
    DOCUMENT = "Document"


class StatementKind(StrEnum):
    """The kinds of statement drawn from the text; the value is the ontology class's local name."""

    RECOMMENDATION = "Recommendation"
    FIELD_PRACTICE = "FieldPractice"
    CHALLENGE = "Challenge"


@dataclass(frozen=True, order=True)
class EntityRef:
    """The identity of an entity: its type and a stable key (normalised label, code, number).

    Two mentions with the same ref are the same node in the graph, in every document.
    """

    type: EntityType
    key: str


@dataclass
class Entity:
    """What the extractor knows about one entity, merged over all its mentions.

    `aliases` holds every other surface form seen (acronyms, variants). `attributes` holds
    typed facts by ontology property local name, for example {"role": "Head, UNHCR"},
    {"resolutionNumber": "1894", "year": "2009"}; `links` holds relations to other entities
    by property local name, for example {"affiliation": [EntityRef(ORGANISATION, "unhcr")]}.
    `subtype` is a more specific ontology class when known (for example "UNAgency").
    """

    ref: EntityRef
    label: str
    aliases: set[str] = field(default_factory=set)
    subtype: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    links: dict[str, list[EntityRef]] = field(default_factory=dict)


@dataclass(frozen=True)
class Mention:
    """One place where the text names an entity: block id and offsets into the block's text."""

    ref: EntityRef
    block_id: str
    start: int
    end: int
    surface: str
    source: str


@dataclass
class Statement:
    """A recommendation, field practice or challenge: a verbatim span of one passage.

    `start`/`end` are offsets into the block's text and `text` is exactly that span.
    `countries`, `actors` and `instruments` (frameworks, tools, mandates it draws on:
    pockg:relatesTo) are refs of entities mentioned in or around the statement.
    """

    kind: StatementKind
    block_id: str
    start: int
    end: int
    text: str
    modal: str | None = None
    countries: list[EntityRef] = field(default_factory=list)
    actors: list[EntityRef] = field(default_factory=list)
    instruments: list[EntityRef] = field(default_factory=list)
    addressed_to: list[EntityRef] = field(default_factory=list)
    recommended_by: list[EntityRef] = field(default_factory=list)
    outcome: str | None = None
    themes: list[str] = field(default_factory=list)


@dataclass
class Extraction:
    """Everything extracted from one document, ready to be written as its named graph.

    `passage_themes` maps a block id to theme keys (local names of concepts in themes.ttl);
    `acronyms` maps the short forms the document defines to their long forms.
    """

    doc_id: str
    entities: dict[EntityRef, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    passage_themes: dict[str, list[str]] = field(default_factory=dict)
    acronyms: dict[str, str] = field(default_factory=dict)

    def record(self, entity: Entity, mention: Mention | None = None) -> Entity:
        """Merge `entity` into what is known of its ref, add `mention`, return the merged entity.

        The first label recorded for a ref stays its label; later labels become aliases.
        """
        known = self.entities.get(entity.ref)
        if known is None:
            known = self.entities[entity.ref] = Entity(entity.ref, entity.label)
        known.aliases |= {a for a in (entity.label, *entity.aliases) if a != known.label}
        known.subtype = known.subtype or entity.subtype
        for name, value in entity.attributes.items():
            known.attributes.setdefault(name, value)
        for name, refs in entity.links.items():
            known.links.setdefault(name, [])
            known.links[name].extend(r for r in refs if r not in known.links[name])
        if mention is not None:
            self.mentions.append(mention)
        return known
