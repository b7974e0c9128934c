"""Fixtures of the briefing tests: the real corpus ingested once per session, and packs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pockg.briefing import BriefingPack, StoreReader, build_briefing
from pockg.config import Settings
from pockg.graph.store import GraphStore
from pockg.pipeline import ingest_paths
from tests.conftest import CORPUS

ID_BASE = "https://w3id.org/pockg/id/"


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding `corpus/`, ingested once with the real pipeline."""
    data_dir: Path = tmp_path_factory.mktemp("briefing") / "data"
    report = ingest_paths([CORPUS], Settings(data_dir=data_dir))
    assert not report.failures
    return data_dir


@pytest.fixture(scope="session")
def corpus_store(corpus_dir: Path) -> Iterator[GraphStore]:
    """The graph store of the ingested corpus, read-only."""
    store = GraphStore.local(corpus_dir)
    yield store
    store.close()


@pytest.fixture(scope="session")
def reader(corpus_store: GraphStore) -> StoreReader:
    """A reader of every graph of the corpus store."""
    return StoreReader(corpus_store)


@pytest.fixture(scope="session")
def packs(reader: StoreReader) -> dict[str, BriefingPack]:
    """The packs the tests read, each built once."""
    return {
        "Mali": build_briefing(reader, country="Mali"),
        "South Sudan": build_briefing(reader, country="south sudan"),
        "DRC": build_briefing(reader, country="DRC"),
        "UNMISS": build_briefing(reader, mission="UNMISS"),
        "Information sharing": build_briefing(reader, theme="Information sharing"),
    }
