"""Read one file into a `SourceDocument`: pick the parser by extension, assemble the outline.

The public verb is `read_document`; it raises `IngestError` with a one-line reason for any
file it cannot take (missing, empty, too large, unsupported, corrupt, encrypted, no text).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from pockg.ingest.docx import parse_docx
from pockg.ingest.errors import IngestError
from pockg.ingest.manifest import ManifestEntry
from pockg.ingest.metadata import build_metadata
from pockg.ingest.pdf import parse_pdf
from pockg.ingest.structure import assemble
from pockg.ingest.text import parse_text_file
from pockg.models import ParsedSource, SourceDocument

__all__ = [
    "PARSER_VERSION",
    "SUPPORTED_SUFFIXES",
    "IngestError",
    "content_hash",
    "document_id",
    "read_document",
]

# Bump when parsing changes what it produces, so unchanged files are parsed again.
PARSER_VERSION = "1"

_PARSERS: dict[str, Callable[[bytes, Path], ParsedSource]] = {
    ".pdf": parse_pdf,
    ".txt": parse_text_file,
    ".md": parse_text_file,
    ".markdown": parse_text_file,
    ".docx": parse_docx,
}
SUPPORTED_SUFFIXES = tuple(_PARSERS)


def content_hash(data: bytes) -> str:
    """Return the SHA-256 of a file's bytes: its identity for idempotent re-ingest."""
    return hashlib.sha256(data).hexdigest()


def document_id(file_name: str) -> str:
    """Return the stable id of a document, derived from its file name."""
    return re.sub(r"[^a-z0-9]+", "-", file_name.lower()).strip("-") or "document"


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """Return the bytes of `path` after checking it exists, is a file, and is not too large."""
    if not path.exists():
        raise IngestError(path, "no such file or directory")
    if not path.is_file():
        raise IngestError(path, "not a regular file")
    size = path.stat().st_size
    if size > max_bytes:
        raise IngestError(
            path,
            f"the file is {size / 2**20:.1f} MB, over the {max_bytes / 2**20:.3g} MB limit "
            "(raise it with --max-file-mb or POCKG_MAX_FILE_MB)",
        )
    if size == 0:
        raise IngestError(path, "the file is empty")
    try:
        return path.read_bytes()
    except OSError as error:
        raise IngestError(path, f"cannot read the file: {error.strerror}") from error


def parser_for(path: Path) -> Callable[[bytes, Path], ParsedSource]:
    """Return the parser for a file's extension, or raise IngestError for an unsupported one."""
    parser = _PARSERS.get(path.suffix.lower())
    if parser is None:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        shown = path.suffix or "(none)"
        raise IngestError(path, f"unsupported file type {shown} (supported: {supported})")
    return parser


def read_document(path: Path, data: bytes, entry: ManifestEntry | None = None) -> SourceDocument:
    """Return the structured document parsed from `data`, the bytes of the file at `path`."""
    parsed = parser_for(path)(data, path)
    doc_id = document_id(path.name)
    blocks, text = assemble(parsed.drafts, doc_id, parsed.rejoin_split_paragraphs)
    if not blocks:
        raise IngestError(path, "no text found in the document")
    return SourceDocument(
        doc_id=doc_id,
        file_name=path.name,
        media_type=parsed.media_type,
        content_hash=content_hash(data),
        metadata=build_metadata(blocks, path, entry),
        blocks=blocks,
        text=text,
        page_count=parsed.page_count,
        toc=parsed.toc,
        warnings=parsed.warnings,
    )
