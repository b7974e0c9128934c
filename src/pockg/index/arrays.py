"""The arrays of the fast search path (`pockg.index.fast`), read from a Whoosh index on first
use and kept between searches until a writer commits: each term's records and BM25F scores,
each field's lengths, each facet field's values, each filter's records.

The index and its arrays are kept open per process (`_open`), one generation at a time:
`_index_version` tells when a writer has committed. A filter's records form a window
(`_Window`), and a search under it works on arrays of those records only. Names are private
to `pockg.index`.
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh import query, scoring
from whoosh.filedb.filestore import FileStorage

from pockg.index.facets import FacetCounter

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
        self.facets: dict[str, FacetCounter] = {}

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

    def window_facet(self, window: _Window, field: str) -> FacetCounter:
        """Return the counter of a facet field's values over the records of a window."""
        with self.lock:
            if field not in window.facets:
                values, records, numbers = self.facet(field)
                inside, keep = window.within(records)
                size = len(window.records)
                window.facets[field] = FacetCounter(values, inside, numbers[keep], size)
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
