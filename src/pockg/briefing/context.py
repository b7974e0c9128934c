"""The context section: UN missions with their mandating resolutions, the PoC mandate as the
sources state it, the cluster and its lead agencies, and the theme's definition."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from pockg.briefing.material import NOT_QUOTED_KINDS, Material
from pockg.briefing.model import BriefItem, BriefSection
from pockg.briefing.reader import rows, values
from pockg.briefing.text import LEAD, MANDATE, PROTECTION, NameMatcher, sentences

MISSIONS = "UN missions"
MANDATE_GROUP = "Protection of civilians mandate"
CLUSTERS = "Coordination: the cluster and its lead agencies"
THEMES = "Theme"
MENTIONS_PER_ITEM = 3
_MISSION_TYPES = {
    "peacekeeping": "peacekeeping operation",
    "special political": "special political mission",
}


@dataclass
class _Record:
    """The facts of a curated node read from the graph, with the graph that states them."""

    node: str
    graph: str | None = None
    facts: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    labels: dict[str, str] = field(default_factory=dict)
    years: dict[str, str] = field(default_factory=dict)

    def first(self, key: str) -> str | None:
        return self.facts[key][0] if self.facts[key] else None


def context_section(material: Material) -> BriefSection | None:
    """Return the context section, or None when the graph records no context."""
    items = [
        *_mission_items(material),
        *_mandate_items(material),
        *_cluster_items(material),
        *_lead_items(material),
        *_theme_items(material),
    ]
    return BriefSection("context", "Context", tuple(items)) if items else None


def _records(material: Material, nodes: list[str], predicates: str) -> dict[str, _Record]:
    """Return the facts `predicates` of `nodes`, with labels and years of linked nodes."""
    sparql = f"""SELECT DISTINCT ?e ?p ?o ?g ?label ?year WHERE {{
          {values("e", nodes)} VALUES ?p {{ {predicates} }}
          GRAPH ?g {{ ?e ?p ?o }}
          OPTIONAL {{ ?o rdfs:label|skos:prefLabel ?label }}
          OPTIONAL {{ ?o pockg:year ?year }} }}"""
    found: dict[str, _Record] = {}
    for row in rows(material.reader, sparql):
        record = found.setdefault(row["e"], _Record(row["e"]))
        key, value = row["p"].rsplit("#", 1)[-1], row["o"]
        if key in {"label", "prefLabel"} or record.graph is None:
            record.graph = row["g"]
        if value not in record.facts[key]:
            record.facts[key].append(value)
        if "label" in row:
            record.labels.setdefault(value, row["label"])
        if "year" in row:
            record.years.setdefault(value, row["year"][:4])
    return found


def _mission_items(material: Material) -> list[BriefItem]:
    missions = list(material.scope.missions)
    predicates = (
        "rdfs:label skos:altLabel pockg:missionType pockg:startYear pockg:endYear "
        "pockg:country pockg:mandatedBy"
    )
    records = _records(material, missions, predicates)
    return [
        BriefItem(
            text=_mission_line(records[m]),
            citations=(material.record_citation(m, records[m].graph),),
            label=records[m].first("label"),
            group=MISSIONS,
            iri=m,
        )
        for m in missions
        if m in records
    ]


def _mission_line(record: _Record) -> str:
    """Return a mission's facts as one line: name, type, countries, years, resolutions."""
    names = record.facts["altLabel"]
    full = next((n for n in names if n.startswith("United Nations")), names[0] if names else "")
    kind = _MISSION_TYPES.get(record.first("missionType") or "", "UN mission")
    countries = [record.labels.get(c, c) for c in record.facts["country"]]
    where = f" in {' and '.join(countries)}" if countries else ""
    start, end = record.first("startYear"), record.first("endYear")
    when = f", {start[:4]}–{end[:4]}" if start and end else f", since {start[:4]}" if start else ""
    resolutions = [_resolution(record, r) for r in record.facts["mandatedBy"]]
    mandated = f"; mandated by {', '.join(resolutions)}" if resolutions else ""
    name = f"{full}: " if full else ""
    return f"{name}{kind}{where}{when}{mandated}."


def _resolution(record: _Record, node: str) -> str:
    label = record.labels.get(node, node.rsplit("/", 1)[-1])
    year = record.years.get(node)
    return label if not year or year in label else f"{label} ({year})"


def _mandate_items(material: Material) -> list[BriefItem]:
    """Return the sentences naming a scope mission with its mandate to protect civilians."""
    missions = list(material.scope.missions)
    matcher = NameMatcher({m: material.scope.names.get(m, []) for m in missions})
    items: list[BriefItem] = []
    mentions = material.mentioning(missions)
    material.claim(s.passage for listed in mentions.values() for s in listed)
    for mission, sources in mentions.items():
        for source in sources:
            if source.kind in NOT_QUOTED_KINDS:
                continue
            for sentence in sentences(source.text):
                if (
                    mission in matcher.find(sentence)
                    and MANDATE.search(sentence)
                    and PROTECTION.search(sentence)
                    and material.quote(source.passage, sentence)
                ):
                    citation = source.citation(material.id_base)
                    items.append(BriefItem(sentence, (citation,), group=MANDATE_GROUP))
    return items


def _cluster_items(material: Material) -> list[BriefItem]:
    """Return the clusters of the scope's countries, with their lead agencies."""
    clusters = list(material.scope.clusters)
    records = _records(material, clusters, "rdfs:label skos:prefLabel pockg:leadAgency")
    mentions = material.mentioning(clusters)
    items = []
    for cluster in sorted(clusters, key=lambda k: -len(mentions[k])):
        record = records.get(cluster, _Record(cluster))
        leads = [record.labels.get(a, a) for a in record.facts["leadAgency"]]
        citations = [s.citation(material.id_base) for s in mentions[cluster][:MENTIONS_PER_ITEM]]
        if leads:
            citations.append(material.record_citation(cluster, record.graph))
        label = record.first("label") or record.first("prefLabel")
        if citations and label:
            text = f"Lead agency: {', '.join(leads)}." if leads else ""
            items.append(
                BriefItem(text, tuple(citations), label=label, group=CLUSTERS, iri=cluster)
            )
    return items


def _lead_items(material: Material) -> list[BriefItem]:
    """Return sentences of the scope saying who leads a cluster or sector there."""
    items = []
    for source in material.passages:
        if source.kind in NOT_QUOTED_KINDS or not material.scope.places:
            continue
        for sentence in sentences(source.text):
            if (
                LEAD.search(sentence)
                and ("cluster" in sentence.casefold() or "sector" in sentence.casefold())
                and material.is_about_place(source, sentence)
                and material.quote(source.passage, sentence)
            ):
                citation = source.citation(material.id_base)
                items.append(BriefItem(sentence, (citation,), group=CLUSTERS))
    return items


def _theme_items(material: Material) -> list[BriefItem]:
    """Return each theme of the subject with its definition and concept scheme."""
    themes = [t.iri for t in material.subject.themes]
    records = _records(material, themes, "skos:prefLabel skos:definition skos:inScheme")
    items = []
    for theme in themes:
        record = records.get(theme)
        if record is None:
            continue
        schemes = [record.labels.get(s, "") for s in record.facts["inScheme"]]
        text = record.first("definition") or ""
        if schemes and schemes[0]:
            text = f"{text} (In: {schemes[0]}.)" if text else f"In: {schemes[0]}."
        citation = material.record_citation(theme, record.graph)
        items.append(
            BriefItem(text, (citation,), label=record.first("prefLabel"), group=THEMES, iri=theme)
        )
    return items
