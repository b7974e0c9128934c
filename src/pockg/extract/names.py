"""Shared helpers of the name finders: pattern data, head nouns, capitalised runs, resolution.

A name found from its form ("Darfur Protection Working Group") is an entity when it ends in a
head noun of its kind (`patterns/*_heads.jsonl`) and is no generic phrase. It resolves through
the gazetteer first; otherwise its key is the normalised name, the same in every document.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pockg.extract.context import DocumentContext, Passage
from pockg.extract.gazetteer import normalise_name
from pockg.models import Entity, EntityRef, EntityType, Extraction, Mention

PATTERNS_DIR = Path(__file__).resolve().parent / "patterns"
# Words after a head noun that continue the name: "Office for ...", "Task Force on ...".
COMPLEMENT_WORDS = frozenset({"of", "for", "on"})

Span = tuple[int, int]
Types = tuple[EntityType, ...]


@cache
def load_patterns(name: str) -> tuple[dict[str, Any], ...]:
    """Return the records of `patterns/<name>.jsonl`, read once."""
    text = (PATTERNS_DIR / f"{name}.jsonl").read_text(encoding="utf-8")
    return tuple(json.loads(line) for line in text.splitlines() if line.strip())


@cache
def word_set(name: str, field: str, kind: str | None = None) -> frozenset[str]:
    """Return the normalised values of `field` in `patterns/<name>.jsonl` (of one `kind`)."""
    records = [r for r in load_patterns(name) if kind in (None, r.get("kind"))]
    return frozenset(normalise_name(str(record[field])) for record in records)


@dataclass(frozen=True)
class Head:
    """A head noun: its normalised words, singular and plural, and the class it signals."""

    singular: tuple[str, ...]
    plural: tuple[str, ...]
    word: str
    type: EntityType
    subtype: str
    flags: frozenset[str]


@dataclass(frozen=True)
class HeadMatch:
    """A head noun found in a list of words: where it ends (exclusive), its length in words."""

    head: Head
    end: int
    length: int
    plural: bool


@cache
def heads(kind: str) -> tuple[Head, ...]:
    """Return the head nouns of `patterns/<kind>_heads.jsonl`, longest first."""
    found = []
    for record in load_patterns(f"{kind}_heads"):
        singular = tuple(name_words(record["head"]))
        plural = tuple(name_words(record.get("plural", record["head"])))
        flags = frozenset(k for k, v in record.items() if v is True)
        entity_type = EntityType(record["type"])
        word = record["head"].split()[-1]
        found.append(Head(singular, plural, word, entity_type, record["subtype"], flags))
    return tuple(sorted(found, key=lambda h: -len(h.singular)))


def name_words(name: str) -> list[str]:
    """Return the normalised form of each whitespace-separated word of `name`, in order, so
    indexes match the surface words ("Civil-Military" is one word, "civil military")."""
    return [normalise_name(word) for word in name.split()]


def find_head(words: Sequence[str], kind: str, excluded: frozenset[str]) -> HeadMatch | None:
    """Return the last head noun in normalised `words` that ends them or precedes "of/for/on",
    skipping heads with a flag in `excluded`."""
    for end in range(len(words), 0, -1):
        if end < len(words) and words[end] not in COMPLEMENT_WORDS:
            continue
        for form, head in _heads_ending(kind).get(words[end - 1], ()):
            if not head.flags & excluded and tuple(words[max(0, end - len(form)) : end]) == form:
                return HeadMatch(head, end, len(form), form != head.singular)
    return None


@cache
def _heads_ending(kind: str) -> dict[str, list[tuple[tuple[str, ...], Head]]]:
    """Return each head noun's forms by their last word, longest forms first."""
    ending: dict[str, list[tuple[tuple[str, ...], Head]]] = {}
    for head in heads(kind):
        for form in dict.fromkeys((head.singular, head.plural)):
            ending.setdefault(form[-1], []).append((form, head))
    return ending


def is_generic(name: str) -> bool:
    """Return whether `name` is a generic phrase, role or anaphor rather than a name."""
    words = normalise_name(name).split()
    modifiers = word_set("generic_modifiers", "word")
    while words and words[0] in modifiers:
        words.pop(0)
    if not words or words[0] == "non":
        return True  # "non-UN security forces", "non-State actors": classes of actor
    phrases = word_set("generic_phrases", "phrase")
    return any(part.strip() in phrases for part in f" {' '.join(words)} ".split(" and "))


def strip_modifiers(text: str) -> str:
    """Return `text` without leading articles, anaphors and generic modifiers ("field")."""
    words = text.split()
    while len(words) > 1 and normalise_name(words[0]) in word_set("generic_modifiers", "word"):
        words.pop(0)
    return " ".join(words)


def singular_label(text: str, match: HeadMatch) -> str:
    """Return `text` with a plural head noun at its end made singular ("Protection Clusters")."""
    words = text.split()
    if not match.plural or match.end != len(words):
        return text
    pairs = zip(words[-1].lower(), match.head.word.lower(), strict=False)
    kept = sum(1 for _ in itertools.takewhile(lambda pair: pair[0] == pair[1], pairs))
    return " ".join([*words[:-1], words[-1][:kept] + match.head.word[kept:]])


def is_acronym(text: str) -> bool:
    """Return whether `text` is written like an acronym: one word with two or more capitals."""
    letters = [c for c in text if c.isalpha()]
    return " " not in text and len(letters) >= 2 and sum(c.isupper() for c in letters) >= 2


@dataclass(frozen=True)
class Named:
    """A resolved name: the entity's ref, preferred label, class and other names seen."""

    ref: EntityRef
    label: str
    subtype: str | None
    aliases: frozenset[str]


Candidate = tuple[Span, Named]


def resolve(context: DocumentContext, name: str, kind: EntityType, subtype: str | None) -> Named:
    """Return the entity `name` refers to: a reference entity, an acronym's long form, or a new
    one keyed by the normalised name (the same ref in every document) and labelled `name`."""
    entry = context.gazetteer.lookup(name)
    if entry is not None:
        return Named(entry.ref, entry.label, entry.subtype, frozenset({name} - {entry.label}))
    long_form = context.long_form(name) if is_acronym(name) else None
    if long_form and not is_acronym(long_form):
        named = resolve(context, long_form, kind, subtype)
        return Named(named.ref, named.label, named.subtype, named.aliases | {name})
    return Named(EntityRef(kind, normalise_name(name)), name, subtype, frozenset())


def record_named(
    extraction: Extraction, passage: Passage, span: Span, named: Named, source: str
) -> Entity:
    """Record `named` with a mention of `span` (offsets into the passage's text)."""
    surface = passage.text[span[0] : span[1]]
    aliases = set(named.aliases)
    if normalise_name(surface) != normalise_name(named.label):
        aliases.add(surface)
    entity = Entity(named.ref, named.label, aliases, named.subtype)
    mention = Mention(named.ref, passage.block.id, span[0], span[1], surface, source)
    return extraction.record(entity, mention)


class MentionIndex:
    """The mentions recorded in one passage: to avoid duplicates and to read the context."""

    def __init__(self, extraction: Extraction, passage: Passage) -> None:
        self.extraction = extraction
        self.passage = passage
        block = passage.block.id
        self._spans = [(m.start, m.end, m.ref) for m in extraction.mentions if m.block_id == block]

    def record(self, candidates: Iterable[Candidate], source: str) -> None:
        """Record each candidate, unless a mention of the same entity already covers it."""
        for span, named in candidates:
            if not self.covers(span, named.ref):
                record_named(self.extraction, self.passage, span, named, source)
                self._spans.append((span[0], span[1], named.ref))

    def covers(
        self, span: Span, ref: EntityRef | None = None, types: Types = (), *, longer: bool = False
    ) -> bool:
        """Return whether a mention (of `ref`, of `types`; longer with `longer`) covers `span`."""
        return any(
            s <= span[0] and span[1] <= e and ref in (None, r) and (not types or r.type in types)
            for s, e, r in self._spans
            if not longer or e - s > span[1] - span[0]
        )

    def mentions_in(self, span: Span) -> list[tuple[int, int, EntityRef]]:
        """Return the mentions that lie within `span`, in order."""
        return sorted((s, e, r) for s, e, r in self._spans if span[0] <= s and e <= span[1])

    def of_type(self, entity_type: EntityType) -> list[tuple[int, int, str]]:
        """Return the mentions of `entity_type`, with their entities' labels."""
        entities = self.extraction.entities
        return [(s, e, entities[r].label) for s, e, r in self._spans if r.type is entity_type]


# A word of a name: letters and digits, with inner hyphens, dots, ampersands and apostrophes;
# a footnote marker written in superscript digits ("Unit¹⁶") is not part of it.
_LETTER = r"[^\W_\u00b2\u00b3\u00b9\u2070-\u2079]"
_WORD = re.compile(rf"(?:[^\W\d_]\.){{2,}}|{_LETTER}(?:[\w&’'.\-]*{_LETTER})?")
_POSSESSIVE = ("’s", "'s")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")
_MONTH = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*$")
_CONNECTORS = frozenset({"of", "for", "on", "and", "the", "&", "de", "du", "des"})
_TITLE_CONNECTORS = _CONNECTORS | {"in", "to", "from", "with", "by", "against", "a", "an"}
# Words that open a run only because they start a sentence: "In", "Some", "Both", "These".
_NOT_NAME_POS = frozenset({"DET", "ADP", "PRON", "ADV", "CCONJ", "SCONJ", "VERB", "AUX", "PART"})


def name_runs(passage: Passage, *, titles: bool = False, colons: bool = False) -> list[Span]:
    """Return the spans of runs of capitalised words in the passage, joined by connectors.

    "Office for the Coordination of Humanitarian Affairs" is one run; possessives, punctuation
    and lower-case words end a run. With `titles`, "in", "to" and the like also join words, as
    in titles ("Guidelines on the Use of ... in Disaster Relief"), and so do slashes, ampersands
    and possessives ("DPKO/DFS Policy", "IASC's Policy"); with `colons`, colons too.
    """
    connectors = _TITLE_CONNECTORS if titles else _CONNECTORS
    gaps = {" ", "\u00a0"} | ({"/", " & "} if titles else set()) | ({": "} if colons else set())
    runs: list[Span] = []
    words = list(_WORD.finditer(passage.text))
    current: list[re.Match[str]] = []
    pending: list[re.Match[str]] = []
    for position, word in enumerate(words):
        gap = passage.text[(pending or current or [word])[-1].end() : word.start()]
        joined = bool(current) and gap in gaps
        capitalised = _is_capitalised(word.group()) and not _is_date(words, position)
        if capitalised and (joined or not current):
            current += [*pending, word]
            pending = []
        elif joined and word.group() in connectors and _joins(pending, word.group()):
            pending.append(word)
        else:
            runs += _close(passage, current) if current else []
            current, pending = ([word] if capitalised else []), []
        if current and word.group().endswith(_POSSESSIVE) and not titles:
            runs += _close(passage, current)
            current, pending = [], []
    return runs + _close(passage, current)


def _is_date(words: list[re.Match[str]], position: int) -> bool:
    """Return whether a word is a month followed by a year ("May 1994"), not part of a name."""
    following = words[position + 1].group() if position + 1 < len(words) else ""
    return bool(_MONTH.match(words[position].group())) and following.isdigit()


def _joins(pending: list[re.Match[str]], word: str) -> bool:
    """Return whether a connector may join the run: at most two, never "and the"."""
    return len(pending) < 2 and not (pending and pending[-1].group() == "and" and word == "the")


def _is_capitalised(word: str) -> bool:
    """Return whether a word may be part of a name: "Office", "eCourse", "5th"."""
    if word[:1].isdigit():
        return bool(_ORDINAL.fullmatch(word))  # "5th Committee"
    return not word.islower()


def _close(passage: Passage, words: list[re.Match[str]]) -> list[Span]:
    """Return the run of `words` without sentence-opening function words, or nothing."""
    while words and _opens_sentence_only(passage, words[0]):
        words = words[1:]
    while len(words) > 1 and len(words[-1].group()) == 1:
        words = words[:-1]  # "A" of "A/64/19"
    if not words:
        return []
    end = words[-1].end() - (2 if words[-1].group().endswith(_POSSESSIVE) else 0)
    return [(words[0].start(), end)]


def _opens_sentence_only(passage: Passage, word: re.Match[str]) -> bool:
    if normalise_name(word.group()) in word_set("generic_modifiers", "word"):
        return True
    span = passage.doc.char_span(word.start(), word.end(), alignment_mode="expand")
    return span is not None and len(span) == 1 and span[0].pos_ in _NOT_NAME_POS
