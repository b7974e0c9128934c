"""The recurring-recommendation tests' data: the corpus and one internal document that
repeats a public recommendation, ingested once for the package."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.access import readable_graphs
from api.linked import Scope
from api.main import create_app
from pockg.config import Settings
from pockg.graph.store import open_graph_store
from pockg.pipeline import ingest_paths
from tests.conftest import CORPUS, write_document_folder

INTERNAL_DOC = "internal-civil-military-note-txt"
INTERNAL_TEXT = "The Protection Cluster should establish and sustain dialogue with military forces."


def write_internal_document(folder: Path) -> Path:
    """Write a folder with one internal document repeating the 2017 round-table's
    recommendation "Establish and sustain dialogue with military forces"."""
    text = f"Internal note on civil-military dialogue\n\n{INTERNAL_TEXT}\n"
    return write_document_folder(
        folder,
        "internal-civil-military-note.txt",
        text,
        title="Internal note",
        date="2021",
        access_level="internal",
    )


@pytest.fixture(scope="session")
def recurring_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of a data directory holding the corpus and the internal document. Tests
    that use it only read: they share one ingest."""
    root = tmp_path_factory.mktemp("corpus-recurring")
    settings = Settings(data_dir=root / "data")
    report = ingest_paths([CORPUS, write_internal_document(root / "internal")], settings)
    assert not report.failures
    return settings


def scope_of(settings: Settings, *, everything: bool = False) -> Scope:
    """Return the anonymous reader's scope (the public graphs), or every graph."""
    with open_graph_store(settings) as store:
        names = [str(g) for g in store.named_graphs()]
    permitted = tuple(names if everything else readable_graphs(settings, names))
    return Scope(permitted, settings.id_base, everything=len(permitted) == len(names))


@pytest.fixture(scope="module")
def client(recurring_settings: Settings) -> Iterator[TestClient]:
    """A client of the app over the shared data directory."""
    with TestClient(create_app(recurring_settings)) as test_client:
        yield test_client
