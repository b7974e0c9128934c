"""Running headers, footers and page numbers, taken out of a PDF's pages.

Margin lines that repeat, digits aside, on a good share of pages are running headers or
footers; so is small print at the top of a page, even in a one-page document. Page numbers
go too, in any of their usual forms (`12`, `Page 3 of 9`, `- 4 -`, `iv`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from pockg.ingest.pdf_layout import Line, PageText
from pockg.ingest.pdf_measures import body_size

_MARGIN_BAND = 0.08  # share of the page height where running headers and footers sit
_RUNNING_SHARE = 0.3  # share of pages a margin line must repeat on to be a running line
_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|p\.)\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]$"
    r"|^[ivxlcdm]{1,7}$",
    re.IGNORECASE,
)


def remove_running_lines(pages: Sequence[PageText]) -> None:
    """Take running headers, footers and page numbers out of the pages' lines, in place.

    A candidate is one of the first or last two lines of a page, inside the top or bottom
    margin band; it goes when it is a page number, when its text, digits masked, recurs on
    a good share of the pages, or when it sits in the top band in small print (a running
    header, even on a one-page document).
    """
    body = body_size([line for page in pages for line in page.lines])
    candidates = [_margin_lines(page) for page in pages]
    counts: Counter[str] = Counter()
    for lines in candidates:
        counts.update({_masked(line.text) for line in lines})
    with_text = sum(1 for page in pages if page.lines)
    threshold = max(2, math.ceil(_RUNNING_SHARE * with_text))
    for page, lines in zip(pages, candidates, strict=True):
        header_band = page.top - _MARGIN_BAND * (page.top - page.bottom)
        running = {
            id(line)
            for line in lines
            if counts[_masked(line.text)] >= threshold
            or _PAGE_NUMBER.match(line.text)
            or (line.y > header_band and line.size < 0.9 * body)
        }
        if running:
            page.lines = [line for line in page.lines if id(line) not in running]


def _margin_lines(page: PageText) -> list[Line]:
    band = _MARGIN_BAND * (page.top - page.bottom)
    edge = page.lines[:2] + page.lines[2:][-2:]
    return [line for line in edge if line.y > page.top - band or line.y < page.bottom + band]


def _masked(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))
