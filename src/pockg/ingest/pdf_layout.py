"""The text layer of PDF pages as lines: position, font size, weight and the text itself.

One pass of pypdf's text extraction per page reports every run of text with its text and
current transformation matrices and its font. From these come runs with their x and
baseline y, their effective font size and width (from the font's own glyph widths, see
`pdf_fonts`), and bold or italic (from the font's name). Runs on one baseline make a line; a
small run raised above the baseline is a superscript (a footnote reference mark) and becomes
Unicode superscript digits; runs far apart on one line are kept apart as cells (tables,
contents lines).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from pypdf import PageObject
from pypdf.generic import DictionaryObject

from pockg.ingest import lines as ln
from pockg.ingest.pdf_fonts import FontCache, FontInfo

CELL_SEPARATOR = "\t"
X_TOLERANCE = 2.0  # points: x positions this close are the same indentation
_CELL_GAP = 1.5  # in ems: a wider gap between runs separates table cells
_WORD_GAP = 0.15  # in ems: a wider gap between runs is a space
# Bullets drawn from symbol fonts come out as private-use characters (or DEL): "•" is meant.
_SYMBOL_BULLET = re.compile(r"^[\x7f\uf000-\uf0ff](?=\s)")
# A bullet, an enumerator or a note mark tabbed away from its text is not a table cell.
_MARKER_TAB = re.compile(
    rf"^(?:[{re.escape(ln.BULLET_GLYPHS)}]|\(?\d{{1,3}}[.)]|\(?[a-z][.)]|\([ivx]{{1,4}}\)"
    rf"|[{ln.SUPERSCRIPT_DIGITS}]+)(?={CELL_SEPARATOR}[^{CELL_SEPARATOR}]*$)"
)
_SHOW_TEXT = frozenset((b"Tj", b"TJ", b"'", b'"'))


@dataclass(slots=True)
class Run:
    """A piece of text drawn in one font at one place."""

    text: str
    x: float
    y: float
    size: float
    width: float
    font: FontInfo

    @property
    def end(self) -> float:
        """Return the x where the run ends."""
        return self.x + self.width


@dataclass(slots=True)
class Line:
    """Runs on one baseline, in reading order; cells are separated by `CELL_SEPARATOR`."""

    text: str
    page: int
    x0: float
    x1: float
    y: float
    size: float
    bold: bool
    italic: bool
    starts: list[tuple[int, Run]] = field(default_factory=list)

    @property
    def cells(self) -> list[str]:
        """Return the texts of the line's cells (one cell for a plain line of text)."""
        return [cell.strip() for cell in self.text.split(CELL_SEPARATOR)]

    def x_at(self, offset: int) -> float:
        """Return the x position of the character at `offset` in the line's text."""
        for start, run in reversed(self.starts):
            if start <= offset:
                return run.x + run.font.width(run.text[: offset - start], run.size)
        return self.x0

    def first_word_width(self) -> float:
        """Return the width of the line's first word (with any superscript glued to it)."""
        space = self.text.find(" ")
        return (self.x_at(space) if space > 0 else self.x1) - self.x0


@dataclass(slots=True)
class PageText:
    """The lines of one page, top to bottom, and the page's extent."""

    number: int
    box: tuple[float, float, float, float]  # left, bottom, right, top
    lines: list[Line]
    has_text: bool

    @property
    def top(self) -> float:
        return self.box[3]

    @property
    def bottom(self) -> float:
        return self.box[1]


def read_page(page: PageObject, number: int, fonts: FontCache) -> PageText:
    """Return the lines of text on `page` (numbered from 1), from one extraction pass."""
    collector = _RunCollector(fonts)
    page.extract_text(
        visitor_text=collector.text,
        visitor_operand_before=collector.operator,
        orientations=(0,),
    )
    box = page.mediabox
    lines = build_lines(collector.runs, number)
    extent = (float(box.left), float(box.bottom), float(box.right), float(box.top))
    return PageText(number, extent, lines, bool(collector.runs))


class _RunCollector:
    """Collects the runs pypdf's text visitor reports, with the spacing it leaves out.

    pypdf reports where a run starts, not how wide it is: the width comes from the font's
    glyph widths plus word and character spacing (`Tw`, `Tc`) and the displacements in
    `TJ` arrays, which justified text uses to stretch a line to the margin. pypdf does not
    apply the text rise (`Ts`) either, with which some writers raise superscripts.
    """

    def __init__(self, fonts: FontCache) -> None:
        self.fonts = fonts
        self.runs: list[Run] = []
        self.word_spacing = 0.0
        self.char_spacing = 0.0
        self.font_size = 0.0
        self.displacement = 0.0  # from TJ arrays since the last run, in text space units
        self.rise = 0.0
        self.run_rise: float | None = None  # the rise when the pending run's text was shown
        # pypdf does not move the text position after showing text: a run reported at the
        # previous run's position really starts where that run ended
        self.last_start: tuple[float, ...] = ()
        self.last_end = 0.0

    def operator(self, operator: bytes, operands: list[Any], cm: Any, tm: Any) -> None:
        """Track the spacing operators (called before pypdf processes each operator)."""
        if operator in _SHOW_TEXT and self.run_rise is None:
            self.run_rise = self.rise
        if operator == b"TJ" and operands and isinstance(operands[0], list):
            moves = sum(item for item in operands[0] if isinstance(item, int | float))
            self.displacement -= moves * self.font_size / 1000.0
        elif operator == b"Ts":
            self.rise = _number(operands, 0)
        elif operator == b"Tw":
            self.word_spacing = _number(operands, 0)
        elif operator == b"Tc":
            self.char_spacing = _number(operands, 0)
        elif operator == b"Tf":
            self.font_size = _number(operands, 1)

    def text(
        self,
        text: str,
        cm: list[float],
        tm: list[float],
        font: DictionaryObject | None,
        size: float,
    ) -> None:
        """Record a run of text drawn with text matrix `tm` and transformation matrix `cm`."""
        rise, self.run_rise = self.run_rise or 0.0, None
        if not text or text.isspace():
            return
        x, y, scale, across = _placement(tm, cm)
        start = (*tm, *cm)
        if start == self.last_start:
            x = self.last_end
        info = self.fonts.get(font)
        # pypdf appends a space (not a drawn glyph) when the next text moves elsewhere
        text = text.replace("\n", " ").rstrip()
        spacing = text.count(" ") * self.word_spacing + len(text) * self.char_spacing
        width = info.width(text, size * across) + (spacing + self.displacement) * across
        self.displacement = 0.0
        self.last_start, self.last_end = start, x + width
        self.runs.append(Run(text, x, y + rise * scale, size * scale, width, info))


def _placement(tm: list[float], cm: list[float]) -> tuple[float, float, float, float]:
    """Return x, y, vertical and horizontal scale of the text matrix in user space (tm × cm)."""
    a = tm[0] * cm[0] + tm[1] * cm[2]
    c = tm[2] * cm[0] + tm[3] * cm[2]
    d = tm[2] * cm[1] + tm[3] * cm[3]
    x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
    y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
    scale = math.hypot(c, d) or 1.0
    return x, y, scale, abs(a) or scale


def _number(operands: list[Any], index: int) -> float:
    value = operands[index] if index < len(operands) else 0.0
    return float(value) if isinstance(value, int | float) else 0.0


def build_lines(runs: list[Run], page: int) -> list[Line]:
    """Return the runs grouped into lines by baseline, top to bottom."""
    runs.sort(key=lambda run: -run.y)
    groups: list[list[Run]] = []
    anchor_y = anchor_size = 0.0
    for run in runs:
        if groups and abs(anchor_y - run.y) <= 0.5 * max(anchor_size, run.size):
            groups[-1].append(run)
            if run.size > anchor_size:
                anchor_y, anchor_size = run.y, run.size  # the main text sets the baseline
            continue
        groups.append([run])
        anchor_y, anchor_size = run.y, run.size
    lines = [_make_line(group, page) for group in groups]
    return [line for line in lines if line.text]


def _make_line(runs: list[Run], page: int) -> Line:
    """Return one line from its runs: spaces and cell breaks from the gaps between runs."""
    runs.sort(key=lambda run: run.x)
    main = max(runs, key=lambda run: len(run.text.strip()) * run.size)
    parts: list[str] = []
    starts: list[tuple[int, Run]] = []
    length = 0
    previous_end: float | None = None
    for run in runs:
        if _is_superscript(run, main):
            text = ln.to_superscript(run.text.strip())
            run = Run(text, run.x, run.y, run.size, run.width, run.font)
        if previous_end is not None:
            gap = run.x - previous_end
            if gap > _CELL_GAP * main.size:
                parts.append(CELL_SEPARATOR)
                length += 1
            elif gap > _WORD_GAP * main.size and _needs_space(parts[-1], run.text):
                parts.append(" ")
                length += 1
        starts.append((length, run))
        parts.append(run.text)
        length += len(run.text)
        previous_end = run.end if previous_end is None else max(previous_end, run.end)
    return _finish_line(
        parts, starts, runs, main, page, main.end if previous_end is None else previous_end
    )


def _needs_space(before: str, after: str) -> bool:
    """Say whether two runs that a word gap separates need a space between them."""
    return not before[-1:].isspace() and not after[:1].isspace()


def _is_superscript(run: Run, main: Run) -> bool:
    """Say whether a run is set small and raised above the main text: a reference mark."""
    return run.size <= 0.85 * main.size and run.y - main.y >= 0.15 * main.size


def _finish_line(
    parts: list[str],
    starts: list[tuple[int, Run]],
    runs: list[Run],
    main: Run,
    page: int,
    end: float,
) -> Line:
    raw = "".join(parts)
    text = _untab_marker(_SYMBOL_BULLET.sub("•", raw.strip(), count=1))
    shift = len(raw) - len(raw.lstrip())
    lettered = [run for run in runs if any(char.isalpha() for char in run.text)] or runs
    return Line(
        text=text,
        page=page,
        x0=runs[0].x,
        x1=end,
        y=main.y,
        size=main.size,
        bold=all(run.font.bold for run in lettered),
        italic=all(run.font.italic for run in lettered),
        starts=[(start - shift, run) for start, run in starts],
    )


def _untab_marker(text: str) -> str:
    """Return a line's text with a bullet, enumerator or note mark in the same cell as the text
    it is tabbed away from (one space in place of the cell break, so offsets stay)."""
    marker = _MARKER_TAB.match(text)
    if marker is None:
        return text
    return f"{text[: marker.end()]} {text[marker.end() + 1 :]}"
