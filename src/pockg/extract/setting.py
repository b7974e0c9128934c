"""Where a document's statements are set: the countries named in sentences and headings.

A statement is set in the countries its sentence names (a country, or the country of a
peace operation it names), else in those of the sentences before it in its paragraph,
else in those of the innermost heading above it that names one. Field practices and
challenges read it.
"""

from __future__ import annotations

from pockg.extract.context import DocumentContext, Passage
from pockg.extract.practice_structure import sets_scene
from pockg.extract.sentences import Unit
from pockg.models import BlockKind, EntityRef, EntityType, Mention

# Entities whose reference entry's countries locate a statement: peace operations.
_LOCATING_SUBTYPES = frozenset({"UNMission", "RegionalPeaceOperation"})


class Setting:
    """Where a document's statements are set: countries named in sentences and headings."""

    def __init__(self, context: DocumentContext, mentions: dict[str, list[Mention]]) -> None:
        self._context = context
        self._mentions = {
            block: sorted(found, key=lambda m: m.start) for block, found in mentions.items()
        }
        self._headings: dict[str, list[EntityRef]] = {}
        for passage in context.passages:
            if passage.block.kind is BlockKind.HEADING:
                found = self.countries_in(passage.block.id, 0, len(passage.text))
                self._headings.setdefault(passage.text, found)

    def mentions(self, block_id: str) -> list[Mention]:
        """Return the mentions of block `block_id`."""
        return self._mentions.get(block_id, [])

    def countries_in(
        self, block_id: str, start: int, end: int, *, through_operations: bool = False
    ) -> list[EntityRef]:
        """Return the countries named between `start` and `end`, directly or by a mission
        (only by a mission or a system named after one, with `through_operations`)."""
        countries: list[EntityRef] = []
        for mention in self._mentions.get(block_id, []):
            if through_operations and mention.ref.type is EntityType.COUNTRY:
                continue
            if start <= mention.start and mention.end <= end:
                countries += [c for c in self._located(mention) if c not in countries]
        return countries

    def countries(self, unit: Unit) -> list[EntityRef]:
        """Return the countries `unit` is set in: its own, its paragraph's, or its section's."""
        block = unit.passage.block
        return (
            self.countries_in(block.id, unit.start, unit.end)
            or self.countries_in(block.id, 0, unit.start)[-1:]
            or self._section_countries(unit.passage)
        )

    def scene(self, unit: Unit) -> list[EntityRef]:
        """Return the countries a practice in `unit` is set in: its own; else the last one an
        earlier sentence of the paragraph sets the scene in ("In Nigeria, ...", "Nigeria
        is ..."), not one it names in passing ("since the failures ... in Rwanda"); else
        its section's."""
        block, doc = unit.passage.block, unit.passage.doc
        earlier = [
            country
            for mention in self._mentions.get(block.id, [])
            if mention.end <= unit.start and sets_scene(doc, mention.start, mention.end)
            for country in self._located(mention)
        ]
        return (
            self.countries_in(block.id, unit.start, unit.end)
            or earlier[-1:]
            or self._section_countries(unit.passage)
        )

    def _section_countries(self, passage: Passage) -> list[EntityRef]:
        """Return the countries the innermost country-naming heading above `passage` names."""
        for title in reversed(passage.block.section):
            found = self._headings.get(title)
            if not found:  # a heading in capitals ("IRAQ") escapes the case-exact matcher
                entry = self._context.gazetteer.lookup(title)
                found = [entry.ref] if entry and entry.ref.type is EntityType.COUNTRY else []
            if found:
                return found
        return []

    def actors_in(self, actors: list[EntityRef], country: EntityRef) -> list[EntityRef]:
        """Return the actors that can act in `country`: a peace operation deployed elsewhere
        ("UNAMID, UNMISS and UNOCI have ...") is another country's actor."""
        kept = []
        for actor in actors:
            entry = self._context.gazetteer.entry(actor)
            where = entry.countries if entry and entry.subtype in _LOCATING_SUBTYPES else ()
            if not where or country in where:
                kept.append(actor)
        return kept

    def _located(self, mention: Mention) -> tuple[EntityRef, ...]:
        """Return the countries a mention locates: a country, or a peace operation's countries.

        A system named after its mission ("UNAMA Civilian Casualty Recording") is located
        where the mission is.
        """
        if mention.ref.type is EntityType.COUNTRY:
            return (mention.ref,)
        entry = self._context.gazetteer.entry(mention.ref)
        if entry is None or entry.subtype not in _LOCATING_SUBTYPES:
            entry = self._context.gazetteer.lookup(mention.surface.split()[0])
        if entry is None or entry.subtype not in _LOCATING_SUBTYPES:
            return ()
        return entry.countries
