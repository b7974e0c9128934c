"""`/api/suggest`, what the curation form's pickers offer: entities by name, statements and
passages by their words, the best first, never anything the reader may not read.

Two notes are ingested: a public one, and a confidential one naming an organisation found
nowhere else (so any leak shows), granted to one reader."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from pockg.config import Settings
from pockg.users import Role
from tests.conftest import ingested, request_headers, write_documents

ID = "https://w3id.org/pockg/id/"
NOTES = {  # file: (access level, text)
    "open-note.txt": (
        "public",
        "Note on Mopti\n\nThe Aldermoor Relief Network runs protection monitoring with "
        "MINUSMA in Mopti and shares alerts with the Protection Cluster.\n",
    ),
    "sealed-note.txt": (
        "confidential",
        "Sealed note on Mopti\n\nThe Corvane Civic Network runs protection monitoring with "
        "MINUSMA in Mopti and trains community monitors in Sévaré.\n",
    ),
}
SEALED = "sealed-note-txt"
CORVANE = ID + "organisation/corvane-civic-network"


def _title(file_name: str) -> str:
    return file_name.removesuffix(".txt").replace("-", " ")


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("suggest")
    folder = write_documents(
        root / "docs",
        {
            name: (text, {"title": _title(name), "access_level": level})
            for name, (level, text) in NOTES.items()
        },
    )
    return ingested(folder, root / "data")


@pytest.fixture(scope="module")
def headers(settings: Settings) -> dict[str, dict[str, str]]:
    accounts = {
        "reader": ("rana", Role.READER),
        "granted": ("gil", Role.READER),
        "admin": ("ada", Role.ADMIN),
    }
    return request_headers(settings, accounts, {"gil": SEALED})


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def suggested(client: TestClient, who: dict[str, str], q: str, *kinds: str) -> list[dict]:
    reply = client.get("/api/suggest", params={"q": q, "kind": list(kinds)}, headers=who)
    assert reply.status_code == 200, reply.text
    return list(reply.json())


def test_an_exact_name_comes_first_then_names_with_a_word_starting_with_it(
    client: TestClient, headers: dict
) -> None:
    # Names holding "protection cluster": the note's cluster (exactly), and in the reference
    # data and themes the Global Protection Cluster (25 characters), the theme called
    # "participation in the Protection Cluster" (39) and the diagnostic tool "... between
    # field Protection Clusters and UN Missions" (84); none starts with it. A word starting
    # with it ranks above it inside a word, then the shorter name first.
    found = suggested(client, headers["anonymous"], "protection cluster", "entity")
    assert [(s["label"], s["type"], s["matched"]) for s in found] == [
        ("Protection Cluster", "Cluster", None),
        ("Global Protection Cluster", "Cluster", None),
        (
            "Participation in coordination forums",
            "Theme",
            "participation in the Protection Cluster",
        ),
        (
            "Diagnostic Tool and Guidance on the Interaction between field Protection Clusters "
            "and UN Missions",
            "Diagnostic tool",
            "Diagnostic Tool on the Interaction between field Protection Clusters and UN Missions",
        ),
    ]
    assert found[0]["iri"] == ID + "organisation/protection-cluster"
    assert found[0]["href"] == "/id/organisation/protection-cluster"


def test_a_name_starting_with_the_text_then_a_word_starting_with_it_then_any(
    client: TestClient, headers: dict
) -> None:
    # The 15 names of the reference data holding "force": one starts with it ("Forced
    # displacement"); in two it starts no word ("Nonviolent Peaceforce", 21 characters, and
    # "... Law Enforcement Officials", 45); in the others a word starts with it, the
    # shortest being the Country Task Force's alias "MRM Task Force" (14).
    found = client.get("/api/suggest", params={"q": "force", "limit": 20}).json()
    names = [s["matched"] or s["label"] for s in found]
    assert len(names) == 15
    assert names[:2] == ["Forced displacement", "MRM Task Force"]
    assert names[-2:] == ["Nonviolent Peaceforce", "Code of Conduct for Law Enforcement Officials"]


def test_any_case_and_part_of_a_word_match(client: TestClient, headers: dict) -> None:
    found = suggested(client, headers["anonymous"], "aLDERm", "entity")
    assert [(s["label"], s["kind"]) for s in found] == [("Aldermoor Relief Network", "entity")]


def test_instruments_are_frameworks_tools_and_mandates_only(
    client: TestClient, headers: dict
) -> None:
    # MINUSMA is a mission (an organisation), not an instrument; the mechanism is a tool.
    minusma = ID + "mission/minusma"
    assert minusma in [s["iri"] for s in suggested(client, headers["anonymous"], "minusma")]
    instruments = suggested(client, headers["anonymous"], "minusma", "instrument")
    assert minusma not in [s["iri"] for s in instruments]
    tools = suggested(client, headers["anonymous"], "monitoring and reporting mech", "instrument")
    assert tools[0]["label"] == "Monitoring and Reporting Mechanism"
    assert tools[0]["iri"] == ID + "tool/monitoring-and-reporting-mechanism"


@pytest.mark.parametrize("who", ["anonymous", "reader", "granted", "admin"])
def test_a_confidential_only_entity_is_suggested_to_its_readers_alone(
    client: TestClient, headers: dict, who: str
) -> None:
    sees = who in ("granted", "admin")
    entities = suggested(client, headers[who], "corvane", "entity")
    assert [(s["iri"], s["label"]) for s in entities] == (
        [(CORVANE, "Corvane Civic Network")] if sees else []
    )
    # Its words in the note's passage and statements are as hidden as its name.
    for kind in ("statement", "passage"):
        texts = suggested(client, headers[who], "corvane civic", kind)
        assert bool(texts) == sees, (who, kind)
        assert all(s["document"] == "sealed note" for s in texts)


def test_passages_hold_every_word_typed_in_any_order(client: TestClient, headers: dict) -> None:
    found = suggested(client, headers["anonymous"], "mopt alerts", "passage")
    assert [(s["type"], s["document"]) for s in found] == [("Passage", "open note")]
    assert found[0]["label"].startswith("The Aldermoor Relief Network runs protection")
    assert found[0]["iri"].startswith(ID + "passage/open-note-txt/")
    assert found[0]["href"].startswith("/documents/open-note-txt#b-")


def test_texts_are_suggested_from_three_characters(client: TestClient, headers: dict) -> None:
    # Two letters are in almost every text; three already narrow it to the note's heading
    # and paragraph, the shorter first.
    assert suggested(client, headers["anonymous"], "mo", "passage") == []
    found = suggested(client, headers["anonymous"], "mop", "passage")
    assert [s["label"][:30] for s in found] == ["Note on Mopti", "The Aldermoor Relief Network r"]


def test_a_hand_added_statement_from_a_confidential_passage_stays_hidden(
    client: TestClient, headers: dict
) -> None:
    # A curator's statement lives in the curator's graph, which everybody may read; its
    # source passage does not.
    passage = suggested(client, headers["admin"], "corvane", "passage")[0]["iri"]
    statement = {"kind": "FieldPractice", "text": "Quillmarch monitors train.", "passage": passage}
    added = client.post(
        "/api/curations", json={"action": "add", "statement": statement}, headers=headers["admin"]
    )
    assert added.status_code == 201, added.text
    for who, sees in (("anonymous", False), ("reader", False), ("granted", True)):
        found = suggested(client, headers[who], "quillmarch", "statement")
        assert [s["iri"] for s in found] == ([added.json()["iri"]] if sees else []), who


def test_kinds_asked_together_take_turns(client: TestClient, headers: dict) -> None:
    found = suggested(client, headers["anonymous"], "aldermoor", "entity", "statement")
    assert [s["kind"] for s in found][:2] == ["entity", "statement"]


def test_limit_caps_the_suggestions(client: TestClient, headers: dict) -> None:
    reply = client.get("/api/suggest", params={"q": "protection", "limit": 2})
    assert len(reply.json()) == 2
    assert client.get("/api/suggest", params={"q": "protection", "limit": 0}).status_code == 422


@pytest.mark.parametrize("q", ["", "   "])
def test_blank_text_suggests_nothing(client: TestClient, q: str) -> None:
    reply = client.get("/api/suggest", params={"q": q, "kind": "passage"})
    assert (reply.status_code, reply.json()) == (200, [])


def test_an_unknown_kind_answers_422_naming_the_kinds(client: TestClient) -> None:
    reply = client.get("/api/suggest", params={"q": "mopti", "kind": ["entity", "people"]})
    assert reply.status_code == 422
    assert reply.json() == {
        "detail": "unknown kind 'people'; use one of entity, instrument, statement, passage"
    }
