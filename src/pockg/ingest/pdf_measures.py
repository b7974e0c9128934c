"""A PDF document's typography, measured on the lines of all its pages.

The body text size is the most common size; line spacing, the right margin, the left margin
and whether paragraphs open with an indented line all come from the lines set at that size.
The document's own words decide later how a word hyphenated at a line end is re-joined.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pockg.ingest import lines as ln
from pockg.ingest.pdf_layout import CELL_SEPARATOR, Line, PageText

_FEW_LINES = 10  # fewer body lines than this do not show where the right margin is
_WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def body_size(lines: Sequence[Line]) -> float:
    """Return the size of the body text: the most common size, counted in characters."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size * 2) / 2] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


@dataclass(frozen=True)
class Measures:
    """A document's typography: body text size, line spacing, margins, paragraph style."""

    body_size: float
    leading_ratio: float  # baseline distance of body lines over their size
    right_edge: float
    body_left: float
    first_line_indent: bool  # paragraphs start with an indented line
    vocabulary: frozenset[str]

    @classmethod
    def of(cls, pages: Sequence[PageText]) -> Measures:
        """Return the measures of a document from the lines of all its pages."""
        lines = [line for page in pages for line in page.lines]
        body = body_size(lines)
        plain = [
            line
            for line in lines
            if abs(line.size - body) <= 0.5 and CELL_SEPARATOR not in line.text
        ]
        left = Counter(round(line.x0) for line in plain).most_common(1)
        body_left = float(left[0][0]) if left else 0.0
        leading = _leading(plain, body)
        return cls(
            body_size=body,
            leading_ratio=leading / body,
            right_edge=_right_edge(plain, pages, body_left),
            body_left=body_left,
            first_line_indent=_indented_paragraphs(plain, body, body_left, leading) >= 2,
            vocabulary=frozenset(_WORDS.findall(" ".join(line.text.lower() for line in lines))),
        )

    def leading(self, size: float) -> float:
        """Return the usual distance between baselines of lines set at `size`."""
        return self.leading_ratio * size


def _right_edge(lines: Sequence[Line], pages: Sequence[PageText], left: float) -> float:
    """Return where body lines end at the right margin.

    Not the very largest end (a line overrunning the margin must not move it); and with
    too few lines to tell, at least the left margin's mirror image.
    """
    ends = sorted(line.x1 for line in lines)
    measured = ends[int(0.95 * (len(ends) - 1))] if ends else 0.0
    if len(ends) >= _FEW_LINES or not pages:
        return measured
    box_left, _, box_right, _ = pages[0].box
    return max(measured, box_right - (left - box_left))


def _leading(lines: Sequence[Line], body: float) -> float:
    """Return the most common baseline distance between consecutive body lines."""
    distances: Counter[float] = Counter()
    for above, below in itertools.pairwise(lines):
        distance = above.y - below.y
        if above.page == below.page and 0.8 * body < distance < 2.5 * body:
            distances[round(distance * 2) / 2] += 1
    return distances.most_common(1)[0][0] if distances else 1.2 * body


def _indented_paragraphs(lines: Sequence[Line], body: float, left: float, leading: float) -> int:
    """Return how many paragraphs open with an indented line followed by flush-left ones."""
    count = 0
    for first, second in itertools.pairwise(lines):
        indent = first.x0 - left
        if (
            first.page == second.page
            and 0.5 * body <= indent <= 4 * body
            and abs(second.x0 - left) <= 1.0
            and first.y - second.y <= leading + 0.25 * body
            and ln.split_list_item(first.text) is None
        ):
            count += 1
    return count
