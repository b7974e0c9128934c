"""Read a corpus manifest (`manifest.toml`): bibliographic facts per file, kept beside the files."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from pockg.ingest.errors import IngestError
from pockg.models import AccessLevel

MANIFEST_NAME = "manifest.toml"
_FIELDS = ("title", "publisher", "date", "document_type", "language", "access_level", "source")


@dataclass(frozen=True)
class ManifestEntry:
    """What the manifest says about one file; None where it says nothing."""

    file: str
    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    document_type: str | None = None
    language: str | None = None
    access_level: AccessLevel | None = None
    source: str | None = None


def read_manifest(folder: Path) -> dict[str, ManifestEntry]:
    """Return the manifest entries of `folder` by file name (empty when it has no manifest).

    Raises IngestError naming the manifest and the entry when the manifest is malformed.
    """
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise IngestError(path, f"the manifest is not valid TOML: {error}") from error
    entries = {}
    for position, raw in enumerate(data.get("document", []), start=1):
        entry = _entry(path, position, raw)
        entries[entry.file] = entry
    return entries


def _entry(path: Path, position: int, raw: object) -> ManifestEntry:
    where = f"[[document]] number {position}"
    if not isinstance(raw, dict) or not isinstance(raw.get("file"), str):
        raise IngestError(path, f"{where} needs a `file` name")
    unknown = set(raw) - {"file", *_FIELDS}
    if unknown:
        raise IngestError(path, f"{where} has unknown fields: {', '.join(sorted(unknown))}")
    values = {key: str(raw[key]) for key in _FIELDS if key in raw}
    access = values.pop("access_level", None)
    try:
        level = AccessLevel(access) if access else None
    except ValueError as error:
        choices = ", ".join(a.value for a in AccessLevel)
        raise IngestError(path, f"{where}: access_level must be one of {choices}") from error
    return ManifestEntry(file=raw["file"], access_level=level, **values)
