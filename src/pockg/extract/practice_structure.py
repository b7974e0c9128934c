"""Sentence structure of field practices: what opens a practice and what only supports one.

A practice is reported as an actor doing something in the field (eval/gold/README.md,
section 2.10). Sentences of another shape are background or narrative and open none: a
title, label or list of names, with no finite verb (unless a label announces field
examples); a lead-in ending in a colon; a state told with a copula ("Life is often
complicated for humanitarians") unless a named actor is its subject, it states a result
("... were able to identify ...", "There have been successes in ...") or its subject names
a practice ("One approach has been to ..."); talk about the discussion ("Discussions on
Nigeria raised ...", "... was noted as good practice"); an inventory ("These include
..."); a text describing itself or another ("This Guidance Note was developed by ...");
a sentence whose subject only points back ("This is now changing ...").

The sentences after a practice that carry on with it (its workings, its actors, its
result) are its supporting evidence, one statement with it, until one starts another
practice: a marker of a new item ("Similar engagement ...", "Further, ..."), a new scene
("In Gao, for example, ..."), or a named actor not yet involved as its subject or agent
("The Protection Cluster has developed ..."). Places set the scene of a sentence when they
are its subject or a place phrase on its verb or subject. Cue words are data in
`patterns/practice_cues.jsonl`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from spacy.tokens import Doc, Span, Token

from pockg.extract.sentences import (
    Cue,
    Unit,
    cues_in,
    in_main_clause,
    is_quoted,
    root_of,
    statement_units,
)
from pockg.models import BlockKind, EntityRef, Mention

_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
# Clauses inside a title or a label ("Insights from ..., including how ... could be").
# A finite verb read as a noun's modifier (acl) is the parser misreading a main verb.
_CLAUSES = frozenset({"relcl", "advcl", "ccomp", "pcomp", "csubj"})
_ANAPHORS = frozenset({"this", "that", "these", "those", "they"})
_COPULAS = frozenset({"be", "remain", "seem", "appear", "become"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
# Agent nouns that only modify another noun ("the cluster system", "military doctrine")
# name no one who acts.
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
_VAGUE = frozenset({"several", "some", "many", "various", "numerous", "other", "few"})
# A run-in label announcing examples ("[Possible field examples ...]: ") before the unit.
_EXAMPLES_LABEL = re.compile(r"\bexamples?\b[^.;:]*\]?\s*:\**\s*$", re.IGNORECASE)
# The most tokens of an opening phrase that sets the scene ("In Gao, for example, ...").
_OPENER_TOKENS = 8


def opens_a_practice(unit: Unit, inside: Sequence[Cue], actors: Sequence[Mention]) -> bool:
    """Return whether `unit` has the shape of a reported practice, not of narrative.

    `inside` are the practice cues within the unit, `actors` the actor mentions in it.
    """
    span = unit.span
    if _reads_as_title(unit):
        return _announced_as_example(unit)
    if unit.passage.text[unit.end : unit.end + 1] == ":":
        return False  # a lead-in to what follows
    root = root_of(span)
    if is_talk(span, inside) or any(c.label == "inventory" and c.start == root.i for c in inside):
        return False
    subject = subject_tokens(span, root)
    if len(subject) == 1 and subject[0].lower_ in _ANAPHORS:
        return False  # "This is now changing ...": it carries on with what came before
    if _is_text(subject, inside) and not _labelled(inside, span, "outcome"):
        return False
    # "were able to", "There have been successes ...", "one approach has been to ..."
    able = any(c.label == "outcome" and c.start == root.i for c in inside)
    existential = any(c.dep_ == "expl" for c in root.children)
    if root.lemma_ in _COPULAS and not (able or existential or _names_a_practice(subject, inside)):
        return any(_covers(m, subject) for m in actors)
    return True


def is_talk(span: Span, inside: Sequence[Cue]) -> bool:
    """Return whether `span` reports what was said or discussed ("... was noted as good
    practice", "Lessons learnt ... highlight the importance of ..."), not what was done."""
    root = root_of(span)
    return any(c.label == "discourse" and c.start == root.i for c in inside)


def has_acting_agent(span: Span, inside: Sequence[Cue]) -> bool:
    """Return whether an agent noun names someone identifiable who acts: not a modifier of
    a thing ("the cluster system"), not an unnamed few ("Several organisations are ...")."""
    return any(
        cue.label == "agent"
        and span.doc[cue.start].dep_ not in _MODIFIER_DEPS
        and not any(c.lower_ in _VAGUE for c in span.doc[cue.start].children)
        for cue in inside
    )


def subject_tokens(span: Span, root: Token) -> list[Token]:
    """Return the tokens of the main clause's subject, else those before its verb."""
    heads = [c for c in root.children if c.dep_ in _SUBJECTS]
    if heads:
        return [t for head in heads for t in head.subtree if span.start <= t.i < span.end]
    return [t for t in span if t.i < root.i]


def starts_another(
    unit: Unit,
    inside: Sequence[Cue],
    actors: Sequence[Mention],
    involved: Collection[EntityRef],
) -> bool:
    """Return whether `unit` starts another practice instead of supporting the one before.

    `involved` are the actors of the practice so far; `actors` the actor mentions of `unit`.
    """
    span = unit.span
    if any(c.label == "new_item" and c.start == span.start for c in inside):
        return True
    if opens_on_a_place(span):
        return True
    root = root_of(span)
    # The words a sentence opens on name its subject even where the parse goes astray.
    opening = [t for t in span[:2] if t.dep_ != "det"]
    acting = _heads(subject_tokens(span, root)) + _heads(_passive_agent(root)) + opening
    return any(m.ref not in involved and _covers(m, acting) for m in actors)


def sets_scene(doc: Doc, start: int, end: int) -> bool:
    """Return whether the words at `start:end` of `doc` (a place) set the scene of their
    sentence: its subject, or a place phrase on its verb or subject ("In Nigeria, ...", "the
    context in Nigeria is ..."), not a place named deep in a phrase ("since the failures of
    the response in Rwanda") or in a subordinate clause."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    token, phrases = span.root, 0
    while token.head.i != token.i:
        if token.dep_ in _CLAUSES or token.dep_ in ("acl", "xcomp"):
            return False
        phrases += token.dep_ == "prep"
        token = token.head
    return phrases <= 1


def opens_on_a_place(span: Span) -> bool:
    """Return whether `span` opens by setting a scene in a named place ("In Gao, ...")."""
    opener = list(span[:_OPENER_TOKENS])
    if not opener or opener[0].lower_ != "in":
        return False
    comma = next((t.i for t in opener if t.text == ","), None)
    return comma is not None and any(t.tag_ in ("NNP", "NNPS") for t in opener if t.i < comma)


def opening_place_end(span: Span) -> int | None:
    """Return the character offset where an opening place phrase ends, or None."""
    if not opens_on_a_place(span):
        return None
    comma = next(t for t in span[:_OPENER_TOKENS] if t.text == ",")
    return comma.idx


def is_prospective(span: Span, inside: Sequence[Cue]) -> bool:
    """Return whether a modal, a plan, a need or a request in the main clause makes `span`
    prospective."""
    return any(
        cue.label == "not_done"
        and in_main_clause(span.doc[cue.start], span)
        and not is_quoted(span.doc[cue.start])
        for cue in inside
    )


def states_obstacle(span: Span, obstacles: Sequence[Cue]) -> bool:
    """Return whether the main clause of `span` names an obstacle (a challenge cue)."""
    return any(
        cue.label == "challenge" and in_main_clause(span.doc[cue.start], span)
        for cue in cues_in(obstacles, span)
    )


def _reads_as_title(unit: Unit) -> bool:
    """Return whether `unit` is a title, label, citation or list of names: it has no finite
    verb in its main clause and stands apart (a line of its own, a footnote, items split by
    ";"). Among the sentences of a paragraph, the tagger rather misread a verb as a noun
    ("the cluster coordinates with UNMISS")."""
    span = unit.span
    if any(_finite(t, span) and not _in_clause(t, span) for t in span):
        return False
    block = unit.passage.block
    alone = len(statement_units(unit.passage)) == 1
    return alone or block.kind is BlockKind.FOOTNOTE or ";" in unit.text


def _finite(token: Token, span: Span) -> bool:
    """Return whether `token` is a finite verb, or a past form after a noun that the tagger
    read as an adjective or a participle ("the cluster and UNAMA shared information"); a
    participle before "by" is a passive modifier ("Strategies employed by ...")."""
    if token.tag_ in _FINITE_TAGS:
        return True
    if token.tag_ not in ("JJ", "VBN") or not token.lower_.endswith("ed"):
        return False
    before = token.doc[token.i - 1] if token.i > span.start else None
    after = token.doc[token.i + 1] if token.i + 1 < span.end else None
    return (
        before is not None
        and before.pos_ in ("NOUN", "PROPN")
        and (after is None or after.lower_ != "by")
    )


def _in_clause(token: Token, span: Span) -> bool:
    """Return whether `token` lies in a subordinate clause of `span`."""
    while token.head.i != token.i and span.start <= token.head.i < span.end:
        if token.dep_ in _CLAUSES:
            return True
        token = token.head
    return False


def _heads(tokens: Sequence[Token]) -> list[Token]:
    """Return the head words of a phrase and of the phrases joined to it ("X and Y")."""
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    conjuncts = [t for t in tokens if t.dep_ == "conj" and any(h.i == t.head.i for h in heads)]
    return heads + conjuncts


def _announced_as_example(unit: Unit) -> bool:
    """Return whether a verbless unit follows a label that announces field examples."""
    before = unit.passage.text[max(0, unit.start - 120) : unit.start]
    return bool(_EXAMPLES_LABEL.search(before))


def _is_text(subject: Sequence[Token], inside: Sequence[Cue]) -> bool:
    """Return whether the subject's head word names a text ("This Guidance Note")."""
    return any(
        c.label == "text" and c.start == head.i for head in _heads(subject)[:1] for c in inside
    )


def _names_a_practice(subject: Sequence[Token], inside: Sequence[Cue]) -> bool:
    """Return whether the subject's head word names a practice ("one approach has been to
    identify ...", "A second concrete example is ...")."""
    return any(
        c.label == "practice_noun" and c.start == head.i
        for head in _heads(subject)[:1]
        for c in inside
    )


def _labelled(inside: Sequence[Cue], span: Span, label: str) -> bool:
    """Return whether a cue of `label` lies in the main clause of `span`."""
    return any(c.label == label and in_main_clause(span.doc[c.start], span) for c in inside)


def _passive_agent(root: Token) -> list[Token]:
    """Return the tokens of a passive verb's agent ("co-led by UNICEF and the MINUSMA")."""
    agents = [c for child in root.children if child.dep_ == "agent" for c in child.children]
    return [t for agent in agents if agent.dep_ == "pobj" for t in agent.subtree]


def _covers(mention: Mention, tokens: Sequence[Token]) -> bool:
    """Return whether a mention lies on one of `tokens` (character offsets in the block)."""
    return any(mention.start <= t.idx < mention.end for t in tokens)
