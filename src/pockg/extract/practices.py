"""Field practices: concrete actions or arrangements carried out or in place in a country.

The rules follow the annotation guidelines (eval/gold/README.md, section 2.10): a sentence
or list item that reports an action or arrangement as done or existing (no modal, no
future, no plan, no imperative, not negated, not a question), by an identifiable actor, set
in a specific country. The country comes from the sentence (a country, or a mission's
country), else from the sentences before it in the paragraph, else from the headings the
passage sits under. A country-specific system named as an example ("e.g. UNAMA Civilian
Casualty Recording") is a practice whatever the sentence's mood. One statement is made
per country. Cue words are data in `patterns/practice_cues.jsonl`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Span, Token

from pockg.extract.context import DocumentContext, Passage
from pockg.extract.sentences import (
    Cue,
    Unit,
    cues_in,
    find_cues,
    in_main_clause,
    is_imperative,
    is_question,
    is_quoted,
    root_of,
    statement_units,
)
from pockg.models import (
    BlockKind,
    EntityRef,
    EntityType,
    Extraction,
    Mention,
    Statement,
    StatementKind,
)

ACTOR_TYPES = frozenset(
    {EntityType.ORGANISATION, EntityType.UN_MISSION, EntityType.CLUSTER, EntityType.PERSON}
)
INSTRUMENT_TYPES = frozenset({EntityType.FRAMEWORK, EntityType.TOOL, EntityType.RESOLUTION})
# Entities whose reference entry's countries locate a practice: peace operations.
_LOCATING_SUBTYPES = frozenset({"UNMission", "RegionalPeaceOperation"})
_SKIPPED = frozenset({BlockKind.HEADING, BlockKind.REFERENCE})
# Sentences that open by announcing a result ("As a result, ...", "The result was ...").
_OUTCOME_OPENING_TOKENS = 3
# A sentence naming more countries than this is an inventory ("DPKO leads operations in 9
# countries: ..."), not a practice; footnotes pairing four missions with their strategies
# are the most the guidelines count as one practice.
MAX_COUNTRIES = 4


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

    def countries_in(self, block_id: str, start: int, end: int) -> list[EntityRef]:
        """Return the countries named between `start` and `end`, directly or by a mission."""
        countries: list[EntityRef] = []
        for mention in self._mentions.get(block_id, []):
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


def find_field_practices(context: DocumentContext, extraction: Extraction) -> None:
    """Add a FieldPractice statement per country for every practice reported as done."""
    mentions = mentions_by_block(extraction)
    setting = Setting(context, mentions)
    for passage in context.passages:
        if passage.block.kind in _SKIPPED:
            continue
        cues = find_cues(context.nlp, "practice_cues", passage.doc)
        block_mentions = mentions.get(passage.block.id, [])
        units = statement_units(passage)
        for position, unit in enumerate(units):
            following = units[position + 1] if position + 1 < len(units) else None
            for country in practice_countries(unit, cues, setting):
                practice = _practice(unit, country, cues, block_mentions, following)
                practice.actors = setting.actors_in(practice.actors, country)
                extraction.statements.append(practice)


def practice_countries(unit: Unit, cues: Sequence[Cue], setting: Setting) -> list[EntityRef]:
    """Return the countries in which `unit` reports a practice (empty when it reports none)."""
    span = unit.span
    inside = cues_in(cues, span)
    if _is_prospective(span, inside):
        return []
    examples = _example_countries(unit, inside, setting)
    if examples:
        return examples
    if not _reports_done(unit, span) or not _has_agent(unit, inside, setting):
        return []
    countries = setting.countries(unit)
    return countries if len(countries) <= MAX_COUNTRIES else []


def _example_countries(unit: Unit, inside: Sequence[Cue], setting: Setting) -> list[EntityRef]:
    """Return the countries of the systems a sentence names as examples ("e.g. UNAMA ...")."""
    doc = unit.span.doc
    for cue in inside:
        if cue.label == "example":
            start = doc[cue.start].idx
            located = setting.countries_in(unit.passage.block.id, start, unit.end)
            if 0 < len(located) <= MAX_COUNTRIES:
                return located
    return []


def _is_prospective(span: Span, inside: Sequence[Cue]) -> bool:
    """Return whether a modal, a plan or a need in the main clause makes it prospective."""
    for cue in inside:
        token = span.doc[cue.start]
        if cue.label == "not_done" and in_main_clause(token, span) and not is_quoted(token):
            return True
    return False


def _reports_done(unit: Unit, span: Span) -> bool:
    """Return whether the unit reports an action done or in place, not asked or wished for.

    A negation or an existential "there is" makes it a state of affairs, not an action.
    """
    if is_question(unit) or is_imperative(span):
        return False
    root = root_of(span)
    return not any(child.dep_ in ("neg", "expl") for child in root.children)


def _has_agent(unit: Unit, inside: Sequence[Cue], setting: Setting) -> bool:
    """Return whether an actor takes part (named, or an agent noun) or a result is reported."""
    mentions = setting.mentions(unit.passage.block.id)
    if refs_in(mentions, unit.start, unit.end, ACTOR_TYPES):
        return True
    return any(c.label in ("agent", "outcome") for c in inside)


def _practice(
    unit: Unit,
    country: EntityRef,
    cues: Sequence[Cue],
    mentions: list[Mention],
    following: Unit | None,
) -> Statement:
    """Return the FieldPractice for `unit` in `country`, with actors, instruments, outcome."""
    statement = Statement(
        StatementKind.FIELD_PRACTICE, unit.passage.block.id, unit.start, unit.end, unit.text
    )
    statement.countries = [country]
    statement.actors = refs_in(mentions, unit.start, unit.end, ACTOR_TYPES)
    statement.instruments = refs_in(mentions, unit.start, unit.end, INSTRUMENT_TYPES) or refs_in(
        mentions, 0, len(unit.passage.text), INSTRUMENT_TYPES
    )
    statement.outcome = outcome_of(unit, cues) or _opening_outcome(following, cues)
    return statement


def outcome_of(unit: Unit, cues: Sequence[Cue]) -> str | None:
    """Return the verbatim clause of `unit` that states a result, or None."""
    span = unit.span
    found = [c for c in cues_in(cues, span) if c.label == "outcome"]
    if not found:
        return None
    clause = _clause(span.doc[found[0].start], span)
    text = unit.passage.text
    start = max(clause[0].idx, unit.start)
    end = min(clause[-1].idx + len(clause[-1]), unit.end)
    return text[start:end].rstrip(" .;,") or None


def _clause(cue: Token, span: Span) -> list[Token]:
    """Return the tokens of the clause a result cue belongs to, from its subject on."""
    verb = cue if cue.pos_ in ("VERB", "AUX") else cue.head
    if verb.dep_ in ("amod", "advmod", "acomp") and verb.head.i != verb.i:
        verb = verb.head
    tokens = [t for t in verb.subtree if span.start <= t.i < span.end]
    if verb.i == root_of(span).i:
        subjects = [c.left_edge.i for c in verb.children if c.dep_.startswith("nsubj")]
        tokens = [t for t in tokens if t.i >= min(subjects, default=verb.i)]
    # Scene-setting before the clause ("In Iraq, ...") states no result.
    commas = [t.i for t in tokens if t.text == "," and t.i < verb.i]
    if tokens and tokens[0].tag_ == "IN" and commas:
        tokens = [t for t in tokens if t.i > commas[0]]
    return tokens or [cue]


def _opening_outcome(following: Unit | None, cues: Sequence[Cue]) -> str | None:
    """Return the next sentence when it opens by stating a result ("The result was ...")."""
    if following is None:
        return None
    span = following.span
    opening = [c for c in cues_in(cues, span) if c.label == "outcome"]
    if opening and opening[0].start - span.start < _OUTCOME_OPENING_TOKENS:
        return following.text
    return None


def mentions_by_block(extraction: Extraction) -> dict[str, list[Mention]]:
    """Return the extraction's mentions grouped by block id."""
    grouped: dict[str, list[Mention]] = {}
    for mention in extraction.mentions:
        grouped.setdefault(mention.block_id, []).append(mention)
    return grouped


def refs_in(
    mentions: Iterable[Mention], start: int, end: int, types: frozenset[EntityType]
) -> list[EntityRef]:
    """Return the refs of `types` mentioned between `start` and `end`, first seen first."""
    refs: list[EntityRef] = []
    for mention in mentions:
        inside = start <= mention.start and mention.end <= end
        if inside and mention.ref.type in types and mention.ref not in refs:
            refs.append(mention.ref)
    return refs
