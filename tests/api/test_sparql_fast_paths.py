"""The shortcuts of `/sparql`: queries that skip rdflib's parser, the union default graph when
every graph is readable, results written by pyoxigraph, and the access rule's memory of the
document store, which must forget as soon as the store changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from api.access import readable_graphs
from api.sparql.protocol import (
    QueryShape,
    RefusedQueryError,
    SparqlRequest,
    answer,
    check_query,
    query_form,
    scoped_dataset,
)
from pockg.config import Settings
from pockg.docstore import DocumentStore
from pockg.graph.iri import document_graph_iri
from pockg.graph.store import GraphStore
from pockg.models import AccessLevel, DocumentMetadata, SourceDocument

EX = "http://example.org/"


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ("  ask {}", "ASK"),
        ("# a comment: select\nPREFIX ask: <http://x/#construct>\nCONSTRUCT WHERE {}", "CONSTRUCT"),
        ("BASE <http://x/>\nPREFIX : <y#>\nDESCRIBE <z>", "DESCRIBE"),
        ("SELEC * WHERE {}", None),
        ("PREFIX ex: <http://x/>", None),
    ],
)
def test_query_form_is_the_first_keyword_after_the_prologue(query: str, form: str | None) -> None:
    assert query_form(query) == form


def test_a_query_without_dataset_or_update_words_skips_rdflib() -> None:
    assert check_query("SELECT ?s WHERE { ?s ?p 'early warning' }") == QueryShape("SELECT")


def test_a_query_with_from_is_parsed_for_its_dataset() -> None:
    shape = check_query(f"SELECT * FROM <{EX}g> FROM NAMED <{EX}h> WHERE {{ ?s ?p ?o }}")
    assert shape == QueryShape("SELECT", (f"{EX}g",), (f"{EX}h",))


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "select * where { ?a ?b ?c optional { service silent ?x { ?s ?p ?o } } }",
        "SELECT * WHERE { ?s ?p 1SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }",
    ],
)
def test_service_is_refused_wherever_the_word_stands(query: str) -> None:
    with pytest.raises(RefusedQueryError):
        check_query(query)


def test_scoped_dataset_is_the_store_union_only_when_every_graph_is_readable() -> None:
    request, shape = SparqlRequest("ASK {}"), QueryShape("ASK")
    permitted = frozenset({f"{EX}a", f"{EX}b"})
    assert scoped_dataset(shape, request, permitted, everything=True) == ((), ())
    listed = (f"{EX}a", f"{EX}b")
    assert scoped_dataset(shape, request, permitted) == (listed, listed)
    named = SparqlRequest("ASK {}", named_graphs=(f"{EX}a",))
    assert scoped_dataset(shape, named, permitted, everything=True) == ((), (f"{EX}a",))


def document(doc_id: str, level: AccessLevel) -> SourceDocument:
    metadata = DocumentMetadata(title=doc_id, access_level=level)
    return SourceDocument(doc_id, f"{doc_id}.md", "text/markdown", "0", metadata, [], "")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """A data directory with two public documents, each with a graph of one triple."""
    settings = Settings(data_dir=tmp_path / "data")
    store = DocumentStore(settings.documents_db)
    with GraphStore.local(settings.data_dir) as graphs:
        for name in ("alpha", "beta"):
            graph = Graph()
            graph.add((URIRef(f"{EX}{name}"), URIRef(f"{EX}says"), Literal(f"{name} text")))
            graphs.replace_graph(str(document_graph_iri(name, base=settings.id_base)), graph)
            store.save(document(name, AccessLevel.PUBLIC), tmp_path / f"{name}.md", "f")
    return settings


def values(settings: Settings, query: str, max_rows: int = 100) -> list[str]:
    with GraphStore.local(settings.data_dir) as graphs:
        reply = answer(SparqlRequest(query), graphs, settings, max_rows)
    assert reply.status == 200, reply.body
    return sorted(row["o"]["value"] for row in json.loads(reply.body)["results"]["bindings"])


def test_access_rule_sees_a_document_turn_internal_at_once(settings: Settings) -> None:
    names = [str(document_graph_iri(n, base=settings.id_base)) for n in ("alpha", "beta")]
    query = "SELECT ?o WHERE { ?s ?p ?o }"
    assert readable_graphs(settings, names) == names
    assert values(settings, query) == ["alpha text", "beta text"]  # the union default graph
    DocumentStore(settings.documents_db).save(
        document("beta", AccessLevel.INTERNAL), settings.data_dir / "beta.md", "g"
    )
    assert readable_graphs(settings, names) == names[:1]
    assert values(settings, query) == ["alpha text"]  # the listed readable graphs


def test_select_results_are_cut_to_the_row_limit(settings: Settings) -> None:
    with GraphStore.local(settings.data_dir) as graphs:
        reply = answer(SparqlRequest("SELECT ?o WHERE { ?s ?p ?o }"), graphs, settings, 1)
    assert reply.truncated and len(json.loads(reply.body)["results"]["bindings"]) == 1
