"""Documents a text cites: reference-list entries, citation footnotes and titled works in text.

A reference entry is read as issuer, title and year in the orders the PoC literature uses ("OCHA,
Title (2012)", "GPC: Title, July 2013", "Title, ICRC, 2008", "Title UNMAS (2019)", "V. Metcalfe
and S. Gordon, Title (May 2012)"). In text, a cited work is a title followed by its date, a
citation in parentheses ("(Beadle & Kjeksrud, 2014)"), a quoted title, or a footnote "Title.
Publisher. 2019.". A document's key is its normalised title.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pockg.extract.context import DocumentContext, Passage
from pockg.extract.gazetteer import normalise_name
from pockg.extract.names import Named, is_acronym, name_runs, record_named, word_set
from pockg.extract.organisations import ORGANISATION_TYPES, organisation_part
from pockg.models import BlockKind, EntityRef, EntityType, Extraction

_SOURCE = "citation"
_YEAR = r"(?:19|20)\d\d"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DATE = rf"(?:\d{{1,2}}\s+)?(?:{_MONTH}\s+)?{_YEAR}"
_URL = re.compile(r"\(?\b(?:https?://|www\.)\S+|\bLINK PENDING\b|,?\s*available (?:here|at|on)\b.*")
# Where a reference entry's title ends: its date, a bracketed symbol, a parenthesis with a date.
_TITLE_END = re.compile(
    rf"\s*\((?:[^()]*\b{_YEAR}\b[^()]*|on-line[^()]*|independent[^()]*|available[^()]*)\)"
    rf"|,?\s+(?:\d{{1,2}}\s+)?{_MONTH}\s+{_YEAR}\b|[,.]\s*\(?{_YEAR}\b|\s*\[|\s+[A-Z]+/\d"
)
_YEAR_IN = re.compile(rf"(?<![/\d-])({_YEAR})(?![/\d])")
_LEADING = re.compile(r"^(?:see(?: also)?:?|adapted from:?|source:|cf\.?)\s+(?:the\s+)?", re.I)
AUTHOR_NAME = r"(?:[A-Z]\.\s?)*[A-Z][\w’'-]+"
_AUTHORS = re.compile(rf"^{AUTHOR_NAME}(?:(?:,\s|,?\sand\s|\s&\s|/){AUTHOR_NAME})*(?:\set al\.?)?$")
_QUOTED = re.compile(r"[‘“\"]([A-Z][^‘’“”\"]{8,200}?)[’”\"]")
_DATED = re.compile(rf"^[’”\"]?(?:\s*\(|,\s+){_DATE}\b")
_IN_PARENTHESES = re.compile(rf"\(([A-Z][^()]{{2,200}}?)(,?)\s+({_DATE})\)")
_FOOTNOTE_CITATION = re.compile(
    rf"^(?P<title>[A-Z][^.]{{8,200}}?)\.\s+(?:(?P<publisher>[A-Z][\w/&’'-]*(?:\s[A-Z][\w/&’'-]*)*)"
    rf"\.\s+)?\(?(?:{_MONTH}\s+)?(?P<year>{_YEAR})\b"
)
_LEAD_IN = re.compile(r"(?: (?:on|of|for|the|to))* [‘“\"]")
_CLAUSE = re.compile(r"\b(?:are|is|was|were|has|have|will|can|should|must)\b")
_NICKNAME = re.compile(r"\s+[–-]\s+[“\"‘]([^”\"’]{3,60})[”\"’]?$")
_TRAILING_WORDS = re.compile(r"\s+(?:of|on|in|for|to|dated|from|and|the|No)$")
_ISSUER_SEPARATORS = (", ", ": ", " ‘", " “", ' "')
_FUNCTION_WORDS = frozenset({"of", "for", "on", "in", "the", "a", "an", "and", "to", "by", "with"})
# Reference instruments that are publications too (not treaties or bodies of law).
_DOCUMENT_CLASSES = frozenset({"Guideline", "Policy", "Handbook", "DiagnosticTool", "Tool"})
_ISSUER_TYPES = (*ORGANISATION_TYPES, EntityType.UN_MISSION)


@dataclass(frozen=True)
class Citation:
    """A cited work in a passage: where its title is, its year, and who wrote or issued it."""

    title_span: tuple[int, int]
    title: str
    year: str | None = None
    by_span: tuple[int, int] | None = None
    aliases: tuple[str, ...] = ()


def find_cited_documents(context: DocumentContext, extraction: Extraction) -> None:
    """Record every document the text cites, with its title, year and a mention of the title.

    A cited work is keyed by its title and year: one edition is one node in every document
    that cites it, and two editions stay two works (each with one year). A citation without
    a year takes the year the same document gives that title elsewhere.
    """
    found = [(p, c) for p in context.passages for c in cited_works(context, p)]
    years: dict[str, str] = {}
    for _, citation in found:
        if citation.year:
            years.setdefault(normalise_name(citation.title), citation.year)
    for passage, citation in found:
        title_key = normalise_name(citation.title)
        year = citation.year or years.get(title_key)
        ref = EntityRef(EntityType.DOCUMENT, f"{title_key} {year}" if year else title_key)
        named = Named(ref, citation.title, None, frozenset(citation.aliases))
        entity = record_named(extraction, passage, citation.title_span, named, _SOURCE)
        entity.attributes = {
            "title": citation.title,
            **({"year": year} if year else {}),
            **entity.attributes,
        }


def cited_works(context: DocumentContext, passage: Passage) -> list[Citation]:
    """Return the works the passage cites, without overlaps, in order."""
    if passage.block.kind is BlockKind.REFERENCE:
        entry = reference_entry(context, passage.text)
        return [entry] if entry else []
    found: list[Citation] = []
    for citation in _in_text(context, passage):
        start, end = citation.title_span
        if not any(start < c.title_span[1] and c.title_span[0] < end for c in found):
            found.append(citation)
    return sorted(found, key=lambda c: c.title_span)


def reference_entry(context: DocumentContext, text: str, offset: int = 0) -> Citation | None:
    """Return the work a reference-list entry (or a citation) names, or None; spans are
    offsets in the passage, where the entry starts at `offset`."""
    url = _URL.search(text)
    body_end = url.start() if url else len(text)
    end_mark = _TITLE_END.search(text, 0, body_end)
    start, by_span = _title_start(context, text, end_mark.start() if end_mark else body_end)
    start, end = _trim(text, start, end_mark.start() if end_mark else body_end)
    end, by_span = _trailing_issuer(context, text, start, end, by_span)
    start, end = _trim(text, start, end)
    nickname = _NICKNAME.search(text, start, end)  # 'Title – “Oslo Guidelines”'
    if nickname is not None:
        end = nickname.start()
    title = text[start:end]
    if not _is_title(context, title):
        return None
    years = _YEAR_IN.findall(text, end, body_end) or _YEAR_IN.findall(text, 0, body_end)
    by = (by_span[0] + offset, by_span[1] + offset) if by_span else None
    aliases = (nickname.group(1),) if nickname else ()
    span = (start + offset, end + offset)
    return Citation(span, title, years[0] if years else None, by, aliases)


def _title_start(
    context: DocumentContext, text: str, title_end: int
) -> tuple[int, tuple[int, int] | None]:
    """Return where the title starts, after a leading issuer ("OCHA, ...", "ICRC's ...")."""
    lead = _LEADING.match(text)
    offset = lead.end() if lead else 0
    body = text[offset:title_end]
    quoted = re.match(r"([^\"“‘]{2,80}?),\s+[“\"‘]", body)
    if quoted:  # 'UN Action Guidance Note, "Title"': what precedes a quoted title is no title
        return offset + quoted.end(), (offset, offset + quoted.end(1))
    possessive = re.match(r"(.{2,80}?)['’]s\s+((?:\S+\s+){2}\S+)", body)
    if possessive and _is_organisation(context, possessive.group(1)):
        return offset + possessive.start(2), (offset, offset + possessive.end(1))
    cuts = [m.start() for sep in _ISSUER_SEPARATORS for m in re.finditer(re.escape(sep), body)]
    for cut in sorted(cuts, reverse=True):
        if is_issuer(context, body[:cut]):
            return offset + cut + 1, (offset, offset + cut)
    return offset, None


def _trailing_issuer(
    context: DocumentContext, text: str, start: int, end: int, by_span: tuple[int, int] | None
) -> tuple[int, tuple[int, int] | None]:
    """Return where the title ends when its issuer follows it: "Title, ICRC", "Title UNMAS",
    "Title (ICRC/Cambridge University Press"."""
    body = text[start:end]
    if body.count("(") > body.count(")"):
        return start + body.rindex("(") - 1, by_span
    head, found, tail = body.rpartition(", ")
    if found and head and is_issuer(context, tail.strip(" .")):
        return start + len(head), by_span or (start + len(head) + 2, end)
    words = body.split(" ")
    if len(words) > 2 and is_acronym(words[-1].strip(" .")):
        for size in (3, 2, 1):  # "... Manual Swiss FDFA", "... Programmes UNMAS"
            head = " ".join(words[:-size])
            content = head.rsplit(" ", 1)[-1].lower() not in _FUNCTION_WORDS  # not "for the UN"
            if content and _is_known(context, " ".join(words[-size:])):
                return start + len(head), by_span or (start + len(head) + 1, end)
    return end, by_span


def is_issuer(context: DocumentContext, text: str) -> bool:
    """Return whether `text` names who issued or wrote a work: organisations, an office holder
    ("UN Secretary General") or authors ("V. Metcalfe, A. Giffen and S. Elhawary")."""
    text = text.strip()
    if not text or len(text) > 90 or not text[:1].isupper():
        return False
    if _is_organisation(context, text) or all(_is_organisation(context, p) for p in _parts(text)):
        return True
    words = text.split()
    office = {normalise_name(w).split(" ")[0] for w in words} & word_set(
        "role_titles", "word", "noun"
    )
    if len(words) <= 4 and all(w[:1].isupper() for w in words) and office:
        return True
    return are_authors(context, text)


def are_authors(context: DocumentContext, text: str) -> bool:
    """Return whether `text` lists authors: with initials ("V. Metcalfe"), "&" or "/"
    ("Holt/Taylor"), or three names or more ("Metcalfe, Giffen and Elhawary")."""
    parts = _parts(text)
    listed = len(parts) > 2 or any(mark in text for mark in ("&", "/", "."))
    organisations = any(_is_organisation(context, p) for p in parts)
    return bool(_AUTHORS.match(text)) and listed and not organisations


def _parts(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"/|\s+and\s+|\s+&\s+|,\s*|\s+et al\.?", text) if p.strip()]


def _is_organisation(context: DocumentContext, text: str) -> bool:
    """Return whether `text` is an organisation's name: known, or ending in a head noun."""
    if not text[:1].isupper():
        return False
    if _is_known(context, text):
        return True
    return " " in text and organisation_part(text) == (0, len(text))


def _is_known(context: DocumentContext, text: str) -> bool:
    """Return whether `text` names reference organisations or defined acronyms ("DPKO/DFS")."""
    if "/" in text:
        return all(_is_known(context, part) for part in text.split("/"))
    entry = context.gazetteer.lookup(text)
    if entry is not None:
        return entry.ref.type in _ISSUER_TYPES
    long_form = context.long_form(text) if is_acronym(text) else None
    return long_form is not None and _is_organisation(context, long_form)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the title's span without surrounding quotes, punctuation and dangling words; a
    closing quote whose opening one is in the title stays ("Round-table on “Access”")."""
    while start < end and text[start] in ' ,;:–-“”"‘’':
        start += 1
    while end > start and text[end - 1] in ' ,;:–-“”"‘’.':
        if text[end - 1] in "”’" and "“‘"["”’".index(text[end - 1])] in text[start:end]:
            break
        end -= 1
    trailing = _TRAILING_WORDS.search(text, start, end)
    return (start, trailing.start()) if trailing else (start, end)


def _is_title(context: DocumentContext, title: str) -> bool:
    """Return whether `title` can be a work's title: words, not a resolution list or a law."""
    if len(title.split()) < 2 or not title[:1].isupper():
        return False
    if re.match(rf"(?:Security Council )?[Rr]esolutions?\b|{_MONTH}\s", title):
        return False
    if _CLAUSE.search(title.split(": ")[0]):
        return False  # "All of the above documents are available at": a sentence
    entry = context.gazetteer.lookup(re.sub(r"\s*\([^()]*\)$", "", title))
    return entry is None or entry.subtype in _DOCUMENT_CLASSES


def _in_text(context: DocumentContext, passage: Passage) -> Iterator[Citation]:
    """Yield the works cited in a paragraph or footnote."""
    text = passage.text
    if passage.block.kind is BlockKind.FOOTNOTE:
        citation = _footnote_citation(context, text)
        if citation is not None:
            yield citation
    for match in _IN_PARENTHESES.finditer(text):
        author_year = match.group(2) and re.fullmatch(_YEAR, match.group(3))
        if author_year and is_issuer(context, match.group(1)):  # "(Beadle & Kjeksrud, 2014)"
            title = text[match.start(1) : match.end(3)]
            yield Citation((match.start(1), match.end(3)), title, match.group(3), match.span(1))
        elif entry := reference_entry(context, match.group(1), match.start(1)):
            yield entry
    yield from _quoted_titles(context, passage)
    for start, end in name_runs(passage, titles=True, colons=True):
        year, start = _date_after(text, end), _after_possessor(context, text, start, end)
        inside = text[:start].rstrip().endswith((",", " -", " –"))  # of a longer title
        if year and not inside and _is_title(context, text[start:end]):
            yield Citation((start, end), text[start:end], year)


def _after_possessor(context: DocumentContext, text: str, start: int, end: int) -> int:
    """Return where a title starts after an issuing organisation's possessive ("ICRC's
    Professional Standards ..."), when three words or more remain."""
    possessive = re.match(r"(.{2,80}?)['’]s\s+((?:\S+\s+){2}\S+)", text[start:end])
    if possessive and _is_organisation(context, possessive.group(1)):
        return start + possessive.start(2)
    return start


def _quoted_titles(context: DocumentContext, passage: Passage) -> Iterator[Citation]:
    """Yield quoted titles, with the words that lead into the quote: "the IASC Guidelines on
    the “Use of Armed Escorts ...”"; most of a title's words are capitalised."""
    text = passage.text
    runs = name_runs(passage, titles=True) if _QUOTED.search(text) else []
    for match in _QUOTED.finditer(text):
        core = match.group(1).strip(" ,.;:")
        words = [w for w in core.split() if w.lower() not in _FUNCTION_WORDS]
        if len(core.split()) < 3 or sum(w[:1].isupper() for w in words) * 2 < len(words):
            continue
        lead = [s for s, e in runs if _LEAD_IN.fullmatch(text[e : match.start(1)])]
        start, end = (lead[-1] if lead else match.start(1)), match.start(1) + len(core)
        title = text[start:end].replace("“", "").replace("‘", "")
        if _is_title(context, title):
            yield Citation((start, end), title, _date_after(text, match.end()))


def _footnote_citation(context: DocumentContext, text: str) -> Citation | None:
    """Return the work a footnote cites when the footnote is a citation, or None."""
    lead = _LEADING.match(text)
    offset = lead.end() if lead else 0
    short = _FOOTNOTE_CITATION.match(text, offset)
    publisher = short.group("publisher") if short else None
    if short is not None and (publisher is None or is_issuer(context, publisher)):
        return Citation(short.span("title"), short.group("title"), short.group("year"))
    first = re.split(r"(?<=[a-z\d)][.)])\s+(?=[A-Z])", text, maxsplit=1)[0]
    if not (_TITLE_END.search(first) or _URL.search(first)):
        return None
    entry = reference_entry(context, first)
    if entry is None or entry.by_span is not None:
        return entry
    opening = entry.title_span[0] == offset  # the footnote is the title, then its date
    return entry if opening and sum(w[:1].isupper() for w in entry.title.split()) >= 2 else None


def _date_after(text: str, position: int) -> str | None:
    """Return the year of the date that directly follows `position` ("(2016)", ", May 2009")."""
    dated = _DATED.match(text[position:])
    year = _YEAR_IN.search(dated.group()) if dated else None
    return year.group() if year else None
