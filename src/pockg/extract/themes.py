"""Themes: which PoC themes (SKOS concepts of ontology/themes.ttl) a passage and a statement treat.

A theme is found where the text uses one of its labels (preferred, alternative or hidden;
acronyms of up to five capitals in exact case, other labels in any case) or one of the
wider cue patterns of `patterns/theme_cues.jsonl` ("shared information" for information
sharing, "civilian casualties" for civilian harm mitigation). A theme's key is the last
path segment of its concept IRI (`information-sharing`). Run after the statement finders:
statements take the themes found inside their span.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from pockg.extract.context import DocumentContext
from pockg.extract.sentences import find_cues
from pockg.graph.namespace import POCKG, RDF, SKOS
from pockg.graph.ontology import THEMES_FILE
from pockg.models import Extraction

_EXACT_CASE_MAX = 5
_LABELS = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)


@dataclass(frozen=True)
class ThemeHit:
    """A theme found in a passage, at character offsets of the passage's text."""

    key: str
    start: int
    end: int


@cache
def theme_labels(path: Path = THEMES_FILE) -> dict[str, tuple[str, ...]]:
    """Return every theme's key with its labels (preferred, alternative, hidden), read once."""
    graph = Graph()
    graph.parse(path, format="turtle")
    labels: dict[str, tuple[str, ...]] = {}
    for concept in sorted(graph.subjects(RDF.type, POCKG.Theme), key=str):
        if isinstance(concept, URIRef):
            names = {str(o) for label in _LABELS for o in graph.objects(concept, label)}
            labels[theme_key(concept)] = tuple(sorted(names))
    return labels


def theme_key(concept: URIRef) -> str:
    """Return a theme's key: the last path segment of its concept IRI."""
    return str(concept).rstrip("/").rsplit("/", 1)[-1]


def find_themes(context: DocumentContext, extraction: Extraction) -> None:
    """Set the themes of every passage that treats one, and of the statements inside them."""
    labels = _label_matchers(context.nlp)
    hits_by_block: dict[str, list[ThemeHit]] = {}
    for passage in context.passages:
        hits = theme_hits(context.nlp, passage.doc, labels)
        if hits:
            hits_by_block[passage.block.id] = hits
            extraction.passage_themes[passage.block.id] = _keys(hits)
    for statement in extraction.statements:
        inside = (
            hit
            for hit in hits_by_block.get(statement.block_id, [])
            if statement.start <= hit.start and hit.end <= statement.end
        )
        statement.themes = _keys(inside)


def theme_hits(
    nlp: Language, doc: Doc, labels: tuple[PhraseMatcher, PhraseMatcher]
) -> list[ThemeHit]:
    """Return the themes named in `doc` by a label or a cue, in text order."""
    strings = doc.vocab.strings
    found = [
        ThemeHit(strings[key], doc[start].idx, doc[end - 1].idx + len(doc[end - 1]))
        for matcher in labels
        for key, start, end in matcher(doc)
    ]
    for cue in find_cues(nlp, "theme_cues", doc):
        last = doc[cue.end - 1]
        found.append(ThemeHit(cue.label, doc[cue.start].idx, last.idx + len(last)))
    return sorted(found, key=lambda hit: (hit.start, hit.end))


def _keys(hits: Iterable[ThemeHit]) -> list[str]:
    """Return the distinct theme keys of `hits`, first found first."""
    return list(dict.fromkeys(hit.key for hit in hits))


@cache
def _label_matchers(nlp: Language) -> tuple[PhraseMatcher, PhraseMatcher]:
    """Return phrase matchers for the theme labels: acronyms in exact case, others folded.

    A one-word label that also occurs inside another theme's labels ("Analysis" beside
    "protection analysis", "Dialogue" beside "dialogue with parties to the conflict") says
    too little alone; those themes are found by their longer labels and cue patterns.
    """
    labels = theme_labels()
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    folded = PhraseMatcher(nlp.vocab, attr="LOWER")
    for key, names in labels.items():
        for name in names:
            acronym = len(name) <= _EXACT_CASE_MAX and name.isupper()
            if acronym or not _is_ambiguous(name, key, labels):
                (exact if acronym else folded).add(key, [nlp.make_doc(name)])
    return exact, folded


def _is_ambiguous(name: str, key: str, labels: dict[str, tuple[str, ...]]) -> bool:
    """Return whether one-word `name` of theme `key` is a word of another theme's labels."""
    if " " in name:
        return False
    word = name.casefold()
    return any(
        word in label.casefold().replace("-", " ").split()
        for other, names in labels.items()
        if other != key
        for label in names
    )
