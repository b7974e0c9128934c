"""Organisations, clusters, coordination bodies and armed forces named in a document.

Reference names are found by `pockg.extract.reference`; this finder adds names known by form:
acronyms defined with an organisation's long form and their later uses ("HuMiCC"); capitalised
runs ending in an organisation head noun ("Darfur Protection Working Group"); country clusters
("Protection Cluster in Mali" is the "Mali Protection Cluster"); armed forces named by
nationality ("Iraqi military"); acronyms inside other names or joined by slashes ("DPKO/DFS");
undefined acronyms listed with organisations ("OCHA, SOJTF, and USAID").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from functools import cache, partial

from pockg.extract.context import DocumentContext, Passage
from pockg.extract.gazetteer import Gazetteer, normalise_name
from pockg.extract.names import (
    Candidate,
    MentionIndex,
    Named,
    find_head,
    heads,
    is_generic,
    name_runs,
    name_words,
    resolve,
    singular_label,
    strip_modifiers,
    word_set,
)
from pockg.models import EntityType, Extraction

ORGANISATION_TYPES = (EntityType.ORGANISATION, EntityType.CLUSTER)
AcronymPattern = tuple[re.Pattern[str], Named]
_NAMED_TYPES = (*ORGANISATION_TYPES, EntityType.UN_MISSION)
_SOURCE = "organisation"
_WINDOW = 80  # characters before a name that the patterns of its context read
_RUN_EXCLUDED = frozenset({"acronym_only"})
# "Head of the IDP Section, UNHCR": a unit named inside a person's title, followed by its parent.
_TITLE_OF = re.compile(r"(\w+)\s+of\s+(?:the\s+)?$")
_CLUSTER = r"((?:cluster|sector|working group)s?)"
_CLUSTER_BEFORE = re.compile(rf"(?i)((?:[\w-]+\s+){{0,3}}?){_CLUSTER}\s+(?:in|for)\s+(?:the\s+)?$")
_CLUSTER_AFTER = re.compile(rf"(?i)\s+((?:[\w-]+\s+){{0,2}}?){_CLUSTER}\b")
_FORCES = re.compile(
    r"\b([A-Z][a-z]+) ((?i:military|armed forces|air force|army|navy))\b(?! [A-Z])"
)
_DEMONYM_ENDS = ("ish", "ian", "ese", "an", "i")
_ACRONYM_WORD = re.compile(r"(?<![\w-])(?=\w*[A-Z]\w*[A-Z])[A-Za-z][\w&]*(?![\w-])")
# Words after an organisation's name that show the run names something else.
_NAME_FOLLOWERS = frozenset({"statement", "report", "reports", "special"})


def find_organisations(context: DocumentContext, extraction: Extraction) -> None:
    """Record the organisations, clusters and bodies the text names, with their mentions."""
    patterns = acronym_patterns(context, partial(organisation_name, context, acronym=True))
    for passage in context.passages:
        index = MentionIndex(extraction, passage)
        index.record(acronym_uses(passage, patterns), _SOURCE)
        index.record(_country_clusters(context, passage, index), _SOURCE)
        index.record(_run_candidates(context, passage, index), _SOURCE)
        index.record(_nationality_forces(context, passage), _SOURCE)
        index.record(_acronym_words(context, passage, index), _SOURCE)


def acronym_patterns(
    context: DocumentContext, name_of: Callable[[str], Named | None]
) -> list[AcronymPattern]:
    """Return patterns for the short forms ("UN OCHA", "HCTs") whose long form `name_of` names,
    defined in this document or (when it does not) in one read before, and for long forms."""
    patterns = []
    for short, long_form in {**context.known_acronyms, **context.acronyms}.items():
        named = name_of(long_form)
        if named is None or is_generic(short):
            continue
        short_named = Named(named.ref, named.label, named.subtype, named.aliases | {short})
        short_form = rf"(?<![\w/-])(?:UN[- ]?)?{re.escape(short)}s?(?![\w-])"
        patterns.append((re.compile(short_form), short_named))
        long_pattern = r"\s+".join(re.escape(w) for w in long_form.split())
        patterns.append((re.compile(rf"(?<!\w){long_pattern}(?!\w)", re.IGNORECASE), named))
    return patterns


def acronym_uses(passage: Passage, patterns: list[AcronymPattern]) -> Iterator[Candidate]:
    """Yield every use of a defined short form or its long form in the passage."""
    for pattern, named in patterns:
        for match in pattern.finditer(passage.text):
            yield match.span(), named


def organisation_name(
    context: DocumentContext, name: str, *, acronym: bool = False
) -> Named | None:
    """Return the organisation `name` names: a reference one, or a name ending in a head noun
    (or a head and "of/for/on ...") after other words; None for a post ("Head of Mission"), a
    mission's mechanism ("UNMISS Joint Operations Centre"), a cluster with no sector."""
    entry = context.gazetteer.lookup(name)
    if entry is not None:
        known = entry.ref.type in ORGANISATION_TYPES
        return Named(entry.ref, entry.label, entry.subtype, frozenset({name})) if known else None
    name = strip_modifiers(name)
    words = name_words(name)
    match = find_head(words, "organisation", frozenset() if acronym else _RUN_EXCLUDED)
    if match is None or is_generic(name) or match.length == len(words):
        return None
    rest = context.gazetteer.lookup(name.split(" ", 1)[-1])
    post = len(words) > 2 and words[1] == "of" and _is_role(words[0])
    sector = match.head.type is not EntityType.CLUSTER or set(words) & cluster_topics(
        context.gazetteer
    )
    if post or not sector or (rest is not None and rest.ref.type not in ORGANISATION_TYPES):
        return None
    subtype = _subtype(context, name, match.head.subtype)
    return resolve(context, singular_label(name, match), match.head.type, subtype)


@cache
def cluster_topics(gazetteer: Gazetteer) -> frozenset[str]:
    """Return the words that name a cluster's sector ("protection", "health"): the words of the
    reference clusters' names, less the words every cluster has."""
    frame = {"global", "cluster", "area", "of", "responsibility", "aor", "and", "for", "the"}
    clusters = [e for e in gazetteer.entries if e.ref.type is EntityType.CLUSTER]
    names = [n for e in clusters for n in (e.label, *e.aliases)]
    return frozenset(w for n in names for w in normalise_name(n).split() if w not in frame)


def _subtype(context: DocumentContext, name: str, default: str) -> str:
    """Return the class of a new organisation: a unit of a UN entity or mission, or `default`."""
    first = context.gazetteer.lookup(name.split()[0])
    if first is not None and first.ref.type is EntityType.UN_MISSION:
        return "MissionComponent"
    return "UNEntity" if first and first.subtype in ("UNEntity", "UNAgency") else default


def _run_candidates(
    context: DocumentContext, passage: Passage, index: MentionIndex
) -> Iterator[Candidate]:
    """Yield organisations named by capitalised runs of words ending in a head noun."""
    for start, end in name_runs(passage):
        for part_start, part_end in _run_parts(passage.text[start:end]):
            yield from _run_name(context, passage, index, (start + part_start, start + part_end))


def _run_parts(run: str) -> list[tuple[int, int]]:
    """Return where organisations are named in a run: one, or two joined by "and" ("Field
    Protection Clusters and Protection Clusters"), but "Policy Advice and Planning Section"."""
    pieces = [(0, joined), (joined + 5, len(run))] if (joined := run.find(" and ")) > 0 else []
    if pieces and all(organisation_part(run[a:b]) == (0, b - a) for a, b in pieces):
        return pieces
    part = organisation_part(run)
    return [part] if part else []


def _run_name(
    context: DocumentContext, passage: Passage, index: MentionIndex, span: tuple[int, int]
) -> Iterator[Candidate]:
    """Yield the organisation a run names at `span`, and known ones named inside it."""
    text = passage.text[span[0] : span[1]]
    yield from _nested(context, text, span)
    if index.covers(span, longer=True) or index.covers(span, types=ORGANISATION_TYPES):
        return
    if text.isupper() and " " in text and context.gazetteer.lookup(text) is None:
        return  # headings in capitals: only names known as such
    named = organisation_name(context, text)
    if named is not None and not _inside_person_title(passage.text, span):
        yield span, named


def organisation_part(text: str) -> tuple[int, int] | None:
    """Return where the organisation's name lies in a run of capitalised words, or None.

    The name ends at the last head noun, or earlier when a role or a document follows
    ("Protection Cluster Coordinators", "IASC Principals Statement"); it starts after "X of
    the" when X has no head noun ("Role of the Global Protection Cluster", "Head of Mission").
    """
    words = [m.span() for m in re.finditer(r"\S+", text)]
    normal = name_words(text)
    for size in range(len(words), 1, -1):
        following = normal[size] if size < len(words) else None
        if following is not None and following not in _NAME_FOLLOWERS and not _is_role(following):
            continue
        match = find_head(normal[:size], "organisation", _RUN_EXCLUDED)
        if match is not None:
            return words[_first_word(normal, match.end - match.length)][0], words[size - 1][1]
    return None


def _first_word(words: list[str], head_start: int) -> int:
    """Return the index of the name's first word (see `organisation_part`)."""
    of = next((i for i in range(1, head_start) if words[i] in ("of", "for", "on")), None)
    if of is None or set(words[:of]) & _head_words():
        return 0
    rest = range(of + 1, head_start)
    return next((i for i in rest if words[i] not in ("the", "a", "an")), head_start)


@cache
def _head_words() -> frozenset[str]:
    return frozenset(w for h in heads("organisation") for w in (h.singular[-1], h.plural[-1]))


def _is_role(word: str) -> bool:
    """Return whether a (normalised) word is a role title: "head", "heads", "coordinators"."""
    return bool({word, word.removesuffix("s")} & word_set("role_titles", "word"))


def _nested(context: DocumentContext, text: str, span: tuple[int, int]) -> Iterator[Candidate]:
    """Yield known organisations named inside a name: "Committee of the General Assembly"."""
    for match in re.finditer(r"\b(?:of|for|on) (?:the )?", text):
        entry = context.gazetteer.lookup(text[match.end() :])
        if entry is not None and entry.ref.type in ORGANISATION_TYPES:
            named = Named(entry.ref, entry.label, entry.subtype, frozenset())
            yield (span[0] + match.end(), span[1]), named


def _inside_person_title(text: str, span: tuple[int, int]) -> bool:
    """Return whether the name is a unit inside a person's title: "Head of X, OCHA"."""
    before = _TITLE_OF.search(text[max(0, span[0] - _WINDOW) : span[0]])
    return (
        before is not None
        and text[span[1] : span[1] + 1] == ","
        and _is_role(before.group(1).lower())
    )


def _country_clusters(
    context: DocumentContext, passage: Passage, index: MentionIndex
) -> Iterator[Candidate]:
    """Yield "<Country> Protection Cluster" for "South Sudan Protection Cluster", "Protection
    Cluster in Mali" and "the protection cluster in Chad"."""
    for start, end, country in index.of_type(EntityType.COUNTRY):
        before = _CLUSTER_BEFORE.search(passage.text, max(0, start - _WINDOW), start)
        if before and (found := _topic_cluster(context, before, country)):
            yield (before.end(1) - len(found[0]), end), found[1]
        after = _CLUSTER_AFTER.match(passage.text, end)
        if after and (found := _topic_cluster(context, after, country, whole=True)):
            yield (start, after.end(2)), found[1]


def _topic_cluster(
    context: DocumentContext, match: re.Match[str], country: str, *, whole: bool = False
) -> tuple[str, Named] | None:
    """Return the sector words as written ("Protection ") and the country's cluster, or None
    when no sector is named ("the cluster in Mali"; with `whole`, when a word is no sector's)."""
    topics = cluster_topics(context.gazetteer)
    words = match.group(1).split()
    lead = list(itertools.takewhile(lambda w: w.lower() in topics, reversed(words)))
    if not lead or (whole and len(lead) < len(words)):
        return None
    written = " ".join(reversed(lead))
    cluster = " ".join(w[:1].upper() + w[1:] for w in f"{written} {match.group(2)}".split())
    label = f"{country} {cluster[:-1] if cluster.endswith('s') else cluster}"
    return f"{written} ", resolve(context, label, EntityType.CLUSTER, "Cluster")


def _nationality_forces(context: DocumentContext, passage: Passage) -> Iterator[Candidate]:
    """Yield armed forces named by nationality: "Iraqi military", "Turkish Armed forces"; the
    name must end there, so "Humanitarian Civil Military Coordination" is not one."""
    for match in _FORCES.finditer(passage.text):
        words = passage.doc.char_span(*match.span(1))
        token = words[0] if words is not None and len(words) == 1 else None
        adjective = token is not None and token.tag_ == "JJ" and not token.is_sent_start
        demonym = adjective and match.group(1).lower().endswith(_DEMONYM_ENDS)
        if token is not None and (token.ent_type_ == "NORP" or demonym):
            named = resolve(context, match.group(), EntityType.ORGANISATION, "ArmedForce")
            yield match.span(), named


def _acronym_words(
    context: DocumentContext, passage: Passage, index: MentionIndex
) -> Iterator[Candidate]:
    """Yield known organisations' acronyms not yet found where they stand (inside other names,
    "DPKO/DFS"), and undefined acronyms listed with organisations ("OCHA, SOJTF, and USAID")."""
    for match in _ACRONYM_WORD.finditer(passage.text):
        span, word = match.span(), match.group()
        entry = context.gazetteer.lookup(word)
        if entry is not None and entry.ref.type in ORGANISATION_TYPES:
            if not index.covers(span, types=_NAMED_TYPES):
                yield span, Named(entry.ref, entry.label, entry.subtype, frozenset({word}))
        elif entry is None and _undefined_in_list(context, passage, index, span):
            yield span, resolve(context, word, EntityType.ORGANISATION, "Organisation")


def _undefined_in_list(
    context: DocumentContext, passage: Passage, index: MentionIndex, span: tuple[int, int]
) -> bool:
    """Return whether an acronym the document does not define is one of a list whose other
    members are all organisations."""
    words = passage.doc.char_span(*span)
    if words is None or len(words) != 1 or context.long_form(words.text) or is_generic(words.text):
        return False
    token = words[0]
    partners = {t for t in token.conjuncts if t.i != token.i}
    if token.dep_ in ("appos", "conj"):
        partners.add(token.head)
    found = [index.covers((t.idx, t.idx + len(t)), types=ORGANISATION_TYPES) for t in partners]
    return len(found) >= 2 and all(found)
