"""Finders for entities named in the reference data and for Security Council resolutions.

Reference names are marked during parsing by the `pockg_reference_names` spaCy component
(`pockg.extract.reference_names`); this finder turns its spans into entities and mentions.
"""

from __future__ import annotations

from pockg.extract.context import DocumentContext
from pockg.extract.gazetteer import ReferenceEntry
from pockg.extract.reference_names import SPAN_KEY, marked_entry
from pockg.extract.resolutions import find_resolutions
from pockg.models import Entity, EntityRef, EntityType, Extraction, Mention


def find_reference_entities(context: DocumentContext, extraction: Extraction) -> None:
    """Record every mention of a reference entity (missions, countries, UN entities, law ...)."""
    for passage in context.passages:
        for span in passage.doc.spans.get(SPAN_KEY, ()):
            entry = marked_entry(span, context.gazetteer)
            mention = Mention(
                entry.ref, passage.block.id, span.start_char, span.end_char, span.text, "reference"
            )
            extraction.record(_entity(entry, span.text), mention)


def find_security_council_resolutions(context: DocumentContext, extraction: Extraction) -> None:
    """Record every Security Council resolution number the text mentions, in any written form."""
    for passage in context.passages:
        for found in find_resolutions(passage.text):
            ref = EntityRef(EntityType.RESOLUTION, found.number)
            entry = context.gazetteer.entry(ref)
            label = entry.label if entry else _resolution_label(found.number, found.year)
            entity = Entity(ref, label, attributes={"resolutionNumber": found.number})
            if found.year is not None:
                entity.attributes["year"] = str(found.year)
            mention = Mention(
                ref, passage.block.id, found.start, found.end, found.text, "resolution"
            )
            extraction.record(entity, mention)


def _resolution_label(number: str, year: int | None) -> str:
    suffix = f" ({year})" if year else ""
    return f"Security Council resolution {number}{suffix}"


def _entity(entry: ReferenceEntry, surface: str) -> Entity:
    """Return the reference entity, with `surface` kept as an alias when it differs."""
    aliases = {surface} if surface != entry.label else set()
    return Entity(entry.ref, entry.label, aliases, entry.subtype)
