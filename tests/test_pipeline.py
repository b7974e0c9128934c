"""`pockg ingest` end to end: the corpus, re-ingest, bad input, and a killed ingest."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from pockg.config import Settings
from pockg.docstore import DocumentStore
from pockg.graph.iri import document_graph_iri
from pockg.graph.store import GraphStore
from pockg.ingest.reader import document_id, read_document
from pockg.pipeline import Status, ingest_paths
from tests.conftest import CORPUS, POCKG, run_pockg
from tests.fixtures import write_simple_docx
from tests.pdf_render import write_image_only_pdf, write_lines_pdf

CORPUS_FILES = sorted(
    p.name for p in CORPUS.iterdir() if p.suffix in {".txt", ".md"} and p.stem != "README"
)


def stored_ingest_times(settings: Settings) -> dict[str, str]:
    with sqlite3.connect(settings.documents_db) as connection:
        return dict(connection.execute("SELECT file_name, ingested_at FROM documents"))


def test_ingest_corpus_stores_every_document_with_manifest_metadata(settings: Settings) -> None:
    report = ingest_paths([CORPUS], settings)
    assert [o.status for o in report.outcomes] == [Status.INGESTED] * 5
    store = DocumentStore(settings.documents_db)
    assert store.document_ids() == sorted(document_id(name) for name in CORPUS_FILES)
    note = store.load(document_id("ocha-2020-cmcoord-guidance-note-protection-outcomes.txt"))
    assert note is not None
    assert note.metadata.publisher == "OCHA Civil-Military Coordination Service (CMCS)"
    assert note.metadata.source == "shared/seeds/004_e71bda6446fe6512.txt"
    assert note.metadata.inferred == ()
    path = CORPUS / note.file_name
    assert note.blocks == read_document(path, path.read_bytes()).blocks
    assert store.check_consistency() == []


def test_reingest_of_unchanged_files_changes_nothing(settings: Settings) -> None:
    ingest_paths([CORPUS], settings)
    before = stored_ingest_times(settings)
    store = DocumentStore(settings.documents_db)
    blocks_before = {i: store.load(i) for i in store.document_ids()}
    time.sleep(1.1)  # ingest times have one-second resolution
    report = ingest_paths([CORPUS], settings)
    assert [o.status for o in report.outcomes] == [Status.UNCHANGED] * 5
    assert stored_ingest_times(settings) == before
    assert {i: store.load(i) for i in store.document_ids()} == blocks_before


def test_changed_file_replaces_its_own_document_only(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    first = folder / "note.txt"
    other = folder / "other.txt"
    first.write_text("Heading One\n\nThe cluster shared alerts with the mission.\n")
    other.write_text("Other Heading\n\nAn unrelated paragraph about training.\n")
    ingest_paths([folder], settings)
    store = DocumentStore(settings.documents_db)
    other_before = store.load("other-txt")
    first.write_text("Heading One\n\nThe cluster now shares weekly trend reports.\n")
    report = ingest_paths([folder], settings)
    assert [(o.path.name, o.status) for o in report.outcomes] == [
        ("note.txt", Status.INGESTED),
        ("other.txt", Status.UNCHANGED),
    ]
    note = store.load("note-txt")
    assert note is not None
    assert "weekly trend reports" in note.text and "shared alerts" not in note.text
    assert store.load("other-txt") == other_before
    assert store.check_consistency() == []


def bad_input_folder(root: Path) -> Path:
    folder = root / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text("Field Practice\n\nIn Mali the cluster ran flash alerts.\n")
    write_lines_pdf(folder / "good.pdf", [["Joint protection teams visited Gao."]])
    write_simple_docx(folder / "good.docx", "Advocacy", ["The note was shared in May."])
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage")
    write_lines_pdf(folder / "locked.pdf", [["Secret text."]], user_password="s3cret")
    write_image_only_pdf(folder / "scanned.pdf")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 this is not really a zip archive")
    (folder / "legacy.txt").write_bytes("Côte d’Ivoire – “PoC” note.\n".encode("cp1252"))
    (folder / "huge.md").write_text("# Big\n\n" + "word " * 40_000)
    return folder


def test_bad_inputs_are_reported_and_the_rest_of_the_batch_goes_through(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    earlier = tmp_path / "earlier.txt"
    earlier.write_text("Earlier Document\n\nIngested before the bad batch arrived.\n")
    assert run_pockg("ingest", str(earlier), data_dir=data_dir).returncode == 0
    folder = bad_input_folder(tmp_path)
    unsupported = tmp_path / "figures.xls"
    unsupported.write_bytes(b"\xd0\xcf\x11\xe0 spreadsheet")
    missing = tmp_path / "no-such-file.pdf"

    result = run_pockg(
        "ingest",
        str(folder),
        str(unsupported),
        str(missing),
        "--max-file-mb",
        "0.1",
        data_dir=data_dir,
    )

    assert result.returncode == 1
    errors = {
        line.split(": ", 2)[1]: line.split(": ", 2)[2]
        for line in result.stderr.splitlines()
        if line.startswith("error: ")
    }
    expected = {
        str(folder / "corrupt.pdf"): "not a readable PDF",
        str(folder / "locked.pdf"): "encrypted",
        str(folder / "scanned.pdf"): "OCR",
        str(folder / "empty.txt"): "empty",
        str(folder / "picture.txt"): "binary",
        str(folder / "broken.docx"): "not a readable Word file",
        str(folder / "huge.md"): "over the 0.1 MB limit",
        str(unsupported): "unsupported file type .xls",
        str(missing): "no such file or directory",
    }
    assert sorted(errors) == sorted(expected)
    for name, reason in expected.items():
        assert reason in errors[name], (name, errors[name])
    store = DocumentStore(data_dir / "documents.sqlite")
    assert store.document_ids() == [
        "earlier-txt",
        "good-docx",
        "good-pdf",
        "good-txt",
        "legacy-txt",
    ]
    legacy = store.load("legacy-txt")
    assert legacy is not None and legacy.text == "Côte d’Ivoire – “PoC” note."
    assert "4 ingested, 0 unchanged, 9 failed" in result.stdout
    assert store.check_consistency() == []


def test_manifest_error_is_reported_and_files_still_ingested(
    settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "manifest.toml").write_text('[[document]]\nfile = "a.txt"\naccess_level = "secret"\n')
    (folder / "a.txt").write_text("A Title\n\nSome text about early warning.\n")
    report = ingest_paths([folder], settings)
    assert [(o.path.name, o.status) for o in report.outcomes] == [
        ("manifest.toml", Status.FAILED),
        ("a.txt", Status.INGESTED),
    ]
    assert "access_level must be one of public, internal, confidential" in report.outcomes[0].reason


def survivors(data_dir: Path, wait: float = 10) -> list[int]:
    """Return the ids of processes still working on `data_dir` once they had `wait` s to end."""
    deadline = time.monotonic() + wait
    while True:
        found = []
        for proc in Path("/proc").iterdir():
            try:
                arguments = (proc / "cmdline").read_bytes().split(b"\0")
            except OSError:  # not a process, or it ended while we looked
                continue
            if proc.name.isdigit() and str(data_dir).encode() in arguments:
                found.append(int(proc.name))
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def test_killed_ingest_leaves_the_store_readable_and_consistent(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    paragraph = "The protection cluster shared monthly trend analysis with the mission. " * 5
    for number in range(40):
        body = "\n\n".join(f"{paragraph} Paragraph {k}." for k in range(20))
        (folder / f"doc-{number:02d}.txt").write_text(f"Report {number}\n\n{body}\n")
    data_dir = tmp_path / "data"
    database = data_dir / "documents.sqlite"
    process = subprocess.Popen(
        [str(POCKG), "ingest", str(folder), "--data-dir", str(data_dir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if database.exists() and len(DocumentStore(database).document_ids()) >= 3:
            break
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert survivors(data_dir) == [], "spaCy workers must die with the killed ingest"

    store = DocumentStore(database)
    stored = store.document_ids()
    assert 3 <= len(stored) < 40, "the kill must land in the middle of the batch"
    assert store.check_consistency() == []
    for doc_id in stored:
        document = store.load(doc_id)
        assert document is not None
        source = folder / document.file_name
        assert document.blocks == read_document(source, source.read_bytes()).blocks
    # A document is stored only after its graph is written, so each stored one has its graph.
    with GraphStore.local(data_dir) as graphs:
        for doc_id in stored:
            assert graphs.graph_triple_count(document_graph_iri(doc_id)) > 0, doc_id

    rerun = run_pockg("ingest", str(folder), data_dir=data_dir)
    assert rerun.returncode == 0
    assert len(DocumentStore(database).document_ids()) == 40


def test_cli_usage_errors_exit_with_2(tmp_path: Path) -> None:
    assert run_pockg("no-such-command", data_dir=tmp_path).returncode == 2
    assert run_pockg("ingest", "--max-file-mb", "lots", data_dir=tmp_path).returncode == 2


def test_cli_ingest_defaults_to_the_corpus_and_prints_a_summary(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    result = run_pockg("ingest", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert "5 ingested, 0 unchanged, 0 failed" in result.stdout
    for name in CORPUS_FILES:
        assert name in result.stdout
    again = run_pockg("ingest", data_dir=data_dir)
    assert "0 ingested, 5 unchanged, 0 failed" in again.stdout


def test_folder_walk_skips_hidden_files_readmes_and_unsupported_types(
    settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "docs"
    shutil.copytree(CORPUS, folder)
    (folder / ".hidden.txt").write_text("Hidden\n\nNot a document.\n")
    (folder / "notes.odt").write_bytes(b"PK odt")
    report = ingest_paths([folder], settings)
    by_name = {o.path.name: o.status for o in report.outcomes}
    assert ".hidden.txt" not in by_name and "README.md" not in by_name
    assert by_name["notes.odt"] is Status.SKIPPED
    assert sum(status is Status.INGESTED for status in by_name.values()) == 5
