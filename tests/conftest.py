"""Shared fixtures: the repository's corpus, a fresh data directory, the real `pockg` command."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from pockg.config import Settings
from pockg.pipeline import ingest_paths
from pockg.users import Role, UserStore

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
POCKG = Path(sys.executable).with_name("pockg")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with an empty data directory of the test's own."""
    return Settings(data_dir=tmp_path / "data")


def run_pockg(*args: str, data_dir: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the installed `pockg` command with `args` against `data_dir` and return the result."""
    env = {**os.environ, "POCKG_DATA_DIR": str(data_dir), "COLUMNS": "200"}
    return subprocess.run(
        [str(POCKG), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=timeout,
        check=False,
    )


def free_port() -> int:
    """Return a loopback TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def write_document_folder(folder: Path, file_name: str, text: str, **manifest: str) -> Path:
    """Write a folder holding one document and its manifest entry (title, date,
    access_level, ...); return the folder."""
    return write_documents(folder, {file_name: (text, manifest)})


def write_documents(folder: Path, documents: Mapping[str, tuple[str, Mapping[str, str]]]) -> Path:
    """Write a folder of documents, {file name: (text, manifest entry fields)}, with their
    manifest; return the folder."""
    folder.mkdir()
    entries = []
    for file_name, (text, manifest) in documents.items():
        (folder / file_name).write_text(text, encoding="utf-8")
        fields = "".join(f'{key} = "{value}"\n' for key, value in manifest.items())
        entries.append(f'[[document]]\nfile = "{file_name}"\n{fields}')
    (folder / "manifest.toml").write_text("\n".join(entries), encoding="utf-8")
    return folder


def ingested(folder: Path, data_dir: Path) -> Settings:
    """Return the settings of `data_dir` after ingesting `folder` into it without failures."""
    settings = Settings(data_dir=data_dir)
    assert not ingest_paths([folder], settings).failures
    return settings


def request_headers(
    settings: Settings,
    accounts: Mapping[str, tuple[str, Role]],
    grants: Mapping[str, str] | None = None,
) -> dict[str, dict[str, str]]:
    """Create the users `accounts` ({key: (name, role)}) with the document `grants`
    ({name: doc_id}); return the headers each key signs in with, and `anonymous` (none)."""
    users = UserStore(settings.users_db)
    tokens = {key: users.add(name, role) for key, (name, role) in accounts.items()}
    for name, doc_id in (grants or {}).items():
        users.grant(name, doc_id)
    made = {key: {"Authorization": f"Bearer {token}"} for key, token in tokens.items()}
    return {"anonymous": {}, **made}
