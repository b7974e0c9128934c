"""`pockg eval --gold DIR [--json]`: score the graph against hand-annotated gold files.

Each gold file (`DIR/*.json`, format of `eval/gold/README.md`) is paired with the ingested
document whose `pockg:fileName`, or the last path component of whose `dcterms:source`,
equals the file's "document". Problems go to stderr as `error: ...` (an invalid gold file)
or `warning: ...` (a gold file with no ingested document); the other files are still scored.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from pockg.config import Settings
from pockg.evaluate.gold import GoldDocument, GoldFileError, load_gold_dir
from pockg.evaluate.predictions import IngestedDocument, list_documents, read_predictions
from pockg.evaluate.report import Score, render_tables, report_json, score_document
from pockg.graph.store import GraphStore, GraphStoreError, open_graph_store


@dataclass
class _Outcome:
    """What one evaluation run found: scores by gold document, sources and problems."""

    scores: dict[str, dict[str, Score]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def run_eval(settings: Settings, gold_dir: Path, *, as_json: bool, out: TextIO) -> int:
    """Score the store against the gold files in `gold_dir`, write tables (or JSON with
    `as_json`) to `out` and problems to stderr; return 0, or 1 when a gold file is invalid
    or no gold file names an ingested document."""
    try:
        gold = load_gold_dir(gold_dir)
    except GoldFileError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    outcome = _Outcome(errors=list(gold.errors))
    try:
        with open_graph_store(settings) as store:
            _score_all(store, gold.documents, outcome)
    except GraphStoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if not outcome.scores:
        outcome.errors.append(
            f"{gold_dir}: no gold file names a document in the store "
            f"({settings.data_dir}); ingest the annotated documents first"
        )
    _write(outcome, gold_dir, as_json=as_json, out=out)
    return 1 if outcome.errors else 0


def _score_all(store: GraphStore, golds: Sequence[GoldDocument], outcome: _Outcome) -> None:
    """Score every gold document that names an ingested document, into `outcome`."""
    ingested = list_documents(store)
    for gold in golds:
        document = _document_for(gold, ingested, outcome)
        if document is not None:
            predictions = read_predictions(store, document)
            outcome.scores[gold.document] = score_document(gold, predictions)
            outcome.sources[gold.document] = document.file_name


def _document_for(
    gold: GoldDocument, ingested: Sequence[IngestedDocument], outcome: _Outcome
) -> IngestedDocument | None:
    """Return the ingested document a gold file annotates, warning when there is none or
    more than one (the first, by graph name, is then scored)."""
    found = [document for document in ingested if document.annotated_by(gold.document)]
    if not found:
        outcome.warnings.append(
            f"{gold.path}: no ingested document is named {gold.document!r} (by pockg:fileName "
            "or the file name of dcterms:source); not scored"
        )
        return None
    if len(found) > 1:
        names = ", ".join(document.file_name for document in found)
        outcome.warnings.append(
            f"{gold.path}: several ingested documents match {gold.document!r} ({names}); "
            f"scoring {found[0].file_name}"
        )
    return found[0]


def _write(outcome: _Outcome, gold_dir: Path, *, as_json: bool, out: TextIO) -> None:
    """Write the problems to stderr and the report to `out`."""
    for message in outcome.errors:
        print(f"error: {message}", file=sys.stderr)
    for message in outcome.warnings:
        print(f"warning: {message}", file=sys.stderr)
    if as_json:
        data = report_json(
            outcome.scores,
            gold_dir=str(gold_dir),
            sources=outcome.sources,
            errors=outcome.errors,
            warnings=outcome.warnings,
        )
        json.dump(data, out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif outcome.scores:
        render_tables(outcome.scores, out)
