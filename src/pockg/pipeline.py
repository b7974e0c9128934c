"""The one place that runs the stages in order: files -> structured documents -> store.

A file that fails is recorded with its reason and the batch goes on; what is already stored
stays intact because each document is written in its own transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path

from pockg.config import Settings
from pockg.docstore import DocumentStore
from pockg.graph.build import ExtractionRun, build_document_graph
from pockg.graph.corpus import load_static_graphs, refresh_labels
from pockg.graph.iri import document_graph_iri
from pockg.graph.merges import merge_in_graph, read_merges
from pockg.graph.store import GraphStore, open_graph_store
from pockg.ingest.manifest import MANIFEST_NAME, ManifestEntry, read_manifest
from pockg.ingest.reader import (
    PARSER_VERSION,
    SUPPORTED_SUFFIXES,
    IngestError,
    content_hash,
    parser_for,
    read_bytes,
    read_document,
)
from pockg.models import Extraction, SourceDocument

# Below this many files, spaCy worker processes cost more to start than they save.
_PARALLEL_FROM_FILES = 20
# Folder documentation, not corpus documents.
_NOT_DOCUMENTS = {"readme.md", "readme.txt", MANIFEST_NAME}


class Status(StrEnum):
    """What happened to one file."""

    INGESTED = "ingested"
    UNCHANGED = "unchanged"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass
class FileOutcome:
    """The result of ingesting one file."""

    path: Path
    status: Status
    reason: str = ""
    doc_id: str | None = None
    pages: int | None = None
    blocks: int = 0
    words: int = 0
    warnings: list[str] = field(default_factory=list)
    entities: int = 0
    statements: int = 0


@dataclass
class IngestReport:
    """The outcomes of a batch, in the order the files were taken."""

    outcomes: list[FileOutcome] = field(default_factory=list)

    def count(self, status: Status) -> int:
        """Return how many files ended with `status`."""
        return sum(1 for outcome in self.outcomes if outcome.status is status)

    @property
    def failures(self) -> list[FileOutcome]:
        """Return the outcomes of the files that could not be ingested."""
        return [o for o in self.outcomes if o.status is Status.FAILED]


ProgressCallback = Callable[[Path], None]


def collect_files(paths: Iterable[Path]) -> tuple[list[Path], list[FileOutcome]]:
    """Return the files to ingest under `paths` and outcomes for paths that cannot be taken.

    Folders are walked recursively in name order; hidden files, folder READMEs, the manifest
    and files of unsupported types inside folders are passed over (a file named explicitly
    is always attempted, so an unsupported type is reported, not ignored).
    """
    files: list[Path] = []
    outcomes: list[FileOutcome] = []
    for path in paths:
        if path.is_dir():
            found, skipped = _walk(path)
            files.extend(found)
            outcomes.extend(skipped)
        elif path.exists():
            files.append(path)
        else:
            outcomes.append(FileOutcome(path, Status.FAILED, "no such file or directory"))
    return files, outcomes


def _walk(folder: Path) -> tuple[list[Path], list[FileOutcome]]:
    found: list[Path] = []
    skipped: list[FileOutcome] = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if not path.is_file() or any(part.startswith(".") for part in relative.parts):
            continue
        if path.name.lower() in _NOT_DOCUMENTS:
            continue
        if path.suffix.lower() in SUPPORTED_SUFFIXES:
            found.append(path)
        else:
            skipped.append(FileOutcome(path, Status.SKIPPED, f"unsupported type {path.suffix}"))
    return found, skipped


def ingest_paths(
    paths: Iterable[Path], settings: Settings, on_file_done: ProgressCallback | None = None
) -> IngestReport:
    """Ingest every file under `paths` into the document store and the graph; return outcomes.

    Files are parsed one by one; the changed ones stream through spaCy together (so worker
    processes stay busy), and each document's graph is written, then its structured
    document, so an interrupted ingest redoes the document it was on and nothing else.
    """
    from pockg.extract import extract_documents  # spaCy loads only when there is work

    files, outcomes = collect_files(paths)
    report = IngestReport(outcomes)
    documents = DocumentStore(settings.documents_db)
    with open_graph_store(settings) as store:
        load_static_graphs(store, settings)
        merges = read_merges(store, settings.id_base)  # once per run, for every document
        batch = _Batch(report, documents, settings, on_file_done, merges)
        changed = batch.changed_documents(files)
        extracted = extract_documents(
            changed,
            workers=_workers(settings, len(files)),
            known_acronyms=documents.known_acronyms(),
        )
        for document, extraction, run in extracted:
            batch.write(store, document, extraction, run)
        if batch.written:
            refresh_labels(store, settings.id_base)
    _update_search_index(settings, report)
    # Extraction finishes documents out of order; report them in the order they were taken.
    order = {path: index for index, path in enumerate(files)}
    report.outcomes.sort(key=lambda outcome: order.get(outcome.path, -1))
    return report


def _update_search_index(settings: Settings, report: IngestReport) -> None:
    """Index the passages and statements of the documents just written (incrementally)."""
    from pockg.index import index_exists, rebuild_index, update_index

    if not index_exists(settings):  # a data directory made before it had an index
        rebuild_index(settings)
        return
    ingested = [o.doc_id for o in report.outcomes if o.status is Status.INGESTED and o.doc_id]
    if ingested:
        update_index(settings, ingested)


def _workers(settings: Settings, file_count: int) -> int:
    """Return how many spaCy processes to use: one for small batches, where start-up dominates."""
    return settings.workers if file_count >= _PARALLEL_FROM_FILES else 1


class _Batch:
    """The files of one ingest run: which changed, and writing each one's results."""

    def __init__(
        self,
        report: IngestReport,
        documents: DocumentStore,
        settings: Settings,
        on_file_done: ProgressCallback | None,
        merges: Mapping[str, str],
    ) -> None:
        self.report = report
        self.documents = documents
        self.settings = settings
        self.on_file_done = on_file_done
        self.pending: dict[str, tuple[Path, str]] = {}
        self.written = 0
        self.merges = merges  # curators' merges, applied to every graph written

    def changed_documents(self, files: list[Path]) -> Iterator[SourceDocument]:
        """Yield the parsed documents that are new or changed; record every other outcome."""
        manifests = _Manifests()
        for path in files:
            entry, manifest_error = manifests.entry_for(path)
            if manifest_error:
                self.report.outcomes.append(manifest_error)
            parsed = parse_file(path, self.documents, self.settings, entry)
            if isinstance(parsed, FileOutcome):
                self._done(parsed)
                continue
            document, fingerprint = parsed
            self.pending[document.doc_id] = (path, fingerprint)
            yield document

    def write(
        self,
        store: GraphStore,
        document: SourceDocument,
        extraction: Extraction | str,
        run: ExtractionRun,
    ) -> None:
        """Write one document's graph, then its structured document; record the outcome.

        A document whose extraction failed (`extraction` is the reason) is not stored, so
        its earlier version, if any, stays as it was and the next ingest retries it.
        """
        path, fingerprint = self.pending.pop(document.doc_id)
        if isinstance(extraction, str):
            self._done(FileOutcome(path, Status.FAILED, extraction))
            return
        try:
            graph = build_document_graph(document, extraction, run, self.settings.id_base)
            merge_in_graph(graph, self.merges)  # so a merge survives re-ingest
            store.replace_graph(
                document_graph_iri(document.doc_id, base=self.settings.id_base), graph
            )
            self.documents.save(document, path.resolve(), fingerprint, extraction.acronyms)
        except Exception as error:  # one document's failure must not stop the batch
            self._done(FileOutcome(path, Status.FAILED, f"{type(error).__name__}: {error}"))
            return
        self.written += 1
        self._done(_ingested(path, document, extraction))

    def _done(self, outcome: FileOutcome) -> None:
        self.report.outcomes.append(outcome)
        if self.on_file_done:
            self.on_file_done(outcome.path)


def _ingested(path: Path, document: SourceDocument, extraction: Extraction) -> FileOutcome:
    return FileOutcome(
        path,
        Status.INGESTED,
        doc_id=document.doc_id,
        pages=document.page_count,
        blocks=len(document.blocks),
        words=document.word_count,
        warnings=document.warnings,
        entities=len(extraction.entities),
        statements=len(extraction.statements),
    )


def parse_file(
    path: Path, store: DocumentStore, settings: Settings, entry: ManifestEntry | None
) -> tuple[SourceDocument, str] | FileOutcome:
    """Return the parsed document and its fingerprint, or the outcome when there is nothing to do.

    The outcome is UNCHANGED when the store already holds this exact version and FAILED,
    with the reason, when the file cannot be read or parsed.
    """
    try:
        parser_for(path)
        data = read_bytes(path, settings.max_file_bytes)
        digest, fingerprint = content_hash(data), parse_fingerprint(entry)
        if store.is_current(path.name, digest, fingerprint):
            return FileOutcome(path, Status.UNCHANGED)
        return read_document(path, data, entry), fingerprint
    except IngestError as error:
        return FileOutcome(path, Status.FAILED, error.reason)
    except Exception as error:  # a parser library's own bug must not stop the batch
        return FileOutcome(path, Status.FAILED, f"unexpected {type(error).__name__}: {error}")


def parse_fingerprint(entry: ManifestEntry | None) -> str:
    """Return what, besides the bytes, decides the stored result: the parser version, the
    extraction rules and data, and the manifest entry."""
    from pockg.extract import extraction_fingerprint

    described = json.dumps(asdict(entry) if entry else None, sort_keys=True, default=str)
    manifest = hashlib.sha256(described.encode()).hexdigest()[:16]
    return f"{PARSER_VERSION}:{extraction_fingerprint()}:{manifest}"


class _Manifests:
    """Manifests read once per folder; a broken manifest is reported once."""

    def __init__(self) -> None:
        self._by_folder: dict[Path, dict[str, ManifestEntry]] = {}

    def entry_for(self, path: Path) -> tuple[ManifestEntry | None, FileOutcome | None]:
        folder = path.parent
        if folder in self._by_folder:
            return self._by_folder[folder].get(path.name), None
        try:
            self._by_folder[folder] = read_manifest(folder)
        except IngestError as error:
            self._by_folder[folder] = {}
            return None, FileOutcome(error.path, Status.FAILED, error.reason)
        return self._by_folder[folder].get(path.name), None
