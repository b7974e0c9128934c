"""Settings from command-line flags and `POCKG_*` environment variables, read at call time."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_FILE_MB = 100.0
DEFAULT_ID_BASE = "https://w3id.org/pockg/id/"


@dataclass(frozen=True)
class Settings:
    """Where pockg keeps its data, the limits it applies to input, how it mints and works.

    `id_base` is the base of every minted instance IRI (`POCKG_ID_BASE`); `workers` is the
    number of spaCy processes a large ingest batch uses (`POCKG_WORKERS`, default: one per
    core, at most two).
    """

    data_dir: Path
    max_file_mb: float = DEFAULT_MAX_FILE_MB
    id_base: str = DEFAULT_ID_BASE
    workers: int = 1

    @property
    def max_file_bytes(self) -> int:
        """Return the largest file size ingestion accepts, in bytes."""
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def documents_db(self) -> Path:
        """Return the path of the structured-document store."""
        return self.data_dir / "documents.sqlite"

    @property
    def users_db(self) -> Path:
        """Return the path of the staff accounts (`pockg user`)."""
        return self.data_dir / "users.sqlite"


def load_settings(data_dir: str | Path | None = None, max_file_mb: float | None = None) -> Settings:
    """Return settings from explicit values, else POCKG_* variables, else defaults."""
    chosen_dir = data_dir or os.environ.get("POCKG_DATA_DIR") or ".pockg"
    if max_file_mb is None:
        max_file_mb = float(os.environ.get("POCKG_MAX_FILE_MB", DEFAULT_MAX_FILE_MB))
    return Settings(
        data_dir=Path(chosen_dir).expanduser(),
        max_file_mb=max_file_mb,
        id_base=os.environ.get("POCKG_ID_BASE", DEFAULT_ID_BASE),
        workers=int(os.environ.get("POCKG_WORKERS", min(2, os.cpu_count() or 1))),
    )
