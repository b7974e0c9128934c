"""Searching the index: ranked passages (or statements) with snippets, facets and a
spelling suggestion.

Queries use Whoosh's query language (phrases in quotes, AND/OR/NOT, `field:value`, e.g.
`section:training` or `title:"diagnostic tool"`); a query the parser cannot use falls back
to its plain words. Ranking is BM25F over text, section headings, the document title and
the names of the entities a passage mentions, each with its boost (`SEARCH_FIELDS`).
Only documents whose access level is in `include_levels` (public by default) are searched.
Queries of plain words are answered with numpy over arrays kept between searches, the others
by Whoosh, with the same scores (see "The fast path" below).
"""

from __future__ import annotations

import copy
import html
import json
import math
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh import highlight, query, scoring, sorting
from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import MultifieldParser, OrGroup, QueryParser
from whoosh.searching import ResultsPage

from pockg.config import Settings
from pockg.index.schema import FACET_FIELDS, PASSAGE, SEARCH_FIELDS, index_dir

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
_SNIPPET_CHARS = 240
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


class _MarkFormatter(highlight.Formatter):  # type: ignore[misc]
    """Snippets as HTML: the text escaped, matched words in <mark>."""

    between = " … "

    def _text(self, text: str) -> str:
        return html.escape(text)

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return f"<mark>{html.escape(highlight.get_text(text, token, replace))}</mark>"


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
    results.results.formatter = _MarkFormatter()
    results.results.fragmenter = highlight.ContextFragmenter(maxchars=_SNIPPET_CHARS, surround=60)
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
    return text if len(text) <= _SNIPPET_CHARS else text[:_SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"


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


# ---------------------------------------------------------------------------------------------
# The fast path. Whoosh scores, filters and groups every match in pure Python, one posting at
# a time: seconds per query over 100,000 passages. A query of plain words (terms of scored
# fields joined by OR and AND, which is what the parser makes of what people type) is
# answered with numpy instead, over arrays read from the index on first use: each term's
# records and BM25F scores, each field's lengths, each facet field's values, each filter's
# records. Scoring is Whoosh's BM25F with its coordination bonus for OR groups
# (`whoosh.matching.CoordMatcher`), as `_run` scores (matchers never replaced), except that
# an OR group's term count is the number of its terms found in the whole index, where Whoosh
# counts those found in the record's segment (the same while a term is in every segment).
# Totals and facet counts cover every match, as Whoosh's do; equal scores rank by record
# number, as in Whoosh. The index and its arrays are kept between searches, until a
# writer commits. A filter's records form a window (`_Window`), and a search under it works
# on arrays of those records only. Other queries (phrases, NOT, field:value) use Whoosh.

_TERMS_KEPT = 4_000_000  # (record, score) pairs kept per open index, least recent dropped
_FILTERS_KEPT = 32  # filters kept per open index

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
_Postings = tuple[IntArray, FloatArray]  # records, and a weight or score in each
_Facet = tuple[list[str], IntArray, IntArray]  # values, and (record, value number) pairs


class _Segment:
    """One segment's field lengths and facet values, read on first use with its reader (the
    caller holds the open index's lock). A segment's files never change and deleting records
    from it gives it a new key, so these are kept across generations of the index."""

    def __init__(self) -> None:
        self.lengths: dict[str, FloatArray] = {}
        self.facets: dict[str, _Facet] = {}

    def field_lengths(self, reader: Any, field: str) -> FloatArray:
        """Return the length of `field` in each record (1 when absent, as Whoosh scores it)."""
        if field not in self.lengths:
            size = reader.doc_count_all()
            lengths = (reader.doc_field_length(doc, field, 1) for doc in range(size))
            self.lengths[field] = np.fromiter(lengths, np.float64, size)
        return self.lengths[field]

    def facet(self, reader: Any, field: str) -> _Facet:
        """Return a facet field's values and its (record, value number) pairs."""
        if field not in self.facets:
            self.facets[field] = _read_facet(reader, field)
        return self.facets[field]


_SEGMENTS: dict[tuple[str, str, int], _Segment] = {}


def _read_postings(reader: Any, field: str, btext: bytes) -> _Postings:
    """Return the live records of one segment holding a term, and its weight in each."""
    if (field, btext) not in reader:
        return np.empty(0, np.int64), np.empty(0, np.float64)
    matcher = reader.postings(field, btext)  # deleted records left out
    ids: list[int] = []
    weights: list[float] = []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.array(ids, np.int64), np.array(weights, np.float64)


def _read_facet(reader: Any, field: str) -> _Facet:
    field_type = reader.schema[field]
    values: list[str] = []
    records: list[IntArray] = [np.empty(0, np.int64)]
    numbers: list[IntArray] = [np.empty(0, np.int64)]
    for btext in field_type.sortable_terms(reader, field):
        ids = np.fromiter(reader.postings(field, btext).all_ids(), np.int64)
        records.append(ids)
        numbers.append(np.full(len(ids), len(values), np.int64))
        values.append(field_type.from_bytes(btext))
    return values, np.concatenate(records), np.concatenate(numbers)


class _Window:
    """The records a filter lets through, numbered 0..n-1 in record order: a search under a
    filter works on arrays of its n records rather than of the whole index."""

    def __init__(self, key: str, records: IntArray, size: int) -> None:
        self.key = key
        self.records = records  # the index's number of each window record
        self.position = np.full(size, -1, np.int32)  # each index record's window number
        self.position[records] = np.arange(len(records), dtype=np.int32)
        self.facets: dict[str, _Facet] = {}

    def within(self, ids: IntArray) -> tuple[IntArray, BoolArray]:
        """Return the window numbers of the index records `ids` that are in the window, and
        which of `ids` those are."""
        numbers = self.position[ids]
        inside = numbers >= 0
        return numbers[inside].astype(np.int64), inside


class _OpenIndex:
    """One generation of an index, kept open, with arrays over all its segments (record
    numbers as its searcher numbers them). Whoosh's readers are not thread-safe, so every use
    of the searcher and every reading of an array holds `lock`."""

    def __init__(self, folder: Path, version: _Version) -> None:
        # Without mmap, Whoosh reads segment files on demand; with it, opening a searcher
        # copies every segment file into memory (~0.4 s and ~0.5 GB with 100,000 passages).
        self.index = FileStorage(str(folder), supports_mmap=False, readonly=True).open_index()
        self.version = version  # read before opening: a commit in between reopens it again
        self.searcher = self.index.searcher(weighting=scoring.BM25F())
        self.schema = self.searcher.schema  # `index.schema` reads the TOC file at every use
        self.size = self.searcher.doc_count_all()
        self.lock = threading.RLock()
        self.segments = []
        for reader, offset in self.searcher.reader().leaf_readers() if self.size else []:
            segment = reader.segment()
            key = (str(folder), segment.segment_id(), segment.deleted_count())
            self.segments.append((reader, offset, _SEGMENTS.setdefault(key, _Segment())))
        self._scores: OrderedDict[tuple[str, str, bytes], _Postings] = OrderedDict()
        self._kept = 0
        self._lengths: dict[str, FloatArray] = {}
        self._facets: dict[str, _Facet] = {}
        self._windows: OrderedDict[str, _Window] = OrderedDict()

    def postings(self, field: str, btext: bytes) -> _Postings:
        """Return the records holding a term and its weight in each."""
        with self.lock:
            parts = [(_read_postings(r, field, btext), offset) for r, offset, _ in self.segments]
        ids = [p[0] + offset for p, offset in parts] or [np.empty(0, np.int64)]
        return np.concatenate(ids), np.concatenate([p[1] for p, _ in parts] or [np.empty(0)])

    def term_scores(self, field: str, btext: bytes) -> _Postings:
        """Return the records holding a term and its BM25F score in each, before query boosts
        (whoosh.scoring.bm25 with the index's statistics, in the same order of operations)."""
        key = ("", field, btext)
        with self.lock:
            found = self._recall(key)
            if found is None:
                ids, tf = self.postings(field, btext)
                k1, b = self.searcher.weighting.K1, self.searcher.weighting.B
                idf = self.searcher.idf(field, btext)
                average = self.searcher.avg_field_length(field) or 1
                norm = (1 - b) + b * self.field_lengths(field)[ids] / average
                found = self._remember(key, (ids, idf * ((tf * (k1 + 1)) / (tf + k1 * norm))))
            return found

    def window_scores(self, window: _Window, field: str, btext: bytes) -> _Postings:
        """Return `term_scores` of the records in a window, numbered as in the window."""
        key = (window.key, field, btext)
        with self.lock:
            found = self._recall(key)
            if found is None:
                ids, scores = self.term_scores(field, btext)
                numbers, inside = window.within(ids)
                found = self._remember(key, (numbers, scores[inside]))
            return found

    def _recall(self, key: tuple[str, str, bytes]) -> _Postings | None:
        found = self._scores.get(key)
        if found is not None:
            self._scores.move_to_end(key)
        return found

    def _remember(self, key: tuple[str, str, bytes], value: _Postings) -> _Postings:
        """Keep `value`, dropping the least recently used lists past _TERMS_KEPT entries."""
        self._scores[key] = value
        self._kept += len(value[0])
        while self._kept > _TERMS_KEPT and len(self._scores) > 1:
            self._kept -= len(self._scores.popitem(last=False)[1][0])
        return value

    def field_lengths(self, field: str) -> FloatArray:
        """Return the length of `field` in each record."""
        with self.lock:
            if field not in self._lengths:
                parts = [s.field_lengths(r, field) for r, _, s in self.segments]
                self._lengths[field] = np.concatenate(parts or [np.empty(0, np.float64)])
            return self._lengths[field]

    def facet(self, field: str) -> _Facet:
        """Return a facet field's values and its (record, value number) pairs."""
        with self.lock:
            if field not in self._facets:
                numbering: dict[str, int] = {}
                records, numbers = [np.empty(0, np.int64)], [np.empty(0, np.int64)]
                for reader, offset, segment in self.segments:
                    values, ids, local = segment.facet(reader, field)
                    remap = np.array([numbering.setdefault(v, len(numbering)) for v in values])
                    records.append(ids + offset)
                    numbers.append(remap[local] if values else local)
                facet = list(numbering), np.concatenate(records), np.concatenate(numbers)
                self._facets[field] = facet
            return self._facets[field]

    def window(self, restriction: Any) -> _Window:
        """Return the window of the records that pass a filter made by `_restriction`."""
        key = repr(restriction)
        with self.lock:
            found = self._windows.get(key)
            if found is None:
                records = np.flatnonzero(self._mask(restriction))
                found = self._windows[key] = _Window(key, records, self.size)
                if len(self._windows) > _FILTERS_KEPT:
                    self._windows.popitem(last=False)
            else:
                self._windows.move_to_end(key)
            return found

    def window_facet(self, window: _Window, field: str) -> _Facet:
        """Return a facet field's values and its pairs, numbered as in the window."""
        with self.lock:
            if field not in window.facets:
                values, records, numbers = self.facet(field)
                inside, keep = window.within(records)
                window.facets[field] = values, inside, numbers[keep]
            return window.facets[field]

    def _mask(self, restriction: Any) -> BoolArray:
        if type(restriction) is query.Term:
            mask = np.zeros(self.size, np.bool_)
            field_type = self.schema[restriction.fieldname]
            mask[self.postings(restriction.fieldname, field_type.to_bytes(restriction.text))[0]] = 1
            return mask
        parts = [self._mask(q) for q in restriction.subqueries]
        combine = np.logical_or if type(restriction) is query.Or else np.logical_and
        return combine.reduce(parts)  # type: ignore[no-any-return]


_TOC_NAME = re.compile(r"_MAIN_([0-9]+)\.toc")
_INDEXES_KEPT = 4  # indexes kept open per process (a server has one; tests have many)
_OPEN: dict[str, _OpenIndex] = {}
_OPEN_LOCK = threading.Lock()
_Version = tuple[int, int, int]


def _index_version(folder: Path) -> _Version | None:
    """Return the generation, inode and modification time of the newest table of contents
    of the index in `folder` (`_MAIN_<n>.toc`, see `whoosh.index.TOC`), or None if there is
    none: what changes when a writer commits, found without reading the file (reading it
    unpickles the schema)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return None
    generations = [int(match.group(1)) for match in map(_TOC_NAME.fullmatch, names) if match]
    if not generations:
        return None
    try:
        stat = (folder / f"_MAIN_{max(generations)}.toc").stat()
    except OSError:
        return None
    return max(generations), stat.st_ino, stat.st_mtime_ns


def _open(folder: Path, version: _Version) -> _OpenIndex:
    """Return the folder's index kept open, opened again if its version is not `version`."""
    with _OPEN_LOCK:
        opened = _OPEN.pop(str(folder), None)
        if opened is None or opened.version != version:
            opened = _OpenIndex(folder, version)
        _OPEN[str(folder)] = opened  # the most recently used last
        while len(_OPEN) > _INDEXES_KEPT:
            del _OPEN[next(iter(_OPEN))]
        live = {id(segment) for o in _OPEN.values() for _, _, segment in o.segments}
        for key in [k for k, segment in _SEGMENTS.items() if id(segment) not in live]:
            del _SEGMENTS[key]
        return opened


def _scorable_words(parsed: Any, schema: Any) -> bool:
    """Say whether `parsed` is terms of scored fields joined by OR and AND, nothing else."""
    if type(parsed) is query.Term:
        return parsed.fieldname in schema and bool(schema[parsed.fieldname].scorable)
    if type(parsed) in (query.Or, query.And):
        subqueries = parsed.subqueries
        return bool(subqueries) and all(_scorable_words(q, schema) for q in subqueries)
    return False


def _leaves(node: Any) -> list[Any]:
    """Return the Term nodes of a plain-word query, in order."""
    if type(node) is query.Term:
        return [node]
    return [leaf for sub in node.subqueries for leaf in _leaves(sub)]


@dataclass
class _Scored:
    """A query node's matches: score and match flag per record (0 where it does not match),
    and how many of the node's terms match each record."""

    scores: FloatArray
    matched: BoolArray
    terms: IntArray


class _PlainQuery:
    """A plain-word query (`_scorable_words`) scored over the records of a window (see the
    section comment)."""

    def __init__(self, opened: _OpenIndex, window: _Window, parsed: Any) -> None:
        self.size = len(window.records)
        self.parsed = parsed
        self.bytes: dict[int, bytes] = {}  # by id of the query's Term nodes
        self.scores: dict[int, _Postings] = {}
        self.present: set[int] = set()  # the Term nodes found in the index
        for leaf in _leaves(parsed):
            btext = opened.schema[leaf.fieldname].to_bytes(leaf.text)
            self.bytes[id(leaf)] = btext
            self.scores[id(leaf)] = opened.window_scores(window, leaf.fieldname, btext)
            if len(opened.term_scores(leaf.fieldname, btext)[0]):
                self.present.add(id(leaf))

    def found(self, node: Any) -> int:
        """Return how many of the node's terms are in the index (repeats counted)."""
        return sum(1 for leaf in _leaves(node) if id(leaf) in self.present)

    def text_words(self, matched: BoolArray) -> set[tuple[str, bytes]]:
        """Return the query's words of the `text` field that match a record in `matched`."""
        return {
            ("text", self.bytes[id(leaf)])
            for leaf in _leaves(self.parsed)
            if leaf.fieldname == "text" and matched[self.scores[id(leaf)][0]].any()
        }

    def score(self, node: Any) -> _Scored:
        """Return the node's matches over the whole index."""
        if type(node) is query.Term:
            return self._sum_terms([node])
        subqueries = node.subqueries
        if len(subqueries) == 1:
            return self.score(subqueries[0])  # Whoosh uses a lone subquery as it is
        if type(node) is query.Or:  # its terms (the common case) summed in one pass
            scored = self._sum_terms([q for q in subqueries if type(q) is query.Term])
            parts = [self.score(q) for q in subqueries if type(q) is not query.Term]
            scored.matched = np.logical_or.reduce([scored.matched, *(p.matched for p in parts)])
        else:
            parts = [self.score(q) for q in subqueries]
            scored = self._sum_terms([])
            scored.matched = np.logical_and.reduce([p.matched for p in parts])
        for part in parts:
            scored.scores += part.scores
            scored.terms += part.terms
        if node.boost != 1.0:
            scored.scores *= node.boost
        count = self.found(node)
        if type(node) is query.Or and node.scale and count:
            scale = node.scale
            scored.scores = (scored.scores + (scored.terms - 1) / (count - scale) ** 2) * (
                (count - 1) / count
            )
        scored.scores = np.where(scored.matched, scored.scores, 0.0)
        return scored

    def _sum_terms(self, terms: list[Any]) -> _Scored:
        """Return the terms' scores (times their boosts) summed per record, in the terms'
        order, and how many of them match each record."""
        size = self.size
        lists = [self.scores[id(term)] for term in terms]
        ids = np.concatenate([ids for ids, _ in lists] or [np.empty(0, np.int64)])
        boosted = [scores * term.boost for term, (_, scores) in zip(terms, lists, strict=True)]
        scores = np.bincount(ids, np.concatenate(boosted or [np.empty(0)]), size).astype(float)
        terms_matched = np.bincount(ids, minlength=size)
        return _Scored(scores, terms_matched > 0, terms_matched)


@dataclass
class _Found:
    """A fast-path search: the match count, the best hits, facet counts, matched words."""

    total: int
    best: list[tuple[float, int]]
    facets: dict[str, dict[str, int]]
    words: set[tuple[str, bytes]]

    def page(self, page: int, limit: int) -> list[tuple[float, int]]:
        """Return the hits of page `page`; past the last page, the last (as Whoosh does)."""
        if not self.total:
            return []
        shown = min(math.ceil(self.total / limit), page)
        return self.best[(shown - 1) * limit : shown * limit]


def _fast_search(opened: _OpenIndex, parsed: Any, restrict: Any, wanted: int) -> _Found:
    """Return the matches of a plain-word query (`_scorable_words`) that pass `restrict`:
    their number, the best `wanted` of them, facet counts and the matched words."""
    window = opened.window(restrict)
    plain = _PlainQuery(opened, window, parsed)
    scored = plain.score(parsed)
    records = np.flatnonzero(scored.matched)  # window numbers, in the index's order
    total = len(records)
    scores = scored.scores[records]
    if len(records) > wanted:  # the best `wanted`, and every record tied with the last
        keep = scores >= np.partition(scores, len(scores) - wanted)[len(scores) - wanted]
        records, scores = records[keep], scores[keep]
    order = np.lexsort((records, -scores))[:wanted]
    best = list(zip(scores[order].tolist(), window.records[records[order]].tolist(), strict=True))
    facets = {}
    for name, facet_field in FACET_FIELDS.items():
        values, pairs, numbers = opened.window_facet(window, facet_field)
        tally = np.bincount(numbers[scored.matched[pairs]], minlength=len(values))
        counts = [(values[i], int(tally[i])) for i in np.flatnonzero(tally) if values[i]]
        facets[name] = dict(sorted(counts, key=lambda kv: (-kv[1], kv[0])))
    return _Found(total, best, facets, plain.text_words(scored.matched))


class _MatchedWords:
    """What Whoosh's highlighter reads of a hit: the schema and the query's matched words."""

    def __init__(self, searcher: Any, words: set[tuple[str, bytes]]) -> None:
        self.results = self
        self.searcher = searcher
        self._words = words

    def has_matched_terms(self) -> bool:
        return True

    def matched_terms(self) -> set[tuple[str, bytes]]:
        return self._words


def _fast_hits(opened: _OpenIndex, found: _Found, page: int, limit: int) -> list[Hit]:
    """Return the hits of a page of `_fast_search` results, their snippets made by Whoosh."""
    highlighter = highlight.Highlighter(
        fragmenter=highlight.ContextFragmenter(maxchars=_SNIPPET_CHARS, surround=60),
        formatter=_MarkFormatter(),
    )
    matched = _MatchedWords(opened.searcher, found.words)
    hits = []
    for score, record in found.page(page, limit):
        with opened.lock:
            stored = opened.searcher.stored_fields(record)
        text = str(stored.get("text", ""))
        snippet = highlighter.highlight_hit(matched, "text", text=text, top=2)
        hits.append(_stored_hit(stored, score, snippet))
    return hits
