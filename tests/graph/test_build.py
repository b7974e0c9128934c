"""Ingest writes each document's named graph: metadata, passages, mentions and provenance."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from pockg.config import Settings
from pockg.docstore import DocumentStore
from pockg.graph.iri import document_graph_iri
from pockg.graph.store import GraphStore
from pockg.pipeline import Status, ingest_paths

ID = "https://w3id.org/pockg/id/"
OCHA = URIRef(ID + "organisation/office-for-the-coordination-of-humanitarian-affairs")
PREFIXES = """
PREFIX pockg: <https://w3id.org/pockg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
BRIEFING = (
    "# Mali Briefing\n\n"
    "The Office for the Coordination of Humanitarian Affairs (OCHA) briefed MINUSMA on "
    "resolution 1894 (2009) in Mali.\n\n"
    "## Follow-up\n\nOCHA will report again.\n"
)


@pytest.fixture
def ingested(settings: Settings, tmp_path: Path) -> tuple[Settings, Path]:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "briefing.md").write_text(BRIEFING)
    (folder / "sudan.md").write_text("# South Sudan Note\n\nUN OCHA met UNMISS in Juba.\n")
    report = ingest_paths([folder], settings)
    assert [o.status for o in report.outcomes] == [Status.INGESTED, Status.INGESTED]
    return settings, folder


def select(store: GraphStore, query: str) -> set[tuple[str, ...]]:
    return {tuple(str(term) for term in row) for row in store.query(PREFIXES + query)}  # type: ignore[union-attr]


def test_document_graph_holds_metadata_and_passages_in_order(
    ingested: tuple[Settings, Path],
) -> None:
    settings, _ = ingested
    graph = document_graph_iri("briefing-md")
    with GraphStore.local(settings.data_dir) as store:
        rows = select(
            store,
            f"""
            SELECT ?file ?title ?position ?kind ?section ?text WHERE {{ GRAPH <{graph}> {{
                ?doc pockg:fileName ?file ; dcterms:title ?title .
                ?p pockg:inDocument ?doc ; pockg:position ?position ; pockg:blockKind ?kind ;
                   pockg:text ?text .
                OPTIONAL {{ ?p pockg:section ?section }}
            }} }}""",
        )
    assert rows == {
        ("briefing.md", "Mali Briefing", "0", "heading", "None", "Mali Briefing"),
        (
            "briefing.md",
            "Mali Briefing",
            "1",
            "paragraph",
            "None",
            "The Office for the Coordination of Humanitarian Affairs (OCHA) briefed MINUSMA on "
            "resolution 1894 (2009) in Mali.",
        ),
        ("briefing.md", "Mali Briefing", "2", "heading", "Follow-up", "Follow-up"),
        (
            "briefing.md",
            "Mali Briefing",
            "3",
            "paragraph",
            "Follow-up",
            "OCHA will report again.",
        ),
    }


def test_passages_mention_reference_entities_by_their_reference_iris(
    ingested: tuple[Settings, Path],
) -> None:
    settings, _ = ingested
    graph = document_graph_iri("briefing-md")
    with GraphStore.local(settings.data_dir) as store:
        mentioned = select(
            store,
            f"""
            SELECT DISTINCT ?entity WHERE {{ GRAPH <{graph}> {{ ?p pockg:mentions ?entity }} }}""",
        )
        number = select(
            store,
            f"""
            SELECT ?n WHERE {{ GRAPH <{graph}> {{ ?r pockg:resolutionNumber ?n }} }}""",
        )
    assert mentioned == {
        (str(OCHA),),
        (ID + "mission/minusma",),
        (ID + "resolution/1894",),
        (ID + "country/mli",),
    }
    assert number == {("1894",)}


def test_one_organisation_whatever_the_spelling_across_documents(
    ingested: tuple[Settings, Path],
) -> None:
    settings, _ = ingested
    with GraphStore.local(settings.data_dir) as store:
        rows = select(
            store,
            f"""
            SELECT ?g ?name WHERE {{ GRAPH ?g {{ <{OCHA}> skos:altLabel ?name }}
                    FILTER(CONTAINS(STR(?g), "/graph/document/")) }}""",
        )
        labels = select(store, f"SELECT ?l WHERE {{ <{OCHA}> rdfs:label ?l }}")
    assert rows == {
        (
            str(document_graph_iri("briefing-md")),
            "Office for the Coordination of Humanitarian Affairs",
        ),
        (str(document_graph_iri("briefing-md")), "OCHA"),
        (
            str(document_graph_iri("sudan-md")),
            "Office for the Coordination of Humanitarian Affairs",
        ),
        (str(document_graph_iri("sudan-md")), "UN OCHA"),
    }
    assert labels == {("Office for the Coordination of Humanitarian Affairs",)}


def test_every_document_records_its_extraction_activity(ingested: tuple[Settings, Path]) -> None:
    settings, _ = ingested
    with GraphStore.local(settings.data_dir) as store:
        rows = select(
            store,
            """
            SELECT ?file ?version WHERE {
                ?doc pockg:fileName ?file ; prov:wasGeneratedBy ?run .
                ?run a pockg:ExtractionActivity ; pockg:pipelineVersion ?version ;
                     prov:startedAtTime ?start ; prov:endedAtTime ?end ; prov:used ?doc .
                FILTER(?end >= ?start)
            }""",
        )
    assert rows == {("briefing.md", "0.1.0"), ("sudan.md", "0.1.0")}


def test_changed_document_replaces_its_own_graph_only(ingested: tuple[Settings, Path]) -> None:
    settings, folder = ingested
    with GraphStore.local(settings.data_dir) as store:
        other_before = store.graph_triple_count(str(document_graph_iri("sudan-md")))
    (folder / "briefing.md").write_text("# Mali Briefing\n\nUNHCR leads the cluster in Mali.\n")
    report = ingest_paths([folder], settings)
    assert [o.status for o in report.outcomes] == [Status.INGESTED, Status.UNCHANGED]
    with GraphStore.local(settings.data_dir) as store:
        texts = select(
            store,
            f"""
            SELECT ?text WHERE {{ GRAPH <{document_graph_iri("briefing-md")}> {{
                ?p a pockg:Passage ; pockg:text ?text }} }}""",
        )
        assert store.graph_triple_count(str(document_graph_iri("sudan-md"))) == other_before
    assert texts == {("Mali Briefing",), ("UNHCR leads the cluster in Mali.",)}


def test_reingesting_unchanged_files_leaves_the_graph_as_it_was(
    ingested: tuple[Settings, Path],
) -> None:
    settings, folder = ingested
    with GraphStore.local(settings.data_dir) as store:
        before = {g: store.graph_triple_count(g) for g in map(str, store.named_graphs())}
    report = ingest_paths([folder], settings)
    assert [o.status for o in report.outcomes] == [Status.UNCHANGED, Status.UNCHANGED]
    with GraphStore.local(settings.data_dir) as store:
        after = {g: store.graph_triple_count(g) for g in map(str, store.named_graphs())}
    assert after == before


def test_acronym_defined_in_an_earlier_document_resolves_in_a_later_one(
    settings: Settings, tmp_path: Path
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "defines.md").write_text(
        "# Note\n\nThe Kivu Community Protection Network (KCPN) alerted the Government.\n"
    )
    (second / "uses.md").write_text("# Later\n\nKCPN shared alerts again.\n")
    ingest_paths([first], settings)
    ingest_paths([second], settings)
    assert DocumentStore(settings.documents_db).known_acronyms()["KCPN"] == (
        "Kivu Community Protection Network"
    )
    network = ID + "organisation/kivu-community-protection-network"
    with GraphStore.local(settings.data_dir) as store:
        mentioned_in = select(
            store, f"SELECT ?g WHERE {{ GRAPH ?g {{ ?p pockg:mentions <{network}> }} }}"
        )
    assert mentioned_in == {
        (str(document_graph_iri("defines-md")),),
        (str(document_graph_iri("uses-md")),),
    }


def test_ingest_writes_to_a_remote_sparql_store(
    oxigraph_server: str, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POCKG_SPARQL_QUERY", f"{oxigraph_server}/query")
    monkeypatch.setenv("POCKG_SPARQL_UPDATE", f"{oxigraph_server}/update")
    note = tmp_path / "remote-note.md"
    note.write_text("# Remote Note\n\nUNMISS shared trend reports in South Sudan.\n")
    assert [o.status for o in ingest_paths([note], settings).outcomes] == [Status.INGESTED]
    note.write_text("# Remote Note\n\nMINUSMA met the cluster in Mali.\n")
    assert [o.status for o in ingest_paths([note], settings).outcomes] == [Status.INGESTED]
    remote = GraphStore.remote(f"{oxigraph_server}/query", f"{oxigraph_server}/update")
    with remote:
        texts = select(
            remote,
            f"""
            SELECT ?text WHERE {{ GRAPH <{document_graph_iri("remote-note-md")}> {{
                ?p a pockg:Passage ; pockg:text ?text }} }}""",
        )
        graphs = {str(g) for g in remote.named_graphs()}
    assert texts == {("Remote Note",), ("MINUSMA met the cluster in Mali.",)}
    assert ID + "graph/ontology" in graphs
