"""A Word style sheet: what a paragraph's style says about headings, TOC lines, lists and bold.

Styles inherit (`w:basedOn`), so each question walks a style's chain, nearest style first.
Heading styles are recognised by name, in a few localised spellings too, or by an outline
level; a paragraph's own outline level overrides its style's.
"""

from __future__ import annotations

import re

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement as Element

from pockg.ingest import docx_xml as wml

# Style names as styles.xml stores them (lower case), with a few localised spellings that
# documents written by other tools carry.
_TITLE_NAMES = {"title", "titel", "titre", "título", "titolo"}
_HEADING_NAME = re.compile(r"^(?:heading|überschrift|titre|título|titolo|kop|rubrik)\s*([1-9])$")
_TOC_NAME = re.compile(r"^toc\s*([1-9])$")
_LIST_NAME = re.compile(r"^list (bullet|number)(?:\s*([2-9]))?$")


class Styles:
    """The style sheet: what a paragraph's style says about headings, lists and bold type."""

    def __init__(self, root: Element) -> None:
        self._by_id: dict[str, Element] = {}
        self.default_paragraph: str | None = None
        for style in root.iterchildren(qn("w:style")):
            style_id = str(style.get(qn("w:styleId"), ""))
            self._by_id[style_id] = style
            if wml.is_on(style.get(qn("w:default"))) and style.get(qn("w:type")) == "paragraph":
                self.default_paragraph = style_id

    def paragraph_style(self, properties: Element | None) -> str | None:
        """Return the id of a paragraph's style: its own, else the default paragraph style."""
        return wml.child_value(properties, "w:pStyle") or self.default_paragraph

    def chain(self, style_id: str | None) -> list[Element]:
        """Return the style and the styles it is based on, nearest first."""
        chain: list[Element] = []
        while style_id in self._by_id:
            style = self._by_id[str(style_id)]
            if style in chain:  # a loop of basedOn links in a damaged file
                break
            chain.append(style)
            style_id = wml.child_value(style, "w:basedOn")
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
            level = wml.outline_level(style.find(wml.PPR))
            if level is not None:
                return _outline_rank(level)
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
            properties = style.find(wml.PPR)
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
            found = wml.toggle(wml.run_property(style, "w:b"))
            if found is not None:
                return found
        return None

    def paragraph_rank(self, properties: Element | None, style_id: str | None) -> int | None:
        """Return a paragraph's heading rank from its own outline level, else from its style."""
        level = wml.outline_level(properties)
        if level is not None:
            return _outline_rank(level)  # 9 is "body text", overriding the style
        return self.heading_rank(style_id)

    def all_bold(self, paragraph: Element, style_id: str | None) -> bool:
        """Say whether every run of visible text in the paragraph is bold."""
        runs = [
            r
            for r in wml.own_runs(paragraph)
            if "".join(t.text or "" for t in r.iter(wml.T)).strip()
        ]
        default = bool(self.bold(style_id))
        return bool(runs) and all(self._run_bold(run, default) for run in runs)

    def _run_bold(self, run: Element, default: bool) -> bool:
        """Return whether a run is bold: its own setting, its character style's, or `default`."""
        own = wml.toggle(wml.run_property(run, "w:b"))
        if own is not None:
            return own
        styled = self.bold(wml.child_value(run.find(wml.RPR), "w:rStyle"))
        return default if styled is None else styled


def _style_name(style: Element) -> str:
    """Return a style's name in lower case, the form the name patterns above match."""
    return (wml.child_value(style, "w:name") or "").strip().lower()


def _outline_rank(level: int) -> int | None:
    """Return the heading rank of an outline level (0 is rank 1), None for 9, body text."""
    return level + 1 if level < 9 else None
