"""Word (.docx) files to draft blocks.

A Word file says outright much of what plain text and PDF leave to guesswork: heading ranks
come from paragraph styles and outline levels, list items from numbering definitions,
footnotes and endnotes from parts of their own. The body is read in order: paragraphs,
tables, content controls and text boxes. A table of contents, in "TOC n" styles or produced
by a TOC field, becomes `toc` entries rather than body text. Word files have no fixed pages,
so no block carries a page.

python-docx opens the package; the body is walked as XML because its API exposes neither
note references, fields nor numbering definitions.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import OpcError
from docx.opc.part import Part, XmlPart
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.oxml.xmlchemy import BaseOxmlElement as Element

from pockg.ingest import lines as ln
from pockg.ingest.errors import IngestError
from pockg.ingest.outline import assign_plain_levels, find_title_block
from pockg.ingest.text import paragraph_draft
from pockg.models import BlockKind, DraftBlock, ParsedSource, TocEntry

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Encrypted .docx files and legacy .doc files are both OLE compound files.
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"
_MAIN_PART = re.compile(r"^word/document\d*\.xml$")
_READ_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    ValueError,
    SyntaxError,  # lxml's XMLSyntaxError
    OpcError,
)

_VAL = qn("w:val")
_P, _R, _T, _PPR, _RPR = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:pPr"), qn("w:rPr")
_TBL, _TR, _TC = qn("w:tbl"), qn("w:tr"), qn("w:tc")
_SDT, _SDT_CONTENT, _CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
_FLD_CHAR, _INSTR_TEXT = qn("w:fldChar"), qn("w:instrText")
_FOOTNOTE_REF, _ENDNOTE_REF = qn("w:footnoteReference"), qn("w:endnoteReference")
_TEXT_BOX = qn("w:txbxContent")
_ALT_CHUNK = qn("w:altChunk")
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_PIECES = {
    qn("w:tab"): "\t",
    qn("w:ptab"): "\t",
    qn("w:br"): "\n",
    qn("w:cr"): "\n",
    qn("w:noBreakHyphen"): "-",
}
_INVISIBLE = str.maketrans("", "", "\u200b\u200c\u200d\ufeff\u00ad")
_OFF = {"0", "false", "off", "none"}
_ROMAN = tuple(
    zip(
        (1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1),
        ("M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"),
        strict=True,
    )
)

# Style names as styles.xml stores them (lower case), with a few localised spellings that
# documents written by other tools carry.
_TITLE_NAMES = {"title", "titel", "titre", "título", "titolo"}
_HEADING_NAME = re.compile(r"^(?:heading|überschrift|titre|título|titolo|kop|rubrik)\s*([1-9])$")
_TOC_NAME = re.compile(r"^toc\s*([1-9])$")
_LIST_NAME = re.compile(r"^list (bullet|number)(?:\s*([2-9]))?$")


def parse_docx(data: bytes, path: Path) -> ParsedSource:
    """Return the draft blocks, table of contents and warnings of a Word (.docx) file.

    Raises IngestError when the file is not a readable Word document or holds no text.
    """
    document = _open_document(data, path)
    try:
        reader = _Reader(document)
    except SyntaxError as error:  # a broken numbering or notes part
        raise IngestError(path, f"not a readable Word file: {_one_line(error)}") from error
    reader.walk(document.element.body)
    drafts = reader.finish()
    if not drafts:
        raise IngestError(path, "no text found in the Word document")
    return ParsedSource(
        drafts,
        MEDIA_TYPE,
        reader.toc,
        page_count=None,
        warnings=reader.warnings,
        rejoin_split_paragraphs=False,
    )


def _open_document(data: bytes, path: Path) -> Document:
    """Return the opened Word document, or raise IngestError saying why it cannot be opened."""
    if data.startswith(_OLE_SIGNATURE):
        raise IngestError(
            path,
            "an encrypted (password-protected) Word file or a legacy .doc, not a plain .docx: "
            "remove the password or save it as .docx",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except _READ_ERRORS as error:
        raise IngestError(path, f"not a readable Word file: {_one_line(error)}") from error
    if not any(_MAIN_PART.match(name) for name in names):
        raise IngestError(path, "a zip archive but not a Word document (no word/document.xml)")
    try:
        return docx.Document(io.BytesIO(data))
    except _READ_ERRORS as error:
        raise IngestError(path, f"not a readable Word file: {_one_line(error)}") from error


def _one_line(error: BaseException) -> str:
    """Return an error's message on one short line, without python-docx's stream repr."""
    message = " ".join(str(error).split())
    content_type = re.search(r"content type is '([^']+)'", message)
    if content_type:
        return f"its main part is {content_type.group(1)} (a macro-enabled file or a template?)"
    return message[:200] or type(error).__name__


def _related_xml(part: Part, reltype: str) -> Element | None:
    """Return the root element of the part related to `part` by `reltype`, None if there is none.

    python-docx has no class for some parts (footnotes, endnotes); those arrive as plain
    parts holding bytes, so they are parsed here.
    """
    try:
        related = part.part_related_by(reltype)
    except KeyError:
        return None
    return related.element if isinstance(related, XmlPart) else parse_xml(related.blob)


# --- small XML helpers -----------------------------------------------------------------------


def _child_value(element: Element | None, name: str) -> str | None:
    """Return the `w:val` of `element`'s child `name`, None when either is missing."""
    child = element.find(qn(name)) if element is not None else None
    return None if child is None else child.get(_VAL)


def _integer(value: str | None) -> int | None:
    """Return `value` as an integer, None when it is missing or not a number."""
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _toggle(element: Element | None) -> bool | None:
    """Return an on/off property's value (`<w:b/>` is on, `w:val="0"` off), None when unset."""
    return None if element is None else _is_on(element.get(_VAL, "true"))


def _is_on(value: str | None) -> bool:
    """Say whether an on/off attribute value is on (`1`, `true`, `on`); missing is off."""
    return value is not None and value.lower() not in _OFF


def _run_property(run: Element, name: str) -> Element | None:
    """Return the run's own formatting property `name`, None when the run does not set it."""
    properties = run.find(_RPR)
    return None if properties is None else properties.find(qn(name))


def _outline_level(properties: Element | None) -> int | None:
    """Return the outline level set in paragraph properties (0 = top, 9 = body text)."""
    return _integer(_child_value(properties, "w:outlineLvl"))


def _is_inside(element: Element, ancestor: Element) -> bool:
    """Say whether `element` belongs to the paragraph `ancestor` itself.

    Not when a nearer paragraph holds it (a text box anchored in `ancestor`), nor when it
    sits under `mc:Fallback`, which repeats for old readers what `mc:Choice` already holds.
    """
    parent = element.getparent()
    while parent is not None and parent is not ancestor:
        if parent.tag in (_P, _FALLBACK):
            return False
        parent = parent.getparent()
    return parent is ancestor


def _own_runs(paragraph: Element) -> Iterator[Element]:
    """Yield the paragraph's visible runs in order, inside hyperlinks, fields and controls too."""
    for run in paragraph.iter(_R):
        if _is_inside(run, paragraph) and not _toggle(_run_property(run, "w:vanish")):
            yield run


def _text_boxes(paragraph: Element) -> list[Element]:
    """Return the contents of the text boxes anchored in the paragraph."""
    return [box for box in paragraph.iter(_TEXT_BOX) if _is_inside(box, paragraph)]


def _piece(child: Element) -> str:
    """Return the text a run's child shows: its characters, a tab or a break, or ''."""
    if child.tag == _T:
        return str(child.text or "")
    return _PIECES.get(child.tag, "")


def _collapse(text: str) -> str:
    """Return text without invisible characters, each run of whitespace made one space."""
    return " ".join(text.translate(_INVISIBLE).split())


def _plain_text(paragraph: Element) -> str:
    """Return a paragraph's text, whitespace collapsed, without field codes or note marks."""
    return _collapse("".join(_piece(c) for run in _own_runs(paragraph) for c in run))


def _continues_merge(cell: Element) -> bool:
    """Say whether a table cell continues a merged cell, whose text its first cell holds."""
    properties = cell.find(qn("w:tcPr"))
    if properties is None:
        return False
    merges = (properties.find(qn("w:vMerge")), properties.find(qn("w:hMerge")))
    return any(m is not None and m.get(_VAL, "continue") == "continue" for m in merges)


def _custom_mark(run: Element) -> str:
    """Return a note's custom mark: the text of the run after its reference (`*` if none)."""
    following = run.getnext()
    text = "" if following is None else "".join(t.text or "" for t in following.iter(_T))
    return text.strip() or "*"


# --- styles ----------------------------------------------------------------------------------


class _Styles:
    """The style sheet: what a paragraph's style says about headings, lists and bold type."""

    def __init__(self, root: Element) -> None:
        self._by_id: dict[str, Element] = {}
        self.default_paragraph: str | None = None
        for style in root.iterchildren(qn("w:style")):
            style_id = str(style.get(qn("w:styleId"), ""))
            self._by_id[style_id] = style
            if _is_on(style.get(qn("w:default"))) and style.get(qn("w:type")) == "paragraph":
                self.default_paragraph = style_id

    def paragraph_style(self, properties: Element | None) -> str | None:
        """Return the id of a paragraph's style: its own, else the default paragraph style."""
        return _child_value(properties, "w:pStyle") or self.default_paragraph

    def chain(self, style_id: str | None) -> list[Element]:
        """Return the style and the styles it is based on, nearest first."""
        chain: list[Element] = []
        while style_id in self._by_id:
            style = self._by_id[str(style_id)]
            if style in chain:  # a loop of basedOn links in a damaged file
                break
            chain.append(style)
            style_id = _child_value(style, "w:basedOn")
        return chain

    def heading_rank(self, style_id: str | None) -> int | None:
        """Return the heading rank a style gives (Title 0, Heading n n), None for body text."""
        for style in self.chain(style_id):
            name = _style_name(style)
            if name == "subtitle":  # some templates base Subtitle on Title
                return None
            if name in _TITLE_NAMES:
                return 0
            match = _HEADING_NAME.match(name)
            if match:
                return int(match.group(1))
            level = _outline_level(style.find(_PPR))
            if level is not None:
                return level + 1 if level < 9 else None
        return None

    def toc_level(self, style_id: str | None) -> int | None:
        """Return the level of a "TOC n" style, 0 for "TOC Heading", None for other styles."""
        for style in self.chain(style_id):
            name = _style_name(style)
            if name == "toc heading":
                return 0
            match = _TOC_NAME.match(name)
            if match:
                return int(match.group(1))
        return None

    def numbering(self, style_id: str | None) -> Element | None:
        """Return the numbering properties (`w:numPr`) a style carries or inherits."""
        for style in self.chain(style_id):
            properties = style.find(_PPR)
            numbering: Element | None = None
            if properties is not None:
                numbering = properties.find(qn("w:numPr"))
            if numbering is not None:
                return numbering
        return None

    def list_style(self, style_id: str | None) -> int | None:
        """Return the depth a "List Bullet n" or "List Number n" style implies, else None."""
        for style in self.chain(style_id):
            match = _LIST_NAME.match(_style_name(style))
            if match:
                return int(match.group(2) or 1)
        return None

    def bold(self, style_id: str | None) -> bool | None:
        """Return whether a style makes its text bold, None when no style in its chain says."""
        for style in self.chain(style_id):
            found = _toggle(_run_property(style, "w:b"))
            if found is not None:
                return found
        return None


def _style_name(style: Element) -> str:
    return (_child_value(style, "w:name") or "").strip().lower()


# --- numbering -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Level:
    """One level of a list definition: its number format, its number text and its start."""

    fmt: str
    text: str
    start: int


@dataclass(frozen=True)
class _ListNumber:
    """A numbered paragraph's place in its list: depth, own enumerator, full number."""

    depth: int
    label: str | None  # None for a bullet
    full: str  # the number as the list writes it, e.g. "2.1."


class _Numbering:
    """The list definitions and, while the body is read, the running count of each list."""

    def __init__(self, root: Element | None, styles: _Styles) -> None:
        self._levels = {} if root is None else _list_levels(root, styles)
        self._counts: dict[str, dict[int, int]] = {}

    def defines(self, num_id: str, ilvl: int) -> bool:
        """Say whether list `num_id` has a level `ilvl`."""
        return ilvl in self._levels.get(num_id, {})

    def advance(self, num_id: str, ilvl: int) -> tuple[str | None, str]:
        """Count one more item at `ilvl` of list `num_id`; return its enumerator and full number.

        The enumerator is None for a bullet. A new item restarts the counts below its level,
        as Word does by default.
        """
        levels, counts = self._levels[num_id], self._counts.setdefault(num_id, {})
        counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else levels[ilvl].start
        for deeper in [level for level in counts if level > ilvl]:
            del counts[deeper]

        def shown(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            found = levels.get(level, _Level("decimal", "", 1))
            return _format_number(counts.get(level, found.start), found.fmt) or ""

        full = re.sub(r"%([1-9])", shown, levels[ilvl].text)
        return _format_number(counts[ilvl], levels[ilvl].fmt), full


def _list_levels(root: Element, styles: _Styles) -> dict[str, dict[int, _Level]]:
    """Return the levels of every list instance (`w:num`), overrides applied."""
    abstracts = {a.get(qn("w:abstractNumId")): a for a in root.iterchildren(qn("w:abstractNum"))}
    nums = {str(n.get(qn("w:numId"))): n for n in root.iterchildren(qn("w:num"))}
    result: dict[str, dict[int, _Level]] = {}
    for num_id, num in nums.items():
        abstract = abstracts.get(_child_value(num, "w:abstractNumId"))
        # A list defined through a list style points at that style's own numbering.
        for _ in range(3):
            link = _child_value(abstract, "w:numStyleLink")
            if not link:
                break
            linked = nums.get(_child_value(styles.numbering(link), "w:numId") or "")
            abstract = abstracts.get(_child_value(linked, "w:abstractNumId"))
        levels = {} if abstract is None else _levels_of(abstract)
        result[num_id] = _with_overrides(num, levels)
    return result


def _levels_of(definition: Element) -> dict[int, _Level]:
    """Return the levels (`w:lvl`) of a list definition by their index."""
    levels: dict[int, _Level] = {}
    for level in definition.iterchildren(qn("w:lvl")):
        index = _integer(level.get(qn("w:ilvl")))
        if index is not None:
            levels[index] = _level(level)
    return levels


def _level(level: Element) -> _Level:
    # Word always writes w:start; 1 is what a reader expects when another tool leaves it out.
    return _Level(
        fmt=_child_value(level, "w:numFmt") or "decimal",
        text=_child_value(level, "w:lvlText") or "",
        start=_integer(_child_value(level, "w:start")) or 1,
    )


def _with_overrides(num: Element, levels: dict[int, _Level]) -> dict[int, _Level]:
    """Return a list's levels with its own level definitions and restart numbers applied."""
    result = dict(levels)
    for override in num.iterchildren(qn("w:lvlOverride")):
        index = _integer(override.get(qn("w:ilvl")))
        replacement = override.find(qn("w:lvl"))
        found = _level(replacement) if replacement is not None else result.get(index or 0)
        start = _integer(_child_value(override, "w:startOverride"))
        if index is not None and found is not None:
            result[index] = found if start is None else replace(found, start=start)
    return result


def _format_number(number: int, fmt: str) -> str | None:
    """Return `number` written in a Word number format, None for bullets and unnumbered levels."""
    if fmt in ("bullet", "none"):
        return None
    if fmt in ("lowerLetter", "upperLetter") and number > 0:
        # Word goes a ... z, aa ... zz, aaa ...
        letters = chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letters if fmt == "lowerLetter" else letters.upper()
    if fmt in ("lowerRoman", "upperRoman") and number > 0:
        roman = _roman(number)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{number:02d}"
    return str(number)  # decimal, and the number behind formats not spelled out here


def _roman(number: int) -> str:
    """Return `number` (positive) in upper-case Roman numerals."""
    result = ""
    for value, numeral in _ROMAN:
        count, number = divmod(number, value)
        result += numeral * count
    return result


# --- notes -----------------------------------------------------------------------------------


class _Notes:
    """Footnotes or endnotes: their texts by id, and the numbers they get in reading order."""

    def __init__(self, root: Element | None, tag: str) -> None:
        self._texts: dict[str, str] = {}
        self._numbers: dict[str, int] = {}
        self._taken: set[str] = set()
        notes = root.iterchildren(qn(tag)) if root is not None else iter(())
        for note in notes:
            # Separator "notes" draw the rule above the notes; they are not notes.
            if note.get(qn("w:type"), "normal") == "normal":
                texts = (_plain_text(p) for p in note.iter(_P))
                self._texts[str(note.get(qn("w:id")))] = " ".join(t for t in texts if t)

    def number(self, note_id: str) -> int:
        """Return the number Word shows for a note: its place among the notes referenced so far."""
        return self._numbers.setdefault(note_id, len(self._numbers) + 1)

    def knows(self, note_id: str) -> bool:
        """Say whether the notes part holds note `note_id`."""
        return note_id in self._texts

    def take(self, note_id: str) -> str | None:
        """Return a note's text the first time it is referenced, else None (also when unknown)."""
        if note_id in self._taken:
            return None
        self._taken.add(note_id)
        return self._texts.get(note_id) or None


# --- the body --------------------------------------------------------------------------------


@dataclass
class _Reading:
    """One paragraph's text (tabs and breaks kept), the notes it cites, whether it is a TOC line."""

    text: str = ""
    notes: list[DraftBlock] = field(default_factory=list)
    in_toc: bool = False


class _Reader:
    """Walks a document body in order and collects its draft blocks and TOC entries."""

    def __init__(self, document: Document) -> None:
        part = document.part
        self.styles = _Styles(document.styles.element)
        self.numbering = _Numbering(_related_xml(part, RT.NUMBERING), self.styles)
        self.footnotes = _Notes(_related_xml(part, RT.FOOTNOTES), "w:footnote")
        self.endnotes = _Notes(_related_xml(part, RT.ENDNOTES), "w:endnote")
        self.drafts: list[DraftBlock] = []
        self.toc: list[TocEntry] = []
        self.warnings: list[str] = []
        # Bold one-line paragraphs by their index in `drafts`: the headings of a document
        # that uses no heading styles.
        self._bold_headings: dict[int, DraftBlock] = {}
        # Instructions of the fields open at this point of the text; a field may span
        # paragraphs, as a TOC field does.
        self._fields: list[str] = []

    def walk(self, container: Element) -> None:
        """Read the block-level content of the body or of a text box, in order."""
        for child in container.iterchildren():
            if child.tag == _P:
                self._paragraph(child)
            elif child.tag == _TBL:
                self._table(child)
            elif child.tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self.walk(content)
            elif child.tag == _CUSTOM_XML:
                self.walk(child)
            elif child.tag == _ALT_CHUNK:
                self._warn("skipped content embedded from another file (w:altChunk)")

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def finish(self) -> list[DraftBlock]:
        """Return the draft blocks in reading order.

        In a document that uses no heading styles, bold one-line paragraphs shaped like
        headings become headings, ranked as in plain text.
        """
        if not self._bold_headings or any(
            d.kind is BlockKind.HEADING and d.level > 0 for d in self.drafts
        ):
            return self.drafts
        self._warn("no heading styles: headings guessed from bold one-line paragraphs")
        drafts = [self._bold_headings.get(i, d) for i, d in enumerate(self.drafts)]
        if not any(d.kind is BlockKind.HEADING and d.level == 0 for d in drafts):
            drafts = find_title_block(drafts)
        return assign_plain_levels(drafts, self.toc)

    def _paragraph(self, paragraph: Element) -> None:
        """Add the paragraph's block or TOC entry, then the notes it cites, then its text boxes."""
        properties = paragraph.find(_PPR)
        style_id = self.styles.paragraph_style(properties)
        # Counted before the text is known: an empty numbered paragraph still takes a number.
        number = self._list_number(properties, style_id)
        reading = self._read(paragraph)
        toc_level = self.styles.toc_level(style_id)
        if toc_level is not None or reading.in_toc:
            self._toc_entry(reading.text, toc_level)
        else:
            text = _collapse(reading.text)
            if text:
                self._add(paragraph, properties, style_id, number, text)
            self.drafts.extend(reading.notes)
        for box in _text_boxes(paragraph):
            self.walk(box)

    def _add(
        self,
        paragraph: Element,
        properties: Element | None,
        style_id: str | None,
        number: _ListNumber | None,
        text: str,
    ) -> None:
        """Add a paragraph with text as a heading, a list item or a paragraph."""
        rank = self._heading_rank(properties, style_id)
        if rank is not None:
            self._add_heading(text, rank, number)
            return
        if number is not None:
            self.drafts.append(
                DraftBlock(BlockKind.LIST_ITEM, text, number.depth, label=number.label)
            )
            return
        typed = ln.split_list_item(text)  # a bullet or enumerator typed into the text
        if typed:
            self.drafts.append(
                DraftBlock(BlockKind.LIST_ITEM, typed.text, typed.depth, label=typed.label)
            )
            return
        style = ln.heading_style(text)
        if style and self._all_bold(paragraph, style_id):
            heading = ln.strip_trailing_marks(text)
            self._bold_headings[len(self.drafts)] = DraftBlock(
                BlockKind.HEADING, heading, -1, style=style
            )
        self.drafts.append(paragraph_draft(text))

    def _heading_rank(self, properties: Element | None, style_id: str | None) -> int | None:
        """Return a paragraph's heading rank from its own outline level, else from its style."""
        level = _outline_level(properties)
        if level is not None:
            return level + 1 if level < 9 else None  # 9 is "body text", overriding the style
        return self.styles.heading_rank(style_id)

    def _add_heading(self, text: str, rank: int, number: _ListNumber | None) -> None:
        """Add a heading, its automatic number written before it as a typed one would be."""
        if number is not None and number.label is not None and number.full.strip():
            text = f"{number.full.strip()} {text}"
        text = ln.strip_trailing_marks(text)
        if not text:
            return
        last = self.drafts[-1] if self.drafts else None
        if rank == 0 and last and last.kind is BlockKind.HEADING and last.level == 0:
            # A title set over two paragraphs.
            self.drafts[-1] = replace(last, text=f"{last.text} {text}")
            return
        style = f"{ln.heading_scheme(text) or 'unnumbered'}/style"
        self.drafts.append(DraftBlock(BlockKind.HEADING, text, rank, style=style))

    def _list_number(self, properties: Element | None, style_id: str | None) -> _ListNumber | None:
        """Return a paragraph's place in a list, None when it is not a list item.

        The list id and level each come from the paragraph or else its style; a "List Bullet"
        or "List Number" style with no usable definition still makes an item.
        """
        own = properties.find(qn("w:numPr")) if properties is not None else None
        inherited = self.styles.numbering(style_id)
        num_id = _child_value(own, "w:numId") or _child_value(inherited, "w:numId")
        ilvl_value = _child_value(own, "w:ilvl") or _child_value(inherited, "w:ilvl")
        ilvl = min(max(_integer(ilvl_value) or 0, 0), 8)
        named_depth = self.styles.list_style(style_id)
        if num_id == "0":  # numbering switched off for this paragraph
            return None
        if num_id and self.numbering.defines(num_id, ilvl):
            label, full = self.numbering.advance(num_id, ilvl)
            # "List Bullet 2" uses level 0 of a list of its own: its name gives the depth.
            depth = ilvl + 1 if ilvl_value is not None or named_depth is None else named_depth
            return _ListNumber(depth, label, full)
        return None if named_depth is None else _ListNumber(named_depth, None, "")

    def _all_bold(self, paragraph: Element, style_id: str | None) -> bool:
        """Say whether every run of visible text in the paragraph is bold."""
        runs = [
            r for r in _own_runs(paragraph) if "".join(t.text or "" for t in r.iter(_T)).strip()
        ]
        default = bool(self.styles.bold(style_id))
        return bool(runs) and all(self._run_bold(run, default) for run in runs)

    def _run_bold(self, run: Element, default: bool) -> bool:
        """Return whether a run is bold: its own setting, its character style's, or `default`."""
        own = _toggle(_run_property(run, "w:b"))
        if own is not None:
            return own
        styled = self.styles.bold(_child_value(run.find(_RPR), "w:rStyle"))
        return default if styled is None else styled

    def _read(self, paragraph: Element) -> _Reading:
        """Return the paragraph's text with note marks, the notes it cites, and its TOC status."""
        reading = _Reading()
        for run in _own_runs(paragraph):
            superscript = _child_value(run.find(_RPR), "w:vertAlign") == "superscript"
            for child in run.iterchildren():
                piece = self._inline(child, run, reading)
                if not piece:
                    continue
                # A note number typed as superscript digits is written like a real note mark.
                reading.text += (
                    ln.to_superscript(piece) if superscript and piece.isdigit() else piece
                )
                reading.in_toc = reading.in_toc or self._in_toc()
        return reading

    def _inline(self, child: Element, run: Element, reading: _Reading) -> str:
        """Return the text a run's child adds; follow fields and note references on the way."""
        if child.tag == _FLD_CHAR:
            kind = child.get(qn("w:fldCharType"))
            if kind == "begin":
                self._fields.append("")
            elif kind == "end" and self._fields:
                self._fields.pop()
            return ""
        if child.tag == _INSTR_TEXT:
            if self._fields:
                self._fields[-1] += child.text or ""
            return ""
        if child.tag in (_FOOTNOTE_REF, _ENDNOTE_REF):
            notes = self.footnotes if child.tag == _FOOTNOTE_REF else self.endnotes
            return self._note_mark(child, run, notes, reading)
        return _piece(child)

    def _in_toc(self) -> bool:
        return any(instruction.split()[:1] == ["TOC"] for instruction in self._fields)

    def _note_mark(self, reference: Element, run: Element, notes: _Notes, reading: _Reading) -> str:
        """Return the mark a note reference shows in the text; queue the note the first time."""
        note_id = str(reference.get(qn("w:id")))
        if not notes.knows(note_id):
            self._warn(f"the text cites note {note_id}, which its notes part lacks")
        if _is_on(reference.get(qn("w:customMarkFollows"))):
            mark, label = "", _custom_mark(run)  # the next run, read as text, shows the mark
        else:
            mark = label = ln.to_superscript(str(notes.number(note_id)))
        text = notes.take(note_id)
        if text:
            reading.notes.append(DraftBlock(BlockKind.FOOTNOTE, text, label=label))
        return mark

    def _toc_entry(self, raw: str, level: int | None) -> None:
        """Add a TOC line (`Title<tab>page`) to the TOC; level 0 marks the TOC's own heading."""
        if level == 0:
            return
        line = re.sub(r"[^\S\t]+", " ", raw.translate(_INVISIBLE)).strip()
        found = ln.split_toc_line(line)
        title = _collapse(found[0] if found else line)
        if not title:
            return
        if self.drafts and ln.is_toc_title(self.drafts[-1].text):
            # "Contents" typed above the entries in a body style: part of the TOC.
            self.drafts.pop()
            self._bold_headings.pop(len(self.drafts), None)
        page = found[1] if found else None
        self.toc.append(TocEntry(title, level or ln.numbering_depth(title), page))

    def _table(self, table: Element) -> None:
        """Add one block per row, cells joined by " | ", each followed by the notes it cites."""
        for row in table.iterchildren(_TR):
            notes: list[DraftBlock] = []
            cells = [
                self._cell_text(cell, notes)
                for cell in row.iterchildren(_TC)
                if not _continues_merge(cell)
            ]
            text = " | ".join(cell for cell in cells if cell)
            if text:
                self.drafts.append(DraftBlock(BlockKind.TABLE_ROW, text))
            self.drafts.extend(notes)

    def _cell_text(self, cell: Element, notes: list[DraftBlock]) -> str:
        """Return a cell's text, nested tables and text boxes included; collect its notes."""
        texts: list[str] = []
        for paragraph in cell.iter(_P):
            if any(a.tag == _FALLBACK for a in paragraph.iterancestors()):
                continue
            reading = self._read(paragraph)
            texts.append(reading.text)
            notes.extend(reading.notes)
        return _collapse(" ".join(texts))
