"""A Word table of contents: lines in "TOC n" styles or inside a TOC field, as entries.

Word writes each entry as a paragraph, `Title<tab>page`; a TOC field (`TOC \\o "1-3"`) wraps
the entries it generated and may span many paragraphs, so the fields open at each point of
the text are followed as the body is read.
"""

from __future__ import annotations

import re

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement as Element

from pockg.ingest import docx_xml as wml
from pockg.ingest import lines as ln
from pockg.models import TocEntry

_FLD_CHAR, _INSTR_TEXT = qn("w:fldChar"), qn("w:instrText")


class Fields:
    """The instructions of the fields open at this point of the text, innermost last."""

    def __init__(self) -> None:
        self._open: list[str] = []

    def follow(self, child: Element) -> bool:
        """Say whether a run's child is a field character or field code, and follow it."""
        if child.tag == _FLD_CHAR:
            kind = child.get(qn("w:fldCharType"))
            if kind == "begin":
                self._open.append("")
            elif kind == "end" and self._open:
                self._open.pop()
            return True
        if child.tag == _INSTR_TEXT:
            if self._open:
                self._open[-1] += child.text or ""
            return True
        return False

    def in_toc(self) -> bool:
        """Say whether the text at this point lies inside a TOC field."""
        return any(instruction.split()[:1] == ["TOC"] for instruction in self._open)


def toc_entry(raw: str, level: int | None) -> TocEntry | None:
    """Return the entry of a TOC line (`Title<tab>page`), None for a line without a title.

    `level` is the "TOC n" style's; 0, the TOC's own heading, gives no entry; None (a line of
    a TOC field in another style) takes the depth its numbering implies.
    """
    if level == 0:
        return None
    line = re.sub(r"[^\S\t]+", " ", ln.remove_invisible(raw)).strip()
    found = ln.split_toc_line(line)
    title = wml.collapse(found[0] if found else line)
    if not title:
        return None
    page = found[1] if found else None
    return TocEntry(title, level or ln.numbering_depth(title), page)
