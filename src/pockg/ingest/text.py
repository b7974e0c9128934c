"""Plain text and Markdown to draft blocks.

Files converted from PDF or Word arrive in both flavours, often mixed: Markdown headings and
emphasis, `<sup>` footnote marks, tables of contents with dot leaders or tabs, bullet glyphs,
numbered paragraphs, ALL-CAPS headings, `---` where a page ended. A file is read as Markdown
when it has at least one `#` heading; otherwise headings are recognised from their shape.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pockg.ingest import lines as ln
from pockg.ingest.encoding import NotTextError, decode_text
from pockg.ingest.errors import IngestError
from pockg.ingest.outline import assign_plain_levels, find_title_block, unify_markdown_levels
from pockg.models import BlockKind, DraftBlock, ParsedSource, TocEntry

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_MD_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]*)\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")


@dataclass
class _Unit:
    """Consecutive source lines that make one block."""

    kind: BlockKind
    lines: list[str] = field(default_factory=list)
    level: int = 0
    label: str | None = None
    md_heading: bool = False
    in_run: bool = False  # no blank line before or after: one entry of a list, never a heading


def parse_text_file(data: bytes, path: Path) -> ParsedSource:
    """Return the parsed blocks of a `.txt` or `.md` file, whatever its text encoding."""
    if not data.strip():
        raise IngestError(path, "the file is empty")
    try:
        text, encoding = decode_text(data)
    except NotTextError as error:
        raise IngestError(path, f"{error} (is it really a {path.suffix} file?)") from error
    if not text.strip():
        raise IngestError(path, "the file holds only whitespace")
    drafts, toc = parse_text(text)
    media_type = "text/markdown" if path.suffix.lower() == ".md" else "text/plain"
    warnings = [] if encoding.startswith("utf") else [f"decoded as {encoding}"]
    return ParsedSource(drafts, media_type, toc, warnings=warnings)


def parse_text(text: str) -> tuple[list[DraftBlock], list[TocEntry]]:
    """Return the draft blocks and table of contents of a plain-text or Markdown document."""
    source_lines = ln.remove_invisible(text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    markdown = any(_MD_HEADING.match(line) for line in source_lines)
    body_lines, toc = _remove_toc(source_lines)
    drafts = [_to_draft(unit, markdown) for unit in _units(body_lines, markdown)]
    drafts = [d for d in drafts if d.text]
    drafts = find_title_block(drafts)
    if markdown:
        return unify_markdown_levels(drafts), toc
    return assign_plain_levels(drafts, toc), toc


def _remove_toc(source_lines: list[str]) -> tuple[list[str], list[TocEntry]]:
    """Take the table of contents out of the body and return it as entries.

    A TOC is a "Contents" line followed by entries, or a run of three or more entries.
    """
    kept, runs = ln.split_off_toc(source_lines, str, _toc_entry)
    return kept, [entry for run in runs for entry in run]


def _toc_entry(source_lines: Sequence[str], index: int) -> tuple[TocEntry, int] | None:
    """Return the TOC entry on line `index` and the index after it, None when it is not one."""
    found = ln.split_toc_line(ln.strip_emphasis(source_lines[index]))
    if found is None:
        return None
    title, page = found
    return TocEntry(title, ln.numbering_depth(title), page), index + 1


def _units(source_lines: list[str], markdown: bool) -> Iterator[_Unit]:
    """Group source lines into units: a heading, a list item, a footnote, a row or a paragraph."""
    current: _Unit | None = None
    for raw in source_lines:
        line = raw.rstrip()
        if not line.strip() or _RULE.match(line) or _MD_TABLE_SEPARATOR.match(line):
            if current:
                yield current
            current = None
            continue
        started = _start_unit(line, markdown)
        if started is None and current is not None:
            current.lines.append(line.strip())
            continue
        current_unit = started or _Unit(BlockKind.PARAGRAPH, [line.strip()])
        if current:
            current.in_run = current_unit.in_run = True
            yield current
        current = current_unit
        if current.kind in (BlockKind.HEADING, BlockKind.TABLE_ROW):
            yield current
            current = None
    if current:
        yield current


def _start_unit(line: str, markdown: bool) -> _Unit | None:
    """Return the unit a line opens, or None when it continues the current one."""
    heading = _MD_HEADING.match(line) if markdown else None
    if heading:
        return _Unit(BlockKind.HEADING, [heading.group(2)], len(heading.group(1)), md_heading=True)
    if _is_table_row(line):
        return _Unit(BlockKind.TABLE_ROW, [line])
    footnote = ln.split_footnote(line)
    if footnote:
        return _Unit(BlockKind.FOOTNOTE, [footnote[1]], label=footnote[0])
    item = ln.split_list_item(line)
    if item and not (markdown and _is_emphasis_start(line)):
        return _Unit(BlockKind.LIST_ITEM, [item.text], item.depth, label=item.label)
    if ln.NUMBERED_PARAGRAPH.match(line.strip()):
        return _Unit(BlockKind.PARAGRAPH, [line.strip()])  # "1. GPC: ..." lines, one per entry
    return None


def _is_table_row(line: str) -> bool:
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
        return True
    cells = [c for c in stripped.split("\t") if c.strip()]
    return len(cells) >= 2 and ln.split_toc_line(stripped) is None


def _is_emphasis_start(line: str) -> bool:
    """Say whether a leading `*` opens emphasis (`*word*`) rather than marking a bullet."""
    return bool(re.match(r"^\s*\*\S", line))


def _to_draft(unit: _Unit, markdown: bool) -> DraftBlock:
    if unit.kind is BlockKind.TABLE_ROW:
        return DraftBlock(BlockKind.TABLE_ROW, _table_text(unit.lines[0]))
    text = clean_inline(" ".join(unit.lines))
    if unit.md_heading:
        heading = ln.strip_trailing_marks(text)
        return DraftBlock(BlockKind.HEADING, heading, unit.level, style=_md_style(unit, heading))
    if _is_enumerated_heading(unit, text, markdown):
        heading = f"{unit.label}) {text}"
        return DraftBlock(BlockKind.HEADING, heading, -1, style="arabic-paren")
    if unit.kind is not BlockKind.PARAGRAPH:
        return DraftBlock(unit.kind, text, unit.level, label=unit.label)
    one_line = len(unit.lines) == 1 and not unit.in_run
    style = ln.heading_style(text) if one_line and not markdown else None
    if style:
        return DraftBlock(BlockKind.HEADING, ln.strip_trailing_marks(text), -1, style=style)
    return paragraph_draft(text)


def paragraph_draft(text: str, page: int | None = None) -> DraftBlock:
    """Return a paragraph block, with a leading paragraph number (`12. `) kept as its label."""
    numbered = ln.NUMBERED_PARAGRAPH.match(text)
    if numbered:
        return DraftBlock(
            BlockKind.PARAGRAPH, text[numbered.end() :], page=page, label=numbered.group(1)
        )
    return DraftBlock(BlockKind.PARAGRAPH, text, page=page)


def _is_enumerated_heading(unit: _Unit, text: str, markdown: bool) -> bool:
    """Say whether a one-line `1) Analysis` item is really a numbered heading."""
    return (
        not markdown
        and unit.kind is BlockKind.LIST_ITEM
        and len(unit.lines) == 1
        and not unit.in_run
        and bool(unit.label and unit.label.isdigit())
        and ln.word_count(text) <= 6
        and ln.heading_style(f"{unit.label}) {text}") == "arabic-paren"
    )


def _md_style(unit: _Unit, heading: str) -> str:
    """Return a Markdown heading's look: its numbering scheme and its emphasis."""
    raw = unit.lines[0].strip()
    emphasis = "bold" if raw.startswith("**") else "italic" if raw.startswith("*") else "plain"
    return f"{ln.heading_scheme(heading) or 'unnumbered'}/{emphasis}"


def _table_text(line: str) -> str:
    """Return a table row's cells, cleaned and joined by ` | `."""
    stripped = line.strip()
    raw_cells = stripped.strip("|").split("|") if stripped.startswith("|") else stripped.split("\t")
    return " | ".join(clean_inline(c) for c in raw_cells if c.strip())


def clean_inline(text: str) -> str:
    """Return text without Markdown inline syntax, with one form of footnote mark and spacing."""
    text = ln.normalise_footnote_marks(text)
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = _AUTOLINK.sub(lambda m: m.group(1), text)
    text = ln.strip_emphasis(text)
    text = _MD_ESCAPE.sub(r"\1", text)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()
