"""What every format of a briefing pack says the same way: the subject line, the note on
sources, how a source is described and where links point."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from pockg.briefing.model import BriefingPack, BriefItem, BriefSection, Citation

NOTE = (
    "Extractive briefing drawn from the pockg knowledge graph: statements are quoted from the "
    "source passages cited; facts on missions, resolutions and themes come from the curated "
    "reference data. Numbers in brackets refer to the sources listed at the end."
)


def long_date(day: date) -> str:
    """Return a date as UN documents write it: `2 December 2026`."""
    # %B names the month in the C locale, which Python keeps unless told otherwise.
    return f"{day.day} {day:%B} {day.year}"


def subject_line(pack: BriefingPack) -> list[tuple[str, str]]:
    """Return the (label, value) pairs of the line under the title."""
    return [("Subject", pack.subject.label), ("Date", long_date(pack.generated))]


def empty_line(pack: BriefingPack) -> str:
    """Return what a pack with no content says."""
    return f"Nothing is recorded in the knowledge graph for {pack.subject.label}."


def describe(citation: Citation) -> str:
    """Return a source as the sources list names it: title (year), section, page."""
    parts = [citation.document_title]
    if citation.year and citation.year[:4] not in citation.document_title:
        parts[0] += f" ({citation.year[:4]})"
    if citation.section:
        parts.append(f"section “{citation.section}”")
    if citation.page is not None:
        parts.append(f"p. {citation.page}")
    return ", ".join(parts)


def link(href: str, link_base: str) -> str:
    """Return `href` with `link_base` before it when it is site-relative."""
    return link_base.rstrip("/") + href if href.startswith("/") and link_base else href


def numbers(pack: BriefingPack) -> dict[str, int]:
    """Return the number of every source of `pack`, by its key."""
    return {citation.key: n for n, citation in enumerate(pack.sources, start=1)}


def grouped(section: BriefSection) -> Iterator[tuple[str | None, list[BriefItem]]]:
    """Yield the items of `section` in runs sharing a sub-heading (None: no sub-heading)."""
    run: list[BriefItem] = []
    for item in section.items:
        if run and item.group != run[0].group:
            yield run[0].group, run
            run = []
        run.append(item)
    if run:
        yield run[0].group, run


def one_line(text: str) -> str:
    """Return `text` on one line (list items and table cells cannot break)."""
    return " ".join(text.split())
