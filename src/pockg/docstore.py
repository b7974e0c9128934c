"""The store of structured documents: what ingestion produced, kept for the stages after it.

SQLite in WAL mode: each document is written in one transaction, so a reader (the running
server, the graph builder) sees a document whole or not at all, and a killed ingest leaves
the store as it was before the document it was writing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from pockg.models import (
    AccessLevel,
    Block,
    BlockKind,
    DocumentMetadata,
    SourceDocument,
    TocEntry,
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    file_name TEXT NOT NULL UNIQUE,
    source_path TEXT NOT NULL,
    media_type TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    metadata TEXT NOT NULL,
    toc TEXT NOT NULL,
    warnings TEXT NOT NULL,
    page_count INTEGER,
    block_count INTEGER NOT NULL,
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS blocks (
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    block_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    section TEXT NOT NULL,
    level INTEGER NOT NULL,
    page INTEGER,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    label TEXT,
    PRIMARY KEY (doc_id, seq)
);
CREATE INDEX IF NOT EXISTS blocks_by_id ON blocks(block_id);
CREATE TABLE IF NOT EXISTS acronyms (
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    short TEXT NOT NULL,
    long TEXT NOT NULL,
    PRIMARY KEY (doc_id, short)
);
"""


class DocumentStore:
    """Structured documents in a SQLite file; safe for one writer and many readers at once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as connection:
            connection.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=30)) as connection:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA foreign_keys=ON")
            with connection:
                yield connection

    def save(
        self,
        document: SourceDocument,
        source_path: Path,
        fingerprint: str,
        acronyms: Mapping[str, str] | None = None,
    ) -> None:
        """Store `document` and the acronyms it defines, replacing any earlier version of the
        same file in one transaction."""
        with self._connect() as connection:
            connection.execute("DELETE FROM documents WHERE file_name = ?", (document.file_name,))
            connection.execute(
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                _document_row(document, source_path, fingerprint),
            )
            connection.executemany(
                "INSERT INTO blocks VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (_block_row(document.doc_id, seq, b) for seq, b in enumerate(document.blocks)),
            )
            connection.executemany(
                "INSERT INTO acronyms VALUES (?,?,?)",
                ((document.doc_id, short, long) for short, long in (acronyms or {}).items()),
            )

    def known_acronyms(self) -> dict[str, str]:
        """Return every short form defined in a stored document with its most common long form."""
        with self._connect() as connection:
            rows = connection.execute(
                "SELECT short, long, COUNT(*) AS n FROM acronyms GROUP BY short, long"
                " ORDER BY short, n DESC, long"
            ).fetchall()
        known: dict[str, str] = {}
        for short, long, _ in rows:
            known.setdefault(short, long)
        return known

    def is_current(self, file_name: str, content_hash: str, fingerprint: str) -> bool:
        """Say whether the store holds this file with this content and parse fingerprint.

        The fingerprint covers what else shapes the stored document: the parser version and
        the file's manifest entry.
        """
        with self._connect() as connection:
            row = connection.execute(
                "SELECT 1 FROM documents WHERE file_name=? AND content_hash=? AND fingerprint=?",
                (file_name, content_hash, fingerprint),
            ).fetchone()
        return row is not None

    def summaries(self) -> list[DocumentSummary]:
        """Return one summary per stored document, newest publication date first."""
        with self._connect() as connection:
            rows = connection.execute(
                "SELECT doc_id, file_name, media_type, metadata, page_count, block_count,"
                " ingested_at FROM documents"
            ).fetchall()
        summaries = [_summary_from_row(row) for row in rows]
        return sorted(summaries, key=lambda s: (s.metadata.date or "", s.doc_id), reverse=True)

    def document_ids(self) -> list[str]:
        """Return the ids of the stored documents, sorted."""
        with self._connect() as connection:
            rows = connection.execute("SELECT doc_id FROM documents ORDER BY doc_id").fetchall()
        return [row[0] for row in rows]

    def load(self, doc_id: str) -> SourceDocument | None:
        """Return the stored document with id `doc_id`, or None."""
        with self._connect() as connection:
            document = connection.execute(
                "SELECT doc_id, file_name, media_type, content_hash, metadata, text, page_count,"
                " toc, warnings FROM documents WHERE doc_id = ?",
                (doc_id,),
            ).fetchone()
            if document is None:
                return None
            blocks = connection.execute(
                "SELECT block_id, kind, text, section, level, page, start, end, label"
                " FROM blocks WHERE doc_id = ? ORDER BY seq",
                (doc_id,),
            ).fetchall()
        return _document_from_rows(document, blocks)

    def check_consistency(self) -> list[str]:
        """Return the problems found in the store (none when it is sound)."""
        with self._connect() as connection:
            problems = [r[0] for r in connection.execute("PRAGMA integrity_check") if r[0] != "ok"]
            problems += [
                f"{doc_id}: {found} blocks stored, {expected} expected"
                for doc_id, expected, found in connection.execute(
                    "SELECT d.doc_id, d.block_count, COUNT(b.seq) FROM documents d"
                    " LEFT JOIN blocks b ON b.doc_id = d.doc_id GROUP BY d.doc_id"
                    " HAVING COUNT(b.seq) != d.block_count"
                )
            ]
        return problems


@dataclass(frozen=True)
class DocumentSummary:
    """A stored document's metadata and size, without its blocks."""

    doc_id: str
    file_name: str
    media_type: str
    metadata: DocumentMetadata
    page_count: int | None
    block_count: int
    ingested_at: str


def _summary_from_row(row: tuple[object, ...]) -> DocumentSummary:
    doc_id, file_name, media_type, metadata, page_count, block_count, ingested_at = row
    return DocumentSummary(
        doc_id=str(doc_id),
        file_name=str(file_name),
        media_type=str(media_type),
        metadata=_metadata_from_json(str(metadata)),
        page_count=page_count if isinstance(page_count, int) else None,
        block_count=int(str(block_count)),
        ingested_at=str(ingested_at),
    )


def _metadata_from_json(text: str) -> DocumentMetadata:
    fields = json.loads(text)
    fields["access_level"] = AccessLevel(fields["access_level"])
    fields["inferred"] = tuple(fields["inferred"])
    return DocumentMetadata(**fields)


def _document_row(
    document: SourceDocument, source_path: Path, fingerprint: str
) -> tuple[object, ...]:
    metadata = asdict(document.metadata)
    return (
        document.doc_id,
        document.file_name,
        str(source_path),
        document.media_type,
        document.content_hash,
        fingerprint,
        json.dumps(metadata),
        json.dumps([asdict(entry) for entry in document.toc]),
        json.dumps(document.warnings),
        document.page_count,
        len(document.blocks),
        document.text,
        datetime.now(UTC).isoformat(timespec="seconds"),
    )


def _block_row(doc_id: str, seq: int, block: Block) -> tuple[object, ...]:
    return (
        doc_id,
        seq,
        block.id,
        block.kind.value,
        block.text,
        json.dumps(block.section),
        block.level,
        block.page,
        block.start,
        block.end,
        block.label,
    )


def _document_from_rows(
    document: tuple[object, ...], blocks: list[tuple[object, ...]]
) -> SourceDocument:
    doc_id, file_name, media_type, content_hash, metadata, text, page_count, toc, warnings = (
        document
    )
    return SourceDocument(
        doc_id=str(doc_id),
        file_name=str(file_name),
        media_type=str(media_type),
        content_hash=str(content_hash),
        metadata=_metadata_from_json(str(metadata)),
        blocks=[_block_from_row(row) for row in blocks],
        text=str(text),
        page_count=page_count if isinstance(page_count, int) else None,
        toc=[TocEntry(**entry) for entry in json.loads(str(toc))],
        warnings=list(json.loads(str(warnings))),
    )


def _block_from_row(row: tuple[object, ...]) -> Block:
    block_id, kind, text, section, level, page, start, end, label = row
    return Block(
        id=str(block_id),
        kind=BlockKind(str(kind)),
        text=str(text),
        section=tuple(json.loads(str(section))),
        level=int(str(level)),
        page=page if isinstance(page, int) else None,
        start=int(str(start)),
        end=int(str(end)),
        label=None if label is None else str(label),
    )
