"""Curation: verdicts, merges, corrected labels, links and statements added by hand, through
the API as signed-in curators, kept across re-ingest, exported and loaded back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset

from api.main import create_app
from pockg.config import Settings
from pockg.pipeline import ingest_paths
from pockg.users import Role, UserStore
from tests.conftest import run_pockg

BASE = "https://w3id.org/pockg/id/"
MRM = f"{BASE}tool/monitoring-and-reporting-mechanism"
MINUSMA = f"{BASE}mission/minusma"
MALI = f"{BASE}country/mli"
NOTE = (
    "Field note on Mali\n\n"
    "## Mali\n\n"
    "In Mopti, the Protection Cluster and MINUSMA set up community protection committees "
    "that report violations to the Monitoring and Reporting Mechanism (MRM).\n\n"
    "The Sahel Community Watch Network (SCWN) trained the committees in Gao.\n"
)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Path]:
    root = tmp_path_factory.mktemp("curation")
    folder = root / "docs"
    folder.mkdir()
    (folder / "field-note.md").write_text(NOTE, encoding="utf-8")
    settings = Settings(data_dir=root / "data")
    assert not ingest_paths([folder], settings).failures
    return settings, folder


@pytest.fixture(scope="module")
def client(data: tuple[Settings, Path]) -> Iterator[TestClient]:
    with TestClient(create_app(data[0])) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def curator(data: tuple[Settings, Path]) -> dict[str, str]:
    users = UserStore(data[0].users_db)
    token = users.add("carla", Role.CURATOR)
    return {"Authorization": f"Bearer {token}"}


def practices(client: TestClient) -> list[dict[str, object]]:
    body = client.get("/api/practices", params={"country": "Mali"}).json()
    items: list[dict[str, object]] = body["items"]
    return items


def found(client: TestClient, text: str) -> list[str]:
    """Return the statements a search for `text` finds (their IRIs)."""
    body = client.get("/api/search", params={"q": text, "record": "statement", "limit": 50})
    assert body.status_code == 200, body.text
    return [hit["iri"] for hit in body.json()["hits"]]


def curate(client: TestClient, headers: dict[str, str], **body: object) -> dict[str, str]:
    response = client.post("/api/curations", json=body, headers=headers)
    assert response.status_code == 201, response.text
    made: dict[str, str] = response.json()
    return made


def test_only_curators_may_curate(client: TestClient, data: tuple[Settings, Path]) -> None:
    body = {"action": "confirm", "target": MINUSMA}
    assert client.post("/api/curations", json=body).status_code == 401
    reader = UserStore(data[0].users_db).add("rob", Role.READER)
    refused = client.post(
        "/api/curations", json=body, headers={"Authorization": f"Bearer {reader}"}
    )
    assert refused.status_code == 403
    assert refused.json()["detail"] == "rob is a reader, not a curator"


def test_rejected_practice_leaves_lists_and_survives_reingest(
    client: TestClient, curator: dict[str, str], data: tuple[Settings, Path]
) -> None:
    before = practices(client)
    committees = next(p for p in before if "community protection committees" in str(p["text"]))
    assert committees["iri"] in found(client, "community protection committees")
    curate(client, curator, action="reject", target=committees["iri"], note="not a practice")
    assert committees["iri"] not in found(client, "community protection committees")
    after = [p["iri"] for p in practices(client)]
    assert committees["iri"] not in after and len(after) == len(before) - 1
    linkage = client.get("/api/linkage").json()
    assert all(committees["iri"] not in c["practices"] for c in linkage["cells"])
    # Re-ingest a changed copy of the document: its graph is rebuilt, the verdict stays.
    settings, folder = data
    (folder / "field-note.md").write_text(NOTE + "\nA closing line.\n", encoding="utf-8")
    assert not ingest_paths([folder], settings).failures
    assert committees["iri"] not in [p["iri"] for p in practices(client)]
    assert committees["iri"] not in found(client, "community protection committees")
    history = client.get("/api/curations", params={"target": committees["iri"]}).json()
    assert [(c["action"], c["author"], c["note"]) for c in history] == [
        ("reject", "carla", "not a practice")
    ]


def test_confirmed_and_added_statements_show_as_curated(
    client: TestClient, curator: dict[str, str]
) -> None:
    nrc = next(p for p in practices(client) if "trained the committees" in str(p["text"]))
    curate(client, curator, action="confirm", target=nrc["iri"])
    assert next(p for p in practices(client) if p["iri"] == nrc["iri"])["status"] == "confirmed"
    made = curate(
        client,
        curator,
        action="add",
        statement={
            "kind": "FieldPractice",
            "text": "Committees in Mopti share alerts with MINUSMA patrols.",
            "passage": nrc["passage"],
            "countries": [MALI],
            "actors": [MINUSMA],
            "instruments": [MRM],
        },
    )
    assert made["iri"].startswith(f"{BASE}field-practice/curated/")
    assert made["iri"] in found(client, "committees share alerts with patrols")
    added = next(p for p in practices(client) if p["iri"] == made["iri"])
    assert added["curated"] is True and added["passage"] == nrc["passage"]
    assert [r["iri"] for r in added["instruments"]] == [MRM]  # type: ignore[union-attr]


def test_link_and_relabel_change_what_pages_show(
    client: TestClient, curator: dict[str, str]
) -> None:
    nrc = next(p for p in practices(client) if "trained the committees" in str(p["text"]))
    curate(client, curator, action="link", target=nrc["iri"], instrument=MRM)
    linked = next(p for p in practices(client) if p["iri"] == nrc["iri"])
    assert MRM in [r["iri"] for r in linked["instruments"]]  # type: ignore[union-attr]
    organisation = f"{BASE}organisation/sahel-community-watch-network"
    curate(client, curator, action="relabel", target=organisation, label="Sahel Watch (SCWN)")
    entity = client.get("/api/entities/organisation/sahel-community-watch-network").json()
    assert entity["label"] == "Sahel Watch (SCWN)"
    page = client.get(
        "/id/organisation/sahel-community-watch-network", headers={"accept": "text/html"}
    )
    assert "Curation history" in page.text and "carla relabelled" in page.text


def test_bad_curations_are_422_naming_the_field(
    client: TestClient, curator: dict[str, str]
) -> None:
    cases = [
        ({"action": "reject"}, "target: reject needs a target"),
        ({"action": "reject", "target": f"{BASE}nothing/here"}, "target: "),
        ({"action": "merge", "target": MINUSMA, "into": MINUSMA}, "into: an entity cannot"),
        ({"action": "relabel", "target": MINUSMA, "label": "X"}, "reference data"),
        ({"action": "link", "target": MINUSMA, "instrument": MRM}, "target: "),
        (
            {"action": "add", "statement": {"kind": "FieldPractice", "text": "x", "passage": MRM}},
            "passage: ",
        ),
        ({"action": "dance", "target": MINUSMA}, ""),
    ]
    for body, message in cases:
        response = client.post("/api/curations", json=body, headers=curator)
        assert response.status_code == 422, body
        assert message in str(response.json()["detail"]), (body, response.json())


def test_merge_is_recorded_and_exported_and_loads_back(
    client: TestClient, curator: dict[str, str], data: tuple[Settings, Path], tmp_path: Path
) -> None:
    watch = f"{BASE}organisation/sahel-community-watch-network"
    nrc = f"{BASE}organisation/norwegian-refugee-council"  # from the reference data
    curate(client, curator, action="merge", target=watch, into=nrc, note="test merge")
    page = client.get("/id/organisation/sahel-community-watch-network", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/id/organisation/norwegian-refugee-council"
    out = tmp_path / "curations.trig"
    exported = run_pockg("curation", "export", "--output", str(out), data_dir=data[0].data_dir)
    assert exported.returncode == 0, exported.stderr
    dataset = Dataset()
    dataset.parse(out, format="trig")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert names == {f"{BASE}graph/curation/carla"}
    # A store rebuilt from the documents alone has no curations until they are loaded.
    fresh = tmp_path / "rebuilt"
    assert run_pockg("ingest", str(data[1]), data_dir=fresh).returncode == 0
    rejected_iri = next(
        c["target"] for c in client.get("/api/curations").json() if c["action"] == "reject"
    )
    with TestClient(create_app(Settings(data_dir=fresh))) as rebuilt:
        assert rejected_iri in found(rebuilt, "community protection committees")
    loaded = run_pockg("load", str(out), data_dir=fresh)
    assert loaded.returncode == 0, loaded.stderr
    assert "search index: 1 document(s) brought up to date" in loaded.stdout
    with TestClient(create_app(Settings(data_dir=fresh))) as rebuilt:
        assert rejected_iri not in found(rebuilt, "community protection committees")
        history = rebuilt.get("/api/curations", params={"target": watch}).json()
        assert ("merge", "test merge") in [(c["action"], c["note"]) for c in history]
        entity = rebuilt.get("/api/entities/organisation/sahel-community-watch-network").json()
        assert entity["iri"] == nrc and "Sahel Community Watch Network" in entity["aliases"]
        rejected = rebuilt.get("/api/curations").json()
        assert "reject" in [c["action"] for c in rejected]


def test_curate_form_needs_a_curator(client: TestClient) -> None:
    response = client.get("/curate", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?next=/curate"


def test_curate_form_records_for_a_signed_in_curator(
    client: TestClient, curator: dict[str, str]
) -> None:
    token = curator["Authorization"].removeprefix("Bearer ")
    with TestClient(client.app, cookies={"pockg_token": token}) as browser:
        form = browser.get("/curate", params={"target": MINUSMA})
        assert form.status_code == 200
        assert f'value="{MINUSMA}"' in form.text and '<label for="note">' in form.text
        done = browser.post(
            "/curate",
            content=f"action=confirm&target={MINUSMA}&note=checked",
            headers={"content-type": "application/x-www-form-urlencoded"},
            follow_redirects=False,
        )
        assert done.status_code == 303 and done.headers["location"] == "/id/mission/minusma"
        wrong = browser.post(
            "/curate",
            content="action=link&target=&note=",
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert wrong.status_code == 422
        assert "target: link needs a target" in wrong.text
