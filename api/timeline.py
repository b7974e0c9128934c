"""The timeline: documents and meetings, the works they cite, Security Council resolutions and
UN missions' start and end, by date, each with the passage or reference file it rests on.

Filters narrow every kind of entry the same way: to what readable passages about a country
(that mention it) or on a theme speak of.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rdflib.query import ResultRow

from api.deps import Graphs
from api.linked import Scope, iri_term, local_href, passage_link
from api.queries import LABEL_PATH, value
from api.schemas_timeline import TimelineEntryOut, TimelineSourceOut

# A document type containing one of these words records a meeting: its date is the meeting's.
MEETING_WORDS = ("meeting", "round-table", "roundtable", "forum", "workshop", "conference")


@dataclass(frozen=True)
class TimelineFilter:
    """The country and theme IRIs a timeline is narrowed to (None: not narrowed)."""

    country: str | None = None
    theme: str | None = None

    def about(self, passage: str) -> str:
        """Return a pattern keeping the passage variable `passage` when it is about the
        country and on the theme."""
        parts = []
        if self.country:
            parts.append(f"?{passage} pockg:mentions {iri_term(self.country)} .")
        if self.theme:
            parts.append(f"?{passage} pockg:theme {iri_term(self.theme)} .")
        return " ".join(parts)

    def document_about(self, document: str) -> str:
        """Return a pattern keeping the document variable `document` when one of its passages
        is about the country and on the theme."""
        if not (self.country or self.theme):
            return ""
        return f"FILTER EXISTS {{ ?about pockg:inDocument ?{document} . {self.about('about')} }}"


def timeline(store: Graphs, scope: Scope, narrowed: TimelineFilter) -> list[TimelineEntryOut]:
    """Return every dated entry, oldest first (undated ones are left out)."""
    entries: list[TimelineEntryOut] = []
    for gather in _GATHERERS:
        entries.extend(gather(store, scope, narrowed))
    return sorted(entries, key=lambda e: (e.date, _KIND_ORDER.index(e.kind), e.label.casefold()))


def _documents(store: Graphs, scope: Scope, narrowed: TimelineFilter) -> list[TimelineEntryOut]:
    """Ingested documents by their date (or year); meeting reports are meetings."""
    sparql = f"""SELECT ?doc (SAMPLE(?t) AS ?title) (SAMPLE(?d) AS ?date) (SAMPLE(?y) AS ?year)
          (SAMPLE(?ty) AS ?type) (SAMPLE(?pub) AS ?publisher) WHERE {{
          ?doc pockg:accessLevel ?level .
          OPTIONAL {{ ?doc dcterms:title ?t }}
          OPTIONAL {{ ?doc dcterms:date ?d }}
          OPTIONAL {{ ?doc pockg:year ?y }}
          OPTIONAL {{ ?doc pockg:documentType ?ty }}
          OPTIONAL {{ ?doc dcterms:publisher ?pub }}
          {narrowed.document_about("doc")}
        }} GROUP BY ?doc"""
    entries = []
    for row in _rows(store, scope, sparql):
        date = value(row, "date") or value(row, "year")
        iri = value(row, "doc") or ""
        if not date:
            continue
        kind_of = (value(row, "type") or "").lower()
        doc_id = iri.rsplit("/", 1)[-1]
        entries.append(
            TimelineEntryOut(
                date=date,
                year=int(date[:4]),
                kind="meeting" if any(w in kind_of for w in MEETING_WORDS) else "document",
                label=value(row, "title") or doc_id,
                detail=", ".join(filter(None, (value(row, "type"), value(row, "publisher")))),
                iri=iri,
                href=f"/documents/{doc_id}",
                source=TimelineSourceOut(kind="document", label="the document itself"),
            )
        )
    return entries


def _cited(store: Graphs, scope: Scope, narrowed: TimelineFilter) -> list[TimelineEntryOut]:
    """Works the documents cite, by their year, with the first passage citing them."""
    sparql = f"""SELECT ?work (SAMPLE(?l) AS ?label) (SAMPLE(?y) AS ?year)
          (COUNT(DISTINCT ?passage) AS ?passages) (MIN(STR(?passage)) AS ?first) WHERE {{
          ?by pockg:cites ?work .
          ?passage pockg:mentions ?work ; pockg:inDocument ?by .
          {narrowed.about("passage")}
          ?work pockg:year ?y .
          FILTER NOT EXISTS {{ ?work pockg:accessLevel ?own }}
          OPTIONAL {{ ?work {LABEL_PATH}|dcterms:title ?l }}
        }} GROUP BY ?work"""
    entries = []
    for row in _rows(store, scope, sparql):
        year, iri = value(row, "year") or "", value(row, "work") or ""
        count = int(value(row, "passages") or 0)
        link = passage_link(value(row, "first") or "", scope.id_base)
        entries.append(
            TimelineEntryOut(
                date=year,
                year=int(year[:4]),
                kind="cited work",
                label=value(row, "label") or iri,
                detail="",
                iri=iri,
                href=local_href(iri, scope.id_base),
                source=TimelineSourceOut(
                    kind="citation",
                    label=f"cited in {count} passage{'s' * (count != 1)}",
                    href=link[1] if link else None,
                ),
            )
        )
    return entries


def _resolutions(store: Graphs, scope: Scope, narrowed: TimelineFilter) -> list[TimelineEntryOut]:
    """Security Council resolutions that readable passages mention, by year."""
    sparql = f"""SELECT ?res (SAMPLE(?l) AS ?label) (SAMPLE(?y) AS ?year)
          (SAMPLE(?topic) AS ?about) (COUNT(DISTINCT ?passage) AS ?passages)
          (MIN(STR(?passage)) AS ?first) WHERE {{
          ?res a pockg:SecurityCouncilResolution ; pockg:year ?y .
          ?passage pockg:mentions ?res .
          {narrowed.about("passage")}
          OPTIONAL {{ ?res {LABEL_PATH} ?l }}
          OPTIONAL {{ ?res pockg:topic ?topic }}
        }} GROUP BY ?res"""
    entries = []
    for row in _rows(store, scope, sparql):
        year, iri = value(row, "year") or "", value(row, "res") or ""
        entries.append(
            TimelineEntryOut(
                date=year,
                year=int(year[:4]),
                kind="resolution",
                label=value(row, "label") or iri,
                detail=value(row, "about") or "",
                iri=iri,
                href=local_href(iri, scope.id_base),
                source=_mentioned(row, scope),
            )
        )
    return entries


def _missions(store: Graphs, scope: Scope, narrowed: TimelineFilter) -> list[TimelineEntryOut]:
    """The start and end of the UN missions readable passages mention, from reference data."""
    in_country = (
        f"?mission pockg:country {iri_term(narrowed.country)} ." if narrowed.country else ""
    )
    theme_only = TimelineFilter(theme=narrowed.theme)
    sparql = f"""SELECT ?mission (SAMPLE(?l) AS ?label) (SAMPLE(?from) AS ?start)
          (SAMPLE(?to) AS ?end) (SAMPLE(?ml) AS ?mandate)
          (COUNT(DISTINCT ?passage) AS ?passages) (MIN(STR(?passage)) AS ?first) WHERE {{
          ?mission a pockg:UNMission ; pockg:startYear ?from .
          {in_country}
          ?passage pockg:mentions ?mission .
          {theme_only.about("passage")}
          OPTIONAL {{ ?mission pockg:endYear ?to }}
          OPTIONAL {{ ?mission {LABEL_PATH} ?l }}
          OPTIONAL {{ ?mission pockg:mandatedBy/({LABEL_PATH}) ?ml }}
        }} GROUP BY ?mission"""
    entries = []
    for row in _rows(store, scope, sparql):
        iri, label = value(row, "mission") or "", value(row, "label") or ""
        mandate = value(row, "mandate")
        for kind, year in (
            ("mission start", value(row, "start")),
            ("mission end", value(row, "end")),
        ):
            if not year:
                continue
            detail = f"mandated by {mandate}" if kind == "mission start" and mandate else ""
            entries.append(
                TimelineEntryOut(
                    date=year,
                    year=int(year[:4]),
                    kind=kind,
                    label=f"{label} {'begins' if kind == 'mission start' else 'ends'}",
                    detail=detail,
                    iri=iri,
                    href=local_href(iri, scope.id_base),
                    source=_mentioned(row, scope),
                )
            )
    return entries


def _mentioned(row: ResultRow, scope: Scope) -> TimelineSourceOut:
    """Return the source of a reference-data entry: the first passage mentioning it."""
    count = int(value(row, "passages") or 0)
    link = passage_link(value(row, "first") or "", scope.id_base)
    return TimelineSourceOut(
        kind="reference data",
        label=f"dates from the reference data; mentioned in {count} passage{'s' * (count != 1)}",
        href=link[1] if link else None,
    )


def _rows(store: Graphs, scope: Scope, sparql: str) -> list[ResultRow]:
    rows = []
    for row in scope.query(store, sparql):
        assert isinstance(row, ResultRow)
        rows.append(row)
    return rows


_Gatherer = Callable[[Graphs, Scope, TimelineFilter], list[TimelineEntryOut]]
_GATHERERS: tuple[_Gatherer, ...] = (_documents, _cited, _resolutions, _missions)
_KIND_ORDER = ("resolution", "mission start", "mission end", "meeting", "document", "cited work")
