"""Curators' merges take effect: after merging entity B into entity A, every list, filter,
facet, search and page sees one entity, and the merge survives re-ingest, export and load."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from api.main import create_app
from pockg.config import Settings
from pockg.graph.merges import merge_in_graph, resolve_chains
from pockg.graph.store import open_graph_store
from pockg.index import rebuild_index
from pockg.pipeline import Status, ingest_paths
from pockg.users import Role, UserStore
from tests.conftest import run_pockg

BASE = "https://w3id.org/pockg/id/"
KEPT = f"{BASE}organisation/sahel-community-watch-network"  # named in mali.md, once
DUPLICATE = f"{BASE}organisation/sahel-watch-network"  # named in burkina.md, twice
OTHER = f"{BASE}organisation/gao-mediation-network"  # named in mali.md, once
NRC = f"{BASE}organisation/norwegian-refugee-council"  # reference data; mali.md, once
KEPT_LABEL = "Sahel Community Watch Network"
MALI = (
    "Field note on Mali\n\n## Mali\n\n"
    "In Mali, the Sahel Community Watch Network (SCWN) trained protection committees in Gao.\n\n"
    "In Mali, the Norwegian Refugee Council (NRC) ran legal aid clinics for displaced "
    "families in Gao.\n\n"
    "In Mali, the Gao Mediation Network (GMN) mediated land disputes between returnees.\n"
)
BURKINA = (
    "Field note on Burkina Faso\n\n## Burkina Faso\n\n"
    "In Burkina Faso, the Sahel Watch Network trained community monitors in Djibo and "
    "shared alerts with OCHA.\n\n"
    "In Kaya, Burkina Faso, the Sahel Watch Network set up early warning committees that "
    "report threats to local authorities.\n"
)


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Settings, Path]:
    """Two ingested field notes naming the same network under two names."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "mali.md").write_text(MALI, encoding="utf-8")
    (folder / "burkina.md").write_text(BURKINA, encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data")
    assert not ingest_paths([folder], settings).failures
    return settings, folder


@pytest.fixture
def client(corpus: tuple[Settings, Path]) -> Iterator[TestClient]:
    with TestClient(create_app(corpus[0])) as test_client:
        yield test_client


@pytest.fixture
def curator(corpus: tuple[Settings, Path]) -> dict[str, str]:
    token = UserStore(corpus[0].users_db).add("carla", Role.CURATOR)
    return {"Authorization": f"Bearer {token}"}


def merge(client: TestClient, headers: dict[str, str], target: str, into: str) -> None:
    body = {"action": "merge", "target": target, "into": into}
    response = client.post("/api/curations", json=body, headers=headers)
    assert response.status_code == 201, response.text


def refused(client: TestClient, headers: dict[str, str], **body: str) -> str:
    """Return the 422 message of a curation that must be refused."""
    response = client.post("/api/curations", json=body, headers=headers)
    assert response.status_code == 422, response.text
    detail: str = response.json()["detail"]
    return detail


def networks(client: TestClient) -> dict[str, int]:
    """Return the mentioned entities named like "Network" with their mention counts."""
    body = client.get("/api/entities", params={"q": "network"}).json()
    return {item["iri"]: item["mentions"] for item in body["items"] if item["mentions"]}


def practices_of(client: TestClient, actor: str) -> set[str]:
    items = client.get("/api/practices", params={"actor": actor}).json()["items"]
    return {item["iri"] for item in items}


def search_documents(client: TestClient, actor: str) -> tuple[set[str], dict[str, int]]:
    """Return the documents of the passages on "Sahel" filtered by `actor`, and the actor facet."""
    response = client.get("/api/search", params={"q": "Sahel", "actor": actor, "limit": 50})
    assert response.status_code == 200, response.text
    body = response.json()
    return {hit["doc_id"] for hit in body["hits"]}, body["facets"]["actor"]


def graphs_naming(settings: Settings, iri: str) -> set[str]:
    """Return the names of the graphs holding a triple with `iri` as subject or object."""
    either = f"{{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }}"
    sparql = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {either} }} }}"
    with open_graph_store(settings) as store:
        return {row["g"] for row in store.select(sparql)}


def test_resolve_chains_follows_each_chain_to_its_end() -> None:
    assert resolve_chains({"b": "a", "a": "c"}) == {"b": "c", "a": "c"}
    assert resolve_chains({"d": "b", "b": "a", "a": "c"}) == {"d": "c", "b": "c", "a": "c"}


def test_resolve_chains_leaves_out_cycles_and_what_runs_into_them() -> None:
    assert resolve_chains({"x": "y", "y": "x", "z": "x", "b": "a"}) == {"b": "a"}
    assert resolve_chains({"s": "s"}) == {}


def test_merge_in_graph_replaces_duplicates_as_subject_and_object() -> None:
    duplicate, kept, passage = URIRef(DUPLICATE), URIRef(KEPT), URIRef(f"{BASE}passage/d/1")
    mentions = URIRef("https://w3id.org/pockg/ontology#mentions")
    graph = Graph()
    graph.add((duplicate, SKOS.altLabel, Literal("Sahel Watch Network", lang="en")))
    graph.add((passage, mentions, duplicate))
    graph.add((passage, RDFS.label, Literal(DUPLICATE)))  # a literal, never rewritten
    merge_in_graph(graph, {DUPLICATE: KEPT})
    expected = {
        (kept, SKOS.altLabel, Literal("Sahel Watch Network", lang="en")),
        (passage, mentions, kept),
        (passage, RDFS.label, Literal(DUPLICATE)),
    }
    assert set(graph) == expected


def test_merged_entities_list_once_with_the_mentions_of_both(
    client: TestClient, curator: dict[str, str]
) -> None:
    assert networks(client) == {DUPLICATE: 2, KEPT: 1, OTHER: 1}
    merge(client, curator, DUPLICATE, KEPT)
    assert networks(client) == {KEPT: 3, OTHER: 1}
    entity = client.get("/api/entities/organisation/sahel-community-watch-network").json()
    assert entity["label"] == KEPT_LABEL
    assert "Sahel Watch Network" in entity["aliases"]
    assert {m["doc_id"] for m in entity["mentions"]} == {"mali-md", "burkina-md"}


def test_filters_and_facets_by_the_kept_entity_find_the_duplicates_records(
    client: TestClient, curator: dict[str, str]
) -> None:
    duplicate_practices = practices_of(client, "Sahel Watch Network")
    kept_practices = practices_of(client, KEPT_LABEL)
    assert duplicate_practices, "burkina.md's practices involve the Sahel Watch Network"
    assert search_documents(client, KEPT_LABEL) == ({"mali-md"}, {KEPT_LABEL: 1})
    merge(client, curator, DUPLICATE, KEPT)
    assert practices_of(client, KEPT_LABEL) == kept_practices | duplicate_practices
    assert practices_of(client, KEPT) == kept_practices | duplicate_practices
    documents, facet = search_documents(client, KEPT_LABEL)
    assert documents == {"mali-md", "burkina-md"} and facet[KEPT_LABEL] == 3
    assert search_documents(client, "Sahel Watch Network")[0] == set()
    actors = client.get("/api/countries/bfa").json()["actors"]
    assert KEPT in [a["iri"] for a in actors] and DUPLICATE not in [a["iri"] for a in actors]


def test_a_merged_away_iri_redirects_to_the_kept_entity(
    client: TestClient, curator: dict[str, str]
) -> None:
    page = "/id/organisation/sahel-watch-network"
    api = "/api/entities/organisation/sahel-watch-network"
    assert client.get(page, follow_redirects=False).status_code == 200
    merge(client, curator, DUPLICATE, KEPT)
    seen = client.get(page, follow_redirects=False)
    assert seen.status_code == 303
    assert seen.headers["location"] == "/id/organisation/sahel-community-watch-network"
    as_turtle = client.get(page, params={"format": "ttl"}, follow_redirects=False)
    assert as_turtle.headers["location"].endswith("sahel-community-watch-network?format=ttl")
    moved = client.get(api, follow_redirects=False)
    assert moved.status_code == 303
    assert moved.headers["location"] == "/api/entities/organisation/sahel-community-watch-network"
    assert client.get(api).json()["iri"] == KEPT


def test_a_merge_changes_document_graphs_only(
    client: TestClient, curator: dict[str, str], corpus: tuple[Settings, Path]
) -> None:
    settings = corpus[0]
    reference = f"{BASE}graph/reference-un-entities"
    nrc_before = graphs_naming(settings, NRC)
    assert reference in nrc_before
    merge(client, curator, DUPLICATE, NRC)
    # The duplicate survives in the curator's record only; the reference graph is as it was.
    assert graphs_naming(settings, DUPLICATE) == {f"{BASE}graph/curation/carla"}
    assert graphs_naming(settings, NRC) == nrc_before | {
        f"{BASE}graph/document/burkina-md",
        f"{BASE}graph/curation/carla",
    }
    assert networks(client) == {NRC: 3, KEPT: 1, OTHER: 1}


def test_merge_survives_ingest_and_an_index_rebuild(
    client: TestClient, curator: dict[str, str], corpus: tuple[Settings, Path]
) -> None:
    settings, folder = corpus
    merge(client, curator, DUPLICATE, KEPT)
    again = ingest_paths([folder], settings)
    assert {o.status for o in again.outcomes} == {Status.UNCHANGED}
    assert networks(client) == {KEPT: 3, OTHER: 1}
    changed = BURKINA + "\nIn Djibo, the Sahel Watch Network runs a radio programme.\n"
    (folder / "burkina.md").write_text(changed, encoding="utf-8")
    rebuilt = ingest_paths([folder], settings)
    assert [o.path.name for o in rebuilt.outcomes if o.status is Status.INGESTED] == ["burkina.md"]
    assert networks(client) == {KEPT: 4, OTHER: 1}
    assert graphs_naming(settings, DUPLICATE) == {f"{BASE}graph/curation/carla"}
    assert search_documents(client, KEPT_LABEL)[1][KEPT_LABEL] == 4
    rebuild_index(settings)  # the index is rebuilt from the graphs, which hold the merge
    assert search_documents(client, KEPT_LABEL)[1][KEPT_LABEL] == 4
    assert search_documents(client, "Sahel Watch Network")[0] == set()


def test_merge_cycles_are_refused_and_chains_resolve(
    client: TestClient, curator: dict[str, str]
) -> None:
    message = refused(client, curator, action="merge", target=NRC, into=KEPT)
    assert message.startswith(f"target: {NRC} is defined by the reference data")
    merge(client, curator, DUPLICATE, KEPT)
    message = refused(client, curator, action="merge", target=KEPT, into=DUPLICATE)
    assert message == (
        f"into: {DUPLICATE} was merged into {KEPT}, so merging {KEPT} into it would make a cycle"
    )
    message = refused(client, curator, action="merge", target=DUPLICATE, into=OTHER)
    assert message == f"target: {DUPLICATE} was already merged into {KEPT}"
    message = refused(client, curator, action="reject", target=DUPLICATE)
    assert message == f"target: {DUPLICATE} was merged into {KEPT}; use that one"
    # Merging into a merged-away entity merges into the entity it was merged into.
    merge(client, curator, OTHER, DUPLICATE)
    history = client.get("/api/curations", params={"target": OTHER}).json()
    assert [c["details"] for c in history] == [{"used": KEPT}]
    assert networks(client) == {KEPT: 4}
    # A chain: the network merged into the reference NRC takes its duplicates along.
    merge(client, curator, KEPT, NRC)
    assert networks(client) == {NRC: 5}
    seen = client.get("/id/organisation/sahel-watch-network", follow_redirects=False)
    assert seen.headers["location"] == "/id/organisation/norwegian-refugee-council"


def test_export_rebuild_and_load_give_the_merged_state_again(
    client: TestClient, curator: dict[str, str], corpus: tuple[Settings, Path], tmp_path: Path
) -> None:
    settings, folder = corpus
    merge(client, curator, DUPLICATE, KEPT)
    out = tmp_path / "curations.trig"
    exported = run_pockg("curation", "export", "--output", str(out), data_dir=settings.data_dir)
    assert exported.returncode == 0, exported.stderr
    fresh = Settings(data_dir=tmp_path / "rebuilt")
    assert not ingest_paths([folder], fresh).failures
    with TestClient(create_app(fresh)) as rebuilt:
        assert networks(rebuilt) == {DUPLICATE: 2, KEPT: 1, OTHER: 1}
    loaded = run_pockg("load", str(out), data_dir=fresh.data_dir)
    assert loaded.returncode == 0, loaded.stderr
    assert "merges: 1 document graph(s) now name the entities kept" in loaded.stdout
    with TestClient(create_app(fresh)) as rebuilt:
        assert networks(rebuilt) == {KEPT: 3, OTHER: 1}
        documents, facet = search_documents(rebuilt, KEPT_LABEL)
        assert documents == {"mali-md", "burkina-md"} and facet[KEPT_LABEL] == 3
        moved = rebuilt.get("/id/organisation/sahel-watch-network", follow_redirects=False)
        assert moved.status_code == 303
    # Loading the same curations again finds nothing left to merge.
    again = run_pockg("load", str(out), data_dir=fresh.data_dir)
    assert again.returncode == 0 and "merges:" not in again.stdout
