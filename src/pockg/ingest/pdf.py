"""PDF files to draft blocks, from the layout of their text layer.

`pdf_layout` turns each page into lines (position, size, weight) without running headers,
footers and page numbers. Here the lines become blocks: the body text size is the most
common size; larger lines, or short lines wholly in bold, are headings, ranked by size and
weight; small lines with a note mark at the bottom of a page are footnotes; a "Contents"
page becomes the table of contents; lines starting with a bullet or enumerator are list
items, nested by indentation. A line continues the block above unless a paragraph gap,
an indentation change or a short previous line says otherwise, also across page breaks.
Words hyphenated at a line end are re-joined, keeping the hyphen of real compounds.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from pypdf import PdfReader
from pypdf.errors import DependencyError, PyPdfError

from pockg.ingest import lines as ln
from pockg.ingest.errors import IngestError
from pockg.ingest.pdf_layout import (
    CELL_SEPARATOR,
    FontCache,
    Line,
    Measures,
    PageText,
    rank_position,
    read_page,
    remove_running_lines,
)
from pockg.ingest.text import paragraph_draft
from pockg.models import BlockKind, DraftBlock, ParsedSource, TocEntry

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
_NUMBERED = re.compile(r"^\d{1,3}\.\s+(?=\S)")
_PLAIN_MARK = re.compile(r"^(\d{1,3})\s+(\S.*)$")
_SECTION = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*|[IVXL]{1,5}|[A-Z])\.?$")
_TOLERANCE = 2.0  # points: x positions this close are the same indentation

HeadingStyle = tuple[float, bool, bool]


def parse_pdf(data: bytes, path: Path) -> ParsedSource:
    """Return the draft blocks, table of contents and page count of a PDF file."""
    reader = _open(data, path)
    pages, warnings = _read_pages(reader, path)
    page_count = len(reader.pages)
    remove_running_lines(pages)
    builder = _Builder(Measures.of(pages))
    split = [builder.split_notes(page) for page in pages]
    body, toc = take_toc([line for lines, _ in split for line in lines])
    by_page: dict[int, list[Line]] = {page.number: [] for page in pages}
    for line in body:
        by_page[line.page].append(line)
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


class _TocLine(NamedTuple):
    """A line of a table of contents: its title, page number and indentation."""

    title: str
    page: int
    x: float


def take_toc(lines: Sequence[Line]) -> tuple[list[Line], list[TocEntry]]:
    """Take the table of contents out of the body lines and return it as entries.

    A TOC is a "Contents" line followed by entries, or a run of three or more entries whose
    page numbers never go down; an entry is a title, dot leaders or a wide gap, and a page
    number; a title may wrap onto a second line.
    """
    kept: list[Line] = []
    toc: list[TocEntry] = []
    index = 0
    while index < len(lines):
        titled = ln.is_toc_title(lines[index].text)
        end, entries = _toc_run(lines, index + 1 if titled else index)
        if (titled and entries) or (len(entries) >= 3 and _untitled_toc(entries)):
            toc.extend(_toc_levels(entries))
            index = end
            continue
        kept.append(lines[index])
        index += 1
    return kept, toc


def _toc_run(lines: Sequence[Line], start: int) -> tuple[int, list[_TocLine]]:
    entries: list[_TocLine] = []
    index = start
    while index < len(lines):
        line = lines[index]
        found = _toc_entry(line)
        if found:
            entries.append(found)
            index += 1
            continue
        following = _toc_entry(lines[index + 1]) if index + 1 < len(lines) else None
        if not following or not _wrapped_title(line, lines[index + 1]):
            break
        entries.append(following._replace(title=f"{line.text} {following.title}", x=line.x0))
        index += 2
    return index, entries


def _wrapped_title(line: Line, entry: Line) -> bool:
    """Say whether `line` is the first line of a contents entry that wraps onto `entry`."""
    return (
        line.page == entry.page
        and abs(line.x0 - entry.x0) <= _TOLERANCE
        and abs(line.size - entry.size) <= 0.5
        and CELL_SEPARATOR not in line.text
    )


def _toc_entry(line: Line) -> _TocLine | None:
    """Return the contents entry on a line: a title, leaders or a gap, a page number.

    A line of three cells or more is a table row, unless its first cell is a section number.
    """
    if not line.text[-1:].isdigit():
        return None  # an entry ends with its page number
    found = ln.split_toc_line(line.text)
    cells = [cell for cell in line.cells if cell.strip(". ")]
    if not found or (len(cells) > 2 and not (len(cells) == 3 and _SECTION.match(cells[0]))):
        return None
    title = " ".join(found[0].replace(CELL_SEPARATOR, " ").split())
    return _TocLine(title, found[1], line.x0)


def _untitled_toc(entries: Sequence[_TocLine]) -> bool:
    """Say whether entries found without a "Contents" title read as a TOC: pages ascending."""
    pages = [entry.page for entry in entries]
    return pages == sorted(pages)


def _toc_levels(entries: Sequence[_TocLine]) -> list[TocEntry]:
    """Return TOC entries levelled by indentation, or by numbering when all align."""
    indents = sorted({round(entry.x) for entry in entries})
    if len(indents) == 1:
        return [TocEntry(e.title, ln.numbering_depth(e.title), e.page) for e in entries]
    return [TocEntry(e.title, rank_position(indents, e.x) + 1, e.page) for e in entries]


@dataclass
class _Open:
    """A block whose lines are still being collected."""

    kind: BlockKind
    lines: list[Line]
    style: HeadingStyle | None = None
    marker: ln.ListMarker | None = None
    text_x: float | None = None  # where an item's text (or a numbered paragraph's) starts


class _Builder:
    """Turns body lines into blocks and bottom-of-page lines into footnotes."""

    def __init__(self, measures: Measures) -> None:
        self.m = measures
        self.drafts: list[DraftBlock] = []
        self.held: list[DraftBlock] = []  # footnotes waiting for the open block to close
        self.open: _Open | None = None
        self.styles: dict[int, tuple[HeadingStyle, int]] = {}  # heading index: style, page
        self.markers: dict[int, float] = {}  # list item index: x of its marker
        self.last_note = 0

    def add_page(self, lines: Sequence[Line], notes: Sequence[DraftBlock]) -> None:
        """Add a page's body lines, then hold its footnotes until the open block closes."""
        for line in lines:
            if self.open and self._continues(self.open, line):
                self.open.lines.append(line)
            else:
                self._close()
                self.open = self._start(line)
        self.held.extend(notes)

    def finish(self) -> list[DraftBlock]:
        """Return all draft blocks, headings ranked and list items nested."""
        self._close()
        first_page = self.drafts[0].page if self.drafts else None
        return _ranked(self.drafts, self.styles, self.markers, first_page)

    def split_notes(self, page: PageText) -> tuple[list[Line], list[DraftBlock]]:
        """Return a page's body lines and its footnotes (small lines at the bottom, marked)."""
        lines = page.lines
        start = len(lines)
        while start > 0 and self._note_sized(lines[start - 1]):
            start -= 1
        for index in range(start, len(lines)):
            if self._note_mark(lines[index].text):
                return lines[:index], self._notes(lines[index:])
        return lines, []

    def _note_sized(self, line: Line) -> bool:
        """Say whether a line is set like a footnote: smaller than body text, one cell (or a
        plain note number tabbed away from its text)."""
        cells = line.cells
        one_cell = len(cells) == 1 or (len(cells) == 2 and cells[0].isdigit())
        return line.size <= 0.9 * self.m.body_size and one_cell

    def _note_mark(self, text: str) -> tuple[str, str] | None:
        """Return (mark, text) of a line that starts a footnote.

        A raised or star mark is certain; a plain number must be the next note's number.
        """
        found = ln.split_footnote(text)
        if found:
            return found
        plain = _PLAIN_MARK.match(text)
        if plain and (not self.last_note or int(plain.group(1)) == self.last_note + 1):
            return ln.to_superscript(plain.group(1)), plain.group(2)
        return None

    def _notes(self, lines: Sequence[Line]) -> list[DraftBlock]:
        """Return the footnotes in a page's footnote lines; unmarked lines continue a note."""
        notes: list[tuple[str, list[str], int]] = []
        for line in lines:
            found = self._note_mark(line.text)
            if found:
                notes.append((found[0], [found[1]], line.page))
                digits = found[0].translate(_FROM_SUPERSCRIPT)
                self.last_note = int(digits) if digits.isdigit() else self.last_note
            elif notes:
                notes[-1][1].append(line.text)
        return [
            DraftBlock(BlockKind.FOOTNOTE, self._join(texts), page=page, label=label)
            for label, texts, page in notes
        ]

    def _close(self) -> None:
        """Turn the open block into a draft, then let the footnotes held back follow it."""
        if self.open is not None:
            self.drafts.append(self._draft(self.open))
            self.open = None
        self.drafts.extend(self.held)
        self.held = []

    def _start(self, line: Line) -> _Open:
        """Return the block a line opens: a table row, a heading, a list item or a paragraph."""
        if len(line.cells) > 1:
            return _Open(BlockKind.TABLE_ROW, [line])
        style = self._heading_style(line)
        if style is not None:
            return _Open(BlockKind.HEADING, [line], style=style)
        marker = ln.split_list_item(line.text)
        if marker is not None:
            text_x = line.x_at(len(line.text) - len(marker.text))
            return _Open(BlockKind.LIST_ITEM, [line], marker=marker, text_x=text_x)
        numbered = _NUMBERED.match(line.text)
        hanging = line.x_at(numbered.end()) if numbered else None
        return _Open(BlockKind.PARAGRAPH, [line], text_x=hanging)

    def _heading_style(self, line: Line) -> HeadingStyle | None:
        """Return the look of a heading line (size, bold, italic), or None for body text.

        Headings are set larger than the body text, or in bold at body size when the line
        reads as a heading (short, not a sentence).
        """
        size = round(line.size * 2) / 2
        if line.size >= 1.08 * self.m.body_size and any(c.isalpha() for c in line.text):
            return size, line.bold, line.italic
        if line.bold and line.size >= 0.95 * self.m.body_size and ln.heading_style(line.text):
            return size, True, line.italic
        return None

    def _continues(self, block: _Open, line: Line) -> bool:
        """Say whether `line` continues `block`: same look, no gap, aligned, after a full line."""
        previous = block.lines[-1]
        same_page = previous.page == line.page
        gap = previous.y - line.y
        if block.kind is BlockKind.TABLE_ROW or len(line.cells) > 1:
            return False
        style = self._heading_style(line)
        if block.kind is BlockKind.HEADING:
            return style == block.style and same_page and 0 < gap <= 1.5 * line.size
        if style is not None or abs(line.size - previous.size) > 0.5:
            return False
        if same_page and not 0 < gap <= self.m.leading(line.size) + 0.25 * line.size:
            return False
        return self._aligned(block, line) and self._full(previous, line)

    def _aligned(self, block: _Open, line: Line) -> bool:
        """Say whether a line starts where the block's continuation lines start."""
        x = line.x0
        if block.text_x is not None and abs(x - block.text_x) <= _TOLERANCE:
            return True  # an item's text, or a numbered paragraph's hanging indent
        if block.kind is BlockKind.LIST_ITEM:
            first = block.lines[0].x0
            return abs(x - first) <= _TOLERANCE and ln.split_list_item(line.text) is None
        if len(block.lines) > 1:
            return abs(x - block.lines[1].x0) <= _TOLERANCE
        first = block.lines[0].x0
        if self.m.first_line_indent and first > self.m.body_left + _TOLERANCE:
            return x < first - _TOLERANCE  # the first line was indented, the rest are not
        return abs(x - first) <= _TOLERANCE

    def _full(self, previous: Line, line: Line) -> bool:
        """Say whether the previous line was broken because the next word did not fit."""
        if previous.text.endswith("-") and _HYPHENATED.search(previous.text.rsplit(" ", 1)[-1]):
            return True  # a hyphenated word: the whole word did not fit
        room = self.m.right_edge - previous.x1 - 0.35 * previous.size
        return line.first_word_width() > room - 1.0

    def _draft(self, block: _Open) -> DraftBlock:
        """Return the draft of a finished block; note headings and items for ranking."""
        page = block.lines[0].page
        if block.kind is BlockKind.TABLE_ROW:
            return DraftBlock(BlockKind.TABLE_ROW, " | ".join(block.lines[0].cells), page=page)
        texts = [line.text for line in block.lines]
        if block.kind is BlockKind.HEADING and block.style is not None:
            self.styles[len(self.drafts)] = (block.style, page)
            text = ln.strip_trailing_marks(self._join(texts))
            return DraftBlock(BlockKind.HEADING, text, page=page, style=_style_name(block.style))
        if block.kind is BlockKind.LIST_ITEM and block.marker is not None:
            self.markers[len(self.drafts)] = block.lines[0].x0
            text = self._join([block.marker.text, *texts[1:]])
            return DraftBlock(BlockKind.LIST_ITEM, text, 1, page, block.marker.label)
        return paragraph_draft(self._join(texts), page)

    def _join(self, texts: Sequence[str]) -> str:
        """Return lines joined into running text, hyphenated words made whole again.

        Only the last word so far decides how the next line attaches (a URL may span
        several lines), which keeps joining linear in the length of the text.
        """
        parts = [texts[0]]
        word = texts[0].rsplit(" ", 1)[-1]
        for text in texts[1:]:
            hyphen = _HYPHENATED.search(word) if word.endswith("-") else None
            glued = not hyphen and bool(_GLUED_END.search(word) or _url_continues(word, text))
            if hyphen:
                parts[-1] = parts[-1][:-1]
                parts.append(self._hyphen(hyphen.group(1), text))
            elif not glued:
                parts.append(" ")
            parts.append(text)
            last = text.rsplit(" ", 1)[-1]
            word = word + last if glued and " " not in text else last
        return " ".join(_INVISIBLE.sub("", "".join(parts)).split())

    def _hyphen(self, word: str, text: str) -> str:
        """Return what replaces the hyphen ending a line that ends in `word-`.

        The document's own vocabulary decides first (`civil-military` written elsewhere keeps
        its hyphen, `protection` written elsewhere loses it); then a capital or a digit
        after the break keeps it, a function word after it (`medium- and long-term`) keeps
        it with its space, and anything else is a word broken by hyphenation.
        """
        following = _LEADING_WORD.match(text)
        after = following.group(0).lower() if following else ""
        before = word.lower()
        if f"{before}-{after}" in self.m.vocabulary:
            return "-"
        if before + after in self.m.vocabulary:
            return ""
        if not after or text[:1].isupper() or text[:1].isdigit():
            return "-"
        return "- " if after in _FREE_WORDS else ""


_FROM_SUPERSCRIPT = str.maketrans(ln.SUPERSCRIPT_DIGITS, "0123456789")
_HYPHENATED = re.compile(r"([^\W\d_]+)-$")
_GLUED_END = re.compile(r"(?:[^\s\w]-|\d-|(?:https?://|www\.|\S/)\S*[/?&=_])$")
_URL_END = re.compile(r"(?:https?://|www\.)\S+$")
_URL_PART = re.compile(r"^\S*(?:[%&=/_#~]|\.(?:pdf|html?|aspx?|php|docx?)\b)")
_LEADING_WORD = re.compile(r"[^\W\d_]+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\ufeff\u00ad]")
# Words that never end a hyphenated word: "medium- and long-term", "areas- was".
_FREE_WORD_LIST = (
    "and or nor but to was were is are be been has have had the a an of in on at by for with"
    " from as that which this these than"
)
_FREE_WORDS = frozenset(_FREE_WORD_LIST.split())


def _url_continues(joined: str, text: str) -> bool:
    """Say whether `text` goes on with a URL that ends the text before it."""
    return bool(_URL_END.search(joined) and _URL_PART.match(text))


def _style_name(style: HeadingStyle) -> str:
    size, bold, italic = style
    return f"pdf/{size:g}pt/{'bold' if bold else 'italic' if italic else 'regular'}"


def _ranked(
    drafts: list[DraftBlock],
    styles: dict[int, tuple[HeadingStyle, int]],
    markers: dict[int, float],
    first_page: int | None,
) -> list[DraftBlock]:
    """Return the drafts with heading ranks and list depths from their layout.

    The first heading on the first page with text, in that page's largest heading size, is the title
    (rank 0); the other headings rank by size, larger first, bold before regular. List items
    nest by the indentation of their markers: the leftmost is depth 1.
    """
    title = _title_index(styles, first_page)
    order = sorted({s for i, (s, _) in styles.items() if i != title}, key=_style_order)
    indents = sorted(markers.values())
    result = list(drafts)
    for index, (style, _) in styles.items():
        level = 0 if index == title else order.index(style) + 1
        result[index] = replace(result[index], level=level)
    for index, x in markers.items():
        result[index] = replace(result[index], level=rank_position(indents, x) + 1)
    return result


def _title_index(styles: dict[int, tuple[HeadingStyle, int]], first_page: int | None) -> int | None:
    """Return the index of the title: the first of the largest headings on the first page."""
    on_page = {i: style for i, (style, page) in styles.items() if page == first_page}
    if not on_page:
        return None
    largest = max(style[0] for style in on_page.values())
    return min(i for i, style in on_page.items() if style[0] == largest)


def _style_order(style: HeadingStyle) -> tuple[float, bool, bool]:
    size, bold, italic = style
    return -size, not bold, not italic
