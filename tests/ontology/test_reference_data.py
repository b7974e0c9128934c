"""The curated reference data and themes: IRIs, codes, numbers, links and scheme structure."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from pockg.graph.iri import slug
from pockg.graph.namespace import ID_BASE, POCKG
from tests.ontology.conftest import literal_strings

SCHEME = ID_BASE + "scheme/"
THEME = ID_BASE + "theme/"
REQUIRED_MISSIONS = {
    *("MINUSMA", "MONUSCO", "MONUC", "UNMISS", "UNAMID", "UNAMA", "UNAMI", "MINUSCA", "UNISFA"),
    *("UNIFIL", "UNMIL", "UNOCI", "MINUSTAH", "MINUJUSTH", "UNSOM", "UNSMIL", "UNITAMS", "UNMHA"),
    *("UNMIK", "UNFICYP", "UNDOF", "UNTSO", "UNMOGIP", "MINURSO", "BINUH", "UNIOGBIS", "UNOWAS"),
    *("UNRCCA", "UNSCO", "UNOCA", "UNMIS", "UNMIT", "ONUB", "UNAMSIL", "UNMEE", "MINURCAT"),
    *("UNSMIS", "BNUB", "BINUCA", "UNIPSIL", "UNMM"),
}
REQUIRED_RESOLUTIONS = {
    "protection of civilians": {
        *("1265", "1296", "1674", "1738", "1894", "2175", "2222", "2286", "2417", "2573"),
    },
    "children and armed conflict": {
        *("1261", "1314", "1379", "1460", "1539", "1612", "1882", "1998", "2068", "2143"),
        *("2225", "2427", "2601"),
    },
    "women, peace and security": {
        *("1325", "1820", "1888", "1889", "1960", "2106", "2122", "2242", "2467", "2493"),
    },
    "mission mandate": {"2344"},
}
# canonical name: aliases that must resolve to it (the names of the PoC corpus annotations)
COUNTRY_NAMES = {
    "Democratic Republic of the Congo": ["DRC", "DR Congo"],
    "Central African Republic": ["CAR"],
    "Côte d'Ivoire": ["Côte d’Ivoire", "Cote d’Ivoire", "Cote d'Ivoire", "Ivory Coast"],
    "Occupied Palestinian Territory": ["oPt", "State of Palestine"],
    "United States": ["US", "U.S.", "USA", "United States of America"],
    "Bosnia and Herzegovina": ["Bosnia"],
    "Syria": ["Syrian Arab Republic"],
    "Turkey": ["Türkiye"],
    "Kosovo": [],
    "South Sudan": [],
    "Afghanistan": [],
    "Mali": [],
}
THEME_SCHEMES = {
    "protection-cluster-mission-interaction": 7,
    "cmcoord-task-areas": 5,
    "poc-tiers": 3,
    "cross-cutting-themes": 19,
}
# reference file: the IRI type segment of its entities
FILE_TYPES = {
    "countries": {"country"},
    "law_and_frameworks": {"framework", "tool"},
    "missions": {"mission"},
    "resolutions": {"resolution"},
    "roles": {"role"},
    "un_entities": {"organisation"},
}


def typed_subjects(graph: Graph) -> set[Node]:
    return set(graph.subjects(RDF.type, None))


def one(graph: Graph, subject: Node, predicate: URIRef) -> str:
    values = literal_strings(graph, subject, predicate)
    assert len(values) == 1, (subject, predicate, values)
    return values[0]


def expected_key(graph: Graph, ontology: Graph, subject: Node) -> tuple[str, str]:
    """Return the type segment and key that the IRI scheme gives `subject`."""
    cls = graph.value(subject, RDF.type)
    ancestors = set(ontology.transitive_objects(cls, RDFS.subClassOf))
    if POCKG.Country in ancestors:
        return "country", one(graph, subject, POCKG.isoAlpha3Code).lower()
    if POCKG.SecurityCouncilResolution in ancestors:
        return "resolution", one(graph, subject, POCKG.resolutionNumber)
    if POCKG.UNMission in ancestors:
        return "mission", slug(one(graph, subject, POCKG.acronym))
    kind = next(
        name
        for cls_, name in (
            (POCKG.Tool, "tool"),
            (POCKG.Framework, "framework"),
            (POCKG.Role, "role"),
            (POCKG.Organisation, "organisation"),
        )
        if cls_ in ancestors
    )
    return kind, slug(one(graph, subject, RDFS.label))


@pytest.mark.parametrize("stem", sorted(FILE_TYPES))
def test_reference_iris_follow_the_id_scheme(
    reference: dict[str, Graph], ontology: Graph, stem: str
) -> None:
    graph = reference[stem]
    subjects = typed_subjects(graph)
    assert subjects
    for subject in subjects:
        kind, key = expected_key(graph, ontology, subject)
        assert kind in FILE_TYPES[stem]
        assert subject == URIRef(f"{ID_BASE}{kind}/{key}")


def test_reference_files_are_the_expected_ones(reference: dict[str, Graph]) -> None:
    assert sorted(reference) == sorted(FILE_TYPES)


def test_reference_entities_have_one_english_label(reference: dict[str, Graph]) -> None:
    for graph in reference.values():
        for subject in typed_subjects(graph):
            labels = list(graph.objects(subject, RDFS.label))
            assert len(labels) == 1 and isinstance(labels[0], Literal), subject
            assert labels[0].language == "en", subject


@pytest.mark.parametrize("stem", sorted(FILE_TYPES))
def test_reference_names_are_unambiguous_within_a_file(
    reference: dict[str, Graph], stem: str
) -> None:
    graph = reference[stem]
    owners: dict[str, set[Node]] = defaultdict(set)
    for predicate in (RDFS.label, SKOS.altLabel):
        for subject, name in graph.subject_objects(predicate):
            owners[str(name).casefold()].add(subject)
    assert {name: found for name, found in owners.items() if len(found) > 1} == {}


def test_reference_links_resolve_to_curated_entities(reference_and_themes: Graph) -> None:
    defined = typed_subjects(reference_and_themes)
    dangling = {
        obj
        for obj in reference_and_themes.objects()
        if isinstance(obj, URIRef) and str(obj).startswith(ID_BASE) and obj not in defined
    }
    assert dangling == set()


def test_reference_uses_only_declared_pockg_terms(
    reference_and_themes: Graph, ontology: Graph
) -> None:
    declared = set(ontology.subjects(RDF.type, OWL.Class)) | set(
        ontology.subjects(RDF.type, OWL.ObjectProperty)
    )
    declared |= set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    used = {
        node
        for triple in reference_and_themes
        for node in (triple[1], triple[2])
        if isinstance(node, URIRef) and str(node).startswith(str(POCKG))
    }
    assert used - declared == set()


def test_missions_include_the_required_ones(reference: dict[str, Graph]) -> None:
    graph = reference["missions"]
    acronyms = {one(graph, m, POCKG.acronym) for m in graph.subjects(RDF.type, POCKG.UNMission)}
    assert REQUIRED_MISSIONS - acronyms == set()


def test_missions_are_labelled_by_their_acronym(reference: dict[str, Graph]) -> None:
    graph = reference["missions"]
    for mission in graph.subjects(RDF.type, POCKG.UNMission):
        assert one(graph, mission, RDFS.label) == one(graph, mission, POCKG.acronym)
        assert literal_strings(graph, mission, SKOS.altLabel), mission


def test_mission_countries_exist_in_countries(reference: dict[str, Graph]) -> None:
    countries = set(reference["countries"].subjects(RDF.type, POCKG.Country))
    linked = set(reference["missions"].objects(None, POCKG.country))
    assert linked
    assert linked - countries == set()


def test_mission_mandates_exist_in_resolutions(reference: dict[str, Graph]) -> None:
    resolutions = set(reference["resolutions"].subjects(RDF.type, POCKG.SecurityCouncilResolution))
    linked = set(reference["missions"].objects(None, POCKG.mandatedBy))
    assert linked
    assert linked - resolutions == set()


def test_mission_start_precedes_end(reference: dict[str, Graph]) -> None:
    graph = reference["missions"]
    for mission in graph.subjects(RDF.type, POCKG.UNMission):
        end = graph.value(mission, POCKG.endYear)
        if end is not None:
            assert int(str(graph.value(mission, POCKG.startYear))) <= int(str(end)), mission


def test_resolution_numbers_are_unique(reference: dict[str, Graph]) -> None:
    graph = reference["resolutions"]
    numbers = [str(n) for n in graph.objects(None, POCKG.resolutionNumber)]
    assert len(numbers) == len(set(numbers))


def test_resolution_labels_give_number_and_year(reference: dict[str, Graph]) -> None:
    graph = reference["resolutions"]
    for resolution in graph.subjects(RDF.type, POCKG.SecurityCouncilResolution):
        number = one(graph, resolution, POCKG.resolutionNumber)
        year = one(graph, resolution, POCKG.year)
        assert (
            one(graph, resolution, RDFS.label) == f"Security Council resolution {number} ({year})"
        )
        assert one(graph, resolution, POCKG.documentSymbol) == f"S/RES/{number} ({year})"


@pytest.mark.parametrize("topic", sorted(REQUIRED_RESOLUTIONS))
def test_resolutions_include_the_required_ones_by_topic(
    reference: dict[str, Graph], topic: str
) -> None:
    graph = reference["resolutions"]
    on_topic = {
        one(graph, r, POCKG.resolutionNumber) for r in graph.subjects(POCKG.topic, Literal(topic))
    }
    assert REQUIRED_RESOLUTIONS[topic] - on_topic == set()


def test_country_codes_are_unique_and_well_formed(reference: dict[str, Graph]) -> None:
    graph = reference["countries"]
    countries = list(graph.subjects(RDF.type, POCKG.Country))
    alpha2 = [one(graph, c, POCKG.isoAlpha2Code) for c in countries]
    alpha3 = [one(graph, c, POCKG.isoAlpha3Code) for c in countries]
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in alpha2)
    assert all(re.fullmatch(r"[A-Z]{3}", code) for code in alpha3)
    assert len(set(alpha2)) == len(alpha2) == len(countries)
    assert len(set(alpha3)) == len(alpha3) == len(countries)


def test_countries_cover_un_members_observers_and_territories(reference: dict[str, Graph]) -> None:
    graph = reference["countries"]
    countries = list(graph.subjects(RDF.type, POCKG.Country))
    non_members = [c for c in countries if (c, RDFS.comment, None) in graph]
    assert len(countries) == 197
    assert len(non_members) == 4


@pytest.mark.parametrize("name", sorted(COUNTRY_NAMES))
def test_country_canonical_name_and_aliases_resolve(reference: dict[str, Graph], name: str) -> None:
    graph = reference["countries"]
    matches = list(graph.subjects(RDFS.label, Literal(name, lang="en")))
    assert len(matches) == 1
    aliases = set(literal_strings(graph, matches[0], SKOS.altLabel))
    assert set(COUNTRY_NAMES[name]) - aliases == set()


@pytest.mark.parametrize("scheme", sorted(THEME_SCHEMES))
def test_theme_scheme_has_its_top_concepts(themes: Graph, scheme: str) -> None:
    iri = URIRef(SCHEME + scheme)
    assert (iri, RDF.type, SKOS.ConceptScheme) in themes
    tops = set(themes.objects(iri, SKOS.hasTopConcept))
    assert len(tops) == THEME_SCHEMES[scheme]
    assert tops == set(themes.subjects(SKOS.topConceptOf, iri))


def test_themes_are_documented_pockg_themes_in_one_scheme(themes: Graph) -> None:
    concepts = set(themes.subjects(RDF.type, POCKG.Theme))
    assert len(concepts) == 35
    for concept in concepts:
        assert str(concept).startswith(THEME)
        assert len(list(themes.objects(concept, SKOS.inScheme))) == 1
        assert [v.language for v in themes.objects(concept, SKOS.prefLabel)] == ["en"]
        assert [v.language for v in themes.objects(concept, SKOS.definition)] == ["en"]
        assert literal_strings(themes, concept, SKOS.altLabel), concept
        is_top = (concept, SKOS.topConceptOf, None) in themes
        assert is_top != ((concept, SKOS.broader, None) in themes), concept


def test_theme_interaction_types_are_the_diagnostic_tools_seven(themes: Graph) -> None:
    scheme = URIRef(SCHEME + "protection-cluster-mission-interaction")
    labels = {
        str(themes.value(concept, SKOS.prefLabel))
        for concept in themes.objects(scheme, SKOS.hasTopConcept)
    }
    assert labels == {
        "Participation in coordination forums",
        "Information sharing",
        "Advocacy and communication",
        "Training",
        "Protection assessments, monitoring and analysis",
        "Strategy development",
        "Contingency planning",
    }
