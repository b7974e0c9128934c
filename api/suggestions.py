"""Names, statements and passages matching a few typed letters: the curation form's pickers.

Every query runs through the reader's `Scope`, so a suggestion never names what the reader
may not read. Entities are matched on their names (labels and aliases) and statements and
passages on their text by SPARQL `CONTAINS`, every typed word a substring, so a half-typed
word already matches (the search index stems whole words and would not). On the corpus of
`corpus/` (2,341 names, 1,406 texts) an answer takes 15 to 55 ms (median, on two busy
cores); both scans grow with the corpus.

Matching names are read with `GRAPH ?g` patterns over the permitted graphs: Oxigraph joins
those several times faster than patterns over a default graph made of a list of graphs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from enum import StrEnum
from functools import cache
from itertools import zip_longest
from typing import TypeVar

from pydantic import BaseModel
from rdflib import URIRef

from api.deps import Graphs
from api.linked import Scope, checked_iri, literal_term, local_href, passage_link, values_clause
from pockg.curation import INSTRUMENT_CLASSES, MERGE_CLASSES
from pockg.graph.namespace import POCKG, RDFS
from pockg.graph.ontology import ontology_graph, subclasses, superclasses

LABEL_LENGTH = 140  # characters of a statement's or passage's text shown as its label
MIN_TEXT_CHARS = 3  # typed characters before statements and passages are suggested
# Candidates are typed best first, a few at a time (a query's cost grows with their number)
# until enough are found: twice the limit first, as most are of the kind asked, then more.
_LATER_BATCH = 100
T = TypeVar("T")


class Kind(StrEnum):
    """What a picker asks for."""

    ENTITY = "entity"  # what a curator may confirm, reject, merge or relabel
    INSTRUMENT = "instrument"  # a framework, tool or mandate a statement may link to
    STATEMENT = "statement"
    PASSAGE = "passage"


_CLASSES = {
    Kind.ENTITY: MERGE_CLASSES,
    Kind.INSTRUMENT: INSTRUMENT_CLASSES,
    Kind.STATEMENT: ("Statement",),
    Kind.PASSAGE: ("Passage",),
}


class SuggestionOut(BaseModel):
    """One suggestion: the IRI to fill in and what a curator recognises it by."""

    iri: str
    label: str
    kind: Kind
    type: str
    matched: str | None = None  # the alias that matched, when it is not the label
    document: str | None = None
    section: str | None = None
    page: int | None = None
    href: str | None = None


def suggest(
    store: Graphs, scope: Scope, text: str, kinds: Sequence[Kind], limit: int
) -> list[SuggestionOut]:
    """Return at most `limit` suggestions for `text` of the `kinds` asked (taken in turn
    from each kind's best), or none for blank text."""
    if not text.strip():
        return []
    answers = [_suggest_one(store, scope, text, kind, limit) for kind in kinds]
    taken = (s for turn in zip_longest(*answers) for s in turn if s is not None)
    return list(taken)[:limit]


def _suggest_one(
    store: Graphs, scope: Scope, text: str, kind: Kind, limit: int
) -> list[SuggestionOut]:
    if kind in (Kind.ENTITY, Kind.INSTRUMENT):
        return _entities(store, scope, text, kind, limit)
    return _texts(store, scope, text, kind, limit)


def _entities(
    store: Graphs, scope: Scope, text: str, kind: Kind, limit: int
) -> list[SuggestionOut]:
    """Return the entities of `kind` with a name containing `text`, best match first."""
    names = _matching_names(store, scope, text)
    ranked = sorted(names, key=lambda iri: names[iri])
    found: list[tuple[str, str]] = []  # (IRI, most specific class)
    for batch in _batches(ranked, 2 * limit, _LATER_BATCH):
        found += _typed(store, scope, batch, _subclasses(_CLASSES[kind]))
        if len(found) >= limit:
            break
    chosen = found[:limit]
    labels = _labels(store, scope, [iri for iri, _ in chosen])
    return [
        _entity_suggestion(iri, cls, labels.get(iri), names[iri][3], kind, scope.id_base)
        for iri, cls in chosen
    ]


def _entity_suggestion(
    iri: str, cls: str, label: str | None, name: str, kind: Kind, base: str
) -> SuggestionOut:
    """Return the suggestion of entity `iri`, matched by `name` (shown when it is not the
    label, so a match on an alias is understood)."""
    shown = label or name
    return SuggestionOut(
        iri=iri,
        label=shown,
        kind=kind,
        type=_class_label(cls),
        matched=name if name.casefold() != shown.casefold() else None,
        href=local_href(iri, base),
    )


_Rank = tuple[int, int, str, str]  # (how it matches, length, folded name, name)


def _matching_names(store: Graphs, scope: Scope, text: str) -> dict[str, _Rank]:
    """Return the nodes with a readable name containing `text` (any case), each with the
    rank of its best name: the exact name, then a name starting with it, then one with a
    word starting with it, then any; shorter names first within each."""
    wanted = " ".join(text.split()).lower()  # as SPARQL's LCASE folds
    sparql = f"""SELECT DISTINCT ?node ?name WHERE {{
          GRAPH ?g {{ ?node ?naming ?name }}
          VALUES ?naming {{ rdfs:label skos:prefLabel skos:altLabel }}
          FILTER(isIRI(?node) && CONTAINS(LCASE(STR(?name)), {literal_term(wanted)})) }}"""
    best: dict[str, _Rank] = {}
    for row in scope.select(store, sparql):
        node, name = row["node"], row["name"]
        rank = _name_rank(name, wanted)
        if node not in best or rank < best[node]:
            best[node] = rank
    return best


def _name_rank(name: str, wanted: str) -> _Rank:
    folded = " ".join(name.split()).lower()
    if folded == wanted:
        how = 0
    elif folded.startswith(wanted):
        how = 1
    elif f" {wanted}" in folded:
        how = 2
    else:
        how = 3
    return how, len(folded), folded, name


def _typed(
    store: Graphs, scope: Scope, nodes: Sequence[str], classes: frozenset[URIRef]
) -> list[tuple[str, str]]:
    """Return those of `nodes` (in their order) a readable graph gives one of `classes`,
    each with its most specific pockg class."""
    nodes = [node for node in nodes if checked_iri(node)]  # checked here, on the few
    sparql = f"""SELECT ?node ?type WHERE {{ {values_clause("node", nodes)}
          GRAPH ?g {{ ?node a ?type }} }}"""
    types: dict[str, set[URIRef]] = {}
    for row in scope.select(store, sparql):
        types.setdefault(row["node"], set()).add(URIRef(row["type"]))
    kept = []
    for node in nodes:
        wanted = types.get(node, set()) & classes
        if wanted:
            kept.append((node, _most_specific(map(str, wanted))))
    return kept


def _labels(store: Graphs, scope: Scope, nodes: Sequence[str]) -> dict[str, str]:
    """Return the readable preferred label of each of `nodes` that has one: a curator's or
    a theme's `skos:prefLabel` before an `rdfs:label`."""
    if not nodes:
        return {}
    sparql = f"""SELECT ?node ?naming ?label WHERE {{ {values_clause("node", nodes)}
          GRAPH ?g {{ ?node ?naming ?label }} VALUES ?naming {{ skos:prefLabel rdfs:label }} }}
        ORDER BY ?node ?label"""
    labels: dict[str, str] = {}
    for row in scope.select(store, sparql):
        preferred = row["naming"] != str(RDFS.label)
        if row["node"] not in labels or preferred:
            labels[row["node"]] = row["label"]
    return labels


def _texts(store: Graphs, scope: Scope, text: str, kind: Kind, limit: int) -> list[SuggestionOut]:
    """Return the statements or passages whose text holds every word of `text`, those
    holding it as typed first, then the shorter; each with its readable source. Text
    shorter than MIN_TEXT_CHARS gets none: it is in almost every text, and scanning and
    sorting them all would take a keystroke's time for nothing a curator could pick from."""
    if len(text.strip()) < MIN_TEXT_CHARS:
        return []
    found: list[SuggestionOut] = []
    for batch in _batches(_matching_texts(store, scope, text, kind, limit), limit, limit):
        found += _with_sources(store, scope, batch, kind)
        if len(found) >= limit:
            break
    return found[:limit]


def _matching_texts(
    store: Graphs, scope: Scope, text: str, kind: Kind, limit: int
) -> list[tuple[str, str, str]]:
    """Return (IRI, class, text) of the best nodes of `kind` whose text matches `text`."""
    words = " ".join(text.split()).lower()
    each = " && ".join(f"CONTAINS(?folded, {literal_term(w)})" for w in words.split())
    classes = " ".join(f"<{c}>" for c in sorted(_subclasses(_CLASSES[kind])))
    # A statement needs its source passage in a readable document (`_with_sources`), so
    # more are read than asked for.
    sparql = f"""SELECT ?node ?text (GROUP_CONCAT(STR(?type)) AS ?types) WHERE {{
          GRAPH ?g {{ ?node pockg:text ?text ; a ?type }} VALUES ?type {{ {classes} }}
          BIND(LCASE(STR(?text)) AS ?folded) FILTER({each}) }}
        GROUP BY ?node ?text ?folded
        ORDER BY DESC(CONTAINS(?folded, {literal_term(words)})) STRLEN(?text) ?node
        LIMIT {limit * 3}"""
    return [
        (row["node"], _most_specific(row["types"].split()), row["text"])
        for row in scope.select(store, sparql)
        if checked_iri(row["node"])
    ]


def _most_specific(classes: Iterable[str]) -> str:
    """Return the class among `classes` with the most pockg superclasses (then the first
    in order, for stability)."""
    return max(sorted(classes), key=lambda c: len(superclasses(URIRef(c))))


def _with_sources(
    store: Graphs, scope: Scope, found: Sequence[tuple[str, str, str]], kind: Kind
) -> list[SuggestionOut]:
    """Return suggestions for `found` whose passage lies in a readable document (a curator's
    hand-added statement is in a graph all may read; its passage's document may not be)."""
    derived = "?node prov:wasDerivedFrom ?passage ." if kind is Kind.STATEMENT else ""
    bound = "" if derived else "BIND(?node AS ?passage)"
    sparql = f"""SELECT ?node ?passage ?title ?section ?page WHERE {{
          {values_clause("node", [iri for iri, _, _ in found])} {derived} {bound}
          ?passage pockg:inDocument ?doc .
          OPTIONAL {{ ?doc dcterms:title ?title }} OPTIONAL {{ ?passage pockg:section ?section }}
          OPTIONAL {{ ?passage pockg:page ?page }} }}"""
    sources = {row["node"]: row for row in scope.select(store, sparql)}
    made = []
    for iri, cls, text in found:
        source = sources.get(iri)
        if source is not None:
            made.append(_text_suggestion(iri, cls, text, kind, source, scope.id_base))
    return made


def _text_suggestion(
    iri: str, cls: str, text: str, kind: Kind, source: dict[str, str], base: str
) -> SuggestionOut:
    link = passage_link(source["passage"], base)
    page = source.get("page")
    return SuggestionOut(
        iri=iri,
        label=_shortened(text),
        kind=kind,
        type=_class_label(cls),
        document=source.get("title"),
        section=source.get("section"),
        page=int(page) if page and page.isdigit() else None,
        href=link[1] if kind is Kind.PASSAGE and link else local_href(iri, base),
    )


def _shortened(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= LABEL_LENGTH:
        return flat
    return flat[: LABEL_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def _batches(items: Sequence[T], first: int, later: int) -> Iterator[Sequence[T]]:
    """Yield `items` in order: `first` of them, then runs of `later`."""
    start, size = 0, first
    while start < len(items):
        yield items[start : start + size]
        start, size = start + size, later


@cache
def _subclasses(names: tuple[str, ...]) -> frozenset[URIRef]:
    """Return the pockg classes `names` (local names) and every class below them."""
    return frozenset().union(*(subclasses(POCKG[name]) for name in names))


@cache
def _class_label(cls: str) -> str:
    """Return the ontology's label of the class `cls`, capitalised, else its local name."""
    label = ontology_graph().value(URIRef(cls), RDFS.label)
    name = str(label) if label is not None else cls.rsplit("#", 1)[-1]
    return name[:1].upper() + name[1:]
