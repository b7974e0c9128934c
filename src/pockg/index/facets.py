"""Facet counts of a fast-path search (`pockg.index.fast`): how many of a window's matching
records hold each value of a facet field, ordered as Whoosh's path orders them.

Counting by gathering the match flag of every (record, value) pair costs a pass over all the
pairs of every facet at every search (~3 ms with 100,000 passages and five facets). So each
facet of a window is kept in whichever of three forms is cheapest to count:

- bitsets, one per value, when they take no more words than the facet has pairs (few values:
  countries, themes, kinds, actors): a count is the population count of a bitset ANDed with
  the matches' bitset;
- runs, when each record holds at most one value (documents): the window's records split
  into runs of one value, a count sums the match flags of the value's runs
  (`numpy.add.reduceat`), which is fast because the passages of a document are adjacent;
- the pairs themselves otherwise.

All are built from the same pairs and give the same counts.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
WordArray = npt.NDArray[np.uint64]


def packed_bits(mask: BoolArray) -> WordArray:
    """Return `mask` as a bitset of 64-bit words (bit i of the set is mask[i]; the last word
    padded with zeros)."""
    packed = np.packbits(mask, bitorder="little")
    padding = np.zeros(-len(packed) % 8, np.uint8)
    return np.concatenate([packed, padding]).view(np.uint64)


class FacetCounter:
    """One facet field over a window of `size` records: its values, and its (record, value
    number) pairs kept in the cheapest form to count (see the module doc)."""

    def __init__(self, values: list[str], records: IntArray, numbers: IntArray, size: int):
        self.values = values
        # Counts are shown by count, then value: a value's rank in Python's string order.
        self._rank = np.empty(len(values), np.int64)
        self._rank[sorted(range(len(values)), key=values.__getitem__)] = np.arange(len(values))
        self._named = np.array([bool(v) for v in values], np.bool_)
        self._bits: WordArray | None = None
        self._runs: tuple[IntArray, IntArray] | None = None
        self._pairs: tuple[IntArray, IntArray] | None = None
        words = -(-size // 64)
        if len(values) * words <= len(records):
            self._bits = self._bitsets(records, numbers, size)
        elif size and len(np.unique(records)) == len(records):
            self._runs = self._value_runs(records, numbers, size)
        else:
            self._pairs = records, numbers

    def _bitsets(self, records: IntArray, numbers: IntArray, size: int) -> WordArray:
        """Return one bitset of the window's records per value."""
        holds = np.zeros((len(self.values), size), np.bool_)
        holds[numbers, records] = True
        if not len(holds):
            return np.zeros((0, -(-size // 64)), np.uint64)
        return np.stack([packed_bits(row) for row in holds])

    def _value_runs(
        self, records: IntArray, numbers: IntArray, size: int
    ) -> tuple[IntArray, IntArray]:
        """Return where each run of records with one value starts, and the run's value number
        (len(values) for records without a value)."""
        value_of = np.full(size, len(self.values), np.int64)
        value_of[records] = numbers
        starts = np.flatnonzero(np.diff(value_of)) + 1
        starts = np.concatenate([np.zeros(1, np.int64), starts])
        return starts, value_of[starts]

    def counts(self, matched: BoolArray, matched_bits: WordArray) -> dict[str, int]:
        """Return the number of matching records holding each value, for the values held by
        some, by decreasing count then value (the empty value left out)."""
        tally = self._tally(matched, matched_bits)
        shown = np.flatnonzero((tally > 0) & self._named)
        order = shown[np.lexsort((self._rank[shown], -tally[shown]))]
        return dict(
            zip([self.values[i] for i in order.tolist()], tally[order].tolist(), strict=True)
        )

    def _tally(self, matched: BoolArray, matched_bits: WordArray) -> IntArray:
        """Return the number of matching records holding each value."""
        if self._bits is not None:
            tally: IntArray = np.bitwise_count(self._bits & matched_bits).sum(
                axis=1, dtype=np.int64
            )
            return tally
        if self._runs is not None:
            starts, run_values = self._runs
            per_run = np.add.reduceat(matched.view(np.uint8), starts, dtype=np.int64)
            summed = np.bincount(run_values, per_run, len(self.values) + 1)
            return summed[: len(self.values)].astype(np.int64)
        assert self._pairs is not None, "a facet is kept in one of three forms"
        records, numbers = self._pairs
        return np.bincount(numbers[matched[records]], minlength=len(self.values))
