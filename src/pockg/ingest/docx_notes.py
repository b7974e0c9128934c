"""Word footnotes and endnotes: their texts, and the marks and numbers their references show.

Notes live in parts of their own (`footnotes.xml`, `endnotes.xml`); the body cites them by
id. Word numbers notes in the order the text first cites them, unless a reference carries a
custom mark (`*`, `†`), which the run after it shows.
"""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement as Element

from pockg.ingest import docx_xml as wml
from pockg.ingest import lines as ln
from pockg.models import BlockKind, DraftBlock


class Notes:
    """Footnotes or endnotes: their texts by id, and the numbers they get in reading order."""

    def __init__(self, root: Element | None, tag: str) -> None:
        self._texts: dict[str, str] = {}
        self._numbers: dict[str, int] = {}
        self._taken: set[str] = set()
        notes = root.iterchildren(qn(tag)) if root is not None else iter(())
        for note in notes:
            # Separator "notes" draw the rule above the notes; they are not notes.
            if note.get(qn("w:type"), "normal") == "normal":
                texts = (wml.plain_text(p) for p in note.iter(wml.P))
                self._texts[str(note.get(qn("w:id")))] = " ".join(t for t in texts if t)

    def knows(self, note_id: str) -> bool:
        """Say whether the notes part holds note `note_id`."""
        return note_id in self._texts

    def cite(self, note_id: str, custom: str | None) -> tuple[str, DraftBlock | None]:
        """Return the mark a reference to a note shows, and the note the first time it is cited.

        A custom mark is shown by the run after the reference, so the reference shows none.
        """
        if custom is not None:
            mark, label = "", custom
        else:
            mark = label = ln.to_superscript(str(self._number(note_id)))
        text = self._take(note_id)
        return mark, (DraftBlock(BlockKind.FOOTNOTE, text, label=label) if text else None)

    def _number(self, note_id: str) -> int:
        """Return the number Word shows for a note: its place among the notes referenced so far."""
        return self._numbers.setdefault(note_id, len(self._numbers) + 1)

    def _take(self, note_id: str) -> str | None:
        """Return a note's text the first time it is referenced, else None (also when unknown)."""
        if note_id in self._taken:
            return None
        self._taken.add(note_id)
        return self._texts.get(note_id) or None


def custom_mark(run: Element) -> str:
    """Return a note's custom mark: the text of the run after its reference (`*` if none)."""
    following = run.getnext()
    text = "" if following is None else "".join(t.text or "" for t in following.iter(wml.T))
    return text.strip() or "*"
