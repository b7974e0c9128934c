"""Acronyms defined in the text: "Office for the Coordination of Humanitarian Affairs (OCHA)".

The Schwartz & Hearst algorithm (A simple algorithm for identifying abbreviation definitions
in biomedical text, PSB 2003): a short form in parentheses, and a long form among the words
just before it whose letters contain the short form's characters in order, the first one
starting a word. Extended for the PoC literature: several short forms in one parenthesis
("(CMCoord or UN-CMCoord)"), short forms with digits, hyphens and lower case ("PoC", "C-SASE"),
and the reversed order "OCHA (Office for the Coordination of Humanitarian Affairs)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PARENTHESIS = re.compile(r"\(([^()]{1,120})\)")
_SHORT_FORM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9&./'’-]{0,14}$")
_WORD = re.compile(r"\S+")
_SPLIT_ALTERNATIVES = re.compile(r"\s+or\s+|\s*[;,/]\s+")
# Words a long form may not start with: a definition names a thing, not a clause.
_LEADING_NOISE = {"the", "a", "an", "of", "and", "or", "for", "in", "on", "to", "with", "by"}


@dataclass(frozen=True)
class AcronymDefinition:
    """A short form and the long form the text defines it by, with the long form's offsets."""

    short: str
    long: str
    start: int
    end: int


def find_acronym_definitions(text: str) -> list[AcronymDefinition]:
    """Return the acronym definitions in `text`, in order of appearance."""
    found: list[AcronymDefinition] = []
    for match in _PARENTHESIS.finditer(text):
        inside = match.group(1).strip()
        for short in _short_forms(inside):
            definition = _long_form_before(text, match.start(), short)
            if definition:
                found.append(definition)
        if not found or found[-1].start < match.start() - 200:
            reversed_definition = _reversed(text, match, inside)
            if reversed_definition:
                found.append(reversed_definition)
    return found


def _short_forms(inside: str) -> list[str]:
    """Return the candidate short forms written inside one parenthesis."""
    candidates = [part.strip(" .,") for part in _SPLIT_ALTERNATIVES.split(inside)]
    return [c for c in candidates if _is_short_form(c)]


def _is_short_form(candidate: str) -> bool:
    letters = [c for c in candidate if c.isalpha()]
    return (
        bool(_SHORT_FORM.match(candidate))
        and len(letters) >= 2
        and sum(c.isupper() for c in letters) >= 2
    )


def _long_form_before(text: str, paren_start: int, short: str) -> AcronymDefinition | None:
    """Return the long form of `short` among the words before the parenthesis, if any."""
    window = min(len(short) + 5, len(short) * 2)
    words = list(_WORD.finditer(text, max(0, paren_start - 300), paren_start))[-window:]
    if not words:
        return None
    span_start = words[0].start()
    # A long form does not reach back over another parenthesis or a clause boundary.
    boundary = max(text.rfind(mark, span_start, paren_start) for mark in ("(", ")", ": ", "; "))
    span_start = max(span_start, boundary + 1)
    candidate = text[span_start:paren_start].rstrip()
    offset = _match_backwards(candidate, _letters_and_digits(short))
    if offset is None:
        return None
    long_form = _trim_noise(candidate[offset:])
    if not long_form or len(long_form) <= len(short):
        return None
    start = span_start + candidate.index(long_form, offset)
    return AcronymDefinition(short, long_form, start, start + len(long_form))


def _letters_and_digits(short: str) -> str:
    return "".join(c for c in short.lower() if c.isalnum())


def _match_backwards(candidate: str, short: str) -> int | None:
    """Return where the long form starts in `candidate`, matching `short` from its end.

    Each character of the short form must occur in order; the first must begin a word.
    """
    lowered = candidate.lower()
    position = len(lowered) - 1
    for index in range(len(short) - 1, -1, -1):
        char = short[index]
        while position >= 0 and (
            lowered[position] != char
            or (index == 0 and position > 0 and lowered[position - 1].isalnum())
        ):
            position -= 1
        if position < 0:
            return None
        position -= 1
    return position + 1


def _trim_noise(long_form: str) -> str:
    words = long_form.split()
    while words and words[0].lower() in _LEADING_NOISE:
        words.pop(0)
    return " ".join(words).strip(" ,;:")


def _reversed(text: str, match: re.Match[str], inside: str) -> AcronymDefinition | None:
    """Return "OCHA (Office for the Coordination of ...)" read the other way round."""
    before = re.search(r"([A-Za-z][A-Za-z0-9&-]{1,14})\s*$", text[: match.start()])
    if before is None or not _is_short_form(before.group(1)) or len(inside.split()) < 2:
        return None
    short = before.group(1)
    long_form = _trim_noise(inside)
    if _match_backwards(long_form, _letters_and_digits(short)) != 0:
        return None
    start = match.start(1) + match.group(1).index(long_form)
    return AcronymDefinition(short, long_form, start, start + len(long_form))
