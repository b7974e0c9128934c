"""Ingest throughput: pockg's structure recovery against bare pypdf text extraction.

Generates a corpus of at least 200 pages from the seed documents (sections shuffled with a
fixed seed), writes each generated document twice, as Markdown text and as a rendered PDF
with running headers, page numbers and footnotes, then times on the same files in one run:

- bare extraction: `pypdf.PdfReader(...).pages[i].extract_text()` for every page;
- pockg on the PDFs: `read_document`, i.e. layout reading, header/footer removal, headings,
  footnotes, outline assembly, metadata;
- pockg on the text versions.

Each measurement is the median of several rounds. Results go to bench/RESULTS.md.
Run: `make bench` (or `.venv/bin/python bench/ingest_throughput.py [--rounds N]`).
"""

from __future__ import annotations

import argparse
import io
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pockg.ingest.reader import read_document  # noqa: E402
from pockg.ingest.structure import assemble  # noqa: E402
from pockg.ingest.text import parse_text  # noqa: E402
from pockg.models import Block, BlockKind  # noqa: E402
from results import write_section  # noqa: E402
from tests.pdf_render import render_blocks_to_pdf  # noqa: E402

WORK = REPO / "bench" / "work"
SECTION_TITLE = "## Ingest throughput (`bench/ingest_throughput.py`)"
TARGET_RATIO = 2.0


@dataclass
class Measure:
    """Throughput of one way of reading the generated corpus."""

    name: str
    seconds: float
    pages: int
    words: int

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds


def seed_sections() -> list[list[Block]]:
    """Return the top-level sections of the corpus documents, each a list of blocks."""
    sections: list[list[Block]] = []
    for path in sorted((REPO / "corpus").glob("*.*")):
        if path.suffix not in {".txt", ".md"} or path.stem == "README":
            continue
        drafts, _ = parse_text(path.read_text(encoding="utf-8"))
        blocks, _ = assemble(drafts, path.name)
        current: list[Block] = []
        for block in blocks:
            if block.kind is BlockKind.HEADING and block.level <= 1 and current:
                sections.append(current)
                current = []
            if block.level > 0 or block.kind is not BlockKind.HEADING:
                current.append(block)
        sections.append(current)
    return [s for s in sections if len(s) > 3]


def as_markdown(title: str, blocks: list[Block]) -> str:
    """Return a generated document as Markdown, the way the text corpus writes documents."""
    lines = [f"# {title}", ""]
    for block in blocks:
        if block.kind is BlockKind.HEADING:
            lines.append(f"{'#' * (block.level + 1)} {block.text}")
        elif block.kind in (BlockKind.LIST_ITEM, BlockKind.REFERENCE):
            lines.append(f"{'  ' * (block.level - 1)}- {block.text}")
        elif block.kind is BlockKind.FOOTNOTE:
            lines.append(f"{block.label} {block.text}")
        else:
            lines.append(f"{block.label}. {block.text}" if block.label else block.text)
        lines.append("")
    return "\n".join(lines)


def generate_corpus(min_pages: int) -> tuple[list[Path], list[Path], int]:
    """Write generated documents as PDF and Markdown until the PDFs reach `min_pages` pages."""
    WORK.mkdir(parents=True, exist_ok=True)
    for old in WORK.iterdir():
        old.unlink()
    sections = seed_sections()
    shuffle = random.Random(2026)
    pdfs: list[Path] = []
    texts: list[Path] = []
    pages = 0
    number = 0
    while pages < min_pages:
        number += 1
        chosen = [b for s in shuffle.sample(sections, k=min(8, len(sections))) for b in s]
        title = f"Generated Protection Report {number}"
        pdf = WORK / f"generated-{number:03d}.pdf"
        text = WORK / f"generated-{number:03d}.md"
        title_block = Block("t", BlockKind.HEADING, title, (), 0, None, 0, len(title))
        render_blocks_to_pdf([title_block, *chosen], pdf, title=title)
        text.write_text(as_markdown(title, chosen), encoding="utf-8")
        pages += len(PdfReader(pdf).pages)
        pdfs.append(pdf)
        texts.append(text)
    return pdfs, texts, pages


def bare_extraction(pdfs: list[Path]) -> tuple[int, int]:
    """Extract text from every page with bare pypdf; return (pages, words)."""
    pages = words = 0
    for path in pdfs:
        for page in PdfReader(io.BytesIO(path.read_bytes())).pages:
            words += len(page.extract_text().split())
            pages += 1
    return pages, words


def pockg_ingest(paths: list[Path]) -> tuple[int, int]:
    """Read every file with pockg; return (pages, words)."""
    pages = words = 0
    for path in paths:
        document = read_document(path, path.read_bytes())
        pages += document.page_count or 0
        words += document.word_count
    return pages, words


def timed(name: str, run: Callable[[], tuple[int, int]], rounds: int) -> Measure:
    """Return the median time of `rounds` runs of `run` with the counts it reports."""
    times = []
    counts = (0, 0)
    for _ in range(rounds):
        start = time.perf_counter()
        counts = run()
        times.append(time.perf_counter() - start)
    return Measure(name, statistics.median(times), *counts)


def report(measures: list[Measure], pdf_pages: int, files: int, rounds: int) -> str:
    """Return the Markdown results section."""
    bare, pdf, text = measures
    ratio = pdf.seconds / bare.seconds
    verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
    rows = "\n".join(
        f"| {m.name} | {m.seconds:.2f} | {m.pages or pdf_pages} | {m.words} | "
        f"{(m.pages or pdf_pages) / m.seconds:.1f} | {m.words_per_second:,.0f} |"
        for m in measures
    )
    return f"""{SECTION_TITLE}

Run on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, Python {platform.python_version()},
{platform.machine()}, median of {rounds} rounds, {files} generated documents of
{pdf_pages} PDF pages (the text versions hold the same documents; their page column repeats
the PDF page count for comparison).

| reader | seconds | pages | words | pages/s | words/s |
|---|---|---|---|---|---|
{rows}

Structure recovery on PDFs costs **{ratio:.2f}x** bare pypdf extraction on the same files
(target: at most {TARGET_RATIO:.0f}x, {verdict}). Text and Markdown ingestion runs at
{text.words_per_second / bare.words_per_second:.1f}x the word rate of bare PDF extraction.
"""


def main() -> int:
    """Generate the corpus, measure the three readers and write bench/RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--min-pages", type=int, default=200)
    args = parser.parse_args()
    pdfs, texts, pdf_pages = generate_corpus(args.min_pages)
    measures = [
        timed("bare pypdf extract_text (PDF)", lambda: bare_extraction(pdfs), args.rounds),
        timed("pockg read_document (PDF)", lambda: pockg_ingest(pdfs), args.rounds),
        timed("pockg read_document (Markdown)", lambda: pockg_ingest(texts), args.rounds),
    ]
    text = report(measures, pdf_pages, len(pdfs), args.rounds)
    write_section(SECTION_TITLE, text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
