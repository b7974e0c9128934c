"""Recurring recommendations for the API and the page: the readable recommendations,
grouped by `pockg.recurring`, listed by theme with their history and sources."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from fastapi import HTTPException
from rdflib.query import ResultRow

from api.deps import Graphs
from api.linked import Scope, values_clause
from api.queries import LABEL_PATH, names_match, ref, statements, value
from api.schemas_graph import RefOut, StatementOut
from api.schemas_recurring import (
    HistoryEntryOut,
    RecurringGroupOut,
    RecurringOut,
    ThemeGroupsOut,
)
from pockg.recurring import THRESHOLD, RecommendationRecord, RecurringGroup, recurring_groups

OTHER = "Other"
"""The heading of the groups that have no theme; also the `theme` value that selects them."""
MEASURE = (
    "cosine similarity of TF-IDF vectors of Porter-stemmed content words (function words "
    "and recommendation cues left out), average-link clustering"
)


@dataclass(frozen=True)
class Recommendations:
    """The readable recommendations: each with its source, and the themes they link to."""

    items: dict[str, StatementOut]
    themes: dict[str, RefOut]


def readable_recommendations(store: Graphs, scope: Scope) -> Recommendations:
    """Return the recommendations of the readable documents with their sources and themes."""
    items = {item.iri: item for item in statements(store, scope, "Recommendation")}
    themes: dict[str, RefOut] = {}
    if items:
        sparql = f"""SELECT ?s ?t (SAMPLE(?l) AS ?label) WHERE {{
              {values_clause("s", list(items))} ?s pockg:theme ?t .
              OPTIONAL {{ ?t {LABEL_PATH} ?l }}
            }} GROUP BY ?s ?t ORDER BY ?s ?t"""
        for row in scope.query(store, sparql):
            assert isinstance(row, ResultRow)
            theme = ref(value(row, "t") or "", value(row, "label"), scope.id_base)
            themes.setdefault(theme.iri, theme)
            items[value(row, "s") or ""].themes.append(theme)
    return Recommendations(items, themes)


def records(recommendations: Recommendations) -> list[RecommendationRecord]:
    """Return the plain records `pockg.recurring` groups."""
    return [
        RecommendationRecord(
            iri=item.iri,
            text=item.text,
            doc_id=item.doc_id or item.passage,
            year=int(item.year) if item.year and item.year.isdigit() else None,
            themes=tuple(t.iri for t in item.themes),
        )
        for item in recommendations.items.values()
    ]


def theme_filter(store: Graphs, scope: Scope, given: str | None) -> str | None:
    """Return the IRI of the theme named `given` (IRI, name or alias, any case), `OTHER`
    for "other", None for no filter; raise 404 for a name no theme has."""
    if not given:
        return None
    if given.casefold() == OTHER.casefold():
        return OTHER
    sparql = f"SELECT ?t WHERE {{ ?t a pockg:Theme . {names_match('t', given)} }} ORDER BY ?t"
    for row in scope.query(store, sparql):
        assert isinstance(row, ResultRow)
        return value(row, "t")
    raise HTTPException(status_code=404, detail=f"no theme is known as {given!r}")


def recurring_view(
    store: Graphs, scope: Scope, theme: str | None = None, min_documents: int = 2
) -> RecurringOut:
    """Return the recurring recommendations of the readable documents by theme (a group
    under each of its themes, "Other" when it has none), narrowed to the theme `theme`."""
    wanted = theme_filter(store, scope, theme)
    found = readable_recommendations(store, scope)
    groups = _groups(tuple(records(found)))
    by_theme: dict[str, list[RecurringGroupOut]] = defaultdict(list)
    for group in (g for g in groups if len(g.documents) >= min_documents):
        shown = _group_out(group, found)
        for key in group.themes or (OTHER,):
            if wanted in (None, key):
                by_theme[key].append(shown)
    sections = [_section(key, items, found.themes) for key, items in by_theme.items()]
    sections.sort(key=lambda s: (s.iri is None, s.label.casefold(), s.iri or ""))
    listed = {g.iri for section in sections for g in section.groups}
    return RecurringOut(
        measure=MEASURE,
        threshold=THRESHOLD,
        min_documents=min_documents,
        theme=theme or None,
        total=len(listed),
        themes=sections,
    )


@lru_cache(maxsize=4)
def _groups(found: tuple[RecommendationRecord, ...]) -> list[RecurringGroup]:
    """Return the groups of `found` that span two documents or more; the same readable
    recommendations give the same groups, so they are computed once."""
    return recurring_groups(found, THRESHOLD, min_documents=2)


def _section(
    key: str, groups: list[RecurringGroupOut], themes: dict[str, RefOut]
) -> ThemeGroupsOut:
    if key == OTHER:
        return ThemeGroupsOut(label=OTHER, iri=None, href=None, groups=groups)
    node = themes[key]
    return ThemeGroupsOut(label=node.label or node.iri, iri=node.iri, href=node.href, groups=groups)


def _group_out(group: RecurringGroup, found: Recommendations) -> RecurringGroupOut:
    lead = found.items[group.representative.iri]
    return RecurringGroupOut(
        iri=lead.iri,
        text=lead.text,
        years=list(group.years),
        documents=len(group.documents),
        similarity=group.similarity,
        themes=[found.themes[t] for t in _by_label(group.themes, found.themes)],
        history=[_entry(found.items[m.iri], m.year) for m in group.members],
    )


def _by_label(keys: Sequence[str], themes: dict[str, RefOut]) -> list[str]:
    return sorted(keys, key=lambda k: ((themes[k].label or k).casefold(), k))


def _entry(item: StatementOut, year: int | None) -> HistoryEntryOut:
    return HistoryEntryOut(
        iri=item.iri,
        year=year,
        text=item.text,
        passage=item.passage,
        doc_id=item.doc_id,
        document_title=item.document_title,
        section=item.section,
        page=item.page,
        href=item.href,
    )
