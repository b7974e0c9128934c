"""`/api/entities`, `/api/practices`, `/api/recommendations` and `/api/linkage` over the
corpus and one internal document whose marker must never show."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import MARKER

OCHA = "office-for-the-coordination-of-humanitarian-affairs"
MRM = "https://w3id.org/pockg/id/tool/monitoring-and-reporting-mechanism"


def test_entities_lists_missions_by_mentions(client: TestClient) -> None:
    body = client.get("/api/entities", params={"type": "UNMission", "limit": 100}).json()
    labels = [item["label"] for item in body["items"]]
    assert "MINUSMA" in labels
    minusma = body["items"][labels.index("MINUSMA")]
    assert minusma["href"] == "/id/mission/minusma"
    assert minusma["kind"] == "mission"
    assert "UNMission" in minusma["types"]
    assert minusma["mentions"] >= 5
    counts = [item["mentions"] for item in body["items"]]
    assert counts == sorted(counts, reverse=True)


def test_entities_search_by_alias_and_page(client: TestClient) -> None:
    body = client.get("/api/entities", params={"q": "un ocha", "limit": 1}).json()
    assert body["items"][0]["key"] == OCHA
    second = client.get("/api/entities", params={"q": "ocha", "limit": 1, "offset": 1}).json()
    assert second["total"] > 1
    assert second["items"][0]["key"] != OCHA


def test_entity_has_labels_relations_and_mentions(client: TestClient) -> None:
    body = client.get(f"/api/entities/organisation/{OCHA}").json()
    assert body["label"] == "Office for the Coordination of Humanitarian Affairs"
    assert {"OCHA", "UN OCHA"} <= set(body["aliases"])
    assert "UN entity" in [t["label"] for t in body["types"]]
    assert any(r["predicate_label"] == "part of organisation" for r in body["outgoing"])
    assert body["incoming"]
    mention = body["mentions"][0]
    assert mention["href"] == f"/documents/{mention['doc_id']}#b-{mention['passage'][-16:]}"
    assert body["practices"] and body["recommendations"]


def test_mission_entity_lists_its_practices(client: TestClient) -> None:
    body = client.get("/api/entities/mission/minusma").json()
    texts = [p["text"] for p in body["practices"]]
    assert "The MRM Task Force in country is co-led by UNICEF and the MINUSMA." in texts


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/api/entities", {"type": "NoSuchClass"}, 422),
        ("/api/entities", {"limit": 0}, 422),
        ("/api/entities", {"q": "x" * 500}, 422),
        ("/api/entities/mission/no-such-mission", {}, 404),
        ("/api/entities/spaceship/minusma", {}, 404),
        ("/api/recommendations", {"year": "soon"}, 422),
        ("/api/practices", {"limit": 5000}, 422),
    ],
)
def test_bad_input_is_a_json_client_error(
    client: TestClient, path: str, params: dict[str, object], status: int
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == status
    assert "detail" in response.json()


def test_practices_in_mali_include_community_based_monitoring(client: TestClient) -> None:
    body = client.get("/api/practices", params={"country": "Mali"}).json()
    texts = [item["text"] for item in body["items"]]
    assert body["total"] == len(texts) > 10
    # The practice is told over several sentences, which make one statement.
    monitoring = (
        "The system in Mali is based on a very strong network of protection monitors and local "
        "committees covering the different regions and collecting information relating to "
        "protection incidents, including human rights violations. When there is an imminent "
        "threat against civilians, like an attack on a village or displacement, they share a "
        "flash alert with the Protection Cluster."
    )
    assert any(monitoring in text for text in texts)
    assert any("community-based networks" in text for text in texts)
    for item in body["items"]:
        assert "Mali" in [c["label"] for c in item["countries"]]
        assert item["href"].startswith(f"/documents/{item['doc_id']}#b-")


def test_practices_filter_by_framework_iri_and_actor(client: TestClient) -> None:
    by_name = client.get(
        "/api/practices",
        params={"country": "mali", "framework": "Monitoring and Reporting Mechanism"},
    ).json()
    by_iri = client.get("/api/practices", params={"country": "Mali", "framework": MRM}).json()
    assert by_name["total"] == by_iri["total"] > 0
    actor = client.get("/api/practices", params={"actor": "UNICEF"}).json()
    assert any("co-led by UNICEF" in item["text"] for item in actor["items"])


def test_practice_filters_are_not_sparql(client: TestClient) -> None:
    response = client.get("/api/practices", params={"country": '") } } DROP ALL #'})
    assert response.status_code == 200
    assert response.json()["total"] == 0


def test_recommendations_filter_by_document_year_and_addressee(client: TestClient) -> None:
    doc = "ocha-2020-cmcoord-guidance-note-protection-outcomes-txt"
    body = client.get("/api/recommendations", params={"document": doc}).json()
    assert body["total"] > 0
    assert {item["doc_id"] for item in body["items"]} == {doc}
    assert {item["year"] for item in body["items"]} == {"2020"}
    in_2013 = client.get("/api/recommendations", params={"year": 2013}).json()
    assert in_2013["total"] > 0 and {i["year"] for i in in_2013["items"]} == {"2013"}
    addressed = client.get("/api/recommendations", params={"addressee": "Protection Cluster"})
    assert addressed.json()["total"] > 0


def test_linkage_has_mali_and_the_mrm(client: TestClient) -> None:
    body = client.get("/api/linkage").json()
    assert "Mali" in body["countries"]
    labels = {i["iri"]: i["label"] for i in body["instruments"]}
    assert labels[MRM] == "Monitoring and Reporting Mechanism"
    cell = next(c for c in body["cells"] if c["country"] == "Mali" and c["instrument"] == MRM)
    assert cell["practices"] and cell["links"] == ["direct"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/entities?limit=1000",
        "/api/practices?limit=1000",
        "/api/recommendations?limit=1000",
        "/api/linkage",
        "/api/entities/mission/minusma",
    ],
)
def test_internal_document_never_shows(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert MARKER.casefold() not in response.text.casefold()
