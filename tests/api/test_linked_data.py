"""`/id/...`, `/ontology` and `/dumps`: linked data with content negotiation, read from a
store holding the corpus and one internal document that must never show."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS

from tests.api.conftest import MARKER

MINUSMA = URIRef("https://w3id.org/pockg/id/mission/minusma")
HTML = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def test_store_holds_the_internal_marker(client: TestClient) -> None:
    """The hidden document really is in the store, so the tests below prove it is hidden."""
    client.get("/api/graphs")
    store = client.app.state.graph_store
    found = store.query(f'ASK {{ ?s ?p ?o FILTER(CONTAINS(STR(?o), "{MARKER}")) }}')
    assert found.askAnswer is True


def test_id_html_names_the_mission_and_links_a_passage(client: TestClient) -> None:
    response = client.get("/id/mission/minusma", headers=HTML)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>MINUSMA</h1>" in response.text
    assert 'href="/documents/gpc-2020-global-protection-forum-summary-note-txt#b-' in response.text
    assert 'href="/id/country/mli">Mali</a>' in response.text


def test_id_turtle_parses_and_carries_the_label(client: TestClient) -> None:
    response = client.get("/id/mission/minusma", headers={"accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    assert response.headers["vary"] == "Accept"
    graph = Graph().parse(data=response.text, format="turtle")
    assert (MINUSMA, RDFS.label, Literal("MINUSMA", lang="en")) in graph
    assert 'rdfs:label "MINUSMA"' in response.text
    mali = URIRef("https://w3id.org/pockg/id/country/mli")
    assert (mali, RDFS.label, Literal("Mali", lang="en")) in graph


@pytest.mark.parametrize(
    ("query", "headers", "media_type"),
    [
        ("", {"accept": "application/ld+json"}, "application/ld+json"),
        ("?format=jsonld", HTML, "application/ld+json"),
        ("?format=json", {}, "application/json"),
    ],
)
def test_id_json_ld_parses(
    client: TestClient, query: str, headers: dict[str, str], media_type: str
) -> None:
    response = client.get(f"/id/mission/minusma{query}", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    graph = Graph().parse(data=response.text, format="json-ld")
    assert (MINUSMA, RDFS.label, Literal("MINUSMA", lang="en")) in graph


def test_id_format_ttl_overrides_accept(client: TestClient) -> None:
    response = client.get("/id/mission/minusma?format=ttl", headers=HTML)
    assert response.headers["content-type"].startswith("text/turtle")


def test_ocha_page_lists_its_aliases(client: TestClient) -> None:
    path = "/id/organisation/office-for-the-coordination-of-humanitarian-affairs"
    response = client.get(path, headers=HTML)
    assert response.status_code == 200
    assert "<dt>Also called</dt>" in response.text
    assert "UN OCHA" in response.text
    assert 'href="/api/entities/organisation/' in response.text


@pytest.mark.parametrize(
    ("path", "headers", "status"),
    [
        ("/id/mission/no-such-mission", {"accept": "text/turtle"}, 404),
        ("/id/mission/no-such-mission", HTML, 404),
        ("/id/mission/a%3Cb%3E", {"accept": "text/turtle"}, 404),
        ("/id/", {"accept": "application/ld+json"}, 404),
        ("/id/mission/minusma?format=xml", {}, 400),
        ("/id/mission/minusma", {"accept": "application/xml"}, 406),
    ],
)
def test_id_bad_requests_are_client_errors(
    client: TestClient, path: str, headers: dict[str, str], status: int
) -> None:
    response = client.get(path, headers=headers)
    assert response.status_code == status
    if "html" not in headers.get("accept", ""):
        assert "detail" in response.json()


def test_id_of_an_internal_only_entity_is_unknown(client: TestClient) -> None:
    path = f"/id/organisation/{MARKER.lower()}-protection-network"
    assert client.get(path, headers=HTML).status_code == 404
    assert client.get(path, headers={"accept": "text/turtle"}).status_code == 404
    internal_doc = "/id/document/internal-note-txt"
    assert client.get(internal_doc, headers={"accept": "text/turtle"}).status_code == 404


def test_id_page_of_a_passage_lists_its_statements(client: TestClient) -> None:
    path = "/id/passage/gpc-2020-global-protection-forum-summary-note-txt/169974a086501874"
    response = client.get(path, headers=HTML)
    assert response.status_code == 200
    assert "The MRM Task Force in country is co-led by UNICEF and the MINUSMA." in response.text


def test_ontology_page_defines_field_practice(client: TestClient) -> None:
    response = client.get("/ontology", headers=HTML)
    assert response.status_code == 200
    assert 'id="FieldPractice"' in response.text
    assert "pockg:FieldPractice" in response.text
    assert "A statement of a concrete action, arrangement or mechanism" in response.text


def test_ontology_turtle_is_the_ontology_file(client: TestClient) -> None:
    response = client.get("/ontology", headers={"accept": "text/turtle"})
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    field_practice = URIRef("https://w3id.org/pockg/ontology#FieldPractice")
    assert (field_practice, RDFS.label, Literal("Field practice", lang="en")) in graph


def test_dumps_are_listed(client: TestClient) -> None:
    listed = client.get("/dumps?format=json").json()
    assert [f["href"] for f in listed] == [
        "/dumps/pockg.trig",
        "/dumps/pockg.nq",
        "/dumps/pockg.ttl",
        "/dumps/pockg.jsonld",
    ]
    assert 'href="/dumps/pockg.trig"' in client.get("/dumps", headers=HTML).text


@pytest.mark.parametrize(
    ("extension", "rdf_format"),
    [("trig", "trig"), ("nq", "nquads"), ("ttl", "turtle"), ("jsonld", "json-ld")],
)
def test_dumps_parse_and_leave_out_internal_documents(
    client: TestClient, extension: str, rdf_format: str
) -> None:
    response = client.get(f"/dumps/pockg.{extension}")
    assert response.status_code == 200
    assert MARKER not in response.text
    dataset = Dataset()
    dataset.parse(data=response.text, format=rdf_format)
    assert any(dataset.quads((MINUSMA, RDFS.label, Literal("MINUSMA", lang="en"), None)))
    if extension != "ttl":
        names = {str(g.identifier) for g in dataset.graphs()}
        assert "https://w3id.org/pockg/id/graph/ontology" in names
        assert not any("internal-note" in name for name in names)


def test_unknown_dump_is_404(client: TestClient) -> None:
    response = client.get("/dumps/pockg.xml")
    assert response.status_code == 404
    assert "detail" in response.json()
