"""Word list numbering: list definitions, their levels, and the running count of each list.

A paragraph is a list item when it, or its style, points at a list (`w:numPr`: a list id and
a level); the list's definition (`w:abstractNum`, with the list's own overrides) gives each
level's number format, number text (`%1.%2.`) and start. Counting follows the body in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement as Element

from pockg.ingest import docx_xml as wml
from pockg.ingest.docx_styles import Styles

_ROMAN = tuple(
    zip(
        (1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1),
        ("M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"),
        strict=True,
    )
)


@dataclass(frozen=True)
class _Level:
    """One level of a list definition: its number format, its number text and its start."""

    fmt: str
    text: str
    start: int


@dataclass(frozen=True)
class ListNumber:
    """A numbered paragraph's place in its list: depth, own enumerator, full number."""

    depth: int
    label: str | None  # None for a bullet
    full: str  # the number as the list writes it, e.g. "2.1."


class Numbering:
    """The list definitions and, while the body is read, the running count of each list."""

    def __init__(self, root: Element | None, styles: Styles) -> None:
        self._styles = styles
        self._levels = {} if root is None else _list_levels(root, styles)
        self._counts: dict[str, dict[int, int]] = {}

    def paragraph_number(
        self, properties: Element | None, style_id: str | None
    ) -> ListNumber | None:
        """Return a paragraph's place in a list, None when it is not a list item.

        The list id and level each come from the paragraph or else its style; a "List Bullet"
        or "List Number" style with no usable definition still makes an item.
        """
        own = properties.find(qn("w:numPr")) if properties is not None else None
        inherited = self._styles.numbering(style_id)
        num_id = wml.child_value(own, "w:numId") or wml.child_value(inherited, "w:numId")
        ilvl_value = wml.child_value(own, "w:ilvl") or wml.child_value(inherited, "w:ilvl")
        ilvl = min(max(wml.integer(ilvl_value) or 0, 0), 8)
        named_depth = self._styles.list_style(style_id)
        if num_id == "0":  # numbering switched off for this paragraph
            return None
        if num_id and self._defines(num_id, ilvl):
            label, full = self._advance(num_id, ilvl)
            # "List Bullet 2" uses level 0 of a list of its own: its name gives the depth.
            depth = ilvl + 1 if ilvl_value is not None or named_depth is None else named_depth
            return ListNumber(depth, label, full)
        return None if named_depth is None else ListNumber(named_depth, None, "")

    def _defines(self, num_id: str, ilvl: int) -> bool:
        """Say whether list `num_id` has a level `ilvl`."""
        return ilvl in self._levels.get(num_id, {})

    def _advance(self, num_id: str, ilvl: int) -> tuple[str | None, str]:
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


def _list_levels(root: Element, styles: Styles) -> dict[str, dict[int, _Level]]:
    """Return the levels of every list instance (`w:num`), overrides applied."""
    abstracts = {a.get(qn("w:abstractNumId")): a for a in root.iterchildren(qn("w:abstractNum"))}
    nums = {str(n.get(qn("w:numId"))): n for n in root.iterchildren(qn("w:num"))}
    result: dict[str, dict[int, _Level]] = {}
    for num_id, num in nums.items():
        abstract = abstracts.get(wml.child_value(num, "w:abstractNumId"))
        # A list defined through a list style points at that style's own numbering.
        for _ in range(3):
            link = wml.child_value(abstract, "w:numStyleLink")
            if not link:
                break
            linked = nums.get(wml.child_value(styles.numbering(link), "w:numId") or "")
            abstract = abstracts.get(wml.child_value(linked, "w:abstractNumId"))
        levels = {} if abstract is None else _levels_of(abstract)
        result[num_id] = _with_overrides(num, levels)
    return result


def _levels_of(definition: Element) -> dict[int, _Level]:
    """Return the levels (`w:lvl`) of a list definition by their index."""
    levels: dict[int, _Level] = {}
    for level in definition.iterchildren(qn("w:lvl")):
        index = wml.integer(level.get(qn("w:ilvl")))
        if index is not None:
            levels[index] = _level(level)
    return levels


def _level(level: Element) -> _Level:
    # Word always writes w:start; 1 is what a reader expects when another tool leaves it out.
    return _Level(
        fmt=wml.child_value(level, "w:numFmt") or "decimal",
        text=wml.child_value(level, "w:lvlText") or "",
        start=wml.integer(wml.child_value(level, "w:start")) or 1,
    )


def _with_overrides(num: Element, levels: dict[int, _Level]) -> dict[int, _Level]:
    """Return a list's levels with its own level definitions and restart numbers applied."""
    result = dict(levels)
    for override in num.iterchildren(qn("w:lvlOverride")):
        index = wml.integer(override.get(qn("w:ilvl")))
        replacement = override.find(qn("w:lvl"))
        found = _level(replacement) if replacement is not None else result.get(index or 0)
        start = wml.integer(wml.child_value(override, "w:startOverride"))
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
