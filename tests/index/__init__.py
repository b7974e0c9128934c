"""Tests of the search index; `indexed_corpus` ingests and indexes the real corpus once per run."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from pockg.config import Settings
from pockg.pipeline import ingest_paths

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@cache
def indexed_corpus() -> Settings:
    """Return settings of a data directory with the corpus ingested and indexed (read only)."""
    folder = Path(tempfile.mkdtemp(prefix="pockg-index-test-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    settings = Settings(data_dir=folder / "data")
    ingest_and_index([CORPUS], settings)
    return settings


def ingest_and_index(paths: list[Path], settings: Settings) -> list[str]:
    """Ingest `paths` (ingest indexes what it writes) and return the ids of the documents."""
    report = ingest_paths(paths, settings)
    assert not report.failures, [(f.path, f.reason) for f in report.failures]
    return [o.doc_id for o in report.outcomes if o.doc_id]
