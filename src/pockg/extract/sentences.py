"""Statement units: the sentences and list items of a passage, cut as the gold spans are cut.

A recommendation, field practice or challenge is one sentence or one list item, from its
first word to its final punctuation, without list markers, run-in labels ("Drafting
timeframe: "), trailing list glue ("; and", ":") or surrounding markdown emphasis
(eval/gold/README.md, section 2.12). Units reuse the passage's parse; their offsets
index the block's text exactly. Cue patterns and clause tests shared by the finders follow.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple
from weakref import WeakKeyDictionary

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from pockg.extract.context import Passage

PATTERN_DIR = Path(__file__).resolve().with_name("patterns")

# Markers and emphasis before a sentence ("- ", "(1) ", "1 Establish", "**"); used with match().
_LEADING = re.compile(
    r"(?:\s+|[-–—•●▪►➔❖✓>]+\s*|\*+|\(\w{1,4}\)\s+|\d{1,2}[.)]?\s+(?=[A-Z])|[a-z][.)]\s+)"
)
# List glue and emphasis after it: ";", "; and", ",", " or", ":", "**".
_TRAILING = re.compile(r"(?:\s+|\*+|[;,:]|(?<=[\s;,])(?:and|or))$")
# A run-in label: a short capitalised phrase and a colon, then the sentence in capitals.
_RUN_IN = re.compile(r"([\[A-Z][^:;.!?]{0,90}?)\]?:\**\s+(?=[\"“‘'(A-Z])")
_RUN_IN_MAX_WORDS = 10
# Abbreviations after which the parser tends to end a sentence too early.
_ABBREVIATION = re.compile(
    r"\b(?:e\.g|i\.e|cf|viz|vs|No|nos|para|paras|Art|op|al|Mr|Mrs|Ms|Dr|Prof|St|pp|p|v|vol)\.$"
)
# A sentence end the parser missed: a word, footnote marks, full stop, footnote marks, then a
# capital (perhaps after an inline enumerator, "...: (1) Ensure").
_MARKS_AT_START = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+\s*")
_MISSED_END = re.compile(
    r"(?<=[a-z0-9)\]\"”’¹²³⁰-⁹][.!?:])[¹²³⁰-⁹]*\**(?=\s+(?:\(\w{1,3}\)\s+)?[\"“‘(]?[A-Z])"
)
# The fewest words before a colon that ends a sentence ("... is crucial: In Nigeria, ...").
_CLAUSE_WORDS = 6
_MAX_PHRASES = 5000
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


@dataclass(frozen=True)
class Unit:
    """One sentence or list item: offsets into the block's text, the parse's tokens covering
    them, and whether it opens the passage (a list item's first sentence)."""

    passage: Passage
    start: int
    end: int
    first: bool
    span: Span

    @property
    def text(self) -> str:
        """Return the unit's verbatim text."""
        return self.passage.text[self.start : self.end]


# Units and cues of a parse, computed once for every finder; weak keys free them with it.
_UNITS: WeakKeyDictionary[Doc, tuple[tuple[int, int, bool, int, int], ...]] = WeakKeyDictionary()
_CUES: WeakKeyDictionary[Doc, dict[str, tuple[Cue, ...]]] = WeakKeyDictionary()


def statement_units(passage: Passage) -> list[Unit]:
    """Return the passage's sentences, cut to statement spans, in text order."""
    doc = passage.doc
    if doc not in _UNITS:
        _UNITS[doc] = tuple(_unit_ranges(doc))
    return [
        Unit(passage, start, end, first, doc[token_start:token_end])
        for start, end, first, token_start, token_end in _UNITS[doc]
    ]


def _unit_ranges(doc: Doc) -> Iterator[tuple[int, int, bool, int, int]]:
    """Yield each unit's character range, whether it opens the doc, and its token range."""
    text = doc.text  # rebuilt from the tokens at every access: read once
    for index, (start, end) in enumerate(_sentence_ranges(doc, text)):
        cut = cut_span(doc, text, start, end)
        if cut is not None:
            span = doc.char_span(cut[0], cut[1], alignment_mode="expand")
            assert span is not None  # offsets come from tokens of this parse
            yield cut[0], cut[1], index == 0, span.start, span.end


def cut_span(doc: Doc, text: str, start: int, end: int) -> tuple[int, int] | None:
    """Return `text[start:end]` without markers, labels and glue, or None when empty.

    `text` is the text of `doc`, the parse that tells a run-in label from a clause.
    """
    start, end = _strip(text, start, end)
    label = _RUN_IN.match(text, start, end)
    if label and _is_label(doc, text, start, start + len(label.group(1))):
        start, end = _strip(text, label.end(), end)
    start, end = _unquote(text, start, end)
    return (start, end) if start < end else None


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the offsets with leading markers and trailing glue removed, repeatedly."""
    while start < end and (lead := _LEADING.match(text, start, end)) and lead.end() > start:
        start = lead.end()
    while start < end and (tail := _TRAILING.search(text, start, end)) and tail.start() < end:
        end = tail.start()
    return start, end


def _unquote(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the offsets without a quotation mark whose partner lies outside the span."""
    piece = text[start:end]
    if sum(piece.count(mark) for mark in '"“”') == 1:
        return (start + 1, end) if piece[0] in '"“' else (start, end - (piece[-1] in '"”'))
    return start, end


def _is_label(doc: Doc, text: str, start: int, end: int) -> bool:
    """Return whether text[start:end] reads as a label: short, with no finite verb."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not 0 < len(text[start:end].split()) <= _RUN_IN_MAX_WORDS:
        return False
    return not any(t.tag_ in _FINITE_TAGS for t in span)


def _sentence_ranges(doc: Doc, text: str) -> list[tuple[int, int]]:
    """Return the character ranges of the parse's sentences, re-joining false breaks.

    The small English model ends sentences after "e.g." and before a lower-case or
    bracketed continuation; those pieces belong to the sentence before.
    """
    ranges: list[tuple[int, int]] = []
    for sent in doc.sents:
        for start, end in _split_missed(doc, text, sent.start_char, sent.end_char):
            marks = _MARKS_AT_START.match(text, start, end)
            if marks and ranges:  # footnote marks belong to the sentence they follow
                ranges[-1] = (ranges[-1][0], start + len(marks.group().rstrip()))
                start = marks.end()
                if start >= end:
                    continue
            if ranges and _continues(text, ranges[-1][1], start):
                ranges[-1] = (ranges[-1][0], end)
            else:
                ranges.append((start, end))
    return ranges


def _split_missed(doc: Doc, text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the range cut where a sentence visibly ends but the parser did not split.

    The parser glues footnote marks to the full stop ("nuanced.¹² In addition"), which
    hides the sentence end from it. A colon ends a sentence when clauses (some words and
    a verb) stand on both sides; a short head is a run-in label, a verbless tail a list.
    """
    pieces = []
    for found in _MISSED_END.finditer(text, start, end):
        tail = doc.char_span(found.end(), end, alignment_mode="expand") or ()
        head, clauses = text[start : found.start()], any(t.pos_ in ("VERB", "AUX") for t in tail)
        if text[found.start() - 1] != ":" or (clauses and len(head.split()) >= _CLAUSE_WORDS):
            pieces.append((start, found.end()))
            start = found.end()
    pieces.append((start, end))
    return pieces


def _continues(text: str, previous_end: int, start: int) -> bool:
    """Return whether a sentence at `start` continues the one ending at `previous_end`."""
    head = text[start : start + 1]
    abbreviation = _ABBREVIATION.search(text, max(0, previous_end - 8), previous_end)
    return bool(abbreviation) or head.islower() or head in ")]"


# Clauses that do not carry the claim: "the steps they should take" prescribes nothing.
_SUBORDINATE = frozenset({"relcl", "acl", "advcl"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})


class Cue(NamedTuple):
    """A cue found in a passage: its label and token range in the passage's parse."""

    label: str
    start: int
    end: int


@cache
def load_patterns(name: str) -> tuple[dict[str, Any], ...]:
    """Return the lines of `patterns/<name>.jsonl`: {"label": ..., "pattern": [...]}."""
    lines = (PATTERN_DIR / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return tuple(json.loads(line) for line in lines if line.strip())


@cache
def cue_matcher(nlp: Language, name: str) -> tuple[PhraseMatcher, Matcher]:
    """Return the matchers for the patterns of `patterns/<name>.jsonl` (built once).

    Patterns over lower-case words only become phrases: a PhraseMatcher looks them all up
    at once, where a Matcher tries each pattern at each token.
    """
    phrases, patterns = PhraseMatcher(nlp.vocab, attr="LOWER"), Matcher(nlp.vocab)
    for line in load_patterns(name):
        words = _as_phrases(line["pattern"])
        if words is None:
            patterns.add(line["label"], [line["pattern"]])
        else:
            phrases.add(line["label"], [Doc(nlp.vocab, words=w) for w in words])
    return phrases, patterns


def _as_phrases(pattern: list[dict[str, Any]]) -> list[list[str]] | None:
    """Return the word sequences a pattern of lower-case words matches, or None if not one."""
    variants: list[list[str]] = [[]]
    for token in pattern:
        value, optional = token.get("LOWER"), token.get("OP") == "?"
        words = [value] if isinstance(value, str) else (value or {}).get("IN")
        if set(token) - {"LOWER", "OP"} or token.get("OP", "?") != "?" or not words:
            return None
        choices = [[w] for w in words] + ([[]] if optional else [])
        variants = [v + c for v in variants for c in choices]
        if len(variants) > _MAX_PHRASES:
            return None
    return [v for v in variants if v]


def find_cues(nlp: Language, name: str, doc: Doc) -> tuple[Cue, ...]:
    """Return every cue of `patterns/<name>.jsonl` in `doc`, in text order (matched once)."""
    found = _CUES.setdefault(doc, {})
    if name not in found:
        strings = doc.vocab.strings
        phrases, patterns = cue_matcher(nlp, name)
        matches = sorted([*phrases(doc), *patterns(doc)], key=lambda m: m[1:])
        found[name] = tuple(Cue(strings[key], start, end) for key, start, end in matches)
    return found[name]


def cues_in(cues: Iterable[Cue], span: Span) -> list[Cue]:
    """Return the cues that lie inside `span`."""
    return [c for c in cues if c.start >= span.start and c.end <= span.end]


def in_main_clause(token: Token, span: Span) -> bool:
    """Return whether `token` belongs to the main clause of `span`, not a subordinate one.

    A content clause ("the consensus that clusters need to ...") and the relative clause of
    a pseudo-cleft ("A further point that is important is ...") carry the main claim.
    """
    while token.head.i != token.i and span.start <= token.head.i < span.end:
        if token.dep_ in _SUBORDINATE and not _carries_claim(token):
            return False
        token = token.head
    return True


def _carries_claim(clause: Token) -> bool:
    """Return whether a clause attached to a noun states the sentence's claim (see above)."""
    if clause.dep_ == "acl":
        return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)
    noun = clause.head
    return clause.dep_ == "relcl" and noun.dep_ in ("nsubj", "attr") and noun.head.lemma_ == "be"


def is_quoted(token: Token) -> bool:
    """Return whether a word is quoted as a name, not used ("“Must/Should/Could” matrix")."""
    doc = token.doc
    neighbours = [doc[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc)]
    return any(n.is_quote or n.text == "/" for n in neighbours)


def root_of(span: Span) -> Token:
    """Return the first token of `span` whose head lies outside it (the span's root)."""
    for token in span:
        if token.head.i == token.i or not span.start <= token.head.i < span.end:
            return token
    return span[0]


def is_question(unit: Unit) -> bool:
    """Return whether `unit` asks a question."""
    return unit.text.rstrip("*”\"' ").endswith("?")


def is_imperative(span: Span) -> bool:
    """Return whether `span` is an imperative: a subjectless base-form verb leads it."""
    first = span[0]
    if first.tag_ == "VB" and first.is_title:
        return True
    root = root_of(span)
    # An all-capital word is an acronym the tagger misread ("ICRC Professional Standards").
    if root.tag_ == "VB" and not root.is_upper and not has_subject_or_aux(root):
        return root.i == span.start or span.doc[root.i - 1].is_punct
    return False


def has_subject_or_aux(verb: Token) -> bool:
    """Return whether `verb` has a subject or an auxiliary ("to", "will") of its own."""
    return any(c.dep_ in SUBJECTS or c.dep_ in ("aux", "auxpass") for c in verb.children)
