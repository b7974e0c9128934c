"""WordprocessingML as the Word parser reads it: tag names, properties, runs and their text.

python-docx's API exposes neither note references, fields nor numbering definitions, so the
parser reads the XML itself; these are the small helpers every part of it shares.
"""

from __future__ import annotations

from collections.abc import Iterator

from docx.opc.part import Part, XmlPart
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.oxml.xmlchemy import BaseOxmlElement as Element

from pockg.ingest import lines as ln

VAL = qn("w:val")
P, R, T, PPR, RPR = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:pPr"), qn("w:rPr")
TEXT_BOX = qn("w:txbxContent")
FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_PIECES = {
    qn("w:tab"): "\t",
    qn("w:ptab"): "\t",
    qn("w:br"): "\n",
    qn("w:cr"): "\n",
    qn("w:noBreakHyphen"): "-",
}
_OFF = {"0", "false", "off", "none"}


def related_xml(part: Part, reltype: str) -> Element | None:
    """Return the root element of the part related to `part` by `reltype`, None if there is none.

    python-docx has no class for some parts (footnotes, endnotes); those arrive as plain
    parts holding bytes, so they are parsed here.
    """
    try:
        related = part.part_related_by(reltype)
    except KeyError:
        return None
    return related.element if isinstance(related, XmlPart) else parse_xml(related.blob)


def child_value(element: Element | None, name: str) -> str | None:
    """Return the `w:val` of `element`'s child `name`, None when either is missing."""
    child = element.find(qn(name)) if element is not None else None
    return None if child is None else child.get(VAL)


def integer(value: str | None) -> int | None:
    """Return `value` as an integer, None when it is missing or not a number."""
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def toggle(element: Element | None) -> bool | None:
    """Return an on/off property's value (`<w:b/>` is on, `w:val="0"` off), None when unset."""
    return None if element is None else is_on(element.get(VAL, "true"))


def is_on(value: str | None) -> bool:
    """Say whether an on/off attribute value is on (`1`, `true`, `on`); missing is off."""
    return value is not None and value.lower() not in _OFF


def run_property(run: Element, name: str) -> Element | None:
    """Return the run's own formatting property `name`, None when the run does not set it."""
    properties = run.find(RPR)
    return None if properties is None else properties.find(qn(name))


def outline_level(properties: Element | None) -> int | None:
    """Return the outline level set in paragraph properties (0 = top, 9 = body text)."""
    return integer(child_value(properties, "w:outlineLvl"))


def _is_inside(element: Element, ancestor: Element) -> bool:
    """Say whether `element` belongs to the paragraph `ancestor` itself.

    Not when a nearer paragraph holds it (a text box anchored in `ancestor`), nor when it
    sits under `mc:Fallback`, which repeats for old readers what `mc:Choice` already holds.
    """
    parent = element.getparent()
    while parent is not None and parent is not ancestor:
        if parent.tag in (P, FALLBACK):
            return False
        parent = parent.getparent()
    return parent is ancestor


def own_runs(paragraph: Element) -> Iterator[Element]:
    """Yield the paragraph's visible runs in order, inside hyperlinks, fields and controls too."""
    for run in paragraph.iter(R):
        if _is_inside(run, paragraph) and not toggle(run_property(run, "w:vanish")):
            yield run


def text_boxes(paragraph: Element) -> list[Element]:
    """Return the contents of the text boxes anchored in the paragraph."""
    return [box for box in paragraph.iter(TEXT_BOX) if _is_inside(box, paragraph)]


def piece(child: Element) -> str:
    """Return the text a run's child shows: its characters, a tab or a break, or ''."""
    if child.tag == T:
        return str(child.text or "")
    return _PIECES.get(child.tag, "")


def collapse(text: str) -> str:
    """Return text without invisible characters, each run of whitespace made one space."""
    return " ".join(ln.remove_invisible(text).split())


def plain_text(paragraph: Element) -> str:
    """Return a paragraph's text, whitespace collapsed, without field codes or note marks."""
    return collapse("".join(piece(c) for run in own_runs(paragraph) for c in run))


def continues_merge(cell: Element) -> bool:
    """Say whether a table cell continues a merged cell, whose text its first cell holds."""
    properties = cell.find(qn("w:tcPr"))
    if properties is None:
        return False
    merges = (properties.find(qn("w:vMerge")), properties.find(qn("w:hMerge")))
    return any(m is not None and m.get(VAL, "continue") == "continue" for m in merges)
