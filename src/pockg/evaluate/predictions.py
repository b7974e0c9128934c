"""What the graph store predicts for one ingested document, read with SPARQL.

An ingested document is a `pockg:Document` with a `pockg:fileName` in some named graph
(`dcterms:source` optional). Everything else is read from that same named graph only, so
each document is scored on its own triples:

* entities: nodes typed there with a category class or any subclass of it (the closure of
  `rdfs:subClassOf` in `ontology/pockg.ttl`), named there by `rdfs:label`, `skos:altLabel`,
  `pockg:acronym` or `dcterms:title`; a node with no name in the graph is not a prediction.
  Organisations are `pockg:Organisation` but not `pockg:UNMission`; tools and mechanisms are
  `pockg:Framework` or `pockg:Tool`; people carry `pockg:role`; resolutions carry
  `pockg:resolutionNumber` (the number is their only name);
* cited documents: `<doc> pockg:cites ?c` where `?c` is a `pockg:Document`, with its names,
  `pockg:year` and the year of `dcterms:date`;
* statements: `pockg:Recommendation`, `pockg:FieldPractice` and `pockg:Challenge` nodes with a
  `pockg:text` and `prov:wasDerivedFrom` a passage `pockg:inDocument` the document, with
  `pockg:modal`, and the names of their `pockg:country` and `pockg:relatesTo` targets.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rdflib import URIRef, Variable
from rdflib.term import Identifier

from pockg.graph.namespace import POCKG, SPARQL_PREFIXES
from pockg.graph.ontology import subclasses
from pockg.graph.store import GraphStore

_NAME_PATH = "rdfs:label|skos:altLabel|pockg:acronym|dcterms:title"
_YEAR = re.compile(r"^\s*(\d{4})")


@dataclass(frozen=True)
class IngestedDocument:
    """A document in the store: its named graph, IRI, file name and source."""

    graph: str
    iri: str
    file_name: str
    source: str = ""

    def annotated_by(self, gold_document: str) -> bool:
        """Return whether a gold file's "document" names this document: its file name or
        the last path component of its source."""
        source_name = re.split(r"[/\\]", self.source)[-1]
        return gold_document in {self.file_name, source_name} - {""}


@dataclass(frozen=True)
class PredictedEntity:
    """A predicted entity: its names in the document, and for a person the roles printed."""

    iri: str
    names: tuple[str, ...]
    roles: tuple[str, ...] = ()
    years: tuple[int, ...] = ()


@dataclass(frozen=True)
class PredictedStatement:
    """A predicted statement: its text, modal cue and the names of its linked entities."""

    iri: str
    text: str
    modal: str = ""
    countries: tuple[tuple[str, ...], ...] = ()
    frameworks: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Predictions:
    """Everything predicted for one document, by category."""

    organisations: tuple[PredictedEntity, ...] = ()
    people: tuple[PredictedEntity, ...] = ()
    un_missions: tuple[PredictedEntity, ...] = ()
    resolutions: tuple[PredictedEntity, ...] = ()
    citations: tuple[PredictedEntity, ...] = ()
    tools: tuple[PredictedEntity, ...] = ()
    countries: tuple[PredictedEntity, ...] = ()
    recommendations: tuple[PredictedStatement, ...] = ()
    field_practices: tuple[PredictedStatement, ...] = ()
    challenges: tuple[PredictedStatement, ...] = ()


def list_documents(store: GraphStore) -> list[IngestedDocument]:
    """Return the ingested documents in the store, by graph and IRI."""
    rows = _select(
        store,
        """SELECT ?g ?doc ?file ?source WHERE { GRAPH ?g {
             ?doc a pockg:Document ; pockg:fileName ?file .
             OPTIONAL { ?doc dcterms:source ?source } } } ORDER BY ?g ?doc ?file ?source""",
        ("g", "doc", "file", "source"),
    )
    found: dict[tuple[str, str], IngestedDocument] = {}
    for graph, iri, file_name, source in rows:
        found.setdefault((graph, iri), IngestedDocument(graph, iri, file_name, source))
    return list(found.values())


def read_predictions(store: GraphStore, document: IngestedDocument) -> Predictions:
    """Return what the document's named graph predicts, by category."""
    types = _types(store, document.graph)
    names = _names(store, document.graph)

    def entities(*classes: URIRef, unless: URIRef | None = None) -> tuple[PredictedEntity, ...]:
        wanted = set().union(*(subclasses(cls) for cls in classes))
        unwanted = subclasses(unless) if unless is not None else frozenset()
        return tuple(
            PredictedEntity(iri, names[iri])
            for iri in sorted(types)
            if names.get(iri) and types[iri] & wanted and not types[iri] & unwanted
        )

    statements = _statements(store, document, names)
    return Predictions(
        organisations=entities(POCKG.Organisation, unless=POCKG.UNMission),
        people=_with_roles(store, document.graph, entities(POCKG.Person)),
        un_missions=entities(POCKG.UNMission),
        resolutions=_resolutions(store, document.graph, types),
        citations=_citations(store, document, names),
        tools=entities(POCKG.Framework, POCKG.Tool),
        countries=entities(POCKG.Country),
        recommendations=statements.get(POCKG.Recommendation, ()),
        field_practices=statements.get(POCKG.FieldPractice, ()),
        challenges=statements.get(POCKG.Challenge, ()),
    )


_CATEGORY_CLASSES = (
    POCKG.Organisation,
    POCKG.Person,
    POCKG.SecurityCouncilResolution,
    POCKG.Framework,
    POCKG.Tool,
    POCKG.Country,
)
_STATEMENT_CLASSES = (POCKG.Recommendation, POCKG.FieldPractice, POCKG.Challenge)
_LINKS = (POCKG.country, POCKG.relatesTo)


def _values(classes: Iterable[URIRef]) -> str:
    """Return a SPARQL VALUES list of the classes and all their subclasses."""
    every = sorted(set().union(*(subclasses(cls) for cls in classes)))
    return " ".join(cls.n3() for cls in every)


def _types(store: GraphStore, graph: str) -> dict[str, frozenset[URIRef]]:
    """Return the category classes of each node typed in `graph`."""
    sparql = f"""SELECT ?e ?type WHERE {{ GRAPH <{graph}> {{ ?e a ?type }}
                 VALUES ?type {{ {_values(_CATEGORY_CLASSES)} }} }}"""
    found: defaultdict[str, set[URIRef]] = defaultdict(set)
    for iri, cls in _select(store, sparql, ("e", "type")):
        found[iri].add(URIRef(cls))
    return {iri: frozenset(classes) for iri, classes in found.items()}


def _names(store: GraphStore, graph: str) -> dict[str, tuple[str, ...]]:
    """Return the names of each node named in `graph`, sorted and without repeats."""
    sparql = f"SELECT ?e ?name WHERE {{ GRAPH <{graph}> {{ ?e {_NAME_PATH} ?name }} }}"
    return _grouped(_select(store, sparql, ("e", "name")))


def _literals(store: GraphStore, graph: str, predicate: URIRef) -> dict[str, tuple[str, ...]]:
    """Return the non-empty values of `predicate` of each node in `graph`."""
    sparql = f"SELECT ?e ?v WHERE {{ GRAPH <{graph}> {{ ?e {predicate.n3()} ?v }} }}"
    return _grouped(row for row in _select(store, sparql, ("e", "v")) if row[1].strip())


def _with_roles(
    store: GraphStore, graph: str, people: Sequence[PredictedEntity]
) -> tuple[PredictedEntity, ...]:
    """Return `people` with the roles printed for them (`pockg:role`)."""
    roles = _literals(store, graph, POCKG.role)
    return tuple(PredictedEntity(p.iri, p.names, roles.get(p.iri, ())) for p in people)


def _resolutions(
    store: GraphStore, graph: str, types: Mapping[str, frozenset[URIRef]]
) -> tuple[PredictedEntity, ...]:
    """Return the resolutions typed in `graph`, each named by its resolution numbers."""
    numbers = _literals(store, graph, POCKG.resolutionNumber)
    wanted = subclasses(POCKG.SecurityCouncilResolution)
    return tuple(
        PredictedEntity(iri, tuple(n.strip() for n in numbers[iri]))
        for iri in sorted(numbers)
        if types.get(iri, frozenset()) & wanted
    )


def _citations(
    store: GraphStore, document: IngestedDocument, names: Mapping[str, tuple[str, ...]]
) -> tuple[PredictedEntity, ...]:
    """Return the documents the document cites, with their names and years."""
    sparql = f"""SELECT ?c ?year WHERE {{ GRAPH <{document.graph}> {{
                   <{document.iri}> pockg:cites ?c . ?c a pockg:Document .
                   OPTIONAL {{ ?c pockg:year|dcterms:date ?year }} }} }}"""
    years: dict[str, set[int]] = {}
    for iri, year in _select(store, sparql, ("c", "year")):
        found = years.setdefault(iri, set())
        if match := _YEAR.match(year):
            found.add(int(match.group(1)))
    return tuple(
        PredictedEntity(iri, names.get(iri, ()), years=tuple(sorted(years[iri])))
        for iri in sorted(years)
    )


def _statements(
    store: GraphStore, document: IngestedDocument, names: Mapping[str, tuple[str, ...]]
) -> dict[URIRef, tuple[PredictedStatement, ...]]:
    """Return the document's statements by kind (Recommendation, FieldPractice, Challenge)."""
    sparql = f"""SELECT ?s ?type ?text ?modal WHERE {{ GRAPH <{document.graph}> {{
                   ?s a ?type ; pockg:text ?text ; prov:wasDerivedFrom ?p .
                   ?p pockg:inDocument <{document.iri}> .
                   OPTIONAL {{ ?s pockg:modal ?modal }} }}
                   VALUES ?type {{ {_values(_STATEMENT_CLASSES)} }} }} ORDER BY ?s ?text"""
    links = _links(store, document.graph)
    found: dict[URIRef, dict[str, PredictedStatement]] = {k: {} for k in _STATEMENT_CLASSES}
    for iri, cls, text, modal in _select(store, sparql, ("s", "type", "text", "modal")):
        for kind in _STATEMENT_CLASSES:
            if URIRef(cls) in subclasses(kind) and iri not in found[kind]:
                country, framework = (links.get((iri, str(p)), ()) for p in _LINKS)
                found[kind][iri] = PredictedStatement(
                    iri,
                    text,
                    modal,
                    countries=tuple(names.get(target, ()) for target in country),
                    frameworks=tuple(names.get(target, ()) for target in framework),
                )
    return {kind: tuple(by_iri.values()) for kind, by_iri in found.items()}


def _links(store: GraphStore, graph: str) -> dict[tuple[str, str], tuple[str, ...]]:
    """Return the targets of `pockg:country` and `pockg:relatesTo` by (subject, property)."""
    sparql = f"""SELECT ?s ?p ?t WHERE {{ GRAPH <{graph}> {{ ?s ?p ?t }}
                 VALUES ?p {{ {" ".join(p.n3() for p in _LINKS)} }} }}"""
    found: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    for subject, predicate, target in _select(store, sparql, ("s", "p", "t")):
        found[(subject, predicate)].add(target)
    return {key: tuple(sorted(targets)) for key, targets in found.items()}


def _grouped(rows: Iterable[tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Return the second column of (key, value) rows grouped by key, sorted and unique."""
    found: defaultdict[str, set[str]] = defaultdict(set)
    for key, value, *_ in rows:
        found[key].add(value)
    return {key: tuple(sorted(values)) for key, values in found.items()}


def _select(store: GraphStore, query: str, columns: Sequence[str]) -> list[tuple[str, ...]]:
    """Return the rows of a SELECT query as strings ("" for an unbound column)."""
    result = store.query(SPARQL_PREFIXES + query)
    variables = [Variable(name) for name in columns]
    return [tuple(_text(row.get(v)) for v in variables) for row in result.bindings]


def _text(term: Identifier | None) -> str:
    """Return a term as a string: an IRI or a literal's lexical form; "" when unbound."""
    return "" if term is None else str(term)
