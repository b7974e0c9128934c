"""Finders for entities named in the reference data and for Security Council resolutions.

Reference names are matched with spaCy's PhraseMatcher: case-insensitively for names of
several words, in exact case for one-word names and acronyms ("UN" is not "un", "CAR" not
"car", "InterAction" not "interaction").
"""

from __future__ import annotations

from functools import cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Span
from spacy.util import filter_spans

from pockg.extract.context import DocumentContext, Passage
from pockg.extract.gazetteer import Gazetteer, ReferenceEntry
from pockg.extract.resolutions import find_resolutions
from pockg.models import Entity, EntityRef, EntityType, Extraction, Mention

_EXACT_CASE_MAX = 5


def find_reference_entities(context: DocumentContext, extraction: Extraction) -> None:
    """Record every mention of a reference entity (missions, countries, UN entities, law ...)."""
    matchers = _matchers(context.nlp, context.gazetteer)
    for passage in context.passages:
        for span, entry in _reference_spans(passage, matchers, context.gazetteer):
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


class _Matchers:
    def __init__(self, exact: PhraseMatcher, folded: PhraseMatcher) -> None:
        self.exact = exact
        self.folded = folded


@cache
def _matchers(nlp: Language, gazetteer: Gazetteer) -> _Matchers:
    """Return phrase matchers over every reference name except resolutions (found apart)."""
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    folded = PhraseMatcher(nlp.vocab, attr="LOWER")
    for index, (name, entry) in enumerate(_names(gazetteer)):
        if entry.ref.type is EntityType.RESOLUTION:
            continue
        # Acronyms and one-word names must match in their own case: "InterAction" is a
        # name, "interaction" a word; "Mali" a country, "mali" nothing.
        matcher = exact if len(name) <= _EXACT_CASE_MAX or " " not in name else folded
        matcher.add(str(index), [nlp.make_doc(name)])
    return _Matchers(exact, folded)


@cache
def _names(gazetteer: Gazetteer) -> list[tuple[str, ReferenceEntry]]:
    """Return the gazetteer's names in the order the matchers were built with (read once)."""
    return gazetteer.names()


def _reference_spans(
    passage: Passage, matchers: _Matchers, gazetteer: Gazetteer
) -> list[tuple[Span, ReferenceEntry]]:
    """Return the longest non-overlapping reference names in the passage, with their entries."""
    names = _names(gazetteer)
    spans = [
        Span(passage.doc, start, end, label=match_id)
        for matcher in (matchers.exact, matchers.folded)
        for match_id, start, end in matcher(passage.doc)
    ]
    kept = filter_spans(spans)
    return [(span, names[int(span.label_)][1]) for span in kept]
