"""Recommendations: sentences and list items whose main clause prescribes an action.

The rules follow the annotation guidelines (eval/gold/README.md, section 2.9): a
prescriptive modal or verb in the main clause (must, shall, should, is required to, needs
to, is expected to, recommend, call on, "it is essential to"), an imperative, a verbless
item of a list its lead-in frames as recommendations, or hedged advice addressed to the
reader ("this could be done through ..."). Capabilities ("X can provide"), commitments
("OCHA will ensure"), questions and headings are not recommendations. Cue words are data
in `patterns/recommendation_cues.jsonl`; the grammar (clauses, subjects, tense) is here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from pockg.extract.context import DocumentContext, Passage
from pockg.extract.practices import ACTOR_TYPES, INSTRUMENT_TYPES, mentions_by_block, refs_in
from pockg.extract.sentences import (
    SUBJECTS,
    Cue,
    Unit,
    cues_in,
    find_cues,
    has_subject_or_aux,
    in_main_clause,
    is_imperative,
    is_question,
    is_quoted,
    root_of,
    statement_units,
)
from pockg.models import BlockKind, EntityType, Extraction, Mention, Statement, StatementKind

# The schema's order (eval/gold/README.md, section 1): the first cue found names the modal.
_PRESCRIBING = ("must", "shall", "should", "required", "need", "expected", "recommend")
HEDGED = "can/may/could"
MODAL_ORDER = (*_PRESCRIBING, "important", HEDGED, "imperative")
_STRONG = frozenset((*_PRESCRIBING, "important"))
_SKIPPED = frozenset({BlockKind.HEADING, BlockKind.REFERENCE})
# Pronouns that address the reader or the speaker's own community ("we can engage ...").
_READER, _DEMONSTRATIVE = frozenset({"we", "you", "one"}), frozenset({"this", "these", "it"})
_NOT_IMPERATIVE_TAGS = frozenset({"DT", "PRP", "PRP$", "IN", "CD", "WRB", "MD", "CC", "TO", "EX"})
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
# A cue this close to a lead-in's closing colon belongs to the clause the list completes.
_TAIL = 2


@dataclass(frozen=True)
class ListFrame:
    """How a list's lead-in frames its items.

    `prescriptive`: the lead-in asks for what follows ("The following principles should
    guide ...:", a "Key recommendations" heading). `imperative`: most items open with an
    imperative verb, so a capitalised first word the tagger took for a noun is one too.
    `contents`: the lead-in only lists what something contains ("The mission's tasks may
    include the following elements:"), so verb-first items name tasks, not instructions.
    """

    prescriptive: bool
    imperative: bool
    contents: bool = False


def find_recommendations(context: DocumentContext, extraction: Extraction) -> None:
    """Add a Recommendation statement for every prescriptive sentence or list item."""
    cues = [find_cues(context.nlp, "recommendation_cues", p.doc) for p in context.passages]
    frames = list_frames(context.passages, cues)
    mentions = mentions_by_block(extraction)
    for index, passage in enumerate(context.passages):
        if passage.block.kind in _SKIPPED:
            continue
        for unit in statement_units(passage):
            modal = recommendation_modal(unit, cues[index], frames.get(index))
            if modal is not None:
                block_mentions = mentions.get(passage.block.id, [])
                extraction.statements.append(_statement(unit, modal, cues[index], block_mentions))


def recommendation_modal(unit: Unit, cues: Sequence[Cue], frame: ListFrame | None) -> str | None:
    """Return the modal of the first prescriptive cue of `unit`, or None if it prescribes none."""
    span = unit.span
    inside = cues_in(cues, span)
    question = is_question(unit)
    # Questions prescribe only when a list's lead-in frames them as directions to take.
    if question and (frame is None or not frame.prescriptive or not unit.first):
        return None
    found = {c.label for c in inside if _counts(c, span, inside)}
    if _recommends_action(span, inside):
        found.add(HEDGED)
    if not _names_listed_task(span, unit, inside, frame) and (
        question
        or is_imperative(span)
        or _is_parallel_imperative(span, unit, frame)
        or _is_framed_item(span, unit, frame)
    ):
        found.add("imperative")
    modal = next((modal for modal in MODAL_ORDER if modal in found), None)
    # A lead-in that introduces a list ("... may include:") prescribes by a strong cue only.
    introduces = modal not in _STRONG and unit.passage.text[unit.end :].strip("* ") == ":"
    return None if introduces else modal


def _names_listed_task(
    span: Span, unit: Unit, inside: Sequence[Cue], frame: ListFrame | None
) -> bool:
    """Return whether a verb-first unit is a cross-reference ("See ...") or a listed task."""
    listed = frame is not None and frame.contents and unit.first
    return listed or any(c.label == "not_imperative" and c.start == span.start for c in inside)


def prescribes(unit: Unit, cues: Sequence[Cue]) -> bool:
    """Return whether the main clause of `unit` instructs: an imperative or a strong cue.

    A need ("needs to", "the need for") does not count: stating one often reports a gap.
    """
    span = unit.span
    inside = cues_in(cues, span)
    strong = (c for c in inside if c.label in _STRONG and c.label != "need")
    return is_imperative(span) or any(_counts(c, span, inside) for c in strong)


def list_frames(passages: Sequence[Passage], cues: Sequence[Sequence[Cue]]) -> dict[int, ListFrame]:
    """Return the frame of every list item passage, by passage index."""
    frames: dict[int, ListFrame] = {}
    lead_in: int | None = None
    run: list[int] = []
    for index, passage in enumerate(passages):
        kind = passage.block.kind
        if kind is BlockKind.LIST_ITEM:
            run.append(index)
        elif kind is not BlockKind.FOOTNOTE:  # a footnote does not end a list
            frames.update(_frame_run(passages, cues, lead_in, run))
            run, lead_in = [], index
    frames.update(_frame_run(passages, cues, lead_in, run))
    return frames


def _frame_run(
    passages: Sequence[Passage], cues: Sequence[Sequence[Cue]], lead_in: int | None, run: list[int]
) -> dict[int, ListFrame]:
    """Return the frame shared by the list items `run`, introduced by passage `lead_in`."""
    if not run:
        return {}
    prescriptive = contents = False
    if lead_in is not None:
        prescriptive = _is_prescriptive_lead_in(passages[lead_in], cues[lead_in])
        contents = not prescriptive and _lists_contents(passages[lead_in], cues[lead_in])
    openers = sum(_opens_with_verb(statement_units(passages[i])) for i in run)
    frame = ListFrame(prescriptive, 2 * openers >= len(run), contents)
    return dict.fromkeys(run, frame)


def _is_prescriptive_lead_in(passage: Passage, cues: Sequence[Cue]) -> bool:
    """Return whether the passage before a list asks for what the list gives.

    A heading does when it names recommendations, principles or lessons; a paragraph when
    its last sentence introduces the list (a colon, "the following") and names them or
    prescribes, in its main clause or in the clause the list completes ("..., which
    should:").
    """
    units = statement_units(passage)
    if not units:
        return False
    span = units[-1].span
    inside = cues_in(cues, span)
    if passage.block.kind is BlockKind.HEADING:
        return any(c.label == "lead_in" for c in inside)
    introduces = any(c.label == "introducer" for c in inside)
    if not introduces and not passage.text.rstrip("* ").endswith(":"):
        return False
    return any(
        c.label == "lead_in"
        or (c.label in _STRONG and (_counts(c, span, inside) or span.end - c.end <= _TAIL))
        for c in inside
    )


def _lists_contents(passage: Passage, cues: Sequence[Cue]) -> bool:
    """Return whether the lead-in's main verb only lists contents ("... include:")."""
    units = statement_units(passage)
    if not units or not passage.text.rstrip("* ").endswith(":"):
        return False
    span = units[-1].span
    verbs = (span.doc[c.start] for c in cues_in(cues, span) if c.label == "contents")
    return any(verb.dep_ in ("ROOT", "conj") and in_main_clause(verb, span) for verb in verbs)


def _opens_with_verb(units: Sequence[Unit]) -> bool:
    """Return whether a list item opens with a base-form verb ("Establish ...")."""
    return bool(units) and units[0].span[0].tag_ == "VB" and units[0].span[0].is_title


def _counts(cue: Cue, span: Span, inside: Sequence[Cue]) -> bool:
    """Return whether a cue prescribes: it sits in the main clause, and hedges give advice."""
    if cue.label not in MODAL_ORDER:
        return False
    doc = span.doc
    tokens = doc[cue.start : cue.end]
    if not any(in_main_clause(t, span) for t in tokens) or is_quoted(tokens[0]):
        return False
    return cue.label != HEDGED or _is_advice(tokens[0], inside)


def _is_advice(modal: Token, inside: Sequence[Cue]) -> bool:
    """Return whether a hedged modal advises ("This could be done ...") rather than describes.

    "X can provide" states a capability; advice is addressed to the reader ("we can"),
    recommends an action as subject ("Establishing units can help ..."), or names a
    choice ("might want to", "may choose to").
    """
    if modal.tag_ != "MD":
        return True
    verb = modal.head
    if any(child.dep_ == "neg" for child in verb.children):
        return False
    subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    cued = {c.label for c in inside if c.start == verb.i}
    if _is_action(subject):
        return bool(cued & {"benefit_verb", "advice_verb"})
    if modal.lower_ == "would" or subject is None:
        return False
    if "advice_verb" in cued and not passive:
        return True
    if subject.lower_ in _READER:
        return modal.lower_ in ("can", "could")
    demonstrative = {subject.lower_, *(c.lower_ for c in subject.children if c.dep_ == "det")}
    return passive and bool(demonstrative & _DEMONSTRATIVE)  # "This work can be done ..."


def _is_action(subject: Token | None) -> bool:
    """Return whether a subject names an action: a clause or a gerund ("Establishing ...")."""
    return subject is not None and (subject.dep_.startswith("csubj") or subject.tag_ == "VBG")


def _recommends_action(span: Span, inside: Sequence[Cue]) -> bool:
    """Return whether the main clause credits an action with a benefit, which advises it.

    "Identifying and understanding trends allows for better planning."
    """
    root = root_of(span)
    if not any(c.label == "benefit_verb" and c.start == root.i for c in inside):
        return False
    return any(_is_action(c) for c in root.children if c.dep_ in SUBJECTS)


def _is_parallel_imperative(span: Span, unit: Unit, frame: ListFrame | None) -> bool:
    """Return whether a list item opens like its imperative siblings ("Clarify roles ...").

    The tagger often takes a capitalised imperative for a noun; in a list whose items
    mostly open with a verb, a subjectless capitalised opener is read as one too.
    """
    if frame is None or not frame.imperative or not unit.first or not span[0].is_title:
        return False
    return span[0].tag_ not in _NOT_IMPERATIVE_TAGS and not has_subject_or_aux(root_of(span))


def _is_framed_item(span: Span, unit: Unit, frame: ListFrame | None) -> bool:
    """Return whether a verbless list item stands under a prescriptive lead-in.

    "Adherence to the humanitarian principles ..." under "The following principles
    should guide ...:" prescribes what its lead-in announces.
    """
    if frame is None or not frame.prescriptive or not unit.first or not span[0].is_title:
        return False
    root = root_of(span)
    return root.tag_ not in _FINITE and not any(c.tag_ in _FINITE for c in root.children)


def _statement(unit: Unit, modal: str, cues: Sequence[Cue], mentions: list[Mention]) -> Statement:
    """Return the Recommendation for `unit`, with who recommends, to whom, and with what."""
    span = unit.span
    statement = Statement(
        StatementKind.RECOMMENDATION, unit.passage.block.id, unit.start, unit.end, unit.text, modal
    )
    statement.instruments = refs_in(mentions, unit.start, unit.end, INSTRUMENT_TYPES)
    statement.countries = refs_in(mentions, unit.start, unit.end, frozenset({EntityType.COUNTRY}))
    cued = [span.doc[c.start] for c in cues_in(cues, span) if c.label == "recommend"]
    verbs = list(dict.fromkeys(v.head if v.lemma_ == "be" else v for v in cued))
    for verb in verbs:
        # "X recommends" names who recommends; "X is encouraged to" names who should act.
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        found = refs_in(mentions, *_subject_range(verb), ACTOR_TYPES)
        (statement.addressed_to if passive else statement.recommended_by).extend(found)
    if not verbs:
        statement.addressed_to = refs_in(mentions, *_subject_range(root_of(span)), ACTOR_TYPES)
    return statement


def _subject_range(verb: Token) -> tuple[int, int]:
    """Return the character range of `verb`'s grammatical subject, or an empty range."""
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            subtree = list(child.subtree)
            return subtree[0].idx, subtree[-1].idx + len(subtree[-1])
    return 0, 0
