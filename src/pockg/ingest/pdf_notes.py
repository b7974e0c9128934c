"""Footnotes at the bottom of PDF pages.

A page's footnotes are its last lines set smaller than the body text, from the first of them
that starts with a note mark; unmarked lines after it continue the note above.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pockg.ingest import lines as ln
from pockg.ingest.pdf_join import join_lines
from pockg.ingest.pdf_layout import Line, PageText
from pockg.ingest.pdf_measures import Measures
from pockg.models import BlockKind, DraftBlock

_PLAIN_MARK = re.compile(r"^(\d{1,3})\s+(\S.*)$")
_FROM_SUPERSCRIPT = str.maketrans(ln.SUPERSCRIPT_DIGITS, "0123456789")


class FootnoteReader:
    """Splits the footnotes off each page, in page order, counting the notes as it goes."""

    def __init__(self, measures: Measures) -> None:
        self.m = measures
        self.last_note = 0

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
            DraftBlock(
                BlockKind.FOOTNOTE, join_lines(texts, self.m.vocabulary), page=page, label=label
            )
            for label, texts, page in notes
        ]
