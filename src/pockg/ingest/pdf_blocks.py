"""Body lines of a PDF to draft blocks: headings, list items, table rows and paragraphs.

Lines larger than the body text, or short lines wholly in bold, are headings, ranked by size
and weight; lines starting with a bullet or enumerator are list items, nested by indentation
(`pdf_ranks`). A line continues the block above unless a paragraph gap, an
indentation change or a short previous line says otherwise, also across page breaks. A
page's footnotes follow the block that is open when its page ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pockg.ingest import lines as ln
from pockg.ingest.pdf_join import ends_in_broken_word, join_lines
from pockg.ingest.pdf_layout import X_TOLERANCE, Line
from pockg.ingest.pdf_measures import Measures
from pockg.ingest.pdf_ranks import HeadingStyle, ranked, style_name
from pockg.ingest.text import paragraph_draft
from pockg.models import BlockKind, DraftBlock


@dataclass
class _Open:
    """A block whose lines are still being collected."""

    kind: BlockKind
    lines: list[Line]
    style: HeadingStyle | None = None
    marker: ln.ListMarker | None = None
    text_x: float | None = None  # where an item's text (or a numbered paragraph's) starts


class BlockBuilder:
    """Turns body lines into blocks, page by page, and places the footnotes among them."""

    def __init__(self, measures: Measures) -> None:
        self.m = measures
        self.drafts: list[DraftBlock] = []
        self.held: list[DraftBlock] = []  # footnotes waiting for the open block to close
        self.open: _Open | None = None
        self.styles: dict[int, tuple[HeadingStyle, int]] = {}  # heading index: style, page
        self.markers: dict[int, float] = {}  # list item index: x of its marker

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
        return ranked(self.drafts, self.styles, self.markers, first_page)

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
        numbered = ln.NUMBERED_PARAGRAPH.match(line.text)
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
        if block.text_x is not None and abs(x - block.text_x) <= X_TOLERANCE:
            return True  # an item's text, or a numbered paragraph's hanging indent
        if block.kind is BlockKind.LIST_ITEM:
            first = block.lines[0].x0
            return abs(x - first) <= X_TOLERANCE and ln.split_list_item(line.text) is None
        if len(block.lines) > 1:
            return abs(x - block.lines[1].x0) <= X_TOLERANCE
        first = block.lines[0].x0
        if self.m.first_line_indent and first > self.m.body_left + X_TOLERANCE:
            return x < first - X_TOLERANCE  # the first line was indented, the rest are not
        return abs(x - first) <= X_TOLERANCE

    def _full(self, previous: Line, line: Line) -> bool:
        """Say whether the previous line was broken because the next word did not fit."""
        if ends_in_broken_word(previous.text):
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
            return DraftBlock(BlockKind.HEADING, text, page=page, style=style_name(block.style))
        if block.kind is BlockKind.LIST_ITEM and block.marker is not None:
            self.markers[len(self.drafts)] = block.lines[0].x0
            text = self._join([block.marker.text, *texts[1:]])
            return DraftBlock(BlockKind.LIST_ITEM, text, 1, page, block.marker.label)
        return paragraph_draft(self._join(texts), page)

    def _join(self, texts: Sequence[str]) -> str:
        """Return lines joined into running text, with the document's own hyphenation."""
        return join_lines(texts, self.m.vocabulary)
