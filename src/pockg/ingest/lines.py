"""Line-level patterns shared by the text, PDF and Word parsers.

Each function looks at one line (or one short unit of text) and says what it is: a list
item, a footnote, a table-of-contents line, a caption, or a heading of some numbering style.
The patterns come from the real variety of PoC documents: Markdown and plain text, bullet
glyphs (`-`, `•`, `❖`, `➔`), enumerators (`1)`, `(a)`, `- 1 `), footnote marks (`¹²`,
`<sup>12</sup>`, `*`), TOC lines with dot leaders or tabs, ALL-CAPS country headings.
One function looks further: `split_off_toc` finds a table of contents among a document's
lines, whatever a line is in its format.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)
BULLET_GLYPHS = "-•❖➔▪►◦●○■□➢✓–*·"

_BULLET = rf"[{re.escape(BULLET_GLYPHS)}]"
_ENUMERATOR = r"(?:\(\d{1,2}\)|\d{1,2}\)|\([a-z]\)|[a-z]\)|\([ivx]{1,4}\))"
_LIST_ITEM = re.compile(
    rf"^(?P<indent>[ \t]*)"
    rf"(?:(?P<bullet>{_BULLET})(?:\s+{_BULLET})?\s+(?:(?P<num>\d{{1,2}})\s+(?=\S))?"
    rf"|(?P<enum>{_ENUMERATOR})\s+)(?P<text>\S.*)$"
)
_SUP_TAG = re.compile(r"<sup>\s*([0-9a-z*]+)\s*</sup>", re.IGNORECASE)
_FOOTNOTE = re.compile(
    rf"^(?P<label>[{SUPERSCRIPT_DIGITS}]+|\*)\s*(?P<text>(?:\*(?=[^\s*])|[^\s*]).*)$"
)
_TRAILING_MARKS = re.compile(rf"[{SUPERSCRIPT_DIGITS}*]+$")
_TOC_LINE = re.compile(r"^(?P<title>\S.*?)(?:\s*\.{2,}\s*|\s*\t+\s*|\s{3,})(?P<page>\d{1,4})\s*$")
_TOC_TITLE = re.compile(r"^\s*(table of )?contents\s*$", re.IGNORECASE)
_CAPTION = re.compile(r"^(figure|fig\.|table|box|chart|map|source|photo)\b\s*[\d:.]", re.IGNORECASE)
_URL = re.compile(r"https?://|www\.|<http", re.IGNORECASE)
_ANNEX = re.compile(r"^(annex|appendix)\b", re.IGNORECASE)
_NUMBERING = (
    ("arabic-nested", re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})+)\.?\s+(?=\S)")),
    ("arabic", re.compile(r"^(?P<num>\d{1,2})\.\s+(?=\S)")),
    ("arabic-paren", re.compile(r"^(?P<num>\d{1,2})\)\s+(?=\S)")),
    ("roman", re.compile(r"^(?P<num>[IVXL]{1,5})\.\s+(?=\S)")),
    ("alpha", re.compile(r"^(?P<num>[A-Z])\.\s+(?=\S)")),
)
# Articles, conjunctions, prepositions, demonstratives and forms of "be": a heading does not end
# in one, and one after a line-end hyphen is a word of its own, not the rest of a broken word.
# Each user adds the few words only it needs.
_FUNCTION_WORD_LIST = (
    "a an the and or of to in on at by for with from as that which this these is are was were be"
)
FUNCTION_WORDS = frozenset(_FUNCTION_WORD_LIST.split())
# A heading never ends in a function word or a possessive: "... with the cluster, and the".
_DANGLING_WORDS = FUNCTION_WORDS | {"its", "their"}
NUMBERED_PARAGRAPH = re.compile(r"^(\d{1,3})\.\s+(?=\S)")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\ufeff\u00ad]")
_Item = TypeVar("_Item")
_Entry = TypeVar("_Entry")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@dataclass(frozen=True)
class ListMarker:
    """A list item found on a line: its nesting depth, enumerator label and text."""

    depth: int
    label: str | None
    text: str


def to_superscript(digits: str) -> str:
    """Return `digits` written with Unicode superscript digits, the one form of footnote mark."""
    return digits.translate(_TO_SUPERSCRIPT)


def normalise_footnote_marks(text: str) -> str:
    """Rewrite `<sup>12</sup>` marks as `¹²` so every source format marks notes alike."""
    return _SUP_TAG.sub(lambda m: to_superscript(m.group(1)), text)


def split_list_item(line: str) -> ListMarker | None:
    """Return the list item on `line`, or None when the line is not one.

    A run of a single `*` at the start is emphasis in Markdown, not a bullet, so it only
    counts when followed by a space.
    """
    match = _LIST_ITEM.match(line.replace("\u00a0", " "))
    if not match:
        return None
    indent = len(match.group("indent").expandtabs(4))
    label = match.group("num") or match.group("enum")
    if label:
        label = label.strip("()")
    return ListMarker(depth=1 + indent // 2, label=label, text=match.group("text").strip())


def split_footnote(line: str) -> tuple[str, str] | None:
    """Return (label, text) when `line` is a footnote: a leading note mark then its text."""
    match = _FOOTNOTE.match(normalise_footnote_marks(line.strip()))
    if not match:
        return None
    label = match.group("label")
    text = match.group("text").strip()
    if label == "*" and text.count("*") % 2 == 1:
        return None  # "*emphasis* text": Markdown, not a starred note
    return label, text


def remove_invisible(text: str) -> str:
    """Return `text` without zero-width characters, byte-order marks and soft hyphens."""
    return _INVISIBLE.sub("", text)


def split_toc_line(line: str) -> tuple[str, int] | None:
    """Return (title, page) when `line` is a table-of-contents entry with its page number."""
    match = _TOC_LINE.match(line.strip("\n"))
    if not match:
        return None
    title = match.group("title").rstrip(". \t")
    if not re.search(r"[A-Za-z]{2}", title):
        return None
    return title, int(match.group("page"))


def is_toc_title(line: str) -> bool:
    """Say whether `line` introduces a table of contents."""
    return bool(_TOC_TITLE.match(strip_emphasis(line)))


def split_off_toc(
    items: Sequence[_Item],
    text_of: Callable[[_Item], str],
    entry_at: Callable[[Sequence[_Item], int], tuple[_Entry, int] | None],
    accept_untitled: Callable[[list[_Entry]], bool] | None = None,
) -> tuple[list[_Item], list[list[_Entry]]]:
    """Return the items outside any table of contents, and the TOC's runs of entries.

    A TOC is a "Contents" line followed by entries, or a run of three or more entries that
    `accept_untitled` (when given) accepts. `entry_at(items, index)` returns the entry that
    starts at `index` and the index after it (an entry may take more than one item), or None;
    blank items before and between entries belong to the run.
    """
    kept: list[_Item] = []
    runs: list[list[_Entry]] = []
    index = 0
    while index < len(items):
        titled = is_toc_title(text_of(items[index]))
        end, entries = _toc_run(items, index + 1 if titled else index, text_of, entry_at)
        untitled = len(entries) >= 3 and (accept_untitled is None or accept_untitled(entries))
        if (titled and entries) or untitled:
            runs.append(entries)
            index = end
            continue
        kept.append(items[index])
        index += 1
    return kept, runs


def _toc_run(
    items: Sequence[_Item],
    start: int,
    text_of: Callable[[_Item], str],
    entry_at: Callable[[Sequence[_Item], int], tuple[_Entry, int] | None],
) -> tuple[int, list[_Entry]]:
    """Return where the run of TOC entries from `start` ends, and its entries."""
    entries: list[_Entry] = []
    index = start
    while index < len(items):
        if not text_of(items[index]).strip():
            index += 1
            continue
        found = entry_at(items, index)
        if found is None:
            break
        entry, index = found
        entries.append(entry)
    return index, entries


def is_caption(text: str) -> bool:
    """Say whether `text` is a figure or table caption or a source line."""
    return bool(_CAPTION.match(text))


def strip_emphasis(text: str) -> str:
    """Remove Markdown emphasis markers that wrap words, keeping the words."""
    text = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    return re.sub(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])", r"\1", text)


def strip_trailing_marks(text: str) -> str:
    """Remove footnote marks (superscripts, asterisks) from the end of a heading."""
    return _TRAILING_MARKS.sub("", normalise_footnote_marks(text).rstrip()).rstrip()


def numbering_scheme(text: str) -> tuple[str, str] | None:
    """Return (scheme, number) of a numbered heading such as `2.1`, `III.`, `B.` or `1)`."""
    for scheme, pattern in _NUMBERING:
        match = pattern.match(text)
        if match:
            return scheme, match.group("num")
    return None


def heading_scheme(text: str) -> str | None:
    """Return `annex` for an annex or appendix heading, else its numbering scheme, if any."""
    if _ANNEX.match(text):
        return "annex"
    found = numbering_scheme(text)
    return found[0] if found else None


def numbering_depth(text: str) -> int:
    """Return the outline depth a heading's number implies: `2.1` is 2, `2.` or `II.` is 1."""
    found = numbering_scheme(text)
    if found and found[0] == "arabic-nested":
        return found[1].count(".") + 1
    return 1


def is_all_caps(text: str) -> bool:
    """Say whether the letters of `text` are upper case (at least three of them)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def word_count(text: str) -> int:
    """Return the number of words in `text` (runs of letters)."""
    return len(_WORD.findall(text))


def heading_style(text: str) -> str | None:
    """Return the heading style of a one-line unit of plain text, or None if it is not one.

    Styles are a numbering scheme (`arabic`, `arabic-nested`, `roman`, `alpha`,
    `arabic-paren`), `annex`, `caps` or `plain`. Headings are short, start with a capital,
    carry no URL and do not end like a sentence or a lead-in.
    """
    text = strip_trailing_marks(strip_emphasis(text.strip()))
    if not text or len(text) > 140 or is_caption(text) or _URL.search(text) or "=" in text:
        return None
    numbered = numbering_scheme(text)
    body = text[len(numbered[1]) + 1 :].strip(" .)") if numbered else text
    words = word_count(body)
    if words == 0 or words > 16 or not (body[0].isupper() or body[0].isdigit()):
        return None
    if _ANNEX.match(text):
        return "annex"
    if text.endswith(":"):
        # "D. Information-gathering and sharing system:" is a heading; "Others:" a lead-in.
        return numbered[0] if numbered and words <= 6 else None
    if text[-1] in ".,;" or (text[-1] in "?!" and not is_all_caps(text)):
        return None
    if text.split()[-1].lower() in _DANGLING_WORDS:
        return None  # "... with the cluster, and the": a sentence cut off, not a heading
    if numbered:
        return numbered[0]
    return "caps" if is_all_caps(text) else "plain"
