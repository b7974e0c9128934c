"""Settings from command-line flags and `POCKG_*` environment variables, read at call time."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_FILE_MB = 100.0


@dataclass(frozen=True)
class Settings:
    """Where pockg keeps its data and the limits it applies to input."""

    data_dir: Path
    max_file_mb: float = DEFAULT_MAX_FILE_MB

    @property
    def max_file_bytes(self) -> int:
        """Return the largest file size ingestion accepts, in bytes."""
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def documents_db(self) -> Path:
        """Return the path of the structured-document store."""
        return self.data_dir / "documents.sqlite"


def load_settings(data_dir: str | Path | None = None, max_file_mb: float | None = None) -> Settings:
    """Return settings from explicit values, else POCKG_* variables, else defaults."""
    chosen_dir = data_dir or os.environ.get("POCKG_DATA_DIR") or ".pockg"
    if max_file_mb is None:
        max_file_mb = float(os.environ.get("POCKG_MAX_FILE_MB", DEFAULT_MAX_FILE_MB))
    return Settings(data_dir=Path(chosen_dir).expanduser(), max_file_mb=max_file_mb)
