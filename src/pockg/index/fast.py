"""The fast path of `pockg.index.search.search`: a query of plain words answered with numpy.

Whoosh scores, filters and groups every match in pure Python, one posting at a time: seconds
per query over 100,000 passages. A query of plain words (terms of scored fields joined by OR
and AND, which is what the parser makes of what people type) is answered with numpy instead,
over the arrays of `pockg.index.arrays`. Scoring is Whoosh's BM25F with its coordination
bonus for OR groups (`whoosh.matching.CoordMatcher`), as `search._run` scores (matchers never
replaced), except that an OR group's term count is the number of its terms found in the whole
index, where Whoosh counts those found in the record's segment (the same while a term is in
every segment). Totals and facet counts cover every match, as Whoosh's do; equal scores rank
by record number, as in Whoosh. Other queries (phrases, NOT, field:value) use Whoosh.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh import query

from pockg.index.arrays import BoolArray, FloatArray, IntArray, _OpenIndex, _Postings, _Window
from pockg.index.facets import packed_bits
from pockg.index.schema import FACET_FIELDS


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
            if parts:
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
            # (scores + (terms - 1) / (count - scale) ** 2) * ((count - 1) / count), computed
            # in place (the same floating-point operations, without temporary arrays)
            bonus = np.subtract(scored.terms, 1, dtype=np.float64)
            bonus /= (count - node.scale) ** 2
            bonus += scored.scores
            bonus *= (count - 1) / count
            scored.scores = bonus
        # Unmatched records score 0: multiplying by the match flags is many times faster than
        # a masked assignment, and adding 0.0 turns the -0.0 of negative scores into 0.0.
        np.multiply(scored.scores, scored.matched, out=scored.scores)
        scored.scores += 0.0
        return scored

    def _sum_terms(self, terms: list[Any]) -> _Scored:
        """Return the terms' scores (times their boosts) summed per record, in the terms'
        order, and how many of them match each record."""
        size = self.size
        lists = [self.scores[id(term)] for term in terms]
        ids = np.concatenate([ids for ids, _ in lists] or [np.empty(0, np.int64)])
        boosted = [scores * term.boost for term, (_, scores) in zip(terms, lists, strict=True)]
        weights = np.concatenate(boosted or [np.empty(0)])
        scores = np.bincount(ids, weights, size).astype(np.float64, copy=False)
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
    best = _best(window, records, scored.scores[records], wanted)
    matched_bits = packed_bits(scored.matched)
    facets = {
        name: opened.window_facet(window, facet_field).counts(scored.matched, matched_bits)
        for name, facet_field in FACET_FIELDS.items()
    }
    return _Found(len(records), best, facets, plain.text_words(scored.matched))


def _best(
    window: _Window, records: IntArray, scores: FloatArray, wanted: int
) -> list[tuple[float, int]]:
    """Return the `wanted` best (score, index record) of the matching window `records` with
    their `scores`: by score, then record number."""
    if len(records) > wanted:  # the best `wanted`, and every record tied with the last
        keep = scores >= np.partition(scores, len(scores) - wanted)[len(scores) - wanted]
        records, scores = records[keep], scores[keep]
    order = np.lexsort((records, -scores))[:wanted]
    return list(zip(scores[order].tolist(), window.records[records[order]].tolist(), strict=True))
