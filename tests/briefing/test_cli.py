"""`pockg brief`: the packs on the command line, in each format, and its refusals."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from tests.conftest import run_pockg


def test_brief_prints_markdown_with_numbered_sources(corpus_dir: Path) -> None:
    done = run_pockg("brief", "--mission", "UNMISS", data_dir=corpus_dir)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# Briefing pack: UNMISS\n")
    assert "## Sources" in done.stdout
    assert "[\\[1\\]](" in done.stdout


def test_brief_writes_a_word_file_with_headings(corpus_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "packs" / "mali.docx"
    done = run_pockg(
        "brief", "--country", "Mali", "--format", "docx", "--output", str(out),
        "--link-base", "http://pockg.example", data_dir=corpus_dir,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    document = Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "Context" in headings and "Sources" in headings
    assert not list(out.parent.glob(".*partial"))


def test_brief_refuses_an_unknown_name_with_the_closest(corpus_dir: Path) -> None:
    done = run_pockg("brief", "--country", "Mallli", data_dir=corpus_dir)
    assert done.returncode == 1
    assert "unknown country 'Mallli'; closest known: Mali" in done.stderr
    assert done.stdout == ""


def test_brief_needs_a_subject(corpus_dir: Path) -> None:
    done = run_pockg("brief", data_dir=corpus_dir)
    assert done.returncode == 2
    assert "name a --country, a --mission or a --theme" in done.stderr
    bad = run_pockg("brief", "--country", "Mali", "--format", "pdf", data_dir=corpus_dir)
    assert bad.returncode == 2 and "invalid choice: 'pdf'" in bad.stderr


def test_brief_says_when_it_cannot_write(corpus_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    target = blocker / "pack.md"
    done = run_pockg("brief", "--country", "Mali", "--output", str(target), data_dir=corpus_dir)
    assert done.returncode == 1
    assert f"cannot write {target}" in done.stderr
    assert blocker.read_text(encoding="utf-8") == "not a folder"
