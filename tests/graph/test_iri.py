"""IRI minting: exact IRIs for known keys, stable across calls, closed sets of kinds."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from pockg.graph.iri import (
    DEFAULT_ID_BASE,
    ENTITY_KINDS,
    STAGING_GRAPH_PREFIX,
    activity_iri,
    curation_graph_iri,
    document_graph_iri,
    document_iri,
    entity_iri,
    passage_iri,
    slug,
    staging_graph_iri,
    statement_iri,
)

BASE = "https://w3id.org/pockg/id/"
DOC = "000-f521180593b81347-txt"
BLOCK = "0123456789abcdef"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UN OCHA", "un-ocha"),
        ("Côte d’Ivoire", "cote-d-ivoire"),
        ("  --MONUSCO--  ", "monusco"),
        ("S/RES/1894 (2009)", "s-res-1894-2009"),
        ("Protection_of_Civilians", "protection-of-civilians"),
        ("Straße", "strasse"),
        ("ﬁle", "file"),
        ("日本", "日本"),
        ("???", "x-a03b221c6c"),
        ("x" * 100, "x" * 69 + "-09ecb6ebc8"),
    ],
)
def test_slug_normalises_keys(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_slug_truncates_to_max_length_with_distinct_hashes() -> None:
    first, second = slug("a" * 90 + " one"), slug("a" * 90 + " two")
    assert len(first) == len(second) == 80
    assert first != second
    assert first[:69] == second[:69] == "a" * 69


def test_slug_is_stable_and_case_insensitive() -> None:
    assert slug("Joint Protection Team") == slug("joint protection team") == "joint-protection-team"


def test_document_iris_for_a_document_id() -> None:
    assert document_iri(DOC) == URIRef(f"{BASE}document/{DOC}")
    assert document_graph_iri(DOC) == URIRef(f"{BASE}graph/document/{DOC}")


def test_passage_iri_keeps_ids_verbatim_and_percent_encodes_others() -> None:
    assert passage_iri(DOC, BLOCK) == URIRef(f"{BASE}passage/{DOC}/{BLOCK}")
    assert passage_iri("d", "a b/c") == URIRef(f"{BASE}passage/d/a%20b%2Fc")


@pytest.mark.parametrize(
    ("kind", "key", "expected"),
    [
        ("organisation", "UN OCHA", "organisation/un-ocha"),
        ("country", "Côte d’Ivoire", "country/cote-d-ivoire"),
        ("resolution", "1894", "resolution/1894"),
        ("mission", "MONUSCO", "mission/monusco"),
        ("theme", "Information sharing", "theme/information-sharing"),
        ("tool", "MARA", "tool/mara"),
    ],
)
def test_entity_iri_from_kind_and_key(kind: str, key: str, expected: str) -> None:
    assert entity_iri(kind, key) == URIRef(BASE + expected)


def test_entity_iri_rejects_an_unknown_kind() -> None:
    with pytest.raises(ValueError, match=r"unknown kind 'organization'; expected one of actor, "):
        entity_iri("organization", "UN OCHA")


def test_entity_kinds_cover_the_ontology_classes() -> None:
    assert {"organisation", "person", "mission", "cluster", "country", "resolution"} < ENTITY_KINDS
    assert {"framework", "tool", "theme", "document", "mandate", "actor"} < ENTITY_KINDS


def test_statement_iri_from_passage_and_index() -> None:
    assert statement_iri("field-practice", DOC, BLOCK, 2) == URIRef(
        f"{BASE}field-practice/{DOC}/{BLOCK}/2"
    )
    assert statement_iri("recommendation", "d", "b", 0) == URIRef(f"{BASE}recommendation/d/b/0")


def test_statement_iri_rejects_unknown_kind_and_negative_index() -> None:
    with pytest.raises(ValueError, match="unknown kind 'practice'"):
        statement_iri("practice", "d", "b", 0)
    with pytest.raises(ValueError, match="counts from 0, got -1"):
        statement_iri("challenge", "d", "b", -1)


def test_activity_and_curation_graph_iris() -> None:
    assert activity_iri("ingest-20240101T120000Z") == URIRef(
        f"{BASE}activity/ingest-20240101T120000Z"
    )
    assert curation_graph_iri("Jane Doe") == URIRef(f"{BASE}graph/curation/jane-doe")


def test_base_is_an_argument() -> None:
    base = "http://example.org/kg/"
    assert DEFAULT_ID_BASE == BASE
    assert entity_iri("tool", "MARA", base=base) == URIRef("http://example.org/kg/tool/mara")
    assert document_graph_iri("d", base=base) == URIRef("http://example.org/kg/graph/document/d")
    assert entity_iri("tool", "MARA") == URIRef(f"{BASE}tool/mara")


def test_base_must_end_with_a_separator() -> None:
    with pytest.raises(ValueError, match="must end with '/' or '#'"):
        document_iri("d", base="http://example.org/kg")


def test_empty_ids_are_rejected() -> None:
    with pytest.raises(ValueError, match="must not be empty"):
        passage_iri(DOC, "")


def test_minting_is_stable_across_calls() -> None:
    assert [entity_iri("person", "Ana María Pérez") for _ in range(3)] == [
        URIRef(f"{BASE}person/ana-maria-perez")
    ] * 3


def test_staging_graph_iris_are_fresh_and_outside_the_base() -> None:
    first, second = staging_graph_iri(), staging_graph_iri()
    assert first != second
    assert first.startswith(STAGING_GRAPH_PREFIX) and second.startswith(STAGING_GRAPH_PREFIX)
    assert not first.startswith(BASE)
