"""The result a field practice states: a verbatim clause of its sentences.

A result is a clause with an outcome cue ("helped", "led to", "were able to", "as a
result"; `patterns/practice_cues.jsonl`), cut from its subject on, without the scene
before it ("In Iraq, ..."); or a whole sentence that opens by announcing it ("The result
was better protection outcomes.").
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from pockg.extract.sentences import Cue, Unit, cues_in, root_of

# Sentences that open by announcing a result ("As a result, ...", "The result was ...").
_OUTCOME_OPENING_TOKENS = 3


def practice_outcome(
    units: Sequence[Unit], cues: Sequence[Cue], following: Unit | None
) -> str | None:
    """Return the result a practice told in `units` states: a clause of its first sentence,
    else a supporting sentence that opens on a result, else a clause of one, else the next
    sentence when it opens on a result."""
    first, *rest = units
    return (
        outcome_of(first, cues)
        or next((u.text for u in rest if opens_on_result(u, cues)), None)
        or next((found for u in rest if (found := outcome_of(u, cues))), None)
        or (following.text if following and opens_on_result(following, cues) else None)
    )


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


def opens_on_result(unit: Unit, cues: Sequence[Cue]) -> bool:
    """Return whether `unit` opens by announcing a result ("The result was ...")."""
    span = unit.span
    opening = [c for c in cues_in(cues, span) if c.label == "outcome"]
    return bool(opening) and opening[0].start - span.start < _OUTCOME_OPENING_TOKENS
