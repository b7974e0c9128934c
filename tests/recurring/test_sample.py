"""The hand-checked sample of `eval/recurring/`: the precision of the recurring measure on
the corpus, computed from the judgements, and a check that the judged pairs are still the
ones the code proposes (see `eval/recurring/README.md`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from api.recurring import readable_recommendations, records
from pockg.config import Settings
from pockg.graph.store import open_graph_store
from pockg.recurring import THRESHOLD, RecommendationRecord, Similarity, recurring_groups
from tests.conftest import REPO
from tests.recurring.conftest import scope_of

SAMPLE = REPO / "eval" / "recurring" / "sample.jsonl"
EXHAUSTIVE_FROM = 0.28
"""Every pair of different documents at least this similar is judged in the sample."""
TARGET_PAIR_PRECISION = 0.5
TARGET_GROUP_PRECISION = 0.5
FIELDS = {
    "first", "second", "first_doc", "second_doc", "first_year", "second_year",
    "first_text", "second_text", "similarity", "proposed", "band", "same", "reason",
}  # fmt: skip


def read_sample(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def judged() -> list[dict[str, Any]]:
    return read_sample(SAMPLE)


@pytest.fixture(scope="module")
def corpus(recurring_settings: Settings) -> Iterator[list[RecommendationRecord]]:
    """The public recommendations of the corpus, as the API reads them."""
    scope = scope_of(recurring_settings)
    with open_graph_store(recurring_settings) as store:
        yield records(readable_recommendations(store, scope))


def test_sample_lines_are_complete_judgements(judged: list[dict[str, Any]]) -> None:
    assert len(judged) >= 30
    for line in judged:
        assert set(line) == FIELDS, line
        assert isinstance(line["same"], bool)
        assert line["reason"].strip(), line
        assert line["band"] in {"exhaustive", "below", "random"}
        assert line["first_doc"] != line["second_doc"], "same-document pairs are one voice"
    pairs = [frozenset((line["first"], line["second"])) for line in judged]
    assert len(set(pairs)) == len(pairs), "a pair is judged once"


def test_judged_pairs_are_still_scored_as_when_judged(
    judged: list[dict[str, Any]], corpus: list[RecommendationRecord]
) -> None:
    """A judgement holds for the words and the score it was made on: the texts must be
    unchanged and the similarity the same, or the pair must be judged again."""
    similarity = Similarity(corpus)
    by_iri = {record.iri: record for record in corpus}
    changed = []
    for line in judged:
        first, second = by_iri.get(line["first"]), by_iri.get(line["second"])
        if first is None or second is None:
            changed.append(f"gone: {line['first']} / {line['second']}")
            continue
        score = similarity.between(first.iri, second.iri)
        texts = (first.text, second.text) == (line["first_text"], line["second_text"])
        proposed = (score >= THRESHOLD) == line["proposed"]
        if not texts or not proposed or abs(score - line["similarity"]) > 5e-4:
            changed.append(f"{line['similarity']} -> {score:.4f}: {first.text[:60]!r}")
    assert changed == [], f"{len(changed)} of {len(judged)} judged pairs changed"


def test_every_pair_above_the_exhaustive_bound_is_judged(
    judged: list[dict[str, Any]], corpus: list[RecommendationRecord]
) -> None:
    known = {frozenset((line["first"], line["second"])) for line in judged}
    unjudged = [
        f"{pair.similarity:.4f}: {pair.first.text[:60]!r} / {pair.second.text[:60]!r}"
        for pair in Similarity(corpus).pairs(EXHAUSTIVE_FROM)
        if frozenset((pair.first.iri, pair.second.iri)) not in known
    ]
    assert unjudged == [], "judge these pairs in eval/recurring/sample.jsonl"


def test_pair_precision_at_the_threshold_meets_the_target(judged: list[dict[str, Any]]) -> None:
    proposed = [line for line in judged if line["similarity"] >= THRESHOLD]
    precision = sum(line["same"] for line in proposed) / len(proposed)
    print(f"pair precision at {THRESHOLD}: {precision:.3f} ({len(proposed)} pairs)")
    assert precision >= TARGET_PAIR_PRECISION


def test_group_precision_meets_the_target(
    judged: list[dict[str, Any]], corpus: list[RecommendationRecord]
) -> None:
    """A group is right when every two of its members from different documents are judged
    the same recommendation; every such pair must be in the sample."""
    verdicts = {frozenset((line["first"], line["second"])): line["same"] for line in judged}
    groups = recurring_groups(corpus)
    right = 0
    for group in groups:
        pairs = [
            frozenset((a.iri, b.iri))
            for a, b in combinations(group.members, 2)
            if a.doc_id != b.doc_id
        ]
        assert all(pair in verdicts for pair in pairs), group.representative.text
        right += all(verdicts[pair] for pair in pairs)
    print(f"group precision: {right / len(groups):.3f} ({right} of {len(groups)} groups)")
    assert right / len(groups) >= TARGET_GROUP_PRECISION
