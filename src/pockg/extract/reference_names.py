"""The `pockg_reference_names` spaCy component: where a text names a reference entity.

It runs inside `nlp.pipe`, so with several worker processes the matching runs on every
core. It writes `doc.spans["pockg_reference"]`: the longest non-overlapping names, each
span's label naming the index of its (name, entry) pair in `reference_names(gazetteer)`
(`marked_entry` reads it back); `pockg.extract.reference` turns them into mentions.

Names are matched with spaCy's PhraseMatcher: case-insensitively for names of several
words, in exact case for one-word names and acronyms ("UN" is not "un", "CAR" not "car",
"InterAction" not "interaction"). A text in capitals only (a title such as "PROTECTION OF
CIVILIANS IN MALI") has no case to tell a name from a word, so there one-word names match
in capitals too ("MALI" is Mali).
"""

from __future__ import annotations

from functools import cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pockg.extract.gazetteer import Gazetteer, ReferenceEntry, load_gazetteer
from pockg.models import EntityType

COMPONENT = "pockg_reference_names"
SPAN_KEY = "pockg_reference"
_EXACT_CASE_MAX = 5


@cache
def reference_names(gazetteer: Gazetteer) -> list[tuple[str, ReferenceEntry]]:
    """Return every (name, entry) pair the component matches, in a fixed order.

    Resolutions are left out: `pockg.extract.resolutions` reads their numbers from the text.
    """
    pairs = gazetteer.names()
    return [(name, entry) for name, entry in pairs if entry.ref.type is not EntityType.RESOLUTION]


def marked_entry(span: Span, gazetteer: Gazetteer) -> ReferenceEntry:
    """Return the reference entry whose name the component marked with `span`."""
    return reference_names(gazetteer)[int(span.label_)][1]


class ReferenceNames:
    """Marks every reference name in a Doc (see the module doc)."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.capitals = PhraseMatcher(nlp.vocab, attr="ORTH")
        for index, (name, _) in enumerate(reference_names(gazetteer)):
            # One-word names match in their own case: "InterAction" is a name, "interaction"
            # a word; "Mali" a country, "mali" nothing.
            one_word = len(name) <= _EXACT_CASE_MAX or " " not in name
            matcher = self.exact if one_word else self.folded
            matcher.add(str(index), [nlp.make_doc(name)])
            if one_word and not name.isupper():
                self.capitals.add(str(index), [nlp.make_doc(name.upper())])

    def __call__(self, doc: Doc) -> Doc:
        """Return `doc` with its reference names in `doc.spans["pockg_reference"]`."""
        matchers = [self.exact, self.folded]
        if _in_capitals(doc.text):
            matchers.append(self.capitals)
        spans = [
            Span(doc, start, end, label=match_id)
            for matcher in matchers
            for match_id, start, end in matcher(doc)
        ]
        doc.spans[SPAN_KEY] = filter_spans(spans)
        return doc


def _in_capitals(text: str) -> bool:
    """Return whether `text` has letters and all of its cased letters are capitals."""
    return any(c.isupper() for c in text) and not any(c.islower() for c in text)


@Language.factory(COMPONENT, assigns=["doc.spans"], requires=["token.orth"])
def make_reference_names(nlp: Language, name: str) -> ReferenceNames:
    """Return the component over the reference gazetteer (`ontology/reference/*.ttl`)."""
    del name  # spaCy passes the instance name; one gazetteer serves every instance
    return ReferenceNames(nlp, load_gazetteer())
