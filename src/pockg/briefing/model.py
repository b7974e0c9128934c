"""The briefing pack as plain frozen dataclasses: what `gather` builds and `render` writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Named:
    """A node of the graph with the name a briefing shows for it."""

    iri: str
    label: str


@dataclass(frozen=True)
class BriefingSubject:
    """What a pack is about: countries, UN missions and themes (any may be empty)."""

    countries: tuple[Named, ...] = ()
    missions: tuple[Named, ...] = ()
    themes: tuple[Named, ...] = ()

    @property
    def label(self) -> str:
        """Return the subject as a reader says it: `Mali`, `MINUSMA`, `Mali: Training`."""
        places = [n.label for n in (*self.countries, *self.missions)]
        themes = [n.label for n in self.themes]
        return ": ".join(part for part in (", ".join(places), ", ".join(themes)) if part)


@dataclass(frozen=True)
class Citation:
    """Where a statement comes from: a source passage, or a record of the curated graph.

    `passage` is the passage IRI, None for a reference record (a mission, a theme), whose
    IRI is `record`. `href` is the reader link (`/documents/{doc_id}#b-{block_id}`) or the
    record's page (`/id/...`).
    """

    document_title: str
    href: str
    passage: str | None = None
    doc_id: str | None = None
    section: str | None = None
    page: int | None = None
    year: str | None = None
    record: str | None = None

    @property
    def key(self) -> str:
        """Return what identifies the source: the passage, else the record."""
        return self.passage or self.record or self.href


@dataclass(frozen=True)
class BriefItem:
    """One statement of a pack: verbatim text (or a line built from graph facts) and its
    sources, led by the `label` of what it is about (a mission, a tool, a person) when it
    has one, with labelled details (actors, outcome, frameworks...) and grouped variants
    (the same recommendation made elsewhere)."""

    text: str
    citations: tuple[Citation, ...]
    label: str | None = None
    details: tuple[tuple[str, str], ...] = ()
    group: str | None = None
    year: str | None = None
    iri: str | None = None
    variants: tuple[BriefItem, ...] = ()


@dataclass(frozen=True)
class BriefSection:
    """A section of a pack; `items` in reading order, sub-headed by their `group`."""

    key: str
    title: str
    items: tuple[BriefItem, ...]
    note: str | None = None
    """Said under the title, e.g. that only the newest items of a long list are shown."""


@dataclass(frozen=True)
class BriefingPack:
    """A briefing pack: subject, date, the non-empty sections, and every source cited,
    numbered in order of first citation (`sources[0]` is [1])."""

    subject: BriefingSubject
    generated: date
    sections: tuple[BriefSection, ...]
    sources: tuple[Citation, ...] = field(default=())

    @property
    def title(self) -> str:
        """Return the pack's title."""
        return f"Briefing pack: {self.subject.label}"

    @property
    def is_empty(self) -> bool:
        """Return whether the graph records nothing for the subject."""
        return not self.sections
