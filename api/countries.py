"""The SPARQL behind the country pages: which countries the documents speak of, and for one
country its UN missions, field practices, challenges, recommendations, linked frameworks,
themes, actors and documents, all scoped to the readable graphs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TypedDict
from urllib.parse import quote

from rdflib.query import ResultRow

from api.deps import Graphs
from api.linked import Scope, iri_term
from api.queries import LABEL_PATH, linkage, names_match, ref, statements, value, with_links
from api.schemas_graph import (
    CountedRefOut,
    CountryDocumentOut,
    CountryOut,
    CountrySummaryOut,
    MissionOut,
    RefOut,
)
from pockg.graph.iri import entity_iri


def country_list(store: Graphs, scope: Scope) -> list[CountrySummaryOut]:
    """Return the countries the readable documents speak of, by name, with their counts."""
    sparql = f"""SELECT ?c (SAMPLE(?l) AS ?label)
          (COUNT(DISTINCT ?practice) AS ?practices) (COUNT(DISTINCT ?m) AS ?mentions)
        WHERE {{
          ?c a pockg:Country .
          {{ ?practice pockg:country ?c ; a pockg:FieldPractice }} UNION {{ ?m pockg:mentions ?c }}
          OPTIONAL {{ ?c {LABEL_PATH} ?l }}
        }} GROUP BY ?c"""
    found = []
    for row in scope.query(store, sparql):
        assert isinstance(row, ResultRow)
        iri = value(row, "c") or ""
        found.append(
            CountrySummaryOut(
                **_country_ref(iri, value(row, "label")),
                practices=int(value(row, "practices") or 0),
                mentions=int(value(row, "mentions") or 0),
            )
        )
    return sorted(found, key=lambda c: ((c.label or c.iri).casefold(), c.iri))


class _CountryName(TypedDict):
    iri: str
    label: str | None
    href: str
    key: str


def _country_ref(iri: str, label: str | None) -> _CountryName:
    """Return the fields naming a country, linking to its country page."""
    key = iri.rsplit("/", 1)[-1]
    return {"iri": iri, "label": label, "href": f"/countries/{quote(key)}", "key": key}


def country_iri(store: Graphs, scope: Scope, given: str) -> str | None:
    """Return the IRI of the country `given` as its key (`mli`), IRI or name, else None."""
    candidates = [given] if given.startswith(("http://", "https://")) else []
    candidates.append(str(entity_iri("country", given.lower(), base=scope.id_base)))
    for candidate in candidates:
        if scope.query(store, f"ASK {{ {iri_term(candidate)} a pockg:Country }}").askAnswer:
            return candidate
    sparql = f"SELECT ?c WHERE {{ ?c a pockg:Country . {names_match('c', given)} }} LIMIT 1"
    for row in scope.query(store, sparql):
        assert isinstance(row, ResultRow)
        return value(row, "c")
    return None


def country_detail(store: Graphs, scope: Scope, iri: str) -> CountryOut:
    """Return what the readable graphs say about the country `iri`."""
    in_country = f"FILTER EXISTS {{ ?s pockg:country {iri_term(iri)} }}"
    practices = statements(store, scope, "FieldPractice", [in_country])
    challenges = statements(store, scope, "Challenge", [in_country])
    recommendations = statements(store, scope, "Recommendation", [in_country])
    with_links(store, scope, [*practices, *challenges, *recommendations])
    label, aliases = _names(store, scope, iri)
    matrix = linkage(store, scope)
    row = [cell for cell in matrix.cells if cell.country == label]
    used = {cell.instrument for cell in row}
    return CountryOut(
        **_country_ref(iri, label),
        aliases=aliases,
        missions=_missions(store, scope, iri),
        frameworks=row,
        instruments=[i for i in matrix.instruments if i.iri in used],
        themes=_tally(p.themes for p in practices),
        actors=_tally(p.actors for p in practices),
        documents=_documents(store, scope, iri),
        practices=practices,
        challenges=challenges,
        recommendations=recommendations,
    )


def _names(store: Graphs, scope: Scope, iri: str) -> tuple[str | None, list[str]]:
    """Return the country's label and its other names."""
    sparql = f"""SELECT ?p ?name WHERE {{ {iri_term(iri)} ?p ?name .
        VALUES ?p {{ rdfs:label skos:prefLabel skos:altLabel }} }}"""
    label, aliases = None, set()
    for row in scope.query(store, sparql):
        assert isinstance(row, ResultRow)
        name = value(row, "name") or ""
        if (value(row, "p") or "").endswith("altLabel"):
            aliases.add(name)
        elif label is None:
            label = name
    return label, sorted(aliases - {label or ""}, key=str.casefold)


def _missions(store: Graphs, scope: Scope, iri: str) -> list[MissionOut]:
    """Return the UN missions deployed in the country, newest first, with their mandates."""
    sparql = f"""SELECT ?mission (SAMPLE(?l) AS ?label) (SAMPLE(?t) AS ?type)
          (SAMPLE(?from) AS ?start) (SAMPLE(?to) AS ?end) ?mandate (SAMPLE(?ml) AS ?mandateLabel)
        WHERE {{
          ?mission a pockg:UNMission ; pockg:country {iri_term(iri)} .
          OPTIONAL {{ ?mission {LABEL_PATH} ?l }}
          OPTIONAL {{ ?mission pockg:missionType ?t }}
          OPTIONAL {{ ?mission pockg:startYear ?from }}
          OPTIONAL {{ ?mission pockg:endYear ?to }}
          OPTIONAL {{ ?mission pockg:mandatedBy ?mandate .
                     OPTIONAL {{ ?mandate {LABEL_PATH} ?ml }} }}
        }} GROUP BY ?mission ?mandate"""
    missions: dict[str, MissionOut] = {}
    for row in scope.query(store, sparql):
        assert isinstance(row, ResultRow)
        iri_ = value(row, "mission") or ""
        if iri_ not in missions:
            missions[iri_] = MissionOut(
                **ref(iri_, value(row, "label"), scope.id_base).model_dump(),
                mission_type=value(row, "type"),
                start_year=value(row, "start"),
                end_year=value(row, "end"),
            )
        mandate = value(row, "mandate")
        if mandate:
            missions[iri_].mandates.append(ref(mandate, value(row, "mandateLabel"), scope.id_base))
    for mission in missions.values():
        mission.mandates.sort(key=lambda m: ((m.label or m.iri).casefold(), m.iri))
    return sorted(missions.values(), key=lambda m: (m.start_year or "", m.iri), reverse=True)


def _documents(store: Graphs, scope: Scope, iri: str) -> list[CountryDocumentOut]:
    """Return the readable documents with passages mentioning the country, most first."""
    sparql = f"""SELECT ?doc (SAMPLE(?t) AS ?title) (SAMPLE(?y) AS ?year)
          (COUNT(DISTINCT ?passage) AS ?passages)
        WHERE {{
          ?passage pockg:mentions {iri_term(iri)} ; pockg:inDocument ?doc .
          OPTIONAL {{ ?doc dcterms:title ?t }}
          OPTIONAL {{ ?doc pockg:year ?y }}
        }} GROUP BY ?doc ORDER BY DESC(?passages) ?title"""
    found = []
    for row in scope.query(store, sparql):
        assert isinstance(row, ResultRow)
        doc = value(row, "doc") or ""
        doc_id = doc.rsplit("/", 1)[-1]
        found.append(
            CountryDocumentOut(
                iri=doc,
                doc_id=doc_id,
                title=value(row, "title"),
                year=value(row, "year"),
                passages=int(value(row, "passages") or 0),
                href=f"/documents/{doc_id}",
            )
        )
    return found


def _tally(groups: Iterable[list[RefOut]]) -> list[CountedRefOut]:
    """Return the distinct nodes among the statements' links, most linked first."""
    counts: Counter[str] = Counter()
    nodes: dict[str, RefOut] = {}
    for group in groups:
        for node in group:
            counts[node.iri] += 1
            nodes[node.iri] = node
    return [
        CountedRefOut(**nodes[iri].model_dump(), count=count)
        for iri, count in sorted(
            counts.items(), key=lambda kv: (-kv[1], (nodes[kv[0]].label or kv[0]).casefold())
        )
    ]
