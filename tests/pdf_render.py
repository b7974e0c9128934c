"""Real PDFs for the PDF parser's tests and the benchmark, drawn with reportlab.

`render_blocks_to_pdf` lays out pockg blocks (as the text parser and `assemble` produce
them) the way a report is typeset: A4, DejaVu fonts, a running header with the document
title and a page number in the footer of every page, bold headings sized by level,
paragraphs wrapped at word boundaries with a first-line indent and flowing across pages,
bulleted or enumerated list items indented by depth, numbered paragraphs as `N. text`,
footnotes in a smaller font at the bottom of the page where they occur, footnote reference
marks as small raised digits, table rows as cells at column positions and, optionally, a
table of contents after the title. A soft hyphen (U+00AD) in a word marks a place where a
line may break with a hyphen; a soft hyphen just after a hard hyphen breaks a compound.

Smaller helpers build test PDFs by hand: blocks from `(kind, text)` items
(`blocks_from_items`), one line per string (`write_lines_pdf`, optionally encrypted),
paragraphs broken into lines where the test says (`write_justified_pdf`), a page written
the way word processors write (`write_word_processor_pdf`), a scan without text
(`write_image_only_pdf`) and corrupt or truncated bytes.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject as TextObject

from pockg.models import Block, BlockKind, TocEntry

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
OBLIQUE = "DejaVuSans-Oblique"
BOLD_OBLIQUE = "DejaVuSans-BoldOblique"

PAGE_WIDTH: float = A4[0]
PAGE_HEIGHT: float = A4[1]
LEFT: float = 2.5 * cm
RIGHT = PAGE_WIDTH - LEFT
TOP = PAGE_HEIGHT - LEFT
BOTTOM = LEFT
WIDTH = RIGHT - LEFT
HEADER_Y: float = PAGE_HEIGHT - 1.4 * cm
FOOTER_Y: float = 1.2 * cm

BODY_SIZE = 10.0
LEADING = 12.0
PARAGRAPH_SPACE = 6.0
ITEM_SPACE = 3.0
FIRST_LINE_INDENT = 18.0
HEADING_SIZES = (20.0, 16.0, 13.5, 12.0)
MINOR_HEADING_SIZE = 11.0
NOTE_SIZE = 8.0
NOTE_LEADING = 9.6
NOTE_SPACE = 2.0
NOTE_RULE_SPACE = 10.0
SUP_SCALE = 0.65
SUP_RISE = 0.35
MARKER_INDENT = 10.0
DEPTH_STEP = 20.0
CELL_GAP = 20.0
SOFT_HYPHEN = "\u00ad"

_SUPERSCRIPT = re.compile("([⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_FROM_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_URL_BREAK = re.compile(r"(?<!:)(?<!:/)[/?&=_](?=[^/])|.(?=%)")

Item = tuple[str, str] | tuple[str, str, str]


@dataclass(frozen=True)
class _Style:
    font: str
    size: float


@dataclass(frozen=True)
class _Draw:
    """One string drawn at one place."""

    text: str
    x: float
    y: float
    style: _Style


@dataclass
class _Page:
    draws: list[_Draw] = field(default_factory=list)
    notes: list[list[tuple[str, float, _Style]]] = field(default_factory=list)
    note_height: float = 0.0


BODY = _Style(REGULAR, BODY_SIZE)
NOTE = _Style(REGULAR, NOTE_SIZE)


def register_fonts() -> None:
    """Register the four DejaVu Sans faces with reportlab (once)."""
    if REGULAR in pdfmetrics.getRegisteredFontNames():
        return
    for name in (REGULAR, BOLD, OBLIQUE, BOLD_OBLIQUE):
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{name}.ttf")))


register_fonts()  # measuring text needs the fonts, not only drawing it


def heading_size(level: int, sizes: Sequence[float] = HEADING_SIZES) -> float:
    """Return the font size of a heading at outline `level` (0 is the title)."""
    return sizes[level] if level < len(sizes) else MINOR_HEADING_SIZE


def text_width(text: str, style: _Style) -> float:
    """Return the drawn width of `text`, superscript digits measured as small raised digits."""
    width = 0.0
    for index, part in enumerate(_SUPERSCRIPT.split(text.replace(SOFT_HYPHEN, ""))):
        if index % 2:
            digits = part.translate(_FROM_SUPERSCRIPT)
            width += pdfmetrics.stringWidth(digits, style.font, style.size * SUP_SCALE)
        elif part:
            width += pdfmetrics.stringWidth(part, style.font, style.size)
    return width


def draw_runs(text: str, x: float, y: float, style: _Style) -> list[_Draw]:
    """Return the draws for one line of text: plain runs, superscripts raised and smaller."""
    draws: list[_Draw] = []
    small = _Style(style.font, style.size * SUP_SCALE)
    for index, part in enumerate(_SUPERSCRIPT.split(text)):
        if not part:
            continue
        if index % 2:
            digits = part.translate(_FROM_SUPERSCRIPT)
            draws.append(_Draw(digits, x, y + style.size * SUP_RISE, small))
            x += pdfmetrics.stringWidth(digits, small.font, small.size)
        else:
            draws.append(_Draw(part, x, y, style))
            x += pdfmetrics.stringWidth(part, style.font, style.size)
    return draws


def wrap(text: str, style: _Style, first_width: float, width: float) -> list[str]:
    """Return `text` broken into lines at spaces (or at soft hyphens, hyphenated).

    The first line is `first_width` wide, the others `width`. A word wider than a line is
    broken where a URL may break (after `/`, `?`, `&`, `=`, `_`, before `%`), or anywhere
    as a last resort.
    """
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    space = pdfmetrics.stringWidth(" ", style.font, style.size)
    queue = deque(text.split())
    while queue:
        word = queue.popleft()
        limit = width if lines else first_width
        needed = text_width(word, style) + (space if current else 0.0)
        if used + needed <= limit:
            current.append(word)
            used += needed
            continue
        room = limit - used - (space if current else 0.0)
        head, tail = _hyphenate(word, style, room)
        if not head and text_width(word, style) > width:
            head, tail = _break_long(word, style, room, force=not current)
        if head:
            current.append(head)
            queue.appendleft(tail)
        else:
            queue.appendleft(word)
        lines.append(" ".join(current))
        current, used = [], 0.0
    if current:
        lines.append(" ".join(current))
    return [line.replace(SOFT_HYPHEN, "") for line in lines]


def _hyphenate(word: str, style: _Style, room: float) -> tuple[str, str]:
    """Return (head with a hyphen, tail) of the widest soft-hyphen split that fits `room`."""
    for index in range(len(word) - 1, 0, -1):
        if word[index] != SOFT_HYPHEN:
            continue
        head = word[:index] if word[index - 1] == "-" else word[:index] + "-"
        if text_width(head, style) <= room:
            return head, word[index + 1 :]
    return "", word


def _break_long(word: str, style: _Style, room: float, force: bool) -> tuple[str, str]:
    """Return (head, tail) of a word wider than a line, the head filling `room`.

    The break comes after a URL separator (`/`, `?`, `&`, `=`, `_`, not inside `://`) or
    before a `%`; with `force` (an empty line) anywhere, when no separator allows it.
    """
    fitting = len(word)
    while fitting > 0 and text_width(word[:fitting], style) > room:
        fitting -= 1
    breaks = [m.end() for m in _URL_BREAK.finditer(word, 0, fitting) if m.end() < len(word)]
    if breaks:
        return word[: breaks[-1]], word[breaks[-1] :]
    if force:
        return word[: max(fitting, 1)], word[max(fitting, 1) :]
    return "", word


class _Layout:
    """Pages being filled from the top, with footnotes stacked at the bottom of each page."""

    def __init__(self) -> None:
        self.pages: list[_Page] = []
        self.y = TOP
        self.new_page()

    @property
    def page(self) -> _Page:
        return self.pages[-1]

    def new_page(self) -> None:
        self.pages.append(_Page())
        self.y = TOP

    def floor(self) -> float:
        """Return the lowest y body text may reach on the current page."""
        notes = self.page.note_height
        return BOTTOM + (notes + NOTE_RULE_SPACE if notes else 0.0)

    def space(self, amount: float) -> None:
        """Leave vertical space, except at the top of a page."""
        if self.y < TOP:
            self.y -= amount

    def ensure(self, height: float) -> None:
        """Start a new page unless `height` more points of body text fit on this one."""
        if self.y - height < self.floor():
            self.new_page()

    def line(self, text: str, x: float, style: _Style, leading: float) -> None:
        """Draw one line of body text below the previous one."""
        self.ensure(leading)
        self.y -= leading
        self.page.draws.extend(draw_runs(text, x, self.y + 0.2 * leading, style))

    def note(self, lines: list[tuple[str, float, _Style]]) -> None:
        """Put a footnote at the bottom of this page, or of a new one when it does not fit."""
        height = len(lines) * NOTE_LEADING + NOTE_SPACE
        if self.y < BOTTOM + self.page.note_height + height + NOTE_RULE_SPACE:
            self.new_page()
        self.page.notes.append(lines)
        self.page.note_height += height


class _Renderer:
    """Lays out blocks one after another onto `_Layout` pages."""

    def __init__(
        self, toc: Sequence[TocEntry], toc_title: str, heading_sizes: Sequence[float]
    ) -> None:
        self.layout = _Layout()
        self.toc = list(toc)
        self.toc_title = toc_title
        self.heading_sizes = heading_sizes
        self.previous: BlockKind | None = None

    def render(self, blocks: Sequence[Block]) -> list[_Page]:
        index = 0
        while index < len(blocks):
            block = blocks[index]
            if block.kind is BlockKind.TABLE_ROW:
                end = index
                while end < len(blocks) and blocks[end].kind is BlockKind.TABLE_ROW:
                    end += 1
                self.table([b.text.split(" | ") for b in blocks[index:end]])
                index = end
                continue
            self.block(block)
            index += 1
        return self.layout.pages

    def block(self, block: Block) -> None:
        if block.kind is BlockKind.HEADING:
            self.heading(block.text, block.level)
            if block.level == 0 and self.toc:
                self.contents()
        elif block.kind is BlockKind.FOOTNOTE:
            self.footnote(block.label or "", block.text)
        elif block.kind in (BlockKind.LIST_ITEM, BlockKind.REFERENCE) and block.level > 0:
            self.item(block.text, block.level, block.label)
        else:
            text = f"{block.label}. {block.text}" if block.label else block.text
            self.paragraph(text)
        self.previous = block.kind

    def heading(self, text: str, level: int) -> None:
        style = _Style(BOLD, heading_size(level, self.heading_sizes))
        leading = 1.2 * style.size
        lines = wrap(text, style, WIDTH, WIDTH)
        self.layout.space(0.9 * style.size)
        self.layout.ensure(len(lines) * leading + 2 * LEADING)  # keep with the next lines
        for line in lines:
            self.layout.line(line, LEFT, style, leading)
        self.layout.space(0.35 * style.size)

    def paragraph(self, text: str) -> None:
        self.layout.space(PARAGRAPH_SPACE)
        lines = wrap(text, BODY, WIDTH - FIRST_LINE_INDENT, WIDTH)
        for number, line in enumerate(lines):
            self.layout.line(line, LEFT + (0.0 if number else FIRST_LINE_INDENT), BODY, LEADING)

    def item(self, text: str, depth: int, label: str | None) -> None:
        listed = self.previous in (BlockKind.LIST_ITEM, BlockKind.REFERENCE)
        self.layout.space(ITEM_SPACE if listed else PARAGRAPH_SPACE)
        marker = f"({label})" if label else "•"
        marker_x = LEFT + MARKER_INDENT + DEPTH_STEP * (depth - 1)
        text_x = marker_x + max(14.0, text_width(marker, BODY) + 5.0)
        for number, line in enumerate(wrap(text, BODY, RIGHT - text_x, RIGHT - text_x)):
            self.layout.line(line, text_x, BODY, LEADING)
            if number == 0:
                self.layout.page.draws.append(_Draw(marker, marker_x, self.layout.y + 2.4, BODY))

    def footnote(self, label: str, text: str) -> None:
        mark = label.translate(_FROM_SUPERSCRIPT)
        small = _Style(REGULAR, NOTE_SIZE * 0.7)
        text_x = LEFT + pdfmetrics.stringWidth(mark, small.font, small.size) + 2.0
        lines = [(mark, LEFT, small)]
        for line in wrap(text, NOTE, RIGHT - text_x, RIGHT - text_x):
            lines.append((line, text_x, NOTE))
        self.layout.note(lines)

    def table(self, rows: list[list[str]]) -> None:
        columns = max(len(row) for row in rows)
        natural = [
            max((text_width(row[c], BODY) for row in rows if c < len(row)), default=0.0)
            for c in range(columns)
        ]
        gaps = CELL_GAP * (columns - 1)
        size = min(BODY_SIZE, BODY_SIZE * (WIDTH - gaps) / max(sum(natural), 1.0))
        style = _Style(REGULAR, round(size, 2))
        starts = [LEFT]
        for width in natural[:-1]:
            starts.append(starts[-1] + width * size / BODY_SIZE + CELL_GAP)
        self.layout.space(PARAGRAPH_SPACE)
        for row in rows:
            self.layout.ensure(1.25 * size)
            self.layout.y -= 1.25 * size
            for cell, x in zip(row, starts, strict=False):
                self.layout.page.draws.extend(
                    draw_runs(cell, x, self.layout.y + 0.25 * size, style)
                )
        self.previous = BlockKind.TABLE_ROW

    def contents(self) -> None:
        """Draw the table of contents after the title, then start the body on a new page."""
        if self.toc_title:
            self.heading(self.toc_title, 1)
        number_width = pdfmetrics.stringWidth("0000", REGULAR, BODY_SIZE)
        for entry in self.toc:
            x = LEFT + 15.0 * (entry.level - 1)
            lines = wrap(entry.title, BODY, RIGHT - x - number_width - 20, RIGHT - x - 20)
            self.layout.space(ITEM_SPACE)
            for line in lines:
                self.layout.line(line, x, BODY, LEADING)
            self.leaders(lines[-1], x, str(entry.page or ""))
        self.layout.new_page()

    def leaders(self, last_line: str, x: float, page: str) -> None:
        """Draw dot leaders after a contents entry and its page number at the right margin."""
        y = self.layout.y + 0.2 * LEADING
        start = x + text_width(last_line, BODY) + 4.0
        page_x = RIGHT - pdfmetrics.stringWidth(page, REGULAR, BODY_SIZE)
        dots = int((page_x - 6.0 - start) / pdfmetrics.stringWidth(".", REGULAR, BODY_SIZE))
        self.layout.page.draws.append(_Draw("." * max(dots, 2), start, y, BODY))
        self.layout.page.draws.append(_Draw(page, page_x, y, BODY))


def render_blocks_to_pdf(
    blocks: Sequence[Block],
    path: Path,
    title: str | None = None,
    toc: Sequence[TocEntry] = (),
    user_password: str | None = None,
    footer: str = "Page {page} of {pages}",
    heading_sizes: Sequence[float] = HEADING_SIZES,
    toc_title: str = "Contents",
) -> Path:
    """Write `blocks` as a typeset A4 PDF at `path` and return `path`.

    `title` goes into the running header (default: the first level-0 heading); `toc`, when
    given, is drawn as a contents page after the title, under `toc_title` if not empty;
    `footer` is the page number line (`{page}`, `{pages}`, `{roman}` are filled in);
    `heading_sizes` are the font sizes of headings by level, from the title down (deeper
    levels are set at 11pt).
    """
    register_fonts()
    if title is None:
        title = next((b.text for b in blocks if b.kind is BlockKind.HEADING and b.level == 0), "")
    pages = _Renderer(toc, toc_title, heading_sizes).render(blocks)
    encrypt = None
    if user_password is not None:
        encrypt = StandardEncryption(user_password, ownerPassword="owner-secret")
    canvas = Canvas(str(path), pagesize=A4, encrypt=encrypt)
    for number, page in enumerate(pages, start=1):
        shown = footer.format(page=number, pages=len(pages), roman=_roman(number))
        _draw_page(canvas, page, title, shown)
    canvas.save()
    return path


def _draw_page(canvas: Canvas, page: _Page, title: str, footer: str) -> None:
    header = _Style(OBLIQUE, 8.0)
    shown = wrap(title, header, WIDTH, WIDTH)[0] if title else ""
    canvas.setFont(header.font, header.size)
    canvas.drawString(LEFT, HEADER_Y, shown)
    canvas.setFont(REGULAR, 8.0)
    canvas.drawCentredString(PAGE_WIDTH / 2, FOOTER_Y, footer)
    for draw in page.draws:
        canvas.setFont(draw.style.font, draw.style.size)
        canvas.drawString(draw.x, draw.y, draw.text)
    _draw_notes(canvas, page)
    canvas.showPage()


def _roman(number: int) -> str:
    """Return `number` in lower-case Roman numerals."""
    numerals = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
    text = ""
    for value, numeral in numerals:
        count, number = divmod(number, value)
        text += numeral * count
    return text


def _draw_notes(canvas: Canvas, page: _Page) -> None:
    """Draw the page's footnotes upwards from the bottom margin, under a short rule."""
    if not page.notes:
        return
    top = BOTTOM + page.note_height
    canvas.setLineWidth(0.5)
    canvas.line(LEFT, top + 4.0, LEFT + 120.0, top + 4.0)
    y = top
    for note in page.notes:
        (mark, mark_x, mark_style), *lines = note
        for number, (line, x, style) in enumerate(lines):
            y -= NOTE_LEADING
            baseline = y + 0.2 * NOTE_LEADING
            if number == 0:
                canvas.setFont(mark_style.font, mark_style.size)
                canvas.drawString(mark_x, baseline + 0.35 * NOTE_SIZE, mark)
            for draw in draw_runs(line, x, baseline, style):
                canvas.setFont(draw.style.font, draw.style.size)
                canvas.drawString(draw.x, draw.y, draw.text)
        y -= NOTE_SPACE


_ITEM_KINDS = {
    "title": (BlockKind.HEADING, 0),
    "h1": (BlockKind.HEADING, 1),
    "h2": (BlockKind.HEADING, 2),
    "h3": (BlockKind.HEADING, 3),
    "h4": (BlockKind.HEADING, 4),
    "p": (BlockKind.PARAGRAPH, 0),
    "li": (BlockKind.LIST_ITEM, 1),
    "li2": (BlockKind.LIST_ITEM, 2),
    "fn": (BlockKind.FOOTNOTE, 0),
    "row": (BlockKind.TABLE_ROW, 0),
}


def blocks_from_items(items: Sequence[Item]) -> list[Block]:
    """Return blocks for hand-written `(kind, text)` or `(kind, text, label)` items.

    Kinds: `title`, `h1`..`h4`, `p` (paragraph), `li`/`li2` (list item at depth 1/2),
    `fn` (footnote; label such as `¹`), `row` (table row, cells joined by ` | `).
    """
    blocks: list[Block] = []
    for item in items:
        kind, level = _ITEM_KINDS[item[0]]
        label = item[2] if len(item) == 3 else None
        blocks.append(Block("", kind, item[1], (), level, None, 0, 0, label))
    return blocks


def write_lines_pdf(
    path: Path, pages: Sequence[Sequence[str]], user_password: str | None = None
) -> Path:
    """Write a PDF with one line of 11pt text per string, a page per list (empty: blank page)."""
    register_fonts()
    encrypt = None
    if user_password is not None:
        encrypt = StandardEncryption(user_password, ownerPassword="owner-secret")
    canvas = Canvas(str(path), pagesize=A4, encrypt=encrypt)
    for lines in pages:
        y = TOP
        for line in lines:
            canvas.setFont(REGULAR, 11.0)
            canvas.drawString(LEFT, y, line)
            y -= 16.0
        canvas.showPage()
    canvas.save()
    return path


def write_image_only_pdf(path: Path, page_count: int = 2) -> Path:
    """Write a PDF whose pages hold only drawn shapes: a scan without a text layer."""
    canvas = Canvas(str(path), pagesize=A4)
    for page in range(page_count):
        canvas.setFillGray(0.3 + 0.2 * page)
        canvas.rect(2 * cm, 2 * cm, 12 * cm, (8 + page) * cm, fill=1)
        canvas.circle(10 * cm, 20 * cm, 3 * cm, fill=1)
        canvas.showPage()
    canvas.save()
    return path


def corrupt_pdf_bytes() -> bytes:
    """Return bytes that start like a PDF but hold no valid document."""
    return b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage\n"


def truncated_pdf_bytes(path: Path, fraction: float = 0.5) -> bytes:
    """Return the first `fraction` of the bytes of the PDF at `path`: a cut-off download."""
    data = path.read_bytes()
    return data[: int(len(data) * fraction)]


def write_justified_pdf(path: Path, paragraphs: Sequence[Sequence[str]]) -> Path:
    """Write one page of paragraphs broken into lines exactly as given; return `path`.

    Every line but a paragraph's last is justified to the full width (the first indented),
    so a line end falls where the test wants it, e.g. after a hyphen. Lines must be nearly
    full already: a line that would need gaps wider than 4pt between words is refused.
    """
    register_fonts()
    canvas = Canvas(str(path), pagesize=A4)
    y = TOP
    for lines in paragraphs:
        y -= PARAGRAPH_SPACE
        for number, line in enumerate(lines):
            y -= LEADING
            x = LEFT + (0.0 if number else FIRST_LINE_INDENT)
            last = number == len(lines) - 1
            _draw_justified(canvas, line, x, y + 0.2 * LEADING, justify=not last)
    canvas.showPage()
    canvas.save()
    return path


def _draw_justified(canvas: Canvas, line: str, x: float, y: float, justify: bool) -> None:
    words = line.split()
    natural = text_width(line, BODY)
    extra = (RIGHT - x - natural) / max(len(words) - 1, 1) if justify else 0.0
    if not 0.0 <= extra <= 4.0:
        raise ValueError(f"line not nearly full, cannot justify: {line!r}")
    space = pdfmetrics.stringWidth(" ", REGULAR, BODY_SIZE) + extra
    canvas.setFont(REGULAR, BODY_SIZE)
    for word in words:
        canvas.drawString(x, y, word)
        x += pdfmetrics.stringWidth(word, REGULAR, BODY_SIZE) + space


def write_word_processor_pdf(path: Path, heading: str, lines: Sequence[str], notes: str) -> Path:
    """Write a page set the way word processors write PDFs; return `path`.

    One text object per paragraph: `lines` justified with word spacing (`Tw`) except the
    last, a `^1` in a line drawn as a superscript raised with text rise (`Ts`) right after
    the word before it; two bullets from the ZapfDingbats font tabbed away from their
    text; a footnote at the bottom, its plain number tabbed away from `notes`.
    """
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setFont("Helvetica-Bold", 14)
    canvas.drawString(LEFT, TOP, heading)
    text = canvas.beginText(LEFT, TOP - 24)
    for number, line in enumerate(lines):
        _justified_line(text, line, justify=number < len(lines) - 1)
    canvas.drawText(text)
    for number, item in enumerate(("First bullet point.", "Second bullet point.")):
        y = TOP - 24 - 14 * len(lines) - 8 - 14 * number
        canvas.setFont("ZapfDingbats", 7)
        canvas.drawString(LEFT + 10, y + 1, "l")
        canvas.setFont("Helvetica", 11)
        canvas.drawString(LEFT + 36, y, item)
    canvas.setFont("Helvetica", 9)
    canvas.drawString(LEFT, BOTTOM, "1")
    canvas.drawString(LEFT + 24, BOTTOM, notes)
    canvas.showPage()
    canvas.save()
    return path


def _justified_line(text: TextObject, line: str, justify: bool) -> None:
    plain = line.replace("^1", "1")
    natural = pdfmetrics.stringWidth(plain, "Helvetica", 11)
    spaces = line.count(" ")
    text.setWordSpace((WIDTH - natural) / spaces if justify and spaces else 0.0)
    before, _, after = line.partition("^1")
    text.setFont("Helvetica", 11)
    text.textOut(before)
    if after or line.endswith("^1"):
        text.setFont("Helvetica", 7)
        text.setRise(4)
        text.textOut("1")
        text.setRise(0)
        text.setFont("Helvetica", 11)
        text.textOut(after)
    text.textLine("")
    text.setLeading(14)
