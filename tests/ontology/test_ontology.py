"""The ontology: files parse, terms are documented, the contract holds, QC queries are clean."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, Node, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from pockg.graph import namespace
from pockg.graph.namespace import ID_BASE, POCKG
from tests.ontology.conftest import (
    INVALID_EXAMPLES,
    ONTOLOGY_DIR,
    ONTOLOGY_TTL,
    QC_QUERIES,
    REFERENCE_FILES,
    SHAPES_TTL,
    THEMES_TTL,
    VALID_EXAMPLES,
    parse,
    pockg_terms,
)

TURTLE_FILES = [
    ONTOLOGY_TTL,
    THEMES_TTL,
    SHAPES_TTL,
    *REFERENCE_FILES,
    *VALID_EXAMPLES,
    *INVALID_EXAMPLES,
]
# A plain Namespace: rdflib's XSD DefinedNamespace warns when pytest probes module attributes.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
RAPPER_COUNT = re.compile(r"Parsing returned (\d+) triples")

CONTRACT_CLASSES = [
    "Document",
    "Passage",
    "Actor",
    "Organisation",
    "UNMission",
    "Cluster",
    "Person",
    "Mandate",
    "SecurityCouncilResolution",
    "Framework",
    "Tool",
    "Country",
    "Recommendation",
    "FieldPractice",
    "Challenge",
    "Theme",
]
SUBCLASS_AXIOMS = [
    (POCKG.Organisation, POCKG.Actor),
    (POCKG.UNMission, POCKG.Organisation),
    (POCKG.Cluster, POCKG.Organisation),
    (POCKG.Person, POCKG.Actor),
    (POCKG.SecurityCouncilResolution, POCKG.Mandate),
    (POCKG.Recommendation, POCKG.Statement),
    (POCKG.FieldPractice, POCKG.Statement),
    (POCKG.Challenge, POCKG.Statement),
    (POCKG.Theme, SKOS.Concept),
    (POCKG.AreaOfResponsibility, POCKG.Cluster),
    (POCKG.CoordinationMechanism, POCKG.Tool),
    (POCKG.BodyOfLaw, POCKG.Framework),
    (POCKG.MissionComponent, POCKG.Organisation),
    (POCKG.LessonLearned, POCKG.Statement),
]
STATEMENTS = [POCKG.Recommendation, POCKG.FieldPractice, POCKG.Challenge]
RESOURCES = [POCKG.Framework, POCKG.Tool, POCKG.Mandate]
ENTITIES = [POCKG.Actor, POCKG.Mandate, POCKG.Framework, POCKG.Tool, POCKG.Country, POCKG.Theme]
# property: (kind, contract domain classes, contract range classes or datatype) from CONTRACT §3
CONTRACT_PROPERTIES: dict[str, tuple[URIRef, list[URIRef], list[URIRef]]] = {
    "fileName": (OWL.DatatypeProperty, [POCKG.Document], [XSD.string]),
    "inDocument": (OWL.ObjectProperty, [POCKG.Passage], [POCKG.Document]),
    "text": (OWL.DatatypeProperty, [POCKG.Passage, *STATEMENTS], [RDFS.Literal]),
    "page": (OWL.DatatypeProperty, [POCKG.Passage], [XSD.integer]),
    "section": (OWL.DatatypeProperty, [POCKG.Passage], [RDFS.Literal]),
    "mentions": (OWL.ObjectProperty, [POCKG.Passage], ENTITIES),
    "country": (
        OWL.ObjectProperty,
        [POCKG.FieldPractice, POCKG.Challenge, POCKG.UNMission],
        [POCKG.Country],
    ),
    "involves": (OWL.ObjectProperty, [POCKG.FieldPractice], [POCKG.Actor]),
    "relatesTo": (OWL.ObjectProperty, [POCKG.FieldPractice, POCKG.Recommendation], RESOURCES),
    "recommendedBy": (OWL.ObjectProperty, [POCKG.Recommendation], [POCKG.Actor]),
    "addressedTo": (OWL.ObjectProperty, [POCKG.Recommendation], [POCKG.Actor]),
    "resolutionNumber": (OWL.DatatypeProperty, [POCKG.SecurityCouncilResolution], [XSD.string]),
    "year": (
        OWL.DatatypeProperty,
        [POCKG.SecurityCouncilResolution, POCKG.Document],
        [XSD.gYear],
    ),
    "mandatedBy": (OWL.ObjectProperty, [POCKG.UNMission], [POCKG.SecurityCouncilResolution]),
    "role": (OWL.DatatypeProperty, [POCKG.Person], [RDFS.Literal]),
    "affiliation": (OWL.ObjectProperty, [POCKG.Person], [POCKG.Organisation]),
    "theme": (OWL.ObjectProperty, [POCKG.Passage, *STATEMENTS], [POCKG.Theme]),
    "cites": (
        OWL.ObjectProperty,
        [POCKG.Document],
        [POCKG.Document, POCKG.Framework, POCKG.Tool],
    ),
}
# Each QC query with a defect that it must report, added to the real ontology.
QC_DEFECTS = {
    "class-without-superclass.rq": "pockg:Orphan a owl:Class .",
    "datatype-property-with-class-range.rq": "pockg:blockKind rdfs:range pockg:Passage .",
    "duplicate-label.rq": 'pockg:Passage rdfs:label "document"@en .',
    "label-without-english.rq": 'pockg:Document rdfs:label "Dokument"@de .',
    "object-property-without-range.rq": "pockg:unranged a owl:ObjectProperty .",
    "property-with-several-domains-or-ranges.rq": "pockg:fileName rdfs:domain pockg:Passage .",
    "term-without-definition.rq": 'pockg:Undefined a owl:Class ; rdfs:label "undefined"@en .',
    "term-without-label.rq": 'pockg:Unlabelled a owl:Class ; skos:definition "x"@en .',
    "undeclared-pockg-term.rq": "pockg:Passage rdfs:subClassOf pockg:Documnet .",
}


def named_classes(ontology: Graph, node: Node) -> set[Node]:
    """Return the classes a domain or range names: the class itself or its union members."""
    union = ontology.value(node, OWL.unionOf)
    return set(Collection(ontology, union)) if union is not None else {node}


def is_subclass(ontology: Graph, sub: Node, sup: Node) -> bool:
    return sup in set(ontology.transitive_objects(sub, RDFS.subClassOf))


def all_terms(ontology: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return set().union(*(pockg_terms(ontology, kind) for kind in kinds))


@pytest.mark.parametrize("path", TURTLE_FILES, ids=lambda p: str(p.relative_to(ONTOLOGY_DIR)))
def test_turtle_file_parses_with_rdflib_and_rapper_alike(path: Path) -> None:
    rapper = shutil.which("rapper")
    assert rapper is not None, "rapper is missing: install the Debian package raptor2-utils"
    completed = subprocess.run(
        [rapper, "-i", "turtle", "-c", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    assert completed.returncode == 0, completed.stderr
    match = RAPPER_COUNT.search(completed.stderr)
    assert match is not None, completed.stderr
    rdflib_count = len(parse(path))
    assert rdflib_count > 0
    assert int(match.group(1)) == rdflib_count


def test_ontology_header_has_title_licence_version_and_date(ontology: Graph) -> None:
    header = URIRef("https://w3id.org/pockg/ontology")
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, DCTERMS.title) is not None
    assert ontology.value(header, DCTERMS.description) is not None
    assert ontology.value(header, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert ontology.value(header, OWL.versionInfo) == Literal("0.1.0")
    created = ontology.value(header, DCTERMS.created)
    assert isinstance(created, Literal) and created.datatype == XSD.date
    assert header == namespace.ONTOLOGY_IRI


def test_ontology_term_counts_by_kind(ontology: Graph) -> None:
    assert len(pockg_terms(ontology, OWL.Class)) == 46
    assert len(pockg_terms(ontology, OWL.ObjectProperty)) == 22
    assert len(pockg_terms(ontology, OWL.DatatypeProperty)) == 32


def test_ontology_every_term_has_one_english_label_and_definition(ontology: Graph) -> None:
    def languages(term: URIRef, predicate: URIRef) -> list[str | None]:
        return [v.language for v in ontology.objects(term, predicate) if isinstance(v, Literal)]

    undocumented = [
        term
        for term in sorted(all_terms(ontology))
        if languages(term, RDFS.label) != ["en"] or languages(term, SKOS.definition) != ["en"]
    ]
    assert undocumented == []


@pytest.mark.parametrize("name", CONTRACT_CLASSES)
def test_contract_class_is_declared(ontology: Graph, name: str) -> None:
    assert (POCKG[name], RDF.type, OWL.Class) in ontology


@pytest.mark.parametrize(("sub", "sup"), SUBCLASS_AXIOMS, ids=lambda t: t.split("#")[-1])
def test_contract_subclass_is_declared(ontology: Graph, sub: URIRef, sup: URIRef) -> None:
    assert (sub, RDFS.subClassOf, sup) in ontology


def test_contract_un_mission_chain_reaches_actor(ontology: Graph) -> None:
    assert is_subclass(ontology, POCKG.UNMission, POCKG.Organisation)
    assert is_subclass(ontology, POCKG.UNMission, POCKG.Actor)
    assert is_subclass(ontology, POCKG.Recommendation, URIRef("http://www.w3.org/ns/prov#Entity"))


@pytest.mark.parametrize("name", sorted(CONTRACT_PROPERTIES))
def test_contract_property_has_kind_domain_and_range(ontology: Graph, name: str) -> None:
    kind, domains, ranges = CONTRACT_PROPERTIES[name]
    prop = POCKG[name]
    assert (prop, RDF.type, kind) in ontology
    declared_domain = named_classes(ontology, ontology.value(prop, RDFS.domain))
    for cls in domains:
        assert any(is_subclass(ontology, cls, d) or cls == d for d in declared_domain), cls
    declared_range = named_classes(ontology, ontology.value(prop, RDFS.range))
    if kind == OWL.DatatypeProperty:
        assert declared_range == set(ranges)
    else:
        for cls in ranges:
            assert any(is_subclass(ontology, cls, r) or cls == r for r in declared_range), cls


def test_namespace_lists_exactly_the_ontology_terms(ontology: Graph) -> None:
    assert set(dir(POCKG)) == all_terms(ontology)


def test_namespace_unknown_term_raises() -> None:
    with pytest.raises(AttributeError, match="Documnet"):
        _ = POCKG.Documnet
    with pytest.raises(AttributeError, match="documentTitle"):
        _ = POCKG["documentTitle"]


def test_namespace_exposes_id_base_and_shared_vocabularies() -> None:
    assert ID_BASE == "https://w3id.org/pockg/id/"
    assert POCKG.UNMission == URIRef("https://w3id.org/pockg/ontology#UNMission")
    assert str(namespace.PROV.wasDerivedFrom) == "http://www.w3.org/ns/prov#wasDerivedFrom"
    assert str(namespace.ORG.Organization) == "http://www.w3.org/ns/org#Organization"
    assert str(namespace.FOAF.Person) == "http://xmlns.com/foaf/0.1/Person"
    assert namespace.SKOS.altLabel == SKOS.altLabel
    assert namespace.DCTERMS.title == DCTERMS.title


@pytest.mark.parametrize("query", QC_QUERIES, ids=lambda p: p.name)
def test_qc_query_returns_no_rows(ontology: Graph, query: Path) -> None:
    assert list(ontology.query(query.read_text(encoding="utf-8"))) == []


def test_qc_queries_each_have_a_defect_case() -> None:
    assert sorted(QC_DEFECTS) == [query.name for query in QC_QUERIES]


@pytest.mark.parametrize("query", QC_QUERIES, ids=lambda p: p.name)
def test_qc_query_reports_its_defect(ontology: Graph, query: Path) -> None:
    defect = (
        "@prefix pockg: <https://w3id.org/pockg/ontology#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n" + QC_DEFECTS[query.name]
    )
    graph = ontology + Graph()
    graph.parse(data=defect, format="turtle")
    assert len(list(graph.query(query.read_text(encoding="utf-8")))) >= 1
