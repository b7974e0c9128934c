"""PDF files to draft blocks, from the layout of their text layer.

The stages, each in a module of its own: `pdf_layout` turns each page into lines (position,
size, weight); `pdf_running` takes out running headers, footers and page numbers;
`pdf_measures` finds the body text size, line spacing and margins; `pdf_notes` splits the
footnotes off the bottom of each page; `pdf_toc` takes a "Contents" page out as the table of
contents; `pdf_blocks` groups the remaining lines into headings, list items, table rows and
paragraphs, also across page breaks (`pdf_join` re-joins their lines, `pdf_ranks` ranks
headings and nests list items). Here the file is opened and its pages read.
"""

from __future__ import annotations

import io
import zlib
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, PyPdfError

from pockg.ingest.errors import IngestError
from pockg.ingest.pdf_blocks import BlockBuilder
from pockg.ingest.pdf_fonts import FontCache
from pockg.ingest.pdf_layout import Line, PageText, read_page
from pockg.ingest.pdf_measures import Measures
from pockg.ingest.pdf_notes import FootnoteReader
from pockg.ingest.pdf_running import remove_running_lines
from pockg.ingest.pdf_toc import take_toc
from pockg.models import ParsedSource

_PDF_ERRORS = (
    PyPdfError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    AssertionError,
    OSError,
    RecursionError,
    zlib.error,
)


def parse_pdf(data: bytes, path: Path) -> ParsedSource:
    """Return the draft blocks, table of contents and page count of a PDF file."""
    reader = _open(data, path)
    pages, warnings = _read_pages(reader, path)
    page_count = len(reader.pages)
    remove_running_lines(pages)
    measures = Measures.of(pages)
    footnotes = FootnoteReader(measures)
    split = [footnotes.split_notes(page) for page in pages]
    body, toc = take_toc([line for lines, _ in split for line in lines])
    by_page: dict[int, list[Line]] = {page.number: [] for page in pages}
    for line in body:
        by_page[line.page].append(line)
    builder = BlockBuilder(measures)
    for page, (_, notes) in zip(pages, split, strict=True):
        builder.add_page(by_page[page.number], notes)
    return ParsedSource(builder.finish(), "application/pdf", toc, page_count, warnings)


def _open(data: bytes, path: Path) -> PdfReader:
    """Return a reader for the PDF bytes, decrypted when the password is empty."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(
                path,
                "the PDF is encrypted (password-protected); ingest a copy without a password",
            )
        return reader
    except DependencyError as error:
        reason = f"the PDF is encrypted and cannot be decrypted: {_short(error)}"
        raise IngestError(path, reason) from error
    except _PDF_ERRORS as error:
        raise IngestError(path, f"not a readable PDF: {_short(error)}") from error


def _short(error: BaseException) -> str:
    """Return the first line of an error message, cut to a readable length."""
    text = (str(error).strip().splitlines() or [type(error).__name__])[0]
    return text if len(text) <= 100 else text[:97] + "..."


def _read_pages(reader: PdfReader, path: Path) -> tuple[list[PageText], list[str]]:
    """Return the text of every page and warnings about pages without text or unreadable."""
    fonts = FontCache()
    pages: list[PageText] = []
    empty: list[int] = []
    failed: list[str] = []
    try:
        page_objects = list(reader.pages)
    except _PDF_ERRORS as error:
        raise IngestError(path, f"not a readable PDF: {_short(error)}") from error
    for number, page in enumerate(page_objects, start=1):
        try:
            text = read_page(page, number, fonts)
        except _PDF_ERRORS as error:
            failed.append(f"page {number} ({_short(error)})")
            continue
        pages.append(text)
        if not text.has_text:
            empty.append(number)
    return pages, _page_warnings(path, pages, empty, failed)


def _page_warnings(
    path: Path, pages: list[PageText], empty: list[int], failed: list[str]
) -> list[str]:
    """Return warnings on missing pages, or raise when no page has any text."""
    if not any(page.has_text for page in pages):
        if failed:
            raise IngestError(path, f"not a readable PDF: {failed[0]}")
        if not pages and not empty:
            raise IngestError(path, "the PDF has no pages")
        raise IngestError(
            path, "the PDF has no text layer (scanned images?); it needs OCR before ingestion"
        )
    warnings = [f"could not read {', '.join(failed)}"] if failed else []
    if empty:
        numbers = ", ".join(str(n) for n in empty)
        noun = "page" if len(empty) == 1 else "pages"
        warnings.append(f"{noun} {numbers} without a text layer (scanned images?) left out")
    return warnings
