"""Scores of `pockg eval`: precision, recall and F1 per category, per document and in total.

Precision = matched predictions / predictions, recall = matched gold items / gold items,
F1 = 2 tp / (predicted + gold); a ratio with nothing to count is None (shown as "-"). A
gold item that recall leaves out (label not in the text and no alias; for
`tools_and_mechanisms_named` also a `generic` one) counts on neither side: a prediction
matched to it is neither right nor wrong. Totals are micro totals: counts summed over the
documents, then divided. Extras are ratios with their counts, summed the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from rich.console import Console
from rich.table import Table

from pockg.evaluate.gold import (
    HEDGED_MODAL,
    GoldCitation,
    GoldDocument,
    GoldEntity,
    GoldStatement,
)
from pockg.evaluate.matching import (
    match_citations,
    match_entities,
    match_frameworks,
    match_resolutions,
    match_statements,
    name_keys,
    role_agrees,
)
from pockg.evaluate.predictions import PredictedEntity, PredictedStatement, Predictions

CATEGORIES = (
    "organisations",
    "people",
    "un_missions",
    "security_council_resolutions",
    "countries",
    "tools_and_mechanisms",
    "tools_and_mechanisms_named",
    "other_documents_cited",
    "recommendations",
    "field_practices",
    "challenges",
)
_TABLE_WIDTH = 150


@dataclass(frozen=True)
class Ratio:
    """A fraction kept as its counts, so that totals can sum them."""

    count: int = 0
    of: int = 0

    @property
    def value(self) -> float | None:
        """Return count / of, or None when `of` is 0."""
        return self.count / self.of if self.of else None

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.count + other.count, self.of + other.of)


@dataclass(frozen=True)
class Score:
    """The counts of one category: matches, predictions, gold items, and extra ratios."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0
    extras: Mapping[str, Ratio] = field(default_factory=dict)

    @property
    def precision(self) -> float | None:
        """Return tp / predicted (None without predictions)."""
        return Ratio(self.tp, self.predicted).value

    @property
    def recall(self) -> float | None:
        """Return tp / gold (None without gold items)."""
        return Ratio(self.tp, self.gold).value

    @property
    def f1(self) -> float | None:
        """Return 2 tp / (predicted + gold), the harmonic mean of precision and recall."""
        return Ratio(2 * self.tp, self.predicted + self.gold).value

    def __add__(self, other: Score) -> Score:
        keys = dict.fromkeys([*self.extras, *other.extras])
        extras = {k: self.extras.get(k, Ratio()) + other.extras.get(k, Ratio()) for k in keys}
        return Score(
            self.tp + other.tp, self.predicted + other.predicted, self.gold + other.gold, extras
        )

    def as_dict(self) -> dict[str, object]:
        """Return the score as JSON-ready values, extras as {value, count, of}."""
        found: dict[str, object] = {
            "precision": _rounded(self.precision),
            "recall": _rounded(self.recall),
            "f1": _rounded(self.f1),
            "tp": self.tp,
            "predicted": self.predicted,
            "gold": self.gold,
        }
        for name, ratio in self.extras.items():
            found[name] = {"value": _rounded(ratio.value), "count": ratio.count, "of": ratio.of}
        return found


def score_document(gold: GoldDocument, predicted: Predictions) -> dict[str, Score]:
    """Return the score of every category of one document."""
    return {
        "organisations": _entities(gold.organisations, predicted.organisations),
        "people": _people(gold.people, predicted.people),
        "un_missions": _entities(gold.un_missions, predicted.un_missions),
        "security_council_resolutions": _resolutions(gold.resolutions, predicted.resolutions),
        "countries": _entities(gold.countries, predicted.countries),
        "tools_and_mechanisms": _entities(gold.tools, predicted.tools),
        "tools_and_mechanisms_named": _entities(gold.tools, predicted.tools, named_only=True),
        "other_documents_cited": _citations(gold.citations, predicted.citations),
        "recommendations": _recommendations(gold.recommendations, predicted.recommendations),
        "field_practices": _field_practices(gold, predicted.field_practices),
        "challenges": _statements(gold.challenges, predicted.challenges),
    }


def total(documents: Mapping[str, Mapping[str, Score]]) -> dict[str, Score]:
    """Return the micro total of every category over the documents."""
    return {
        category: sum((scores[category] for scores in documents.values()), Score())
        for category in CATEGORIES
    }


def _score(
    matched: Mapping[int, int],
    golds: Sequence[object],
    predictions: Sequence[object],
    ignored: frozenset[int] = frozenset(),
    extras: Mapping[str, Ratio] | None = None,
) -> Score:
    """Return the counts of a matching, leaving out gold items in `ignored` and the
    predictions matched to them."""
    hits_on_ignored = sum(1 for gold in matched if gold in ignored)
    return Score(
        tp=len(matched) - hits_on_ignored,
        predicted=len(predictions) - hits_on_ignored,
        gold=len(golds) - len(ignored),
        extras=extras or {},
    )


def _entities(
    golds: Sequence[GoldEntity], predictions: Sequence[PredictedEntity], *, named_only: bool = False
) -> Score:
    """Return the score of an entity category (generic gold items left out if `named_only`)."""
    ignored = frozenset(
        index for index, gold in enumerate(golds) if gold.excluded or (named_only and gold.generic)
    )
    return _score(match_entities(golds, predictions), golds, predictions, ignored)


def _people(golds: Sequence[GoldEntity], predictions: Sequence[PredictedEntity]) -> Score:
    """Return the score of people, with the share of matched people given a role and the
    share whose role agrees with the gold role."""
    matched = match_entities(golds, predictions)
    attached = sum(1 for p in matched.values() if any(r.strip() for r in predictions[p].roles))
    agreed = sum(1 for g, p in matched.items() if role_agrees(predictions[p].roles, golds[g].role))
    extras = {
        "role_attached": Ratio(attached, len(matched)),
        "role_matched": Ratio(agreed, len(matched)),
    }
    return _score(matched, golds, predictions, extras=extras)


def _resolutions(golds: Sequence[str], predictions: Sequence[PredictedEntity]) -> Score:
    """Return the score of resolutions, matched by number."""
    return _score(match_resolutions(golds, predictions), golds, predictions)


def _citations(golds: Sequence[GoldCitation], predictions: Sequence[PredictedEntity]) -> Score:
    """Return the score of cited documents, matched by title similarity and year."""
    return _score(match_citations(golds, predictions), golds, predictions)


def _statements(golds: Sequence[GoldStatement], predictions: Sequence[PredictedStatement]) -> Score:
    """Return the score of a statement category matched by spans alone."""
    return _score(match_statements(golds, predictions), golds, predictions)


def _recommendations(
    golds: Sequence[GoldStatement], predictions: Sequence[PredictedStatement]
) -> Score:
    """Return the score of recommendations, with recall on those not hedged (can/may/could)."""
    matched = match_statements(golds, predictions)
    firm = [index for index, gold in enumerate(golds) if gold.modal != HEDGED_MODAL]
    extras = {"firm_recall": Ratio(sum(1 for index in firm if index in matched), len(firm))}
    return _score(matched, golds, predictions, extras=extras)


def _field_practices(gold: GoldDocument, predictions: Sequence[PredictedStatement]) -> Score:
    """Return the score of field practices: a match needs the text and the country; extras
    give recall on text alone, the share of text matches in the right country and the
    overlap of related frameworks over the text matches."""
    golds = gold.field_practices
    countries = [name_keys(gold.country_names(practice.country)) for practice in golds]

    def same_country(g: int, p: int) -> bool:
        return any(countries[g] & name_keys(names) for names in predictions[p].countries)

    by_text = match_statements(golds, predictions)
    frameworks = sum(
        (_framework_overlap(golds[g], predictions[p]) for g, p in by_text.items()), Score()
    )
    extras = {
        "text_recall": Ratio(len(by_text), len(golds)),
        "country_agreement": Ratio(
            sum(same_country(g, p) for g, p in by_text.items()), len(by_text)
        ),
        "frameworks_precision": Ratio(frameworks.tp, frameworks.predicted),
        "frameworks_recall": Ratio(frameworks.tp, frameworks.gold),
    }
    matched = match_statements(golds, predictions, same_country)
    return _score(matched, golds, predictions, extras=extras)


def _framework_overlap(gold: GoldStatement, predicted: PredictedStatement) -> Score:
    """Return the overlap of a practice's related frameworks, one-to-one by name key."""
    matched = match_frameworks(gold.related_frameworks, predicted.frameworks)
    return _score(matched, gold.related_frameworks, predicted.frameworks)


def report_json(
    documents: Mapping[str, Mapping[str, Score]], **details: object
) -> dict[str, object]:
    """Return the report as JSON-ready data: scores per document and in total, and `details`."""
    return {
        "documents": {
            name: {category: scores[category].as_dict() for category in CATEGORIES}
            for name, scores in documents.items()
        },
        "total": {category: score.as_dict() for category, score in total(documents).items()},
        **details,
    }


def render_tables(documents: Mapping[str, Mapping[str, Score]], out: TextIO) -> None:
    """Write one table per category (documents and total), then a table of the totals."""
    console = Console(file=out, highlight=False, width=None if out.isatty() else _TABLE_WIDTH)
    totals = total(documents)
    for category in CATEGORIES:
        extras = list(totals[category].extras)
        table = _table(category, "document", extras)
        for name, scores in documents.items():
            table.add_row(name, *_cells(scores[category], extras))
        table.add_row("total", *_cells(totals[category], extras), style="bold")
        console.print(table)
    summary = _table("total over documents", "category", [])
    summary.add_column("extras")
    for category, score in totals.items():
        notes = ", ".join(f"{k.replace('_', ' ')} {_ratio(v)}" for k, v in score.extras.items())
        summary.add_row(category, *_cells(score, []), notes)
    console.print(summary)


def _table(title: str, first: str, extras: Sequence[str]) -> Table:
    """Return an empty score table with the count columns and one column per extra."""
    table = Table(title=title, title_justify="left")
    table.add_column(first)
    for column in ("P", "R", "F1", "tp", "pred", "gold"):
        table.add_column(column, justify="right")
    for extra in extras:
        table.add_column(extra.replace("_", " "), justify="right")
    return table


def _cells(score: Score, extras: Sequence[str]) -> list[str]:
    """Return a row's cells: P, R, F1, the counts and the named extras."""
    rates = [_number(score.precision), _number(score.recall), _number(score.f1)]
    counts = [str(score.tp), str(score.predicted), str(score.gold)]
    return rates + counts + [_ratio(score.extras.get(name, Ratio())) for name in extras]


def _ratio(ratio: Ratio) -> str:
    """Return a ratio as "0.667 (2/3)"."""
    return f"{_number(ratio.value)} ({ratio.count}/{ratio.of})"


def _number(value: float | None) -> str:
    """Return a rate with three decimals, "-" when undefined."""
    return "-" if value is None else f"{value:.3f}"


def _rounded(value: float | None) -> float | None:
    """Return a rate rounded to four decimals for JSON."""
    return None if value is None else round(value, 4)
