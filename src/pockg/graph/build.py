"""A document's named graph: its metadata, passages, mentioned entities and statements.

Every triple about a document lives in `graph/document/<doc_id>`, so re-ingesting replaces
exactly that graph. Entities appear with the names this document uses for them, all as
`skos:altLabel`; their one preferred `rdfs:label` comes from the reference graph or from
the corpus-wide labels graph (`pockg.graph.labels`), so two documents that spell a name
differently never give an entity two English labels. Classes are written with all their
ontology superclasses, so `?x a pockg:Organisation` finds clusters and UN agencies without
a reasoner.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from rdflib import BNode, Graph, Literal, URIRef

from pockg.graph.iri import (
    activity_iri,
    document_iri,
    entity_iri,
    passage_iri,
    statement_iri,
)
from pockg.graph.namespace import DCTERMS, POCKG, PROV, RDF, SKOS, XSD
from pockg.graph.ontology import superclasses
from pockg.models import (
    Block,
    Entity,
    EntityRef,
    EntityType,
    Extraction,
    SourceDocument,
    Statement,
    StatementKind,
)

# The IRI path segment of each entity type (clusters share the organisations' namespace,
# as in the reference data).
IRI_KIND = {
    EntityType.ORGANISATION: "organisation",
    EntityType.CLUSTER: "organisation",
    EntityType.UN_MISSION: "mission",
    EntityType.PERSON: "person",
    EntityType.COUNTRY: "country",
    EntityType.PLACE: "place",
    EntityType.RESOLUTION: "resolution",
    EntityType.FRAMEWORK: "framework",
    EntityType.TOOL: "tool",
    EntityType.DOCUMENT: "document",
}
_STATEMENT_KIND = {
    StatementKind.RECOMMENDATION: "recommendation",
    StatementKind.FIELD_PRACTICE: "field-practice",
    StatementKind.CHALLENGE: "challenge",
}
_DATE_TYPES = (
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), XSD.date),
    (re.compile(r"^\d{4}-\d{2}$"), XSD.gYearMonth),
    (re.compile(r"^\d{4}$"), XSD.gYear),
)
_YEAR_ATTRIBUTES = {"year", "startYear", "endYear"}
_LITERAL_LINKS = {"role", "acronym", "resolutionNumber", "topic", "documentSymbol"}


@dataclass(frozen=True)
class ExtractionRun:
    """The provenance of one extraction: who ran it (pipeline version) and when."""

    pipeline_version: str
    started: datetime
    ended: datetime


def entity_node(ref: EntityRef, base: str) -> URIRef:
    """Return the IRI of the entity `ref`."""
    return entity_iri(IRI_KIND[ref.type], ref.key, base=base)


def build_document_graph(
    document: SourceDocument, extraction: Extraction, run: ExtractionRun, base: str
) -> Graph:
    """Return the triples of one document's named graph."""
    graph = Graph()
    doc_node = document_iri(document.doc_id, base=base)
    activity = activity_iri(f"{document.doc_id}-{run.started:%Y%m%dT%H%M%S%fZ}", base=base)
    _add_document(graph, doc_node, document, activity)
    _add_activity(graph, activity, run, doc_node)
    mentioned = _mentions_by_block(extraction, base)
    for position, block in enumerate(document.blocks):
        node = passage_iri(document.doc_id, block.id, base=base)
        _add_passage(graph, node, doc_node, block, position)
        for target in mentioned.get(block.id, ()):
            graph.add((node, POCKG.mentions, target))
        for theme in extraction.passage_themes.get(block.id, ()):
            graph.add((node, POCKG.theme, _theme(theme, base)))
    for entity in extraction.entities.values():
        _add_entity(graph, entity, base)
        if entity.ref.type is EntityType.DOCUMENT:
            graph.add((doc_node, POCKG.cites, entity_node(entity.ref, base)))
    _add_statements(graph, document.doc_id, extraction.statements, activity, base)
    return graph


def _add_document(graph: Graph, node: URIRef, document: SourceDocument, activity: URIRef) -> None:
    meta = document.metadata
    _add_types(graph, node, "Document")
    graph.add((node, DCTERMS.title, Literal(meta.title or document.file_name, lang="en")))
    graph.add((node, POCKG.fileName, Literal(document.file_name)))
    graph.add((node, POCKG.contentHash, Literal(document.content_hash)))
    graph.add((node, POCKG.accessLevel, Literal(meta.access_level.value)))
    graph.add((node, DCTERMS.language, Literal(meta.language)))
    graph.add((node, PROV.wasGeneratedBy, activity))
    optional = (
        (DCTERMS.publisher, meta.publisher),
        (POCKG.documentType, meta.document_type),
        (DCTERMS.source, meta.source),
    )
    for predicate, value in optional:
        if value:
            graph.add((node, predicate, Literal(value)))
    if meta.date:
        graph.add((node, DCTERMS.date, _date_literal(meta.date)))
        graph.add((node, POCKG.year, Literal(meta.date[:4], datatype=XSD.gYear)))


def _date_literal(value: str) -> Literal:
    """Return an ISO date as a literal typed by its precision (date, year-month or year)."""
    for pattern, datatype in _DATE_TYPES:
        if pattern.match(value):
            return Literal(value, datatype=datatype)
    return Literal(value)


def _add_activity(graph: Graph, node: URIRef, run: ExtractionRun, document: URIRef) -> None:
    _add_types(graph, node, "ExtractionActivity")
    graph.add((node, POCKG.pipelineVersion, Literal(run.pipeline_version)))
    graph.add((node, PROV.startedAtTime, Literal(run.started, datatype=XSD.dateTime)))
    graph.add((node, PROV.endedAtTime, Literal(run.ended, datatype=XSD.dateTime)))
    graph.add((node, PROV.used, document))


def _add_passage(graph: Graph, node: URIRef, document: URIRef, block: Block, position: int) -> None:
    _add_types(graph, node, "Passage")
    graph.add((node, POCKG.inDocument, document))
    graph.add((node, POCKG.text, Literal(block.text)))
    graph.add((node, POCKG.blockKind, Literal(block.kind.value)))
    graph.add((node, POCKG.position, Literal(position)))
    graph.add((node, POCKG.startOffset, Literal(block.start)))
    graph.add((node, POCKG.endOffset, Literal(block.end)))
    if block.section:
        graph.add((node, POCKG.section, Literal(" > ".join(block.section))))
    if block.page is not None:
        graph.add((node, POCKG.page, Literal(block.page)))


def _mentions_by_block(extraction: Extraction, base: str) -> dict[str, set[URIRef]]:
    by_block: dict[str, set[URIRef]] = {}
    for mention in extraction.mentions:
        by_block.setdefault(mention.block_id, set()).add(entity_node(mention.ref, base))
    return by_block


def _add_entity(graph: Graph, entity: Entity, base: str) -> None:
    node = entity_node(entity.ref, base)
    _add_types(graph, node, entity.subtype or entity.ref.type.value)
    for name in {entity.label, *entity.aliases}:
        graph.add((node, SKOS.altLabel, Literal(name, lang="en")))
    if entity.ref.type is EntityType.DOCUMENT:
        graph.add((node, DCTERMS.title, Literal(entity.attributes.get("title", entity.label))))
    for name, value in sorted(entity.attributes.items()):
        if name in _YEAR_ATTRIBUTES:
            graph.add((node, POCKG[name], Literal(value, datatype=XSD.gYear)))
        elif name in _LITERAL_LINKS:
            graph.add((node, POCKG[name], Literal(value)))
    for name, refs in sorted(entity.links.items()):
        for ref in refs:
            graph.add((node, POCKG[name], entity_node(ref, base)))


def _add_statements(
    graph: Graph, doc_id: str, statements: list[Statement], activity: URIRef, base: str
) -> None:
    counters: Counter[tuple[str, str]] = Counter()
    for statement in statements:
        kind = _STATEMENT_KIND[statement.kind]
        index = counters[(kind, statement.block_id)]
        counters[(kind, statement.block_id)] += 1
        node = statement_iri(kind, doc_id, statement.block_id, index, base=base)
        passage = passage_iri(doc_id, statement.block_id, base=base)
        _add_statement(graph, node, statement, passage, activity, base)
        if statement.outcome:
            outcome = statement_iri("outcome", doc_id, statement.block_id, index, base=base)
            _add_types(graph, outcome, "Outcome")
            graph.add((outcome, POCKG.text, Literal(statement.outcome)))
            graph.add((outcome, PROV.wasDerivedFrom, passage))
            graph.add((node, POCKG.resultedIn, outcome))


def _add_statement(
    graph: Graph,
    node: URIRef,
    statement: Statement,
    passage: URIRef,
    activity: URIRef,
    base: str,
) -> None:
    _add_types(graph, node, statement.kind.value)
    graph.add((node, POCKG.text, Literal(statement.text)))
    graph.add((node, PROV.wasDerivedFrom, passage))
    graph.add((node, PROV.wasGeneratedBy, activity))
    graph.add((node, POCKG.startOffset, Literal(statement.start)))
    graph.add((node, POCKG.endOffset, Literal(statement.end)))
    if statement.modal:
        graph.add((node, POCKG.modal, Literal(statement.modal)))
    if statement.outcome:
        graph.add((node, POCKG.outcome, Literal(statement.outcome)))
    links = (
        (POCKG.country, statement.countries),
        (POCKG.involves, statement.actors),
        (POCKG.relatesTo, statement.instruments),
        (POCKG.addressedTo, statement.addressed_to),
        (POCKG.recommendedBy, statement.recommended_by),
    )
    for predicate, refs in links:
        for ref in refs:
            graph.add((node, predicate, entity_node(ref, base)))
    for theme in statement.themes:
        graph.add((node, POCKG.theme, _theme(theme, base)))


def _theme(key: str, base: str) -> URIRef:
    return entity_iri("theme", key, base=base)


def _add_types(graph: Graph, node: URIRef | BNode, class_name: str) -> None:
    """Add `node a <class>` for the class and every ontology superclass of it."""
    for cls in superclasses(POCKG[class_name]):
        graph.add((node, RDF.type, cls))
