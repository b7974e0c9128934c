"""Short names for block kinds and outline rows, so expected outlines read as a table."""

from __future__ import annotations

from pockg.models import BlockKind

H, P, L, F, T, R = (
    BlockKind.HEADING,
    BlockKind.PARAGRAPH,
    BlockKind.LIST_ITEM,
    BlockKind.FOOTNOTE,
    BlockKind.TABLE_ROW,
    BlockKind.REFERENCE,
)
# One block as the tests compare it: kind, text, section path, level, label.
OutlineRow = tuple[BlockKind, str, tuple[str, ...], int, str | None]
