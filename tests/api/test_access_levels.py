"""Access levels on every path: anonymous readers see public documents, signed-in readers
internal ones too, confidential ones need an admin or a grant. Each document names an
organisation found nowhere else, so any leak shows."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from pockg.config import Settings
from pockg.graph.corpus import refresh_labels
from pockg.graph.iri import document_graph_iri, document_labels_graph_iri, entity_iri
from pockg.graph.store import open_graph_store
from pockg.pipeline import ingest_paths
from pockg.users import Role
from tests.conftest import ingested, request_headers, write_documents

DOCUMENTS = {  # key: (file, access level, organisation named only there)
    "public": ("open-note.txt", "public", "Aldermoor Relief Network"),
    "internal": ("staff-note.txt", "internal", "Bexwell Protection Network"),
    "confidential": ("sealed-note.txt", "confidential", "Corvane Civic Network"),
    "sealed": ("sealed-brief.txt", "confidential", "Dunmere Watch Network"),
}


def doc_id(key: str) -> str:
    return DOCUMENTS[key][0].replace(".", "-")


def note(key: str) -> str:
    """Return the text of the document `key`: the same note, naming its own organisation."""
    organisation = DOCUMENTS[key][2]
    return (
        f"Note on Mali ({key})\n\nThe {organisation} runs protection monitoring "
        "with MINUSMA in Mopti and shares alerts with the Protection Cluster.\n"
    )


def manifest_entry(key: str, level: str) -> str:
    file_name = DOCUMENTS[key][0]
    return f'[[document]]\nfile = "{file_name}"\ntitle = "{key} note"\naccess_level = "{level}"\n'


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("levels")
    folder = write_documents(
        root / "docs",
        {
            name: (note(key), {"title": f"{key} note", "access_level": level})
            for key, (name, level, _) in DOCUMENTS.items()
        },
    )
    return ingested(folder, root / "data")


@pytest.fixture(scope="module")
def headers(settings: Settings) -> dict[str, dict[str, str]]:
    accounts = {
        "reader": ("rana", Role.READER),
        "granted": ("gil", Role.READER),
        "granted-other": ("gus", Role.READER),
        "admin": ("ada", Role.ADMIN),
    }
    grants = {"gil": doc_id("confidential"), "gus": doc_id("sealed")}
    return request_headers(settings, accounts, grants)


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


# Which documents each reader may read.
SEES = {
    "anonymous": {"public"},
    "reader": {"public", "internal"},
    "granted": {"public", "internal", "confidential"},
    "granted-other": {"public", "internal", "sealed"},
    "admin": {"public", "internal", "confidential", "sealed"},
}


def slug_of(key: str) -> str:
    return DOCUMENTS[key][2].lower().replace(" ", "-")


@pytest.mark.parametrize("who", list(SEES))
def test_documents_list_and_reader(client: TestClient, headers: dict, who: str) -> None:
    listed = {d["id"] for d in client.get("/api/documents", headers=headers[who]).json()}
    assert listed == {doc_id(level) for level in SEES[who]}
    for level in DOCUMENTS:
        status = client.get(f"/api/documents/{doc_id(level)}", headers=headers[who]).status_code
        assert status == (200 if level in SEES[who] else 404), (who, level)


@pytest.mark.parametrize("who", list(SEES))
def test_search_hits_and_facets(client: TestClient, headers: dict, who: str) -> None:
    for key, (_, _, organisation) in DOCUMENTS.items():
        body = client.get(
            "/api/search", params={"q": f'"{organisation}"'}, headers=headers[who]
        ).json()
        assert (body["total"] > 0) == (key in SEES[who]), (who, key)
        facets = json.dumps(body["facets"])  # the actor facet counts the organisation
        assert (organisation in facets) == (key in SEES[who]), (who, key)


@pytest.mark.parametrize("who", list(SEES))
def test_sparql_dataset_is_scoped(client: TestClient, headers: dict, who: str) -> None:
    for key, (_, _, organisation) in DOCUMENTS.items():
        query = f'ASK {{ ?s ?p ?o FILTER(CONTAINS(STR(?o), "{organisation}")) }}'
        assert ask(client, headers[who], query) == (key in SEES[who]), (who, key)


@pytest.mark.parametrize("who", list(SEES))
def test_entity_pages_and_dumps(client: TestClient, headers: dict, who: str) -> None:
    dump = client.get("/dumps/pockg.nq", headers=headers[who]).text
    for key, (_, _, organisation) in DOCUMENTS.items():
        entity = client.get(f"/api/entities/organisation/{slug_of(key)}", headers=headers[who])
        assert entity.status_code == (200 if key in SEES[who] else 404), (who, key)
        assert (organisation in dump) == (key in SEES[who]), (who, key)


def test_signed_in_pages_follow_the_cookie(
    client: TestClient, settings: Settings, headers: dict
) -> None:
    token = headers["reader"]["Authorization"].removeprefix("Bearer ")
    # An app of its own: leaving `with` shuts the app down, and the shared client's app
    # would then have no SPARQL workers left for the tests after this one.
    with TestClient(create_app(settings), cookies={"pockg_token": token}) as browser:
        home = browser.get("/").text
        assert "internal note" in home and "confidential note" not in home
        page = browser.get("/search", params={"q": '"Bexwell Protection Network"'}).text
        assert "Bexwell" in page
        reader = browser.get(f"/documents/{doc_id('internal')}")
        assert reader.status_code == 200
    assert "internal note" not in client.get("/").text
    quoted = urllib.parse.quote('"Bexwell Protection Network"')
    anonymous = client.get(f"/search?q={quoted}").text
    assert "0 results for" in anonymous and '<li class="hit"' not in anonymous


def ask(client: TestClient, headers: dict[str, str], query: str) -> bool:
    """Return the answer of an ASK query sent to `/sparql` as the reader of `headers`."""
    accept = {"accept": "application/sparql-results+json"}
    answer = client.get("/sparql", params={"query": query}, headers={**headers, **accept})
    assert answer.status_code == 200, answer.text
    return bool(answer.json()["boolean"])


@pytest.mark.parametrize("who", list(SEES))
@pytest.mark.parametrize("key", ["confidential", "sealed"])
def test_confidential_only_entity_is_labelled_for_its_document_s_readers(
    client: TestClient, headers: dict, who: str, key: str
) -> None:
    # Only the confidential document `key` names the organisation: its readers (the admin
    # and the one user granted it) see its label on the page and in the API; nobody else
    # learns that a label exists.
    organisation, slug = DOCUMENTS[key][2], slug_of(key)
    api = client.get(f"/api/entities/organisation/{slug}", headers=headers[who])
    page = client.get(f"/id/organisation/{slug}", headers=headers[who])
    label = f"ASK {{ <{entity_iri('organisation', organisation)}> rdfs:label ?label }}"
    label = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " + label
    if key in SEES[who]:
        assert api.json()["label"] == organisation
        assert f"<h1>{organisation}</h1>" in page.text
        assert ask(client, headers[who], label)
    else:
        assert (api.status_code, page.status_code) == (404, 404)
        assert not ask(client, headers[who], label)


def test_a_granted_reader_reads_the_labels_of_the_granted_document_alone(
    client: TestClient, headers: dict
) -> None:
    # gil is granted sealed-note: of the confidential labels he reads one graph, holding
    # the one organisation only that document names, with the name it uses.
    query = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?g ?entity ?label WHERE { GRAPH ?g { ?entity rdfs:label ?label }
        FILTER(CONTAINS(STR(?g), "graph/labels-confidential")) }"""
    accept = {"accept": "application/sparql-results+json"}
    answer = client.get(
        "/sparql", params={"query": query}, headers={**headers["granted"], **accept}
    )
    rows = [
        (b["g"]["value"], b["entity"]["value"], b["label"]["value"])
        for b in answer.json()["results"]["bindings"]
    ]
    corvane = "Corvane Civic Network"
    graph = str(document_labels_graph_iri(doc_id("confidential")))
    assert rows == [(graph, str(entity_iri("organisation", corvane)), corvane)]
    listed = {g["iri"] for g in client.get("/api/graphs", headers=headers["granted"]).json()}
    assert graph in listed
    assert str(document_labels_graph_iri(doc_id("sealed"))) not in listed


def write_sealed_note(folder: Path, level: str) -> Path:
    """Write sealed-note alone, with the access `level` its manifest gives it."""
    folder.mkdir(exist_ok=True)
    (folder / "sealed-note.txt").write_text(note("confidential"), encoding="utf-8")
    (folder / "manifest.toml").write_text(manifest_entry("confidential", level), "utf-8")
    return folder


def labels_of_corvane(settings: Settings) -> dict[str, str]:
    """Return the graphs that label Corvane Civic Network with the label each gives."""
    corvane = entity_iri("organisation", "Corvane Civic Network")
    query = f"SELECT ?g ?label WHERE {{ GRAPH ?g {{ <{corvane}> <{RDFS_LABEL}> ?label }} }}"
    with open_graph_store(settings) as store:
        return {str(g): str(label) for g, label in store.query(query)}  # type: ignore[misc]


RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
LABELS = "https://w3id.org/pockg/id/graph/labels"


def test_a_document_s_labels_graph_follows_its_access_level(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    assert not ingest_paths(
        [write_sealed_note(tmp_path / "docs", "confidential")], settings
    ).failures
    graph = str(document_labels_graph_iri(doc_id("confidential")))
    label = "Corvane Civic Network"
    assert labels_of_corvane(settings) == {f"{LABELS}-confidential": label, graph: label}
    with open_graph_store(settings, write=True) as store:
        refresh_labels(store, settings.id_base)  # its own output must not hide the entity
    assert labels_of_corvane(settings) == {f"{LABELS}-confidential": label, graph: label}
    assert not ingest_paths([write_sealed_note(tmp_path / "docs", "internal")], settings).failures
    assert labels_of_corvane(settings) == {f"{LABELS}-restricted": label}


def test_a_removed_document_s_labels_graph_goes_at_the_next_refresh(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    assert not ingest_paths(
        [write_sealed_note(tmp_path / "docs", "confidential")], settings
    ).failures
    with open_graph_store(settings, write=True) as store:
        store.remove_graph(str(document_graph_iri(doc_id("confidential"))))
        refresh_labels(store, settings.id_base)
    assert labels_of_corvane(settings) == {}
