"""Heading ranks and list depths of a PDF's blocks, from their layout.

A PDF says nothing of its outline: headings rank by how they look (size, then weight), and
list items and contents entries nest by how far they are indented.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from pockg.ingest.pdf_layout import X_TOLERANCE
from pockg.models import DraftBlock

HeadingStyle = tuple[float, bool, bool]


def style_name(style: HeadingStyle) -> str:
    """Return the style note of a heading's look, such as `pdf/14pt/bold`."""
    size, bold, italic = style
    return f"pdf/{size:g}pt/{'bold' if bold else 'italic' if italic else 'regular'}"


def ranked(
    drafts: list[DraftBlock],
    styles: dict[int, tuple[HeadingStyle, int]],
    markers: dict[int, float],
    first_page: int | None,
) -> list[DraftBlock]:
    """Return the drafts with heading ranks and list depths from their layout.

    The first heading on the first page with text, in that page's largest heading size, is the title
    (rank 0); the other headings rank by size, larger first, bold before regular. List items
    nest by the indentation of their markers: the leftmost is depth 1.
    """
    title = _title_index(styles, first_page)
    order = sorted({s for i, (s, _) in styles.items() if i != title}, key=_style_order)
    indents = sorted(markers.values())
    result = list(drafts)
    for index, (style, _) in styles.items():
        level = 0 if index == title else order.index(style) + 1
        result[index] = replace(result[index], level=level)
    for index, x in markers.items():
        result[index] = replace(result[index], level=rank_position(indents, x) + 1)
    return result


def _title_index(styles: dict[int, tuple[HeadingStyle, int]], first_page: int | None) -> int | None:
    """Return the index of the title: the first of the largest headings on the first page."""
    on_page = {i: style for i, (style, page) in styles.items() if page == first_page}
    if not on_page:
        return None
    largest = max(style[0] for style in on_page.values())
    return min(i for i, style in on_page.items() if style[0] == largest)


def _style_order(style: HeadingStyle) -> tuple[float, bool, bool]:
    size, bold, italic = style
    return -size, not bold, not italic


def rank_position(positions: Sequence[float], x: float) -> int:
    """Return how many distinct positions (`X_TOLERANCE` apart or more) lie left of `x`."""
    rank = 0
    previous: float | None = None
    for position in positions:
        if position > x + X_TOLERANCE:
            break
        if previous is not None and position - previous > X_TOLERANCE:
            rank += 1
        previous = position
    return rank
