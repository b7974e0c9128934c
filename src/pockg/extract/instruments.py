"""Tools, mechanisms and frameworks named in a document: guidelines, policies, handbooks,
toolkits, strategies, doctrines, treaties, monitoring and coordination mechanisms.

Reference instruments are found by `pockg.extract.reference`; this finder adds the named ones
known from their form (head nouns in `patterns/instrument_heads.jsonl`):

* acronyms defined with an instrument's long form ("Monitoring and Reporting Mechanism (MRM)",
  "Integrated Assessment and Planning (IAP) policy") and every later use;
* capitalised runs ending in a capitalised head noun ("Civil Affairs Handbook", "Policy on
  Integrated Assessment and Planning"); lower-case classes ("early warning systems") are not
  names and are left out;
* titles of cited works whose head is an instrument's ("Handbook for the Protection of
  Internally Displaced Persons", "IMPP Guidelines: Role of the Field ..."), as 2.7 of the
  annotation guide asks: a cited guideline is both a framework and a document.

The entity's type is Tool or Framework and its subtype the ontology class ("Handbook").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import partial

from spacy.lang.en.stop_words import STOP_WORDS

from pockg.extract.citations import cited_works
from pockg.extract.context import DocumentContext, Passage
from pockg.extract.gazetteer import ReferenceEntry
from pockg.extract.names import (
    Candidate,
    Head,
    HeadMatch,
    MentionIndex,
    Named,
    find_head,
    is_generic,
    name_runs,
    name_words,
    resolve,
    singular_label,
    strip_modifiers,
    word_set,
)
from pockg.extract.organisations import (
    ORGANISATION_TYPES,
    AcronymPattern,
    acronym_patterns,
    acronym_uses,
)
from pockg.models import BlockKind, EntityType, Extraction

INSTRUMENT_TYPES = (EntityType.TOOL, EntityType.FRAMEWORK)
_SOURCE = "instrument"
_TITLE_ONLY = frozenset({"title_only"})
_PREPOSITIONS = frozenset({"of", "for", "on", "in", "to", "from", "by", "with", "against"})
_TITLE_SEGMENTS = re.compile(r":\s+|\s+[–—-]\s+")
_POSSESSOR = re.compile(r"^(.+?)['’]s\s+")
_ISSUER_PREFIX = re.compile(r"^[A-Z][\w-]*(?:/[A-Z][\w-]*)+\s+(?=[A-Z])")
_VERSION_TAIL = re.compile(r"\s+(?:v\.?\s?[\d.]+|\d{4}(?:[-–]\d{4})?)$")
# A run that goes on in lower case, after a comma-separated capitalised word, or after a dash
# or colon, is part of a longer name.
_CONTINUED = re.compile(
    r"\s+(?:(?:of|on|for|between|against)\s+[a-z]|\d|[–:]\s*[A-Z]|\([A-Z]+\)\s+[A-Z])"
)
_LIST_BEFORE = re.compile(r"(?:[A-Z]\w*,|\s[–-])\s+$")
_HEAD_AFTER_THE = re.compile(r"\s(?:of|in|for|on|to) the (\S+)$")
_LEADING_OF = re.compile(r"^(.+?)\s+(?:of|for|on)\s+(?:the\s+)?")
# A version or period after a name ends it: "Field Handbook v.2.0", "Strategic Framework 2020".
_VERSION = re.compile(r"^(?:v\.?\s?\d|\d{4}|\(\d{4})")


def find_instruments(context: DocumentContext, extraction: Extraction) -> None:
    """Record the tools, mechanisms and frameworks the text names, with their mentions."""
    acronyms = acronym_patterns(context, partial(instrument_name, context, named_only=False))
    for passage in context.passages:
        index = MentionIndex(extraction, passage)
        index.record(_candidates(context, passage, index, acronyms), _SOURCE)


def instrument_name(
    context: DocumentContext, name: str, *, named_only: bool = True, title: bool = False
) -> Named | None:
    """Return the instrument `name` names, or None.

    A name is an instrument's when the gazetteer knows it as one, or when it has an instrument
    head noun after other words; with `named_only` the head must be capitalised ("Civil
    Affairs Handbook", not "protection strategies"). `title` admits heads that only a title
    uses ("OCHA on Message").
    """
    entry = context.gazetteer.lookup(name)
    if entry is not None:
        known = entry.ref.type in INSTRUMENT_TYPES
        return Named(entry.ref, entry.label, entry.subtype, frozenset({name})) if known else None
    name = strip_modifiers(name)
    words = name_words(name)
    match = find_head(words, "instrument", frozenset() if title else _TITLE_ONLY)
    if match is None or match.length == len(words) or is_generic(name):
        return None
    if match.head.type not in INSTRUMENT_TYPES or (named_only and not _capitalised(name, match)):
        return None
    label = name if "keep_plural" in match.head.flags else singular_label(name, match)
    return resolve(context, label, match.head.type, match.head.subtype)


def _capitalised(name: str, match: HeadMatch) -> bool:
    surface = name.split()[match.end - match.length : match.end]
    return all(word[:1].isupper() for word in surface)


def _candidates(
    context: DocumentContext,
    passage: Passage,
    index: MentionIndex,
    acronyms: list[AcronymPattern],
) -> Iterator[Candidate]:
    yield from acronym_uses(passage, acronyms)
    for span, named in _acronym_with_head(context, passage):
        if not index.covers(span, longer=True):
            yield span, named
    yield from _cited_instruments(context, passage)
    if passage.block.kind is not BlockKind.REFERENCE:  # entries are read as citations
        yield from _run_candidates(context, passage, index)


def _acronym_with_head(context: DocumentContext, passage: Passage) -> Iterator[Candidate]:
    """Yield "Integrated Assessment and Planning (IAP) policy": a defined acronym, then a head."""
    for short, long_form in context.acronyms.items():
        pattern = rf"{re.escape(long_form)}\s*\({re.escape(short)}\)\s+([\w-]+)"
        for match in re.finditer(pattern, passage.text, re.IGNORECASE):
            if match.group(1).lower() in STOP_WORDS:  # "mechanism (MRM) on children": no head
                continue
            named = instrument_name(context, f"{long_form} {match.group(1)}", named_only=False)
            if named is not None:
                aliases = named.aliases | {short, match.group()}
                yield match.span(), Named(named.ref, named.label, named.subtype, aliases)


def _cited_instruments(context: DocumentContext, passage: Passage) -> Iterator[Candidate]:
    """Yield cited works whose title names an instrument: "Civil Affairs Handbook (2012)".

    Issuers joined by slashes are left out of the label ("OHCHR/DPKO Policy Directive on ..."
    is the "Policy Directive on ..."), the title as printed kept as an alias; the title's parts
    find the reference instrument ("Guidelines: ... (Capstone Doctrine)").
    """
    for citation in cited_works(context, passage):
        head = instrument_title(citation.title)
        if head is None:
            continue
        label = _ISSUER_PREFIX.sub("", citation.title)
        names = (label, citation.title, *citation.aliases, *_variants(context, citation.title))
        entry = next(filter(None, (_known(context, n) for n in names)), None)
        aliases = frozenset((label, citation.title, *citation.aliases))
        if entry is not None:
            yield citation.title_span, Named(entry.ref, entry.label, entry.subtype, aliases)
        else:
            named = resolve(context, label, head.type, head.subtype)
            yield citation.title_span, Named(named.ref, named.label, named.subtype, aliases)


def _variants(context: DocumentContext, title: str) -> list[str]:
    """Return the parts a title may be known by: around colons and dashes, in and out of a
    parenthesis at its end, and without a leading organisation ("IASC Non-Binding ...")."""
    bare = re.sub(r"\s*\(([^()]*)\)$", "", title)
    nickname = title[len(bare) :].strip(" ()")
    parts = [p for p in re.split(r":\s+|\s+[–-]\s+|\s+and the\s+", bare) if len(p.split()) > 1]
    words = title.split()
    issuer = next((n for n in range(4, 0, -1) if _organisation(context, words[:n])), 0)
    return [bare, nickname, *parts, " ".join(words[issuer:])]


def _organisation(context: DocumentContext, words: list[str]) -> bool:
    entry = context.gazetteer.lookup(" ".join(words))
    return entry is not None and entry.ref.type in ORGANISATION_TYPES


def _known(context: DocumentContext, name: str) -> ReferenceEntry | None:
    entry = context.gazetteer.lookup(name)
    return entry if entry is not None and entry.ref.type in INSTRUMENT_TYPES else None


def instrument_title(title: str) -> Head | None:
    """Return the instrument head of a title, or None when the title names another kind of
    work: the head must end its main phrase or its subtitle ("IMPP Guidelines: Role of ...",
    "Landmines, ... and IED Safety Handbook"), and no document noun may lead ("Study on ...")."""
    for segment in _TITLE_SEGMENTS.split(title):
        words = name_words(_VERSION_TAIL.sub("", segment))
        lead = list(itertools.takewhile(lambda w: w not in _PREPOSITIONS, words))
        if set(lead) & word_set("document_heads", "word"):
            return None
        match = find_head(lead, "instrument", frozenset()) or find_head(
            words, "instrument", frozenset()
        )
        if match is not None and (match.end <= len(lead) or match.end == len(words)):
            return match.head
    return None


def _run_candidates(
    context: DocumentContext, passage: Passage, index: MentionIndex
) -> Iterator[Candidate]:
    """Yield instruments named by capitalised runs of words ending in a capitalised head."""
    text = passage.text
    for start, end in name_runs(passage, titles=True):
        if _CONTINUED.match(text, end) or _LIST_BEFORE.search(text, max(0, start - 40), start):
            continue  # part of a longer name: "... Policy on mainstreaming the ..."
        following = passage.doc.char_span(end + 1, len(text), alignment_mode="expand")
        if following is not None and following[0].pos_ == "NOUN" and following[0].is_lower:
            continue  # a modifier: "DPKO/DFS Guidance documents"
        for span in _parts(text, start, end):
            name = text[span[0] : span[1]]
            named = None if index.covers(span) else _with_possessor(context, name)
            if named is not None and not _ends_in_organisation(context, name):
                yield span, named


def _parts(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Yield the instrument names in a run: one, or two joined by "and" ("Oslo Guidelines and
    MCDA Guidelines"), each starting where `_name_start` says."""
    run = text[start:end]
    pieces = [(0, len(run))]
    joined = run.find(" and ")
    if (
        joined > 0
        and _instrument_part(run[:joined], "")
        and _instrument_part(run[joined + 5 :], "")
    ):
        pieces = [(0, joined), (joined + 5, len(run))]
    for piece_start, piece_end in pieces:
        found = _instrument_part(run[piece_start:piece_end], text[start + piece_end :])
        if found is not None:
            first = start + piece_start
            yield first + _name_start(found), first + len(found)


def _name_start(name: str) -> int:
    """Return where an instrument's name starts in a run: after a leading "X of the" when X
    is no instrument ("Purpose of the Framework"), at a head after "in the" ("... in the
    Charter")."""
    inner = _HEAD_AFTER_THE.search(name)
    if inner and find_head(name_words(inner.group(1)), "instrument", _TITLE_ONLY):
        return inner.start(1)
    lead = _LEADING_OF.match(name)
    return lead.end() if lead and not _instrument_part(lead.group(1), "") else 0


def _ends_in_organisation(context: DocumentContext, name: str) -> bool:
    """Return whether the name ends in an organisation's: "... in the United Nations System"."""
    tail = re.search(r"\b(?:of|in|for|by) (?:the )?([^ ].*)$", name)
    entry = context.gazetteer.lookup(tail.group(1)) if tail else None
    return entry is not None and entry.ref.type in ORGANISATION_TYPES


def _instrument_part(text: str, after: str) -> str | None:
    """Return the run up to its instrument head, or None; a version or year may follow it."""
    words = text.split()
    for size in range(len(words), 1, -1):
        following = " ".join(words[size:]) or after.lstrip()
        if size < len(words) and not _VERSION.match(following):
            continue
        prefix = " ".join(words[:size])
        match = find_head(name_words(prefix), "instrument", _TITLE_ONLY)
        if match is not None and match.head.type in INSTRUMENT_TYPES:
            return prefix
    return None


def _with_possessor(context: DocumentContext, text: str) -> Named | None:
    """Return the instrument a name with a possessor names: "ICRC's Professional Standards ..."
    is the reference standards when they are known, else the name as written."""
    possessor = _POSSESSOR.match(text)
    if possessor is not None:
        entry = _known(context, text[possessor.end() :])
        if entry is not None:
            return Named(entry.ref, entry.label, entry.subtype, frozenset({text}))
    return instrument_name(context, text)
