"""Facet counts of the fast path (`pockg.index.facets`): each of the three forms a facet is
kept in (bitsets, runs, pairs) counts what gathering every pair counts, ordered by count
then value, the empty value left out."""

from __future__ import annotations

import numpy as np
import pytest

from pockg.index.facets import FacetCounter, packed_bits


def pairs_count(values: list[str], records: list[int], numbers: list[int], matched: list[bool]):
    """Return the counts the obvious way: every pair whose record matches counts once."""
    counts: dict[str, int] = {}
    for record, number in zip(records, numbers, strict=True):
        if matched[record] and values[number]:
            counts[values[number]] = counts.get(values[number], 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def counted(counter: FacetCounter, matched: list[bool]) -> dict[str, int]:
    mask = np.array(matched, np.bool_)
    return counter.counts(mask, packed_bits(mask))


def form(counter: FacetCounter) -> str:
    if counter._bits is not None:
        return "bits"
    return "runs" if counter._runs is not None else "pairs"


def test_facet_counter_keeps_few_values_as_bitsets() -> None:
    values = ["Mali", "", "Chad"]
    records, numbers = [0, 0, 1, 2, 3, 3], [0, 2, 1, 2, 0, 2]
    counter = FacetCounter(values, np.array(records), np.array(numbers), 4)
    matched = [True, False, True, True]
    assert form(counter) == "bits"
    assert counted(counter, matched) == {"Chad": 3, "Mali": 2}
    assert counted(counter, matched) == pairs_count(values, records, numbers, matched)


def test_facet_counter_keeps_one_value_per_record_as_runs() -> None:
    values = [f"doc-{n}" for n in range(200)]
    records = list(range(0, 400, 2))  # every other record holds a value
    numbers = [n // 4 for n in range(200)]  # runs of four records per value
    counter = FacetCounter(values, np.array(records), np.array(numbers), 401)
    matched = [n % 3 == 0 for n in range(401)]
    assert form(counter) == "runs"
    assert counted(counter, matched) == pairs_count(values, records, numbers, matched)


def test_facet_counter_keeps_many_values_over_few_pairs_as_pairs() -> None:
    values = [f"actor-{n}" for n in range(300)]
    records, numbers = [0, 0, 1, 5, 5], [3, 299, 3, 7, 3]
    counter = FacetCounter(values, np.array(records), np.array(numbers), 6)
    matched = [True, True, False, False, False, True]
    assert form(counter) == "pairs"
    assert counted(counter, matched) == {"actor-3": 3, "actor-299": 1, "actor-7": 1}


@pytest.mark.parametrize("size", [0, 1, 63, 64, 65, 1000])
def test_facet_counter_counts_as_pairs_do_at_any_window_size(size: int) -> None:
    rng = np.random.default_rng(size)
    values = ["", "b", "a", "c"]
    drawn = rng.integers(0, max(size, 1), 3 * size), rng.integers(0, len(values), 3 * size)
    records, numbers = np.unique(np.stack(drawn), axis=1)  # a record holds a value once
    matched = (rng.random(size) < 0.5).tolist()
    counter = FacetCounter(values, records, numbers, size)
    expected = pairs_count(values, records.tolist(), numbers.tolist(), matched)
    assert counted(counter, matched) == expected
    assert list(counted(counter, matched).items()) == list(expected.items())


def test_facet_counter_orders_ties_by_value() -> None:
    values = ["beta", "Alpha", "alpha"]
    counter = FacetCounter(values, np.array([0, 1, 2]), np.array([0, 1, 2]), 3)
    assert list(counted(counter, [True, True, True])) == ["Alpha", "alpha", "beta"]
