"""A PDF's table of contents, taken out of its body lines and levelled by indentation.

The scan itself is the one the text parser uses (`lines.split_off_toc`); what is PDF's own
is the entry (cells, titles wrapping onto a second line) and the check that an untitled run
of entries is a TOC (page numbers never go down).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from pockg.ingest import lines as ln
from pockg.ingest.pdf_layout import CELL_SEPARATOR, X_TOLERANCE, Line
from pockg.ingest.pdf_ranks import rank_position
from pockg.models import TocEntry

_SECTION = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*|[IVXL]{1,5}|[A-Z])\.?$")


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
    kept, runs = ln.split_off_toc(lines, lambda line: line.text, _toc_entry_at, _untitled_toc)
    return kept, [entry for run in runs for entry in _toc_levels(run)]


def _toc_entry_at(lines: Sequence[Line], index: int) -> tuple[_TocLine, int] | None:
    """Return the contents entry starting at line `index` and the index after it, or None."""
    line = lines[index]
    found = _toc_entry(line)
    if found:
        return found, index + 1
    following = _toc_entry(lines[index + 1]) if index + 1 < len(lines) else None
    if not following or not _wrapped_title(line, lines[index + 1]):
        return None
    return following._replace(title=f"{line.text} {following.title}", x=line.x0), index + 2


def _wrapped_title(line: Line, entry: Line) -> bool:
    """Say whether `line` is the first line of a contents entry that wraps onto `entry`."""
    return (
        line.page == entry.page
        and abs(line.x0 - entry.x0) <= X_TOLERANCE
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
