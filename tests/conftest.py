"""Shared fixtures: the repository's corpus, a fresh data directory, the real `pockg` command."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from pockg.config import Settings

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
    folder.mkdir()
    (folder / file_name).write_text(text, encoding="utf-8")
    entry = "".join(f'{key} = "{value}"\n' for key, value in manifest.items())
    (folder / "manifest.toml").write_text(
        f'[[document]]\nfile = "{file_name}"\n{entry}', encoding="utf-8"
    )
    return folder
