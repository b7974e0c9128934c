"""The matching rules of `pockg eval`, after `eval/gold/README.md` section 3.

Text spans (recommendations, challenges, field-practice evidence): both sides go through
`norm()` (the same normalisation as `eval/gold/validate.py`); a prediction matches a gold
span when one normalised string contains the other or their token-level F1 is at least 0.6.

Names (organisations, missions, countries, people, tools, related frameworks): `name_key()`
applies `norm()`, case-folds, turns dashes and slashes into spaces, drops other punctuation,
collapses spaces and drops a leading "the". A prediction matches a gold item when any of its
names has the same key as the gold label or any gold alias.

Cited documents: token-set (Jaccard) similarity of the name keys of a predicted title (or
alias) and the gold title (or alias) of at least 0.85, and the same year when both have one.
A gold `citation_only` item (an author-year citation) also matches when one token set
contains the other.

Every category is matched greedily one-to-one: all candidate pairs, best score first (ties in
gold order, then prediction order), each gold item and each prediction used at most once.
The score is the token F1 for spans, the Jaccard overlap of the two sets of name keys for
names, and the token-set similarity for titles; a prediction holding two gold sentences thus
matches the one it is closer to, and the other stays unmatched.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from pockg.evaluate.gold import GoldCitation, GoldEntity, GoldStatement
from pockg.evaluate.predictions import PredictedEntity, PredictedStatement

SPAN_F1_THRESHOLD = 0.6
TITLE_SIMILARITY_THRESHOLD = 0.85

_SUP_TAG = re.compile(r"<sup>\d+</sup>")
_SUP_DIGITS = re.compile(r"[\u00b9\u00b2\u00b3\u2070-\u2079]+")
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_SPACES = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+")
_PARENTHESISED = re.compile(r"\(([^()]*)\)")
_QUOTES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)


def norm(text: str) -> str:
    """Return `text` normalised as `eval/gold/validate.py` `norm()` does: footnote marks,
    markdown links and emphasis removed, quotes and dashes straightened, spaces collapsed,
    lower case."""
    text = _SUP_TAG.sub("", text)
    text = _SUP_DIGITS.sub("", text)
    text = _MARKDOWN_LINK.sub(r"\1", text)
    text = text.replace("**", "").replace("*", "").translate(_QUOTES)
    return _SPACES.sub(" ", text).strip().lower()


def name_key(name: str) -> str:
    """Return the comparison key of a name: `norm()`, case-folded, dashes and slashes as
    spaces, other punctuation dropped, spaces collapsed, a leading "the" dropped."""
    kept = []
    for char in norm(name).casefold():
        category = unicodedata.category(char)
        if category == "Pd" or char == "/":
            kept.append(" ")
        elif not category.startswith("P"):
            kept.append(char)
    key = " ".join("".join(kept).split())
    return key.removeprefix("the ")


def name_keys(names: Iterable[str]) -> frozenset[str]:
    """Return the non-empty keys of `names`."""
    return frozenset(key for key in map(name_key, names) if key)


@dataclass(frozen=True)
class Span:
    """A text prepared for span matching: normalised, with its token counts."""

    text: str
    tokens: Counter[str]

    @classmethod
    def of(cls, text: str) -> Span:
        """Return `text` normalised and tokenised (word characters) for matching."""
        normalised = norm(text)
        return cls(normalised, Counter(_TOKEN.findall(normalised)))


def token_f1(predicted: Span, gold: Span) -> float:
    """Return the F1 of the two token multisets (0.0 when either is empty)."""
    overlap = sum((predicted.tokens & gold.tokens).values())
    total = predicted.tokens.total() + gold.tokens.total()
    return 2 * overlap / total if total else 0.0


def span_score(predicted: Span, gold: Span) -> float | None:
    """Return the token F1 of a matching pair of spans, or None when they do not match."""
    if not predicted.text or not gold.text:
        return None
    f1 = token_f1(predicted, gold)
    contained = predicted.text in gold.text or gold.text in predicted.text
    return f1 if contained or f1 >= SPAN_F1_THRESHOLD else None


def best_span_score(predicted: Span, golds: Sequence[Span]) -> float | None:
    """Return the best score of `predicted` against any of `golds`, None if none matches."""
    scores = [s for s in (span_score(predicted, gold) for gold in golds) if s is not None]
    return max(scores, default=None)


def names_score(predicted: frozenset[str], gold: frozenset[str]) -> float | None:
    """Return the Jaccard overlap of two sets of name keys, None when they share none."""
    shared = len(predicted & gold)
    return shared / len(predicted | gold) if shared else None


def title_score(
    predicted: Sequence[str], gold: Sequence[str], *, lenient: bool = False
) -> float | None:
    """Return the best token-set similarity of any predicted and any gold title, None when
    below 0.85 (with `lenient`, one token set containing the other also matches)."""
    best: float | None = None
    for left in (frozenset(name_key(title).split()) for title in predicted):
        for right in (frozenset(name_key(title).split()) for title in gold):
            if not left or not right:
                continue
            similarity = len(left & right) / len(left | right)
            subset = lenient and (left <= right or right <= left)
            if (similarity >= TITLE_SIMILARITY_THRESHOLD or subset) and (
                best is None or similarity > best
            ):
                best = similarity
    return best


def years_agree(predicted: Iterable[int], gold: Iterable[int]) -> bool:
    """Return whether the years agree: equal, or either side has none."""
    predicted, gold = set(predicted), set(gold)
    return not predicted or not gold or bool(predicted & gold)


def framework_keys(text: str) -> frozenset[str]:
    """Return the keys a free-text framework reference stands for: the whole text, the text
    without its parenthesised parts, and each parenthesised part (often the acronym)."""
    variants = [text, _PARENTHESISED.sub(" ", text), *_PARENTHESISED.findall(text)]
    return name_keys(variants)


def role_agrees(predicted: Iterable[str], gold: str) -> bool:
    """Return whether any predicted role contains the gold role or is contained in it
    (after `name_key`); False when either side is empty."""
    wanted = name_key(gold)
    return bool(wanted) and any(
        key and (key in wanted or wanted in key) for key in map(name_key, predicted)
    )


def greedy_match(
    n_gold: int, n_predicted: int, score: Callable[[int, int], float | None]
) -> dict[int, int]:
    """Return a one-to-one matching {gold index: prediction index}, taken greedily from the
    pairs that match (score not None), best score first, ties in gold then prediction order."""
    candidates = [
        (-value, gold, predicted)
        for gold in range(n_gold)
        for predicted in range(n_predicted)
        if (value := score(gold, predicted)) is not None
    ]
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, gold, predicted in sorted(candidates):
        if gold not in matched and predicted not in used:
            matched[gold] = predicted
            used.add(predicted)
    return matched


def match_entities(
    golds: Sequence[GoldEntity], predictions: Sequence[PredictedEntity]
) -> dict[int, int]:
    """Return the one-to-one matching of entities that share a name key (the best overlap of
    their name sets first)."""
    gold_keys = [name_keys(gold.names) for gold in golds]
    predicted_keys = [name_keys(entity.names) for entity in predictions]
    return greedy_match(
        len(golds), len(predictions), lambda g, p: names_score(predicted_keys[p], gold_keys[g])
    )


def match_resolutions(
    numbers: Sequence[str], predictions: Sequence[PredictedEntity]
) -> dict[int, int]:
    """Return the one-to-one matching of resolutions by number."""

    def score(g: int, p: int) -> float | None:
        return 1.0 if numbers[g] in predictions[p].names else None

    return greedy_match(len(numbers), len(predictions), score)


def match_citations(
    golds: Sequence[GoldCitation], predictions: Sequence[PredictedEntity]
) -> dict[int, int]:
    """Return the one-to-one matching of cited documents by title similarity and year."""

    def score(g: int, p: int) -> float | None:
        if not years_agree(predictions[p].years, golds[g].years):
            return None
        return title_score(predictions[p].names, golds[g].names, lenient=golds[g].citation_only)

    return greedy_match(len(golds), len(predictions), score)


def match_statements(
    golds: Sequence[GoldStatement],
    predictions: Sequence[PredictedStatement],
    agree: Callable[[int, int], bool] | None = None,
) -> dict[int, int]:
    """Return the one-to-one matching of statements by their spans (and `agree`, if given)."""
    gold_spans = [[Span.of(text) for text in gold.spans] for gold in golds]
    predicted_spans = [Span.of(statement.text) for statement in predictions]

    def score(g: int, p: int) -> float | None:
        if agree is not None and not agree(g, p):
            return None
        return best_span_score(predicted_spans[p], gold_spans[g])

    return greedy_match(len(golds), len(predictions), score)


def match_frameworks(gold: Sequence[str], predicted: Sequence[Sequence[str]]) -> dict[int, int]:
    """Return the one-to-one matching of free-text related frameworks and the name sets of
    the predicted `pockg:relatesTo` targets."""
    gold_keys = [framework_keys(text) for text in gold]
    predicted_keys = [name_keys(names) for names in predicted]
    return greedy_match(
        len(gold_keys),
        len(predicted_keys),
        lambda g, p: names_score(predicted_keys[p], gold_keys[g]),
    )
