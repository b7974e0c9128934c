"""Lines of PDF text joined into running text.

Words hyphenated at a line end are re-joined, keeping the hyphen of real compounds; a URL
or a path broken across lines is glued back together without a space.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pockg.ingest import lines as ln

_HYPHENATED = re.compile(r"([^\W\d_]+)-$")
_GLUED_END = re.compile(r"(?:[^\s\w]-|\d-|(?:https?://|www\.|\S/)\S*[/?&=_])$")
_URL_END = re.compile(r"(?:https?://|www\.)\S+$")
_URL_PART = re.compile(r"^\S*(?:[%&=/_#~]|\.(?:pdf|html?|aspx?|php|docx?)\b)")
_LEADING_WORD = re.compile(r"[^\W\d_]+")
# Words that never end a hyphenated word: "medium- and long-term", "areas- was". Not the
# possessives that `lines` adds for headings: "lim-" then "its" is one word broken in two.
_FREE_WORDS = ln.FUNCTION_WORDS | {"nor", "but", "than", "been", "has", "have", "had"}


def ends_in_broken_word(text: str) -> bool:
    """Say whether `text` ends in a word with a hyphen after its letters, as `protec-` does."""
    return text.endswith("-") and bool(_HYPHENATED.search(text.rsplit(" ", 1)[-1]))


def join_lines(texts: Sequence[str], vocabulary: frozenset[str]) -> str:
    """Return lines joined into running text, hyphenated words made whole again.

    Only the last word so far decides how the next line attaches (a URL may span
    several lines), which keeps joining linear in the length of the text.
    """
    parts = [texts[0]]
    word = texts[0].rsplit(" ", 1)[-1]
    for text in texts[1:]:
        hyphen = _HYPHENATED.search(word) if word.endswith("-") else None
        glued = not hyphen and bool(_GLUED_END.search(word) or _url_continues(word, text))
        if hyphen:
            parts[-1] = parts[-1][:-1]
            parts.append(_hyphen(hyphen.group(1), text, vocabulary))
        elif not glued:
            parts.append(" ")
        parts.append(text)
        last = text.rsplit(" ", 1)[-1]
        word = word + last if glued and " " not in text else last
    return " ".join(ln.remove_invisible("".join(parts)).split())


def _hyphen(word: str, text: str, vocabulary: frozenset[str]) -> str:
    """Return what replaces the hyphen ending a line that ends in `word-`.

    The document's own vocabulary decides first (`civil-military` written elsewhere keeps
    its hyphen, `protection` written elsewhere loses it); then a capital or a digit
    after the break keeps it, a function word after it (`medium- and long-term`) keeps
    it with its space, and anything else is a word broken by hyphenation.
    """
    following = _LEADING_WORD.match(text)
    after = following.group(0).lower() if following else ""
    before = word.lower()
    if f"{before}-{after}" in vocabulary:
        return "-"
    if before + after in vocabulary:
        return ""
    if not after or text[:1].isupper() or text[:1].isdigit():
        return "-"
    return "- " if after in _FREE_WORDS else ""


def _url_continues(joined: str, text: str) -> bool:
    """Say whether `text` goes on with a URL that ends the text before it."""
    return bool(_URL_END.search(joined) and _URL_PART.match(text))
