"""Turn the draft blocks a parser found into the document outline.

Every parser ends here, so all formats get the same treatment: paragraphs split by a page
break or a footnote block are re-joined, list items under a references heading become
reference entries, each heading gets its depth in the outline and each block its section
path, offsets into the normalised text and a content-derived id.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from pockg.ingest.lines import is_caption
from pockg.models import Block, BlockKind, DraftBlock

BLOCK_SEPARATOR = "\n\n"
# A heading that names a list of sources ends with the word for it: "5. Select resources",
# "ANNEX II: REFERENCES", "Annex 2: Reference Documents" (not "... capacities, resources and
# national caveats").
_REFERENCE_HEADING = re.compile(
    r"\b(references?|resources|bibliography|further reading|reading list|sources|"
    r"reference documents)\W*$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?:;)\]\"”’]\s*[⁰¹²³⁴⁵⁶⁷⁸⁹]*$")


def assemble(
    drafts: Sequence[DraftBlock], doc_key: str, rejoin_split_paragraphs: bool = True
) -> tuple[list[Block], str]:
    """Return the outline blocks and the normalised text of a document's draft blocks."""
    if rejoin_split_paragraphs:
        drafts = join_split_paragraphs(drafts)
    drafts = mark_references(drafts)
    blocks: list[Block] = []
    occurrences: Counter[tuple[BlockKind, str]] = Counter()
    offset = 0
    for draft, section, level in _place_in_outline(drafts):
        occurrences[(draft.kind, draft.text)] += 1
        block_id = block_identifier(doc_key, draft, occurrences[(draft.kind, draft.text)])
        end = offset + len(draft.text)
        blocks.append(
            Block(
                id=block_id,
                kind=draft.kind,
                text=draft.text,
                section=section,
                level=level,
                page=draft.page,
                start=offset,
                end=end,
                label=draft.label,
            )
        )
        offset = end + len(BLOCK_SEPARATOR)
    return blocks, BLOCK_SEPARATOR.join(b.text for b in blocks)


def block_identifier(doc_key: str, draft: DraftBlock, occurrence: int) -> str:
    """Return a block id from the document key, the block's kind and text and its repeat count.

    Position is left out on purpose: editing one paragraph does not change the ids of the
    others, so annotations made on them survive a re-ingest of the edited file.
    """
    digest = hashlib.sha256(f"{doc_key}\x1f{draft.kind}\x1f{draft.text}\x1f{occurrence}".encode())
    return digest.hexdigest()[:16]


def join_split_paragraphs(drafts: Sequence[DraftBlock]) -> list[DraftBlock]:
    """Re-join a paragraph that a page break or a footnote block cut in two.

    The second part starts in lower case and the first does not end a sentence; footnotes
    found between the two parts stay after the joined paragraph.
    """
    result: list[DraftBlock] = []
    held_notes: list[DraftBlock] = []
    for draft in drafts:
        if draft.kind is BlockKind.FOOTNOTE and _open_paragraph(result):
            held_notes.append(draft)
        elif result and _continues(result[-1], draft):
            result[-1] = _joined(result[-1], draft)
        else:
            result.extend(held_notes)
            held_notes = []
            result.append(draft)
    result.extend(held_notes)
    return result


def _open_paragraph(blocks: Sequence[DraftBlock]) -> bool:
    last = blocks[-1] if blocks else None
    return bool(
        last
        and last.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
        and not _SENTENCE_END.search(last.text)
    )


def _continues(previous: DraftBlock, draft: DraftBlock) -> bool:
    return (
        draft.kind is BlockKind.PARAGRAPH
        and draft.label is None
        and previous.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
        and not _SENTENCE_END.search(previous.text)
        and not is_caption(previous.text)
        and draft.text[:1].islower()
    )


def _joined(first: DraftBlock, second: DraftBlock) -> DraftBlock:
    return DraftBlock(
        kind=first.kind,
        text=join_words(first.text, second.text),
        level=first.level,
        page=first.page,
        label=first.label,
    )


def join_words(first: str, second: str) -> str:
    """Join two runs of text with one space, or none when the first ends in a dash."""
    if first.endswith(("-", "/")) and not first.endswith(" -"):
        return first + second
    return f"{first} {second}"


def mark_references(drafts: Iterable[DraftBlock]) -> list[DraftBlock]:
    """Turn list items and paragraphs under a references heading into reference entries."""
    result: list[DraftBlock] = []
    in_references_at: int | None = None
    for draft in drafts:
        if draft.kind is BlockKind.HEADING:
            if in_references_at is not None and draft.level <= in_references_at:
                in_references_at = None
            if in_references_at is None and _REFERENCE_HEADING.search(draft.text):
                in_references_at = draft.level
        elif in_references_at is not None and _is_list_entry(draft):
            draft = DraftBlock(
                BlockKind.REFERENCE, draft.text, draft.level, draft.page, draft.label
            )
        result.append(draft)
    return result


def _is_list_entry(draft: DraftBlock) -> bool:
    """Say whether a block is an entry of a list: a list item or a numbered paragraph."""
    return draft.kind is BlockKind.LIST_ITEM or (
        draft.kind is BlockKind.PARAGRAPH and draft.label is not None
    )


def _place_in_outline(
    drafts: Sequence[DraftBlock],
) -> Iterable[tuple[DraftBlock, tuple[str, ...], int]]:
    """Yield each draft with its section path and its level (depth for headings).

    A heading closes every open heading of the same or a lower rank; its level is its depth
    in the outline, so gaps in the source's ranks (h2 straight under h0) do not show.
    The title (rank 0) heads the document and is not part of section paths.
    """
    open_headings: list[tuple[int, str]] = []
    for draft in drafts:
        if draft.kind is BlockKind.HEADING:
            if draft.level == 0:
                yield draft, (), 0
                continue
            while open_headings and open_headings[-1][0] >= draft.level:
                open_headings.pop()
            open_headings.append((draft.level, draft.text))
            yield draft, tuple(text for _, text in open_headings), len(open_headings)
        else:
            yield draft, tuple(text for _, text in open_headings), draft.level
