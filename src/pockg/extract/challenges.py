"""Challenges: sentences stating an obstacle, constraint, gap, weakness, risk or shortfall.

The rules follow the annotation guidelines (eval/gold/README.md, section 2.11): a
statement whose main clause names an obstacle ("challenges remain", "a lack of", "limited
resources", "hampers", "the results were mixed", "one cannot assume"). Questions posed for
discussion, instructions (imperatives, "must", "should") and statements of purpose ("To
identify opportunities and challenges ...") are not challenges. The country is set as for
field practices when the text ties the challenge to one. Cue words are data in
`patterns/challenge_cues.jsonl`.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from pockg.extract.context import DocumentContext
from pockg.extract.practices import MAX_COUNTRIES, Setting, mentions_by_block
from pockg.extract.recommendations import prescribes
from pockg.extract.sentences import (
    Cue,
    Unit,
    cues_in,
    find_cues,
    in_main_clause,
    is_question,
    root_of,
    statement_units,
)
from pockg.models import BlockKind, Extraction, Statement, StatementKind

_SKIPPED = frozenset({BlockKind.HEADING, BlockKind.REFERENCE})


def find_challenges(context: DocumentContext, extraction: Extraction) -> None:
    """Add a Challenge statement for every sentence or list item that states an obstacle."""
    setting = Setting(context, mentions_by_block(extraction))
    for passage in context.passages:
        if passage.block.kind in _SKIPPED:
            continue
        cues = find_cues(context.nlp, "challenge_cues", passage.doc)
        instructions = find_cues(context.nlp, "recommendation_cues", passage.doc)
        for unit in statement_units(passage):
            if is_challenge(unit, cues) and not prescribes(unit, instructions):
                statement = Statement(
                    StatementKind.CHALLENGE, passage.block.id, unit.start, unit.end, unit.text
                )
                countries = setting.countries(unit)
                statement.countries = countries if len(countries) <= MAX_COUNTRIES else []
                extraction.statements.append(statement)


def is_challenge(unit: Unit, cues: Sequence[Cue]) -> bool:
    """Return whether the main clause of `unit` states an obstacle or a shortfall."""
    span = unit.span
    if is_question(unit) or _states_purpose(span):
        return False
    if not any(t.pos_ in ("VERB", "AUX") and in_main_clause(t, span) for t in span):
        return False  # a title or a citation ("Trends and challenges in ..., HPG, 2012")
    inside = cues_in(cues, span)
    topics = {c.start for c in inside if c.label == "topic_verb"}
    return any(
        cue.label == "challenge"
        and in_main_clause(span.doc[cue.start], span)
        and not _is_topic(span.doc[cue.start], topics)
        for cue in inside
    )


def _is_topic(cue: Token, topics: set[int]) -> bool:
    """Return whether an obstacle noun is only the topic of talk ("address the challenges").

    Naming challenges as what someone identifies, discusses or solves does not state one.
    """
    noun = cue
    while noun.dep_ == "conj" and noun.head.i != noun.i:  # "strengths and weaknesses"
        noun = noun.head
    if cue.pos_ != "NOUN" or noun.dep_ not in ("dobj", "pobj", "nsubjpass"):
        return False
    governor = noun.head.head if noun.head.dep_ == "prep" else noun.head
    return noun.head.i in topics or governor.i in topics


def _states_purpose(span: Span) -> bool:
    """Return whether `span` states an objective ("To reflect on current challenges ...")."""
    first = span[0]
    return first.dep_ == "aux" and first.lower_ == "to" and first.head.i == root_of(span).i
