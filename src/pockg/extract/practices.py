"""Field practices: concrete actions or arrangements carried out or in place in a country.

The rules follow the annotation guidelines (eval/gold/README.md, section 2.10): a sentence
or list item that reports an action or arrangement as done or existing (no modal, no
future, no plan, no imperative, not negated, not a question), by an identifiable actor, set
in a specific country, and shaped as a practice rather than as background or narrative
(`pockg.extract.practice_structure`). The sentences after it that carry on with the same
practice (its workings, its actors, its result) are its supporting evidence: the statement
spans them all. The country comes from the sentence (a country, a mission's country, or
the place it opens on), else from an earlier sentence of the paragraph that sets the
scene, else from the headings the passage sits under (`pockg.extract.setting`). A
country-specific system named as an example ("e.g. UNAMA Civilian Casualty Recording") is
a practice whatever the sentence's mood. One statement is made per practice and country;
a practice the document repeats is made once. Cue words are data in
`patterns/practice_cues.jsonl`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Span

from pockg.extract.context import DocumentContext
from pockg.extract.practice_outcomes import opens_on_result, practice_outcome
from pockg.extract.practice_structure import (
    has_acting_agent,
    is_prospective,
    is_talk,
    opening_place_end,
    opens_a_practice,
    starts_another,
    states_obstacle,
)
from pockg.extract.sentences import (
    Cue,
    Unit,
    cues_in,
    find_cues,
    is_imperative,
    is_question,
    root_of,
    statement_units,
)
from pockg.extract.setting import Setting
from pockg.models import (
    BlockKind,
    EntityRef,
    EntityType,
    Extraction,
    Mention,
    Statement,
    StatementKind,
)

__all__ = [
    "ACTOR_TYPES",
    "INSTRUMENT_TYPES",
    "MAX_COUNTRIES",
    "Setting",
    "find_field_practices",
    "mentions_by_block",
    "practice_chains",
    "practice_countries",
    "refs_in",
]

ACTOR_TYPES = frozenset(
    {EntityType.ORGANISATION, EntityType.UN_MISSION, EntityType.CLUSTER, EntityType.PERSON}
)
INSTRUMENT_TYPES = frozenset({EntityType.FRAMEWORK, EntityType.TOOL, EntityType.RESOLUTION})
_SKIPPED = frozenset({BlockKind.HEADING, BlockKind.REFERENCE})
# A sentence naming more countries than this is an inventory ("DPKO leads operations in 9
# countries: ..."), not a practice; footnotes pairing four missions with their strategies
# are the most the guidelines count as one practice.
MAX_COUNTRIES = 4
# The share of words (F1 of the two word multisets) above which a practice repeats another.
REPEAT_OVERLAP = 0.9
_WORD = re.compile(r"\w+")


@dataclass
class Chain:
    """A practice and the sentences after it that support it: one statement per country."""

    units: list[Unit]
    countries: list[EntityRef]
    actors: set[EntityRef] = field(default_factory=set)


def find_field_practices(context: DocumentContext, extraction: Extraction) -> None:
    """Add a FieldPractice statement per country for every practice reported as done.

    A practice the document repeats (a paragraph printed twice, perhaps reworded in a few
    words) is one.
    """
    mentions = mentions_by_block(extraction)
    setting = Setting(context, mentions)
    seen: dict[EntityRef, list[Counter[str]]] = {}
    for passage in context.passages:
        if passage.block.kind in _SKIPPED:
            continue
        cues = find_cues(context.nlp, "practice_cues", passage.doc)
        obstacles = find_cues(context.nlp, "challenge_cues", passage.doc)
        units = statement_units(passage)
        for chain in practice_chains(units, cues, obstacles, setting):
            following = _after(units, chain.units[-1])
            for country in chain.countries:
                practice = _practice(chain, country, cues, setting, following)
                words = Counter(_WORD.findall(practice.text.casefold()))
                if not any(_repeats(words, earlier) for earlier in seen.get(country, [])):
                    seen.setdefault(country, []).append(words)
                    extraction.statements.append(practice)


def _repeats(words: Counter[str], earlier: Counter[str]) -> bool:
    """Return whether a text repeats an earlier one: their words overlap almost wholly."""
    overlap = sum((words & earlier).values())
    return 2 * overlap >= REPEAT_OVERLAP * (words.total() + earlier.total())


def practice_chains(
    units: Sequence[Unit], cues: Sequence[Cue], obstacles: Sequence[Cue], setting: Setting
) -> list[Chain]:
    """Return the practices among `units` (a passage's), each with its supporting sentences."""
    chains: list[Chain] = []
    current: Chain | None = None
    for unit in units:
        inside = cues_in(cues, unit.span)
        actors = _actor_mentions(unit, setting)
        if current is not None and _supports(unit, inside, actors, current, obstacles, setting):
            current.units.append(unit)
            current.actors.update(m.ref for m in actors)
            continue
        countries = practice_countries(unit, cues, obstacles, setting)
        current = Chain([unit], countries, {m.ref for m in actors}) if countries else None
        if current is not None:
            chains.append(current)
    return chains


def _supports(
    unit: Unit,
    inside: Sequence[Cue],
    actors: Sequence[Mention],
    chain: Chain,
    obstacles: Sequence[Cue],
    setting: Setting,
) -> bool:
    """Return whether `unit` carries on with the practice of `chain`: it reports something
    done (not asked, wished for, denied, a mere state of affairs, an obstacle or talk about
    it), is set in the practice's countries, and starts no other practice."""
    span = unit.span
    if not _reports_done(unit, span, inside) or is_prospective(span, inside):
        return False
    if states_obstacle(span, obstacles) or is_talk(span, inside):
        return False
    own = setting.countries_in(unit.passage.block.id, unit.start, unit.end)
    if any(country not in chain.countries for country in own):
        return False
    return opens_on_result(unit, inside) or not starts_another(unit, inside, actors, chain.actors)


def practice_countries(
    unit: Unit, cues: Sequence[Cue], obstacles: Sequence[Cue], setting: Setting
) -> list[EntityRef]:
    """Return the countries in which `unit` reports a practice (empty when it reports none).

    `obstacles` are the challenge cues of the passage: an obstacle is not a practice.
    """
    span = unit.span
    inside = cues_in(cues, span)
    if is_prospective(span, inside) or states_obstacle(span, obstacles):
        return []
    examples = _example_countries(unit, inside, setting)
    if examples:
        return examples
    actors = _actor_mentions(unit, setting)
    if not _reports_done(unit, span, inside) or not opens_a_practice(unit, inside, actors):
        return []
    if not actors and not _has_agent(span, inside):
        return []
    countries = _opening_countries(unit, setting) or setting.scene(unit)
    return countries if len(countries) <= MAX_COUNTRIES else []


def _opening_countries(unit: Unit, setting: Setting) -> list[EntityRef]:
    """Return the countries of the place a unit opens on ("In the US context, ..."): the
    setting, whatever other countries the sentence names."""
    end = opening_place_end(unit.span)
    if end is None:
        return []
    return setting.countries_in(unit.passage.block.id, unit.start, end)


def _example_countries(unit: Unit, inside: Sequence[Cue], setting: Setting) -> list[EntityRef]:
    """Return the countries of the systems a sentence names as examples ("e.g. UNAMA ..."):
    a country named outright ("For example, in the US ...") names no system."""
    doc = unit.span.doc
    for cue in inside:
        if cue.label == "example":
            start = doc[cue.start].idx
            located = setting.countries_in(
                unit.passage.block.id, start, unit.end, through_operations=True
            )
            if 0 < len(located) <= MAX_COUNTRIES:
                return located
    return []


def _reports_done(unit: Unit, span: Span, inside: Sequence[Cue]) -> bool:
    """Return whether the unit reports an action done or in place, not asked or wished for.

    A negation or an existential "there is" makes it a state of affairs, not an action,
    unless what there is is a result ("There have been successes in Afghanistan in ...").
    """
    if is_question(unit) or is_imperative(span):
        return False
    root = root_of(span)
    if any(child.dep_ == "neg" for child in root.children):
        return False
    if any(child.dep_ == "expl" for child in root.children):
        existing = [c.i for c in root.children if c.dep_ in ("attr", "nsubj")]
        return any(c.label == "result_noun" and c.start in existing for c in inside)
    return True


def _has_agent(span: Span, inside: Sequence[Cue]) -> bool:
    """Return whether someone acts (an agent noun, not one modifying a thing) or a result
    is reported."""
    return has_acting_agent(span, inside) or any(c.label == "outcome" for c in inside)


def _actor_mentions(unit: Unit, setting: Setting) -> list[Mention]:
    """Return the mentions of actors (organisations, missions, clusters, people) in `unit`."""
    return [
        m
        for m in setting.mentions(unit.passage.block.id)
        if unit.start <= m.start and m.end <= unit.end and m.ref.type in ACTOR_TYPES
    ]


def _after(units: Sequence[Unit], unit: Unit) -> Unit | None:
    """Return the unit that follows `unit` in `units`, or None."""
    position = units.index(unit)
    return units[position + 1] if position + 1 < len(units) else None


def _practice(
    chain: Chain,
    country: EntityRef,
    cues: Sequence[Cue],
    setting: Setting,
    following: Unit | None,
) -> Statement:
    """Return the FieldPractice of `chain` in `country`: its text spans the practice and its
    supporting sentences; with actors, instruments and outcome."""
    first, last = chain.units[0], chain.units[-1]
    passage = first.passage
    mentions = setting.mentions(passage.block.id)
    statement = Statement(
        StatementKind.FIELD_PRACTICE,
        passage.block.id,
        first.start,
        last.end,
        passage.text[first.start : last.end],
    )
    statement.countries = [country]
    actors = refs_in(mentions, first.start, last.end, ACTOR_TYPES)
    statement.actors = setting.actors_in(actors, country)
    statement.instruments = refs_in(mentions, first.start, last.end, INSTRUMENT_TYPES) or refs_in(
        mentions, 0, len(passage.text), INSTRUMENT_TYPES
    )
    statement.outcome = practice_outcome(chain.units, cues, following)
    return statement


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
