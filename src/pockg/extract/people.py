"""People named in a document: speakers with their roles, contacts and authors of cited works.

Named individuals only (2.3 of the annotation guide); an unnamed post holder ("the
Secretary-General") is not a person. Where a name is printed with a role, the role is kept as
printed and the last organisation named in it becomes the person's affiliation:

* "Name, Role[, Organisation]" in panel lists and headings, after ":", ";", "and" or "by"
  ("Moderator: Victoria Metcalfe-Hough, Research Associate, Humanitarian Policy Group, ...");
* "Role for Organisation, Name" ("the first Assistant High Commissioner (Protection) for UNHCR,
  Erika Feller");
* contacts: "Name (name@org.org)" and "Organisation: Name, name@org.org";
* authors of cited works: "V. Metcalfe, S. Haysom and S. Gordon, Title ...", "(Beadle &
  Kjeksrud, 2014)", "Holt/Taylor, Title"; a surname alone is the initialled author of the
  same surname in the document, when there is one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pockg.extract.citations import AUTHOR_NAME, are_authors, cited_works
from pockg.extract.context import DocumentContext, Passage
from pockg.extract.gazetteer import normalise_name
from pockg.extract.names import MentionIndex, word_set
from pockg.extract.organisations import ORGANISATION_TYPES
from pockg.models import Entity, EntityRef, EntityType, Extraction, Mention

_SOURCE = "person"
_WORD = r"[A-Z][a-zà-ÿ]+(?:[A-Z'’-][A-Za-zà-ÿ]+)*"
_NAME = rf"{_WORD}(?: {_WORD}){{1,3}}"
_NAME_THEN_ROLE = re.compile(rf"(?:^|[:;]\s*|\band\s+|\bby\s+)({_NAME}),\s+")
_ROLE_END = re.compile(rf";|\.\s*$|\s+and\s+{_NAME},|$")
# The role before ", Name": from its article to the comma ("the first Assistant High ...").
_ROLE_BEFORE = re.compile(r"\b(?:the|a|an)\s+([^,;:]{3,120}),\s*$")
_ARTICLE = re.compile(r"\b(?:the|a|an)\s+")
_CONTACT = re.compile(rf"({_NAME})\s*(?:\(\s*\S+@\S+\s*\)|,\s*\S+@\S+)")
_CONTACT_ORGANISATION = re.compile(r"([A-Z][\w&-]*(?: [A-Z][\w&-]*)*):\s*$")
_MAX_ROLE = 160
_CLAUSE = re.compile(r",\s+[a-z]")


@dataclass(frozen=True)
class Person:
    """A person found in a passage: name span, role as printed and affiliation, when known."""

    span: tuple[int, int]
    role: str | None
    affiliation: EntityRef | None = None


def find_people(context: DocumentContext, extraction: Extraction) -> None:
    """Record the people the text names, with their role and affiliation when printed."""
    found = [
        (passage, person)
        for passage in context.passages
        for person in _found(context, passage, extraction)
    ]
    initialled = {
        _surname(passage.text[slice(*p.span)]): passage.text[slice(*p.span)]
        for passage, p in found
        if "." in passage.text[slice(*p.span)]
    }
    for passage, person in found:
        surface = passage.text[slice(*person.span)]
        name = initialled.get(surface, surface)
        ref = EntityRef(EntityType.PERSON, normalise_name(name))
        entity = Entity(ref, name, {surface} - {name})
        if person.role:
            entity.attributes["role"] = person.role
        if person.affiliation:
            entity.links["affiliation"] = [person.affiliation]
        mention = Mention(ref, passage.block.id, *person.span, surface, _SOURCE)
        extraction.record(entity, mention)


def _found(context: DocumentContext, passage: Passage, extraction: Extraction) -> Iterator[Person]:
    index = MentionIndex(extraction, passage)
    seen: set[tuple[int, int]] = set()
    for person in (
        *_named_with_role(context, passage, index),
        *_role_then_name(passage, index),
        *_contacts(passage, index),
        *_authors(context, passage),
    ):
        if person.span not in seen and _plausible(context, passage, index, person.span):
            seen.add(person.span)
            yield person


def _named_with_role(
    context: DocumentContext, passage: Passage, index: MentionIndex
) -> Iterator[Person]:
    """Yield "Name, Role[, Organisation]": the role must start with a role word."""
    text = passage.text
    for match in _NAME_THEN_ROLE.finditer(text):
        end = _ROLE_END.search(text, match.end())
        role_end = min(end.start() if end else len(text), match.end() + _MAX_ROLE)
        role = _appositive(index, match.end(), text[match.end() : role_end]).strip(" .,")
        if role and _is_role(role):
            yield Person(match.span(1), *_role_and_affiliation(index, match.end(), role))


def _appositive(index: MentionIndex, start: int, role: str) -> str:
    """Return the role up to the clause that follows it: "Head of X, UNHCR, spoke first" ends
    after the first organisation named ("representing the Cluster in Mali" goes on)."""
    mentions = [
        e
        for _, e, r in index.mentions_in((start, start + len(role)))
        if r.type in ORGANISATION_TYPES
    ]
    clause = _CLAUSE.search(role, mentions[0] - start) if mentions else None
    return role[: clause.start()] if clause else role


def _role_and_affiliation(
    index: MentionIndex, start: int, role: str
) -> tuple[str, EntityRef | None]:
    """Return the role as printed, less a trailing organisation, and the affiliation: the last
    organisation named in the role ("Research Associate, Humanitarian Policy Group, ODI")."""
    mentions = index.mentions_in((start, start + len(role)))
    organisations = [(s, e, r) for s, e, r in mentions if r.type in ORGANISATION_TYPES]
    if not organisations:
        return role, None
    last_start, last_end, ref = organisations[-1]
    before = role[: last_start - start].rstrip()
    if before.endswith(",") and last_end - start >= len(role):
        return before[:-1].strip(), ref
    return role, ref


def _role_then_name(passage: Passage, index: MentionIndex) -> Iterator[Person]:
    """Yield "the <role> for <Organisation>, Name" when spaCy reads the name as a person."""
    text = passage.text
    for ent in passage.doc.ents:
        before = _ROLE_BEFORE.search(text, max(0, ent.start_char - 160), ent.start_char)
        if ent.label_ != "PERSON" or before is None or not re.fullmatch(_NAME, ent.text):
            continue
        start = before.start(1) + max(
            (m.end() for m in _ARTICLE.finditer(before.group(1))), default=0
        )
        role = text[start : before.end(1)].strip()
        if _is_role(role, anywhere=True):
            yield Person((ent.start_char, ent.end_char), *_role_and_affiliation(index, start, role))


def _contacts(passage: Passage, index: MentionIndex) -> Iterator[Person]:
    """Yield contacts: "Name (name@org.org)" and "Organisation: Name, name@org.org"."""
    for match in _CONTACT.finditer(passage.text):
        before = _CONTACT_ORGANISATION.search(
            passage.text, max(0, match.start() - 80), match.start()
        )
        mentions = index.mentions_in(before.span(1)) if before else []
        refs = [ref for _, _, ref in mentions if ref.type in ORGANISATION_TYPES]
        yield Person(match.span(1), "contact", refs[0] if refs else None)


def _authors(context: DocumentContext, passage: Passage) -> Iterator[Person]:
    """Yield the authors of the works the passage cites."""
    for citation in cited_works(context, passage):
        if citation.by_span is None:
            continue
        start, end = citation.by_span
        if are_authors(context, passage.text[start:end]):
            for name in re.finditer(AUTHOR_NAME, passage.text[start:end]):
                yield Person((start + name.start(), start + name.end()), "author")


def _is_role(text: str, *, anywhere: bool = False) -> bool:
    """Return whether `text` reads as a role: it starts with a role word ("Head of ..."), or
    with `anywhere` has a post's noun ("first Assistant High Commissioner for UNHCR")."""
    words = [normalise_name(w) for w in text.split()]
    if anywhere:
        return bool(set(words) & word_set("role_titles", "word", "noun"))
    return bool(words) and words[0] in word_set("role_titles", "word")


def _plausible(
    context: DocumentContext, passage: Passage, index: MentionIndex, span: tuple[int, int]
) -> bool:
    """Return whether a name can be a person's: no known entity, no organisation or role word."""
    name = passage.text[span[0] : span[1]]
    if index.covers(span) or index.mentions_in(span) or context.gazetteer.lookup(name):
        return False
    words = {normalise_name(w) for w in name.split() if not w.endswith(".")}
    return not words & (word_set("role_titles", "word") | word_set("generic_modifiers", "word"))


def _surname(name: str) -> str:
    return name.rsplit(" ", 1)[-1]
