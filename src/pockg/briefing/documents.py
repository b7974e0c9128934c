"""The readable documents of a pack, newest first, and how a pack reads a large scope in
that order without reading all of it.

A country of a large graph can have thousands of passages and statements; a pack shows the
newest few dozen. Every passage and statement IRI pockg mints names its document
(`passage/<doc>/<block>`, `<kind>/<doc>/<block>/<n>`), so a pack orders candidate IRIs by
their documents' year and title without asking the store, and then reads whole documents,
newest first, until it has enough. The exact order inside a document (passage position,
offset) is applied to what was read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from pockg.briefing.reader import GraphReader, rows

BATCH = 120
"""How many IRIs a pack reads at least per round (whole documents, newest first)."""


@dataclass(frozen=True)
class DocumentInfo:
    """A readable document: its title and year, as the pack orders sources."""

    iri: str
    title: str
    year: str | None
    document_type: str | None = None

    @property
    def order(self) -> tuple[int, str]:
        """Return a sort key: newest first, then by title (as `Source.order` does)."""
        return (-int((self.year or "0")[:4] or 0), self.title)


def _untitled(document: str) -> str:
    """Return the title shown for a document that has none: its id."""
    return document.rsplit("/", 1)[-1]


class Documents:
    """The documents the reader may see, read once per pack."""

    def __init__(self, reader: GraphReader, id_base: str) -> None:
        self.id_base = id_base
        self._split: dict[str, list[str]] = {}
        sparql = """SELECT ?doc (SAMPLE(?t) AS ?title) (SAMPLE(?y) AS ?year)
              (SAMPLE(?dt) AS ?doctype) WHERE {
              ?doc a pockg:Document . OPTIONAL { ?doc dcterms:title ?t }
              OPTIONAL { ?doc pockg:year ?y } OPTIONAL { ?doc pockg:documentType ?dt } }
              GROUP BY ?doc"""
        self.known = {
            row["doc"]: DocumentInfo(
                row["doc"],
                row.get("title") or _untitled(row["doc"]),
                row.get("year"),
                row.get("doctype"),
            )
            for row in rows(reader, sparql)
        }

    def info(self, document: str) -> DocumentInfo:
        """Return what is known of `document` (its id as title when nothing is)."""
        return self.known.get(document) or DocumentInfo(document, _untitled(document), None)

    def newest(self, count: int) -> list[str]:
        """Return the `count` newest documents (by year, then title)."""
        return sorted(self.known, key=lambda d: (self.known[d].order, d))[:count]

    def of(self, minted: str) -> str | None:
        """Return the document IRI a minted passage or statement IRI names, else None
        (a statement a curator added names no document)."""
        parts = self._segments(minted)
        if len(parts) < 3 or parts[1] == "curated":
            return None
        # The segment is already in its minted (escaped) form, as in the document's IRI.
        return f"{self.id_base}document/{parts[1]}"

    def kind_of(self, minted: str) -> str | None:
        """Return the kind a minted IRI starts with (`field-practice`, `passage`), else None."""
        parts = self._segments(minted)
        return parts[0] if parts else None

    def _segments(self, minted: str) -> list[str]:
        """Return the first three segments after the IRI base, still escaped ([] if the IRI
        is not minted here); cheaper than `split_minted` for the thousands a pack orders,
        and kept, since a pack orders the same IRIs for several sections."""
        found = self._split.get(minted)
        if found is None:
            found = (
                minted[len(self.id_base) :].split("/", 2) if minted.startswith(self.id_base) else []
            )
            self._split[minted] = found
        return found

    def newest_first(
        self, iris: Iterable[str], batch: int | Callable[[], int] = BATCH
    ) -> Iterator[list[str]]:
        """Yield `iris` in rounds of whole documents, newest document first, each round at
        least `batch` IRIs (but the last; a callable `batch` says before each round how
        many); IRIs naming no document come first."""
        by_document: dict[str | None, list[str]] = {}
        for iri in dict.fromkeys(iris):
            by_document.setdefault(self.of(iri), []).append(iri)
        unknown = DocumentInfo("", "", None)
        ordered = sorted(
            by_document,
            key=lambda d: (d is not None, self.known.get(d or "", unknown).order, d or ""),
        )
        size = batch if callable(batch) else lambda: batch
        wanted = size()
        current: list[str] = []
        for document in ordered:
            current += by_document[document]
            if len(current) >= wanted:
                yield current
                current = []
                wanted = size()  # asked after the caller has used the round
        if current:
            yield current
