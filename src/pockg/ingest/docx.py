"""Word (.docx) files to draft blocks.

A Word file says outright much of what plain text and PDF leave to guesswork: heading ranks
come from paragraph styles and outline levels, list items from numbering definitions,
footnotes and endnotes from parts of their own. The body is read in order: paragraphs,
tables, content controls and text boxes. A table of contents, in "TOC n" styles or produced
by a TOC field, becomes `toc` entries rather than body text. Word files have no fixed pages,
so no block carries a page.

python-docx opens the package; the body is walked as XML because its API exposes neither
note references, fields nor numbering definitions. What the walk consults has a module each:
the style sheet (`docx_styles`), list numbering (`docx_numbering`), footnotes and endnotes
(`docx_notes`) and TOC fields and lines (`docx_toc`), on the XML helpers of `docx_xml`.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement as Element

from pockg.ingest import docx_xml as wml
from pockg.ingest import lines as ln
from pockg.ingest.docx_notes import Notes, custom_mark
from pockg.ingest.docx_numbering import ListNumber, Numbering
from pockg.ingest.docx_styles import Styles
from pockg.ingest.docx_toc import Fields, toc_entry
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

_TBL, _TR, _TC = qn("w:tbl"), qn("w:tr"), qn("w:tc")
_SDT, _SDT_CONTENT, _CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
_FOOTNOTE_REF, _ENDNOTE_REF = qn("w:footnoteReference"), qn("w:endnoteReference")
_ALT_CHUNK = qn("w:altChunk")


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
        self.styles = Styles(document.styles.element)
        self.numbering = Numbering(wml.related_xml(part, RT.NUMBERING), self.styles)
        self.footnotes = Notes(wml.related_xml(part, RT.FOOTNOTES), "w:footnote")
        self.endnotes = Notes(wml.related_xml(part, RT.ENDNOTES), "w:endnote")
        self.drafts: list[DraftBlock] = []
        self.toc: list[TocEntry] = []
        self.warnings: list[str] = []
        # Bold one-line paragraphs by their index in `drafts`: the headings of a document
        # that uses no heading styles.
        self._bold_headings: dict[int, DraftBlock] = {}
        # The fields open at this point of the text; a field may span paragraphs, as a TOC
        # field does.
        self._fields = Fields()

    def walk(self, container: Element) -> None:
        """Read the block-level content of the body or of a text box, in order."""
        for child in container.iterchildren():
            if child.tag == wml.P:
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
        properties = paragraph.find(wml.PPR)
        style_id = self.styles.paragraph_style(properties)
        # Counted before the text is known: an empty numbered paragraph still takes a number.
        number = self.numbering.paragraph_number(properties, style_id)
        reading = self._read(paragraph)
        toc_level = self.styles.toc_level(style_id)
        if toc_level is not None or reading.in_toc:
            self._toc_entry(reading.text, toc_level)
        else:
            text = wml.collapse(reading.text)
            if text:
                self._add(paragraph, properties, style_id, number, text)
            self.drafts.extend(reading.notes)
        for box in wml.text_boxes(paragraph):
            self.walk(box)

    def _add(
        self,
        paragraph: Element,
        properties: Element | None,
        style_id: str | None,
        number: ListNumber | None,
        text: str,
    ) -> None:
        """Add a paragraph with text as a heading, a list item or a paragraph."""
        rank = self.styles.paragraph_rank(properties, style_id)
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
        self._add_paragraph(paragraph, style_id, text)

    def _add_paragraph(self, paragraph: Element, style_id: str | None, text: str) -> None:
        """Add a body paragraph; note it as a likely heading when it is bold and shaped like one."""
        style = ln.heading_style(text)
        if style and self.styles.all_bold(paragraph, style_id):
            heading = ln.strip_trailing_marks(text)
            self._bold_headings[len(self.drafts)] = DraftBlock(
                BlockKind.HEADING, heading, -1, style=style
            )
        self.drafts.append(paragraph_draft(text))

    def _add_heading(self, text: str, rank: int, number: ListNumber | None) -> None:
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

    def _read(self, paragraph: Element) -> _Reading:
        """Return the paragraph's text with note marks, the notes it cites, and its TOC status."""
        reading = _Reading()
        for run in wml.own_runs(paragraph):
            superscript = wml.child_value(run.find(wml.RPR), "w:vertAlign") == "superscript"
            for child in run.iterchildren():
                piece = self._inline(child, run, reading)
                if not piece:
                    continue
                # A note number typed as superscript digits is written like a real note mark.
                reading.text += (
                    ln.to_superscript(piece) if superscript and piece.isdigit() else piece
                )
                reading.in_toc = reading.in_toc or self._fields.in_toc()
        return reading

    def _inline(self, child: Element, run: Element, reading: _Reading) -> str:
        """Return the text a run's child adds; follow fields and note references on the way."""
        if self._fields.follow(child):
            return ""
        if child.tag in (_FOOTNOTE_REF, _ENDNOTE_REF):
            notes = self.footnotes if child.tag == _FOOTNOTE_REF else self.endnotes
            return self._note_mark(child, run, notes, reading)
        return wml.piece(child)

    def _note_mark(self, reference: Element, run: Element, notes: Notes, reading: _Reading) -> str:
        """Return the mark a note reference shows in the text; queue the note the first time."""
        note_id = str(reference.get(qn("w:id")))
        if not notes.knows(note_id):
            self._warn(f"the text cites note {note_id}, which its notes part lacks")
        custom = wml.is_on(reference.get(qn("w:customMarkFollows")))
        # A custom mark shows in the next run, which is read as text.
        mark, note = notes.cite(note_id, custom_mark(run) if custom else None)
        if note:
            reading.notes.append(note)
        return mark

    def _toc_entry(self, raw: str, level: int | None) -> None:
        """Add a TOC line (`Title<tab>page`) to the TOC; level 0 marks the TOC's own heading."""
        entry = toc_entry(raw, level)
        if entry is None:
            return
        if self.drafts and ln.is_toc_title(self.drafts[-1].text):
            # "Contents" typed above the entries in a body style: part of the TOC.
            self.drafts.pop()
            self._bold_headings.pop(len(self.drafts), None)
        self.toc.append(entry)

    def _table(self, table: Element) -> None:
        """Add one block per row, cells joined by " | ", each followed by the notes it cites."""
        for row in table.iterchildren(_TR):
            notes: list[DraftBlock] = []
            cells = [
                self._cell_text(cell, notes)
                for cell in row.iterchildren(_TC)
                if not wml.continues_merge(cell)
            ]
            text = " | ".join(cell for cell in cells if cell)
            if text:
                self.drafts.append(DraftBlock(BlockKind.TABLE_ROW, text))
            self.drafts.extend(notes)

    def _cell_text(self, cell: Element, notes: list[DraftBlock]) -> str:
        """Return a cell's text, nested tables and text boxes included; collect its notes."""
        texts: list[str] = []
        for paragraph in cell.iter(wml.P):
            if any(a.tag == wml.FALLBACK for a in paragraph.iterancestors()):
                continue
            reading = self._read(paragraph)
            texts.append(reading.text)
            notes.extend(reading.notes)
        return wml.collapse(" ".join(texts))
