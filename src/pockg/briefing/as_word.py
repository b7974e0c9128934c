"""A briefing pack as a Word document styled for editing: the Title style, a subject and
date line, real Heading 1 and Heading 2 paragraphs, bulleted statements with superscript
reference numbers that jump to the numbered Sources list at the end, whose entries give the
document, section, page and the link to the passage. No tables are used for layout."""

from __future__ import annotations

from datetime import datetime, time
from io import BytesIO
from typing import Any

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from pockg.briefing.model import BriefingPack, BriefItem, Citation
from pockg.briefing.wording import (
    NOTE,
    describe,
    empty_line,
    grouped,
    link,
    numbers,
    one_line,
    subject_line,
)

FONT = "Calibri"
FONT_SIZE = Pt(11)
LINK_COLOUR = RGBColor(0x05, 0x63, 0xC1)


def render_docx(pack: BriefingPack, *, link_base: str = "") -> bytes:
    """Return `pack` as the bytes of a `.docx` file."""
    document = Document()
    _set_styles(document)
    _set_properties(document, pack)
    document.add_paragraph(pack.title, style="Title")
    line = document.add_paragraph()
    for n, (label, value) in enumerate(subject_line(pack)):
        line.add_run(("    " if n else "") + f"{label}: ").bold = True
        line.add_run(value)
    note = document.add_paragraph()
    note.add_run(NOTE).italic = True
    if pack.is_empty:
        document.add_paragraph(empty_line(pack))
    numbered = numbers(pack)
    styles = {name: document.styles[name].style_id for name in ("List Bullet", "List Bullet 2")}
    for section in pack.sections:
        document.add_heading(section.title, level=1)
        if section.note:
            document.add_paragraph().add_run(section.note).italic = True
        for group, items in grouped(section):
            if group:
                document.add_heading(group, level=2)
            for item in items:
                _add_item(document, item, numbered, styles)
    if pack.sources:
        _add_sources(document, pack, link_base)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _set_styles(document: Any) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = FONT_SIZE
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(6)


def _set_properties(document: Any, pack: BriefingPack) -> None:
    properties = document.core_properties
    properties.title = pack.title
    properties.subject = pack.subject.label
    properties.author = "pockg"
    properties.comments = NOTE
    properties.created = datetime.combine(pack.generated, time())


def _add_item(
    document: Any, item: BriefItem, numbered: dict[str, int], styles: dict[str, str]
) -> None:
    paragraph = _styled(document, styles["List Bullet"])
    if item.label:
        paragraph.add_run(item.label + (": " if item.text else "")).bold = True
    paragraph.add_run(one_line(item.text))
    _add_markers(paragraph, item.citations, numbered)
    for name, value in item.details:
        detail = _styled(document, styles["List Bullet 2"])
        detail.add_run(f"{name}: ").italic = True
        detail.add_run(one_line(value))
    for variant in item.variants:
        also = _styled(document, styles["List Bullet 2"])
        also.add_run("Also: ").italic = True
        also.add_run(one_line(variant.text))
        _add_markers(also, variant.citations, numbered)


def _styled(document: Any, style_id: str) -> Any:
    """Return a new paragraph of the style `style_id` at the end of `document`.

    The style is set by its id: python-docx's own `style=` looks the name up by scanning
    every style of the document each time, two thirds of the time a large pack took.
    """
    paragraph = document.add_paragraph()
    paragraph._p.style = style_id
    return paragraph


def _add_markers(paragraph: Any, citations: tuple[Citation, ...], numbered: dict[str, int]) -> None:
    """Add superscript reference numbers, each a link to its entry in the sources list."""
    paragraph.add_run(" ")
    for citation in citations:
        number = numbered[citation.key]
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("w:anchor"), _bookmark(number))
        hyperlink.append(_run_element(f"[{number}]", superscript=True))
        paragraph._p.append(hyperlink)


def _add_sources(document: Any, pack: BriefingPack, link_base: str) -> None:
    document.add_heading("Sources", level=1)
    for number, citation in enumerate(pack.sources, start=1):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(1)
        paragraph.paragraph_format.first_line_indent = Cm(-1)
        _add_bookmark(paragraph, number, f"[{number}]")
        paragraph.add_run(f"\t{describe(citation)}. ")
        target = link(citation.href, link_base)
        label = "Passage" if citation.passage else "Record"
        paragraph.add_run(f"{label}: ")
        if target.startswith(("http://", "https://")):
            _add_hyperlink(paragraph, target, target)
        else:
            paragraph.add_run(target)


def _bookmark(number: int) -> str:
    return f"source_{number}"


def _add_bookmark(paragraph: Any, number: int, text: str) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), _bookmark(number))
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    paragraph._p.append(start)
    paragraph._p.append(_run_element(text))
    paragraph._p.append(end)


def _add_hyperlink(paragraph: Any, url: str, text: str) -> None:
    relationship = paragraph.part.relate_to(
        url,
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        is_external=True,
    )
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), relationship)
    hyperlink.append(_run_element(text, link=True))
    paragraph._p.append(hyperlink)


def _run_element(text: str, *, superscript: bool = False, link: bool = False) -> Any:
    """Return a `w:r` element holding `text`, superscript or styled as a link."""
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    if link:
        colour = OxmlElement("w:color")
        colour.set(qn("w:val"), str(LINK_COLOUR))
        underline = OxmlElement("w:u")
        underline.set(qn("w:val"), "single")
        properties.append(colour)
        properties.append(underline)
    if superscript:
        align = OxmlElement("w:vertAlign")
        align.set(qn("w:val"), "superscript")
        properties.append(align)
    run.append(properties)
    text_element = OxmlElement("w:t")
    text_element.set(qn("xml:space"), "preserve")
    text_element.text = text
    run.append(text_element)
    return run
