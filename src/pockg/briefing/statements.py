"""Statements (field practices, challenges, recommendations) and passages read for a
briefing, with their sources and links, as plain records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pockg.briefing.documents import Documents
from pockg.briefing.model import Citation
from pockg.briefing.reader import GraphReader, chunks, rows, values
from pockg.graph.links import (
    NOT_REJECTED,
    ONTOLOGY_NS,
    STATEMENT_LINKS,
    local_href,
    passage_link,
)

LINKS = STATEMENT_LINKS
"""The links of a statement a briefing shows, by the field of `Statement` that holds them."""


@dataclass
class Source:
    """A passage with its document: what a citation points at."""

    passage: str
    document: str
    title: str
    text: str = ""
    section: str | None = None
    page: int | None = None
    year: str | None = None
    position: int = 0
    document_type: str | None = None
    kind: str | None = None

    def citation(self, id_base: str) -> Citation:
        """Return the citation of this passage, linked to the reader."""
        link = passage_link(self.passage, id_base)
        return Citation(
            document_title=self.title,
            href=link[1] if link else local_href(self.passage, id_base),
            passage=self.passage,
            doc_id=link[0] if link else None,
            section=self.section,
            page=self.page,
            year=self.year,
        )

    @property
    def order(self) -> tuple[int, str, int]:
        """Return a sort key: newest document first, then document order."""
        return (-int((self.year or "0")[:4] or 0), self.title, self.position)


@dataclass
class Statement:
    """A statement of the graph, its source passage and its links as {IRI: label}."""

    iri: str
    text: str
    source: Source
    start: int = 0
    types: set[str] = field(default_factory=set)
    outcomes: list[str] = field(default_factory=list)
    countries: dict[str, str] = field(default_factory=dict)
    actors: dict[str, str] = field(default_factory=dict)
    instruments: dict[str, str] = field(default_factory=dict)
    themes: dict[str, str] = field(default_factory=dict)
    addressees: dict[str, str] = field(default_factory=dict)
    recommenders: dict[str, str] = field(default_factory=dict)

    @property
    def order(self) -> tuple[int, str, int, int]:
        """Return a sort key: newest document first, then document and passage order."""
        return (*self.source.order, self.start)


# The document's title, year and type come from `Documents`, read once per pack, not
# once per passage.
_SOURCE_FIELDS = """?passage pockg:inDocument ?doc .
          OPTIONAL { ?passage pockg:section ?section }
          OPTIONAL { ?passage pockg:page ?page }
          OPTIONAL { ?passage pockg:position ?position }
          OPTIONAL { ?passage pockg:blockKind ?kind }"""


def source_of(row: dict[str, str], documents: Documents) -> Source:
    """Return the source described by a row with the variables of `_SOURCE_FIELDS`."""
    document = documents.info(row["doc"])
    return Source(
        passage=row["passage"],
        document=row["doc"],
        title=document.title,
        text=row.get("ptext", ""),
        section=row.get("section") or None,
        page=int(row["page"]) if "page" in row else None,
        year=document.year,
        position=int(row.get("position", "0")),
        document_type=document.document_type,
        kind=row.get("kind"),
    )


def load_statements(
    reader: GraphReader, documents: Documents, iris: Sequence[str], *, links: bool = True
) -> list[Statement]:
    """Return the statements `iris` (those not rejected by a curator) with their sources
    and (unless `links` is false) their types and links, newest document first."""
    found: dict[str, Statement] = {}
    for chunk in chunks(iris):
        # The IRIs first: Oxigraph then looks each one up instead of scanning a class.
        sparql = f"""SELECT ?s ?text ?passage ?doc ?kind ?section ?page ?position ?start
              WHERE {{ {values("s", chunk)}
              ?s pockg:text ?text ; prov:wasDerivedFrom ?passage .
              {NOT_REJECTED}
              OPTIONAL {{ ?s pockg:startOffset ?start }}
              {_SOURCE_FIELDS} }}"""
        for row in rows(reader, sparql):
            if row["s"] not in found:
                start = int(row.get("start", "0"))
                found[row["s"]] = Statement(row["s"], row["text"], source_of(row, documents), start)
    if links:
        with_links(reader, list(found.values()))
    return sorted(found.values(), key=lambda s: s.order)


def with_links(reader: GraphReader, items: Sequence[Statement]) -> None:
    """Fill in the types, outcomes and labelled links of `items`."""
    by_iri = {item.iri: item for item in items}
    for chunk in chunks(list(by_iri)):
        _fill_links(reader, {iri: by_iri[iri] for iri in chunk})


def _fill_links(reader: GraphReader, by_iri: dict[str, Statement]) -> None:
    predicates = " ".join(LINKS.values())
    # The labels in a query of their own: looked up once per linked node, not once per
    # link, which takes several times as long with the grouping it needs.
    sparql = f"""SELECT DISTINCT ?s ?p ?o WHERE {{ {values("s", list(by_iri))}
          {{ VALUES ?p {{ {predicates} rdf:type pockg:outcome }} ?s ?p ?o }}
          UNION {{ ?s pockg:resultedIn/pockg:text ?o . BIND(pockg:outcome AS ?p) }} }}"""
    found = list(rows(reader, sparql))
    fields = {_expand(p): name for name, p in LINKS.items()}
    labels = labels_of(reader, sorted({row["o"] for row in found if row["p"] in fields}))

    def order(row: dict[str, str]) -> tuple[str, str, bool, str, str]:
        label = labels.get(row["o"])  # as SPARQL orders: no label first, then by label
        return (row["s"], row["p"], label is not None, (label or "").lower(), row["o"])

    for row in sorted(found, key=order):
        item, predicate, node = by_iri[row["s"]], row["p"], row["o"]
        if predicate.endswith("#type"):
            item.types.add(node.rsplit("#", 1)[-1])
        elif predicate.endswith("#outcome"):
            if node not in item.outcomes:
                item.outcomes.append(node)
        else:
            getattr(item, fields[predicate])[node] = labels.get(node) or node.rsplit("/", 1)[-1]


def labels_of(reader: GraphReader, nodes: Sequence[str]) -> dict[str, str]:
    """Return a label (`rdfs:label` or `skos:prefLabel`) of each of `nodes` that has one."""
    found: dict[str, str] = {}
    for chunk in chunks(nodes):
        sparql = f"""SELECT ?o ?label WHERE {{ {values("o", chunk)}
              ?o rdfs:label|skos:prefLabel ?label }}"""
        for row in rows(reader, sparql):
            found.setdefault(row["o"], row["label"])
    return found


def _expand(prefixed: str) -> str:
    return ONTOLOGY_NS + prefixed.removeprefix("pockg:")


def passages(reader: GraphReader, documents: Documents, iris: Sequence[str]) -> list[Source]:
    """Return the passages `iris` with their text and sources, newest document first."""
    found: dict[str, Source] = {}
    for chunk in chunks(iris):
        sparql = f"""SELECT ?passage ?ptext ?doc ?kind ?section ?page ?position
              WHERE {{ {values("passage", chunk)}
              ?passage pockg:text ?ptext . {_SOURCE_FIELDS} }}"""
        for row in rows(reader, sparql):
            found.setdefault(row["passage"], source_of(row, documents))
    return sorted(found.values(), key=lambda s: s.order)
