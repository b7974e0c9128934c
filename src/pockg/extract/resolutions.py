"""Security Council resolutions in every form the PoC literature writes them.

"resolution 1894 (2009)", "SCR 1612", "UNSCR 2344 (2017)", "S/RES/1325 (2000)",
"Security Council 1894, operative paragraph 33", "SCR 1960 MARA", and lists under one
anchor: "resolutions 1265 (1999), 1296 (2000), 1674 (2006) and 1894 (2009)". Paragraph
numbers ("operative paragraph 19"), report symbols ("S/2020/366", "A/64/19") and resolutions
of other organs ("General Assembly resolution 46/182") are not Security Council resolutions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ANCHOR = re.compile(
    r"(?P<anchor>"
    r"\bS/RES/"
    r"|\b(?:United\s+Nations\s+|UN\s+)?Security\s+Council(?:'s)?(?:\s+[Rr]esolutions?)?"
    r"|\bUN(?:SC)?SCRs?\b|\bUNSCRs?\b|\bSCRs?\b"
    r"|\b[Rr]esolutions?\b"
    r")\s*(?:No\.?\s*|number\s+)?",
)
_OTHER_ORGAN = re.compile(
    r"(General\s+Assembly|GA|Human\s+Rights\s+Council|HRC|ECOSOC|Assembly)\s*$", re.I
)
_NUMBER = re.compile(r"(?P<number>[1-9]\d{2,3})(?!\d|\s*/|\.\d)")
_YEAR = re.compile(r"\s*\((?P<year>(?:19|20)\d\d)\)")
_PARAGRAPH_NOTE = re.compile(
    r"(?:\s*,?\s*\(?\s*(?:operative\s+)?(?:paragraphs?|para\.?|OP)\s+\d+[a-z]?\)?)", re.I
)
_SEPARATOR = re.compile(r"\s*(?:,\s*(?:and\s+)?|\band\s+|&\s*|;\s*)")
# "1325 (2000) on women, peace and security and 1820 (2008)": a topic between two list
# entries; only followed by a number with its year, so prose after a number is not read on.
_TOPIC_GAP = re.compile(
    r"\s+on\s+[A-Za-z ,'’-]{3,80}?\s+and\s+(?=[1-9]\d{2,3}\s*\((?:19|20)\d\d\))"
)
_HIGHEST_NUMBER = 2999  # resolutions passed 2700 in 2024; a margin for the coming years


@dataclass(frozen=True)
class ResolutionMention:
    """A resolution number found in text, with its year when the text gives it."""

    number: str
    year: int | None
    start: int
    end: int
    text: str


def find_resolutions(text: str) -> list[ResolutionMention]:
    """Return every Security Council resolution mentioned in `text`, in order."""
    mentions: list[ResolutionMention] = []
    position = 0
    while True:
        anchor = _ANCHOR.search(text, position)
        if anchor is None:
            return mentions
        found = [] if _other_organ(text, anchor.start()) else _numbers_after(text, anchor)
        if found:
            first = found[0]
            mentions.append(_with_start(first, anchor.start(), text))
            mentions.extend(found[1:])
            position = found[-1].end
        else:
            position = anchor.end()


def _other_organ(text: str, start: int) -> bool:
    """Say whether the anchor is a resolution of another organ ("General Assembly resolution")."""
    return bool(_OTHER_ORGAN.search(text[max(0, start - 30) : start]))


def _numbers_after(text: str, anchor: re.Match[str]) -> list[ResolutionMention]:
    """Return the resolution numbers listed right after an anchor phrase."""
    found: list[ResolutionMention] = []
    position = anchor.end()
    while True:
        number = _NUMBER.match(text, position)
        if number is None or int(number.group("number")) > _HIGHEST_NUMBER:
            return found
        end = number.end()
        year_match = _YEAR.match(text, end)
        year = int(year_match.group("year")) if year_match else None
        end = year_match.end() if year_match else end
        found.append(ResolutionMention(number.group("number"), year, number.start(), end, ""))
        note = _PARAGRAPH_NOTE.match(text, end)
        after_note = note.end() if note else end
        separator = _SEPARATOR.match(text, after_note) or _TOPIC_GAP.match(text, after_note)
        if separator is None or not _NUMBER.match(text, separator.end()):
            break
        position = separator.end()
    return [_with_start(m, m.start, text) for m in found]


def _with_start(mention: ResolutionMention, start: int, text: str) -> ResolutionMention:
    return ResolutionMention(
        mention.number, mention.year, start, mention.end, text[start : mention.end]
    )
