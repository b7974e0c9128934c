"""The API tests' shared data: the corpus and one internal document, ingested once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from pockg.config import Settings
from pockg.pipeline import ingest_paths
from tests.conftest import CORPUS, write_document_folder

MARKER = "Zephyrquill"


def write_internal_document(folder: Path) -> Path:
    """Write a folder with one internal document naming an organisation found nowhere else."""
    text = (
        "Internal note on Mali\n\n"
        f"The {MARKER} Protection Network ({MARKER.upper()}PN) runs community-based "
        "monitoring in Mopti with MINUSMA and reports to the Protection Cluster.\n"
    )
    return write_document_folder(
        folder, "internal-note.txt", text, title="Internal note", access_level="internal"
    )


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of a data directory holding the corpus and one internal document. Tests
    that use it only read: they share one ingest."""
    root = tmp_path_factory.mktemp("corpus-api")
    settings = Settings(data_dir=root / "data")
    report = ingest_paths([CORPUS, write_internal_document(root / "internal")], settings)
    assert not report.failures
    return settings


@pytest.fixture(scope="module")
def client(corpus_settings: Settings) -> Iterator[TestClient]:
    """A client of the app over the shared corpus data directory."""
    with TestClient(create_app(corpus_settings)) as test_client:
        yield test_client
