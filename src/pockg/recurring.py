"""Recurring recommendations: near-identical recommendations made again in other documents.

The measure is lexical: the cosine similarity of TF-IDF vectors of a recommendation's
content words, Porter-stemmed (the stemmer of the search index, so "sharing" meets
"shared"). Function words and the cue words that make a sentence a recommendation
("should", "must", "recommend", "important") are left out: they say that something is
recommended, not what. Inverse document frequencies come from the recommendations being
compared, so words every other recommendation uses ("protection", "cluster") weigh little
and two recommendations that share only boilerplate stay apart; and two recommendations
sharing fewer than three content words are not similar at all, however rare the words.

Recommendations are clustered by average link: two groups merge while the mean similarity
of all their cross pairs is at least the threshold, so a chain of pairwise neighbours does
not pull unrelated texts together as single link (connected components) would. A group
recurs when its members come from at least two documents; repeats inside one document are
one voice. Precision on a hand-checked sample of the corpus: `eval/recurring/`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from whoosh.lang.porter import stem

THRESHOLD = 0.35
"""The similarity from which two recommendations count as the same one made again.
Chosen on the hand-checked sample in `eval/recurring/sample.jsonl` (see its README)."""

MIN_SHARED_WORDS = 3
"""The fewest distinct content words two recommendations must share to count as similar at
all: one or two rare words in common ("context-specific") is a topic, not a repeat."""

_WORD = re.compile(r"[a-z0-9]+(?:[-/][a-z0-9]+)*")
_FUNCTION_WORDS = """
a about above across after again against all almost along also although am among an and
another any anyone anything are around as at be because been before being below between
both but by can cannot could did do does doing done down during each either else etc
every for from further had has have having he her here hers him his how however i ie if
in into is it its itself just least less let many may me might more most much my neither no
nor not now of off often on once one only onto or other others otherwise our ours out over
own per rather same several she so some such than that the their theirs them themselves
then there therefore these they this those though through thus to too toward towards
under until up upon us very via was we well were what whatever when where whether which
while who whom whose why will with within without would yet you your
"""
_CUE_WORDS = """
appropriate certain eg ensure ensures ensuring example given include includes including
particular particularly
relevant specific specifically various
advisable advise advised call calls crucial encourage encouraged encourages essential
expected fundamental imperative important importance indispensable key must necessary
need needed needs ought paramount recommend recommendation recommendations recommended
recommends request requested require required requires shall should urge urged vital
"""
STOP_WORDS = frozenset((_FUNCTION_WORDS + _CUE_WORDS).split())
"""Words that carry no content of a recommendation: function words, vague qualifiers and
recommendation cues (the modal verbs and adjectives of
`extract/patterns/recommendation_cues.jsonl`)."""


@dataclass(frozen=True)
class RecommendationRecord:
    """A recommendation as the grouping sees it: its text, IRI, document, year and the
    keys of its themes (opaque strings, such as theme IRIs)."""

    iri: str
    text: str
    doc_id: str
    year: int | None = None
    themes: tuple[str, ...] = ()


@dataclass(frozen=True)
class SimilarPair:
    """Two recommendations of different documents and their similarity (0 to 1)."""

    first: RecommendationRecord
    second: RecommendationRecord
    similarity: float


@dataclass(frozen=True)
class RecurringGroup:
    """Near-identical recommendations: a representative, the members by year (the
    history) and the mean similarity of the members' pairs."""

    representative: RecommendationRecord
    members: tuple[RecommendationRecord, ...]
    similarity: float

    @property
    def documents(self) -> tuple[str, ...]:
        """Return the ids of the members' documents, in order of first appearance."""
        return tuple(dict.fromkeys(m.doc_id for m in self.members))

    @property
    def years(self) -> tuple[int, ...]:
        """Return the distinct years the recommendation was made in, ascending."""
        return tuple(sorted({m.year for m in self.members if m.year is not None}))

    @property
    def themes(self) -> tuple[str, ...]:
        """Return the union of the members' themes, sorted."""
        return tuple(sorted({t for m in self.members for t in m.themes}))


def content_words(text: str) -> list[str]:
    """Return the stemmed content words of `text`, in order; a hyphenated compound counts as
    its parts, and footnote marks (superscript digits) are dropped."""
    unmarked = "".join(c for c in text.casefold() if unicodedata.category(c) != "No")
    folded = unicodedata.normalize("NFKD", unmarked)
    words: list[str] = []
    for compound in _WORD.findall(folded.encode("ascii", "ignore").decode()):
        parts = re.split(r"[-/]", compound)
        words.extend(stem(w) for w in parts if len(w) > 1 and w not in STOP_WORDS)
    return words


class Similarity:
    """TF-IDF cosine similarity between the recommendations of one collection (the
    inverse document frequencies are the collection's own)."""

    def __init__(self, records: Sequence[RecommendationRecord]) -> None:
        self.records = tuple(sorted(records, key=_chronological))
        bags = [Counter(content_words(r.text)) for r in self.records]
        frequency = Counter(word for bag in bags for word in bag)
        total = len(bags)
        idf = {w: math.log((1 + total) / (1 + n)) + 1 for w, n in frequency.items()}
        self._vectors = [_unit({w: (1 + math.log(n)) * idf[w] for w, n in b.items()}) for b in bags]
        self._position = {r.iri: i for i, r in enumerate(self.records)}

    def between(self, first: str, second: str) -> float:
        """Return the similarity of the recommendations with IRIs `first` and `second`."""
        return self.at(self._position[first], self._position[second])

    def words(self, iri: str) -> Iterable[str]:
        """Return the content words of the recommendation with IRI `iri` (no two alike)."""
        return self._vectors[self._position[iri]].keys()

    def pairs(self, minimum: float) -> list[SimilarPair]:
        """Return the pairs from different documents at least `minimum` similar, most
        similar first."""
        found = [
            SimilarPair(self.records[i], self.records[j], score)
            for (i, j), score in self.scored_pairs(minimum).items()
            if self.records[i].doc_id != self.records[j].doc_id
        ]
        return sorted(found, key=lambda p: (-p.similarity, p.first.iri, p.second.iri))

    def at(self, i: int, j: int) -> float:
        """Return the similarity of the records at positions `i` and `j` of `records`."""
        small, large = sorted((self._vectors[i], self._vectors[j]), key=len)
        shared = [weight * large[word] for word, weight in small.items() if word in large]
        return sum(shared) if len(shared) >= MIN_SHARED_WORDS else 0.0

    def scored_pairs(self, minimum: float) -> dict[tuple[int, int], float]:
        """Return {(i, j): similarity} for the positions i < j at least `minimum` similar.
        Candidates come from an inverted index (only pairs sharing a word can score); each
        is then scored by `at`, so every caller sees the same figure."""
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, vector in enumerate(self._vectors):
            for word, weight in vector.items():
                postings[word].append((i, weight))
        sums: dict[tuple[int, int], float] = defaultdict(float)
        for entries in postings.values():
            for (i, first), (j, second) in combinations(entries, 2):
                sums[(i, j)] += first * second
        scored = {
            pair: self.at(*pair) for pair, dot in sorted(sums.items()) if dot > minimum - 1e-9
        }
        return {pair: score for pair, score in scored.items() if score >= minimum}


def recurring_groups(
    records: Iterable[RecommendationRecord],
    threshold: float = THRESHOLD,
    min_documents: int = 2,
) -> list[RecurringGroup]:
    """Return the groups of near-identical `records` that span at least `min_documents`
    documents, the most widely repeated first, then by first year and text."""
    similarity = Similarity(list(records))
    groups = []
    for members in _average_link(similarity, threshold):
        group = _group(similarity, members)
        if len(group.documents) >= min_documents:
            groups.append(group)
    return sorted(groups, key=_group_order)


def _average_link(similarity: Similarity, threshold: float) -> list[list[int]]:
    """Return the clusters (lists of record positions) of average-link agglomeration
    stopped at `threshold`. Clusters merge only inside the connected components of the
    graph of pairs at least `threshold` similar (a merge needs one such pair), so the
    cubic agglomeration runs on small components only."""
    component = list(range(len(similarity.records)))

    def root(i: int) -> int:
        while component[i] != i:
            component[i] = component[component[i]]
            i = component[i]
        return i

    for i, j in similarity.scored_pairs(threshold):
        component[max(root(i), root(j))] = min(root(i), root(j))
    components: dict[int, list[int]] = defaultdict(list)
    for i in range(len(component)):
        components[root(i)].append(i)
    clusters = []
    for members in components.values():
        clusters.extend(_agglomerate(similarity, members, threshold))
    return clusters


def _agglomerate(similarity: Similarity, members: list[int], threshold: float) -> list[list[int]]:
    """Return `members` clustered by average link until no two clusters are `threshold`
    similar on average; ties merge the earliest clusters first."""
    clusters = [[i] for i in members]
    between = {
        (a, b): similarity.at(i, j) for (a, i), (b, j) in combinations(enumerate(members), 2)
    }
    while True:
        best = max(
            between.items(), key=lambda item: (item[1], -item[0][0], -item[0][1]), default=None
        )
        if best is None or best[1] < threshold:
            return [sorted(c) for c in clusters if c]
        (a, b), _ = best
        sizes = len(clusters[a]), len(clusters[b])
        for c in range(len(clusters)):
            if c in (a, b) or not clusters[c]:
                continue
            mean = (sizes[0] * between[_key(a, c)] + sizes[1] * between[_key(b, c)]) / sum(sizes)
            between[_key(a, c)] = mean
        clusters[a] += clusters[b]
        clusters[b] = []
        between = {key: score for key, score in between.items() if b not in key}


def _key(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _group(similarity: Similarity, members: list[int]) -> RecurringGroup:
    """Return the group of the records at `members`, represented by its medoid (the member
    most similar on average to the others; the earliest on a tie)."""
    pairs = {_key(i, j): similarity.at(i, j) for i, j in combinations(members, 2)}

    def centrality(i: int) -> float:
        return sum(score for key, score in pairs.items() if i in key)

    records = similarity.records
    lead = max(members, key=lambda i: (round(centrality(i), 9), -i))
    mean = sum(pairs.values()) / len(pairs) if pairs else 1.0
    history = tuple(records[i] for i in sorted(members))
    return RecurringGroup(records[lead], history, round(mean, 3))


def _chronological(record: RecommendationRecord) -> tuple[int, str, str]:
    return (record.year if record.year is not None else 10_000, record.doc_id, record.iri)


def _group_order(group: RecurringGroup) -> tuple[int, int, str, str]:
    first = _chronological(group.members[0])[0]
    return (
        -len(group.documents),
        first,
        group.representative.text.casefold(),
        group.representative.iri,
    )


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(weight * weight for weight in vector.values()))
    return {word: weight / norm for word, weight in vector.items()} if norm else {}
