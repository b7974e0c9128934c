"""The SHACL shapes: every class is shaped, examples validate as named, curated data conforms."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS

from pockg.graph.namespace import ID_BASE, POCKG
from tests.ontology.conftest import (
    INVALID_EXAMPLES,
    VALID_EXAMPLES,
    parse,
    pockg_terms,
    run_shacl,
)

Expected = tuple[str, Node | tuple[str, Node] | None, str]

# file: (focus node key under the id base, result path, a fragment of the message)
INVALID: dict[str, Expected] = {
    "area-of-responsibility-outside-a-cluster.ttl": (
        "organisation/gender-based-violence-area-of-responsibility",
        POCKG.parentOrganisation,
        "its pockg:parentOrganisation is a Cluster",
    ),
    "country-with-bad-iso-code.ttl": ("country/mli", POCKG.isoAlpha2Code, "two upper-case"),
    "curation-without-author.ttl": (
        "curation/2026-11-22-fix",
        PROV.wasAssociatedWith,
        "A Curation needs its author",
    ),
    "document-without-title.ttl": ("document/d2", DCTERMS.title, "needs a dcterms:title"),
    "extraction-activity-without-pipeline-version.ttl": (
        "activity/ingest-d1",
        POCKG.pipelineVersion,
        "exactly one pockg:pipelineVersion",
    ),
    "field-practice-derived-from-document.ttl": (
        "field-practice/d1/b0007/1",
        PROV.wasDerivedFrom,
        "prov:wasDerivedFrom link to the Passage",
    ),
    "field-practice-with-mission-as-country.ttl": (
        "mission/minusma",
        None,
        "An Actor cannot also be a country",
    ),
    "field-practice-without-country.ttl": (
        "field-practice/d1/b0007/2",
        POCKG.country,
        "needs at least one pockg:country",
    ),
    "field-practice-without-source.ttl": (
        "field-practice/d1/b0007/0",
        PROV.wasDerivedFrom,
        "prov:wasDerivedFrom link to the Passage",
    ),
    "ingested-document-without-passages.ttl": (
        "document/d3",
        ("inverse", POCKG.inDocument),
        "needs at least one Passage",
    ),
    "mission-with-unknown-type.ttl": (
        "mission/monusco",
        POCKG.missionType,
        '"peacekeeping", "special political" or "other"',
    ),
    "mission-without-label.ttl": ("mission/unmiss", RDFS.label, "one preferred name"),
    "passage-with-page-zero.ttl": ("passage/d1/b0002", POCKG.page, "of at least 1"),
    "passage-with-two-texts.ttl": ("passage/d1/b0003", POCKG.text, "exactly one non-empty"),
    "passage-without-document.ttl": (
        "passage/d1/b0001",
        POCKG.inDocument,
        "exactly one pockg:inDocument",
    ),
    "person-with-non-organisation-affiliation.ttl": (
        "country/mli",
        None,
        "An Actor cannot also be a country",
    ),
    "person-with-two-english-labels.ttl": (
        "person/victoria-metcalfe-hough",
        RDFS.label,
        "at most one per language",
    ),
    "recommendation-without-text.ttl": (
        "recommendation/d1/b0007/0",
        POCKG.text,
        "exactly one non-empty",
    ),
    "resolution-with-bad-number.ttl": (
        "resolution/1894",
        POCKG.resolutionNumber,
        "1 to 4 digits",
    ),
    "resolution-with-string-year.ttl": ("resolution/1674", POCKG.year, "xsd:gYear"),
    "statement-with-confidence-above-one.ttl": (
        "field-practice/d1/b0007/4",
        POCKG.confidence,
        "from 0 to 1",
    ),
    "theme-without-preflabel.ttl": ("theme/early-warning", SKOS.prefLabel, "skos:prefLabel"),
}


def node_shapes(shapes: Graph) -> set[Node]:
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
    found: set[Node] = set(shapes.subjects(RDF.type, SH.NodeShape))
    for target in targets:
        found |= set(shapes.subjects(target, None))
    return found


def test_shapes_target_every_pockg_class(ontology: Graph, shapes: Graph) -> None:
    targeted = set(shapes.objects(None, SH.targetClass))
    assert pockg_terms(ontology, OWL.Class) - targeted == set()


def test_shapes_name_each_class_shape_after_its_class(ontology: Graph, shapes: Graph) -> None:
    for cls in pockg_terms(ontology, OWL.Class):
        name = URIRef(f"https://w3id.org/pockg/shapes#{cls.fragment}Shape")
        assert (name, SH.targetClass, cls) in shapes


def test_shapes_every_node_and_property_shape_has_a_message(shapes: Graph) -> None:
    property_shapes = set(shapes.subjects(SH.path, None))
    silent = [
        s for s in node_shapes(shapes) | property_shapes if (s, SH.message, None) not in shapes
    ]
    assert silent == []


def test_shapes_use_only_declared_pockg_terms(ontology: Graph, shapes: Graph) -> None:
    used = {
        node
        for triple in shapes
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith(str(POCKG))
    }
    declared = {
        t
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for t in pockg_terms(ontology, kind)
    }
    assert used - declared == set()


@pytest.mark.parametrize("path", VALID_EXAMPLES, ids=lambda p: p.name)
def test_valid_example_conforms(ontology: Graph, shapes: Graph, path: Path) -> None:
    report = run_shacl(parse(path), shapes, ontology)
    assert report.conforms, report.text


def test_invalid_examples_each_have_an_expectation() -> None:
    assert sorted(INVALID) == [path.name for path in INVALID_EXAMPLES]


@pytest.mark.parametrize("path", INVALID_EXAMPLES, ids=lambda p: p.name)
def test_invalid_example_says_what_it_violates(path: Path) -> None:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("# Violates: ")


@pytest.mark.parametrize("path", INVALID_EXAMPLES, ids=lambda p: p.name)
def test_invalid_example_has_exactly_its_one_violation(
    ontology: Graph, shapes: Graph, path: Path
) -> None:
    focus_key, expected_path, message_fragment = INVALID[path.name]
    report = run_shacl(parse(path), shapes, ontology)
    assert not report.conforms
    assert len(report.results) == 1, report.text
    result = report.results[0]
    assert result.focus == URIRef(ID_BASE + focus_key)
    assert result.path == expected_path
    assert message_fragment in result.message
    assert result.severity == SH.Violation


def test_reference_data_and_themes_conform(
    ontology: Graph, shapes: Graph, reference_and_themes: Graph
) -> None:
    report = run_shacl(reference_and_themes, shapes, ontology)
    assert report.conforms, report.text


def test_shapes_catch_defects_in_reference_data(
    ontology: Graph, shapes: Graph, reference_and_themes: Graph
) -> None:
    curated = reference_and_themes + Graph()
    minusma = URIRef(ID_BASE + "mission/minusma")
    curated.remove((minusma, RDFS.label, None))
    curated.set((minusma, POCKG.missionType, Literal("peace enforcement")))
    report = run_shacl(curated, shapes, ontology)
    assert {(r.focus, r.path) for r in report.results} == {
        (minusma, RDFS.label),
        (minusma, POCKG.missionType),
    }
