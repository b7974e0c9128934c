"""Searching the index: ranked passages (or statements) with snippets, facets and a
spelling suggestion.

Queries use Whoosh's query language (phrases in quotes, AND/OR/NOT, `field:value`, e.g.
`section:training` or `title:"diagnostic tool"`); a query the parser cannot use falls back
to its plain words. Ranking is BM25F over text, section headings, the document title and
the names of the entities a passage mentions, each with its boost (`SEARCH_FIELDS`).
Only documents whose access level is in `include_levels` (public by default) are searched.
Queries of plain words are answered with numpy over arrays kept between searches
(`pockg.index.fast`), the others by Whoosh, with the same hits, scores, snippets and facets.
"""

from __future__ import annotations

import copy
import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from whoosh import query, scoring, sorting
from whoosh.qparser import MultifieldParser, OrGroup, QueryParser
from whoosh.searching import ResultsPage

from pockg.config import Settings
from pockg.index.arrays import _index_version, _open, _OpenIndex
from pockg.index.fast import _fast_search, _Found, _scorable_words
from pockg.index.schema import FACET_FIELDS, PASSAGE, SEARCH_FIELDS, index_dir
from pockg.index.snippets import SNIPPET_CHARS, MarkFormatter, Snippets, fragmenter

# Filters a caller may pass besides the facets: name -> index field.
FILTER_FIELDS: dict[str, str] = {
    **FACET_FIELDS,
    "record": "record",
    "doc_id": "doc_id",
    "year": "year",
    "entity": "entity",
    "entity_type": "entity_type",
}
DEFAULT_LEVELS = ("public",)
_OPERATORS = re.compile(r"\b(AND|OR|NOT|ANDNOT|ANDMAYBE)\b")
_SYNTAX = re.compile(r"[^\w\s]+")


@dataclass(frozen=True)
class Hit:
    """One ranked record: its text, where it comes from, its snippet and entities."""

    text: str
    file_name: str
    title: str
    section: str
    page: int | None
    score: float
    doc_id: str
    passage: str
    iri: str
    kind: str
    snippet: str
    entities: list[dict[str, str]] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SearchResult:
    """A page of hits, the number of matches, facet counts and a "did you mean" suggestion."""

    query: str
    total: int
    page: int
    limit: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None

    def as_json(self) -> dict[str, Any]:
        """Return the result as plain JSON-ready data (what `dataclasses.asdict` gives, without
        its deep copies)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["hits"] = [{f.name: getattr(hit, f.name) for f in fields(hit)} for hit in self.hits]
        return data


def search(
    settings: Settings,
    text: str,
    *,
    limit: int = 10,
    page: int = 1,
    filters: Mapping[str, str] | None = None,
    include_levels: Iterable[str] = DEFAULT_LEVELS,
    include_documents: Iterable[str] = (),
) -> SearchResult:
    """Return page `page` (`limit` hits each) of the records matching `text` and `filters`.

    Passages are searched unless `filters` has `record: statement`. Raises ValueError for an
    unknown filter name.
    """
    limit, page = max(1, limit), max(1, page)
    folder = index_dir(settings)
    version = _index_version(folder)
    if not text.strip() or version is None:
        return SearchResult(text, 0, page, limit, [], {})
    restrict = _restriction(filters or {}, include_levels, include_documents)
    opened = _open(folder, version)
    parsed = _parse(opened.schema, text)
    if _scorable_words(parsed, opened.schema):
        found = _fast_search(opened, parsed, restrict, page * limit)
        hits = _fast_hits(opened, found, page, limit)
        with opened.lock:
            suggestion = _suggestion(opened.searcher, opened.schema, text)
        return SearchResult(text, found.total, page, limit, hits, found.facets, suggestion)
    with opened.index.searcher(weighting=scoring.BM25F()) as searcher:
        suggestion = _suggestion(searcher, opened.schema, text)
        try:
            results = _run(searcher, parsed, restrict, page, limit)
        except Exception:  # a query Whoosh parsed but cannot run: retry with its plain words
            parsed = _parse(opened.schema, _plain_words(text))
            results = _run(searcher, parsed, restrict, page, limit)
        hits = [_hit(hit) for hit in results]
        facets = _facet_counts(results.results)
        return SearchResult(text, results.total, page, limit, hits, facets, suggestion)


def _run(searcher: Any, parsed: Any, restrict: Any, page: int, limit: int) -> Any:
    """Return page `page` of Whoosh's results for `parsed` (what `searcher.search_page` does,
    with matchers never replaced: see `_never_replace`)."""
    groups = {
        name: sorting.FieldFacet(name_field, allow_overlap=True, maptype=sorting.Count)
        for name, name_field in FACET_FIELDS.items()
    }
    collector = searcher.collector(
        limit=page * limit, filter=restrict, groupedby=groups, terms=True
    )
    _never_replace(collector)
    searcher.search_with_collector(parsed, collector)
    results = ResultsPage(collector.results(), page, limit)
    results.results.formatter = MarkFormatter()
    results.results.fragmenter = fragmenter()
    return results


def _never_replace(collector: Any) -> None:
    """Make the scoring collector inside `collector` keep its matchers. By default Whoosh
    swaps in simpler ones every 10 matches, and an OR group's coordination bonus then counts
    only the terms whose postings have not run out: a record's score would depend on where
    it sits in the index. (The numpy path of `search` scores the same way.)"""
    while hasattr(collector, "child"):
        collector = collector.child
    collector.replace = 0


def _parse(schema: Any, text: str) -> Any:
    """Return the Whoosh query of `text`, or of its plain words when the syntax fails."""
    parser = MultifieldParser(list(SEARCH_FIELDS), schema, fieldboosts=SEARCH_FIELDS)
    parser.group = OrGroup.factory(0.9)
    try:
        parsed = parser.parse(text)
    except Exception:  # Whoosh raises on some malformed input; plain words always parse
        parsed = None
    if _unusable(parsed):
        parsed = parser.parse(_plain_words(text))
    return _excluding_negations(parsed)


def _excluding_negations(parsed: Any) -> Any:
    """Return `parsed` with NOT terms excluding matches, as in "a NOT b" (with OR as the
    default operator, Whoosh would read it as "a OR (NOT b)")."""
    if not isinstance(parsed, query.Or):
        return parsed
    negated = [q.query for q in parsed.subqueries if isinstance(q, query.Not)]
    kept = [q for q in parsed.subqueries if not isinstance(q, query.Not)]
    if not negated or not kept:
        return parsed
    positive = copy.copy(parsed)
    positive.subqueries = kept
    return query.AndNot(positive, query.Or(negated))


def _unusable(parsed: Any) -> bool:
    """Say whether the parser gave up on the query (nothing to run, or an error node)."""
    if parsed is None or parsed == query.NullQuery:
        return True
    return any(getattr(node, "error", None) for node in (parsed, *parsed.leaves()))


def _plain_words(text: str) -> str:
    """Return `text` without query syntax: words only, operators lower-cased."""
    words = _SYNTAX.sub(" ", _OPERATORS.sub(lambda m: m.group(0).lower(), text))
    return " ".join(words.split())


def _restriction(
    filters: Mapping[str, str], levels: Iterable[str], documents: Iterable[str] = ()
) -> Any:
    """Return the filter of a search: the named filters, passages unless statements are
    asked for, and only the documents of `levels` or listed in `documents` (a reader's
    grants)."""
    unknown = sorted(set(filters) - set(FILTER_FIELDS))
    if unknown:
        known = ", ".join(sorted(FILTER_FIELDS))
        raise ValueError(f"unknown search filter {', '.join(unknown)}; use one of {known}")
    terms = [query.Term(FILTER_FIELDS[name], value) for name, value in filters.items()]
    if "record" not in filters:
        terms.append(query.Term("record", PASSAGE))
    readable = [query.Term("access", level) for level in levels]
    readable += [query.Term("doc_id", doc_id) for doc_id in documents]
    terms.append(query.Or(readable))
    return query.And(terms)


def _hit(hit: Any) -> Hit:
    stored = hit.fields()
    return _stored_hit(stored, float(hit.score or 0.0), hit.highlights("text", top=2))


def _stored_hit(stored: dict[str, Any], score: float, snippet: str) -> Hit:
    """Return the hit for a record's stored fields, its score and its highlighted snippet."""
    text = str(stored.get("text", ""))
    snippet = snippet or html.escape(_shortened(text))
    return Hit(
        text=text,
        file_name=stored.get("file_name", ""),
        title=stored.get("title", ""),
        section=stored.get("section", ""),
        page=stored.get("page"),
        score=round(score, 4),
        doc_id=stored.get("doc_id", ""),
        passage=stored.get("passage", ""),
        iri=stored.get("iri", ""),
        kind=stored.get("record", "") if stored.get("record") == PASSAGE else stored["kind"],
        snippet=snippet,
        entities=json.loads(stored.get("entities_json") or "[]"),
        countries=_split(stored.get("country")),
        themes=_split(stored.get("theme")),
    )


def _shortened(text: str) -> str:
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"


def _split(value: str | None) -> list[str]:
    return [v for v in (value or "").split(",") if v]


def _facet_counts(results: Any) -> dict[str, dict[str, int]]:
    facets: dict[str, dict[str, int]] = {}
    for name in FACET_FIELDS:
        counts = results.groups(name)
        ordered = sorted(((k, v) for k, v in counts.items() if k), key=lambda kv: (-kv[1], kv[0]))
        facets[name] = dict(ordered)
    return facets


def _suggestion(searcher: Any, schema: Any, text: str) -> str | None:
    """Return `text` with misspelt words corrected from the indexed words, or None."""
    try:
        parsed = QueryParser("text", schema).parse(text)
        corrector = searcher.corrector("text")
        correction = searcher.correct_query(parsed, text, correctors={"text": corrector})
    except Exception:  # a suggestion is a nicety: never fail a search for it
        return None
    if correction.query == parsed or correction.string == text:
        return None
    return str(correction.string)


def _fast_hits(opened: _OpenIndex, found: _Found, page: int, limit: int) -> list[Hit]:
    """Return the hits of a page of `_fast_search` results, with their snippets."""
    snippets = Snippets(opened.searcher, found.words)
    hits = []
    for score, record in found.page(page, limit):
        with opened.lock:
            stored = opened.searcher.stored_fields(record)
        hits.append(_stored_hit(stored, score, snippets.snippet(str(stored.get("text", "")))))
    return hits
