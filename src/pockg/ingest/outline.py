"""Rank headings when the source does not say their level outright.

Three sources of evidence, strongest first: the document's own table of contents, the
heading's numbering scheme (`2.1` sits under `2.`; every `Annex` starts a top-level part),
and the order in which heading styles first appear (a style not seen before opens a level
below the current heading; a style seen before returns to its level).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pockg.ingest import lines as ln
from pockg.models import BlockKind, DraftBlock, TocEntry

_LONG_PARAGRAPH_WORDS = 25
_NUMBERED_STYLES = {"arabic", "arabic-nested", "roman", "alpha", "arabic-paren", "annex"}


def find_title_block(drafts: Sequence[DraftBlock]) -> list[DraftBlock]:
    """Make the document's first heading its title (rank 0) and demote the rest of the title block.

    The title block runs until the body starts: a numbered heading, a list item, a footnote
    or a long paragraph. When a long paragraph starts the body, the heading just before it
    is the first section heading, not part of the title block.
    """
    boundary = _body_start(drafts)
    if boundary is None:
        return list(drafts)
    block_end = boundary
    if drafts[boundary].kind is not BlockKind.HEADING:
        previous_headings = [i for i in range(boundary) if drafts[i].kind is BlockKind.HEADING]
        if previous_headings and previous_headings[-1] > 0:
            block_end = previous_headings[-1]
    result = list(drafts)
    title_seen = False
    for index in range(block_end):
        draft = result[index]
        if draft.kind is not BlockKind.HEADING:
            continue
        kind = BlockKind.PARAGRAPH if title_seen else BlockKind.HEADING
        result[index] = DraftBlock(kind, draft.text, 0, draft.page, draft.label, draft.style)
        title_seen = True
    return result


def _body_start(drafts: Sequence[DraftBlock]) -> int | None:
    for index, draft in enumerate(drafts):
        if draft.kind is BlockKind.HEADING:
            if _scheme(draft) in _NUMBERED_STYLES:
                return index
        elif draft.kind is not BlockKind.PARAGRAPH or _is_body_text(draft):
            return index
    return None


def _is_body_text(draft: DraftBlock) -> bool:
    """Say whether a paragraph reads as body text: long, or a whole sentence of some length."""
    words = ln.word_count(draft.text)
    return words > _LONG_PARAGRAPH_WORDS or (words >= 8 and draft.text.rstrip()[-1] in ".!?")


def _scheme(draft: DraftBlock) -> str:
    return draft.style.split("/")[0]


def unify_markdown_levels(drafts: Sequence[DraftBlock]) -> list[DraftBlock]:
    """Give Markdown headings of one look (numbering and emphasis) one rank: their highest.

    Files converted from PDF often put `A.` under `##` and `C.` under `###`; siblings by
    numbering must stay siblings.
    """
    best: dict[str, int] = {}
    for draft in drafts:
        if _unifiable(draft):
            key = _look(draft)
            best[key] = min(best.get(key, draft.level), draft.level)
    return [_with_level(d, best[_look(d)]) if _unifiable(d) else d for d in drafts]


def _look(draft: DraftBlock) -> str:
    """Return what makes headings siblings: the numbering scheme, else the emphasis."""
    return _scheme(draft) if _scheme(draft) in _NUMBERED_STYLES else draft.style


def _unifiable(draft: DraftBlock) -> bool:
    """Say whether a heading's look is distinctive enough to fix its rank: numbered or emphasised.

    Plain unnumbered Markdown headings are left at the level the author gave them.
    """
    return draft.kind is BlockKind.HEADING and draft.level > 0 and draft.style != "unnumbered/plain"


def assign_plain_levels(drafts: Sequence[DraftBlock], toc: Sequence[TocEntry]) -> list[DraftBlock]:
    """Rank the headings of a plain-text document by TOC, numbering and order of styles."""
    toc_levels = {_toc_key(entry.title): entry.level for entry in toc}
    open_styles: list[str] = []
    result: list[DraftBlock] = []
    last_letter = ""
    for draft in drafts:
        if draft.kind is not BlockKind.HEADING or draft.level >= 0:
            result.append(draft)
            continue
        draft = _resolve_letter_or_roman(draft, last_letter)
        if draft.style == "alpha":
            last_letter = draft.text[0]
        style = _effective_style(draft, toc_levels)
        if style == "annex":
            open_styles = []
        if style in open_styles:
            del open_styles[open_styles.index(style) + 1 :]
        else:
            toc_level = _toc_level(style)
            if toc_level is not None:
                open_styles = [s for s in open_styles if (_toc_level(s) or 99) < toc_level]
            open_styles.append(style)
        result.append(_with_level(draft, len(open_styles)))
    return result


def _resolve_letter_or_roman(draft: DraftBlock, last_letter: str) -> DraftBlock:
    """Read `I.` after `H.` as the letter I, not the Roman one (and so for V, X, L)."""
    if draft.style == "roman" and last_letter and ord(draft.text[0]) == ord(last_letter) + 1:
        return DraftBlock(draft.kind, draft.text, draft.level, draft.page, draft.label, "alpha")
    return draft


def _effective_style(draft: DraftBlock, toc_levels: dict[str, int]) -> str:
    """Return the style key that places a heading: its TOC level when the TOC lists it."""
    if _scheme(draft) == "annex":
        return "annex"
    key = _toc_key(draft.text)
    for toc_key, level in toc_levels.items():
        if key == toc_key or (
            min(len(key), len(toc_key)) >= 12
            and (key.startswith(toc_key) or toc_key.startswith(key))
        ):
            return f"toc:{level}"
    if _scheme(draft) == "arabic-nested":
        return (
            f"toc:{ln.numbering_depth(draft.text)}"
            if toc_levels
            else draft.style + str(ln.numbering_depth(draft.text))
        )
    return draft.style


def _toc_level(style: str) -> int | None:
    return int(style[4:]) if style.startswith("toc:") else None


def _toc_key(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", title.lower())


def _with_level(draft: DraftBlock, level: int) -> DraftBlock:
    return DraftBlock(draft.kind, draft.text, level, draft.page, draft.label, draft.style)
