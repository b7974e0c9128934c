"""Access levels on every path: anonymous readers see public documents, signed-in readers
internal ones too, confidential ones need an admin or a grant. Three documents each name an
organisation found nowhere else, so any leak shows."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from pockg.config import Settings
from pockg.pipeline import ingest_paths
from pockg.users import Role, UserStore

DOCUMENTS = {  # level: (file, organisation named only there)
    "public": ("open-note.txt", "Aldermoor Relief Network"),
    "internal": ("staff-note.txt", "Bexwell Protection Network"),
    "confidential": ("sealed-note.txt", "Corvane Civic Network"),
}


def doc_id(level: str) -> str:
    return DOCUMENTS[level][0].replace(".", "-")


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("levels")
    folder = root / "docs"
    folder.mkdir()
    entries = []
    for level, (name, organisation) in DOCUMENTS.items():
        text = (
            f"Note on Mali ({level})\n\nThe {organisation} runs protection monitoring "
            "with MINUSMA in Mopti and shares alerts with the Protection Cluster.\n"
        )
        (folder / name).write_text(text, encoding="utf-8")
        entries.append(
            f'[[document]]\nfile = "{name}"\ntitle = "{level} note"\naccess_level = "{level}"\n'
        )
    (folder / "manifest.toml").write_text("\n".join(entries), encoding="utf-8")
    chosen = Settings(data_dir=root / "data")
    assert not ingest_paths([folder], chosen).failures
    return chosen


@pytest.fixture(scope="module")
def headers(settings: Settings) -> dict[str, dict[str, str]]:
    users = UserStore(settings.users_db)
    tokens = {
        "reader": users.add("rana", Role.READER),
        "granted": users.add("gil", Role.READER),
        "admin": users.add("ada", Role.ADMIN),
    }
    users.grant("gil", doc_id("confidential"))
    made = {name: {"Authorization": f"Bearer {token}"} for name, token in tokens.items()}
    return {"anonymous": {}, **made}


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


# Which levels each reader may read.
SEES = {
    "anonymous": {"public"},
    "reader": {"public", "internal"},
    "granted": {"public", "internal", "confidential"},
    "admin": {"public", "internal", "confidential"},
}


@pytest.mark.parametrize("who", list(SEES))
def test_documents_list_and_reader(client: TestClient, headers: dict, who: str) -> None:
    listed = {d["id"] for d in client.get("/api/documents", headers=headers[who]).json()}
    assert listed == {doc_id(level) for level in SEES[who]}
    for level in DOCUMENTS:
        status = client.get(f"/api/documents/{doc_id(level)}", headers=headers[who]).status_code
        assert status == (200 if level in SEES[who] else 404), (who, level)


@pytest.mark.parametrize("who", list(SEES))
def test_search_hits_and_facets(client: TestClient, headers: dict, who: str) -> None:
    for level, (_, organisation) in DOCUMENTS.items():
        body = client.get(
            "/api/search", params={"q": f'"{organisation}"'}, headers=headers[who]
        ).json()
        assert (body["total"] > 0) == (level in SEES[who]), (who, level)
        facets = json.dumps(body["facets"])  # the actor facet counts the organisation
        assert (organisation in facets) == (level in SEES[who]), (who, level)


@pytest.mark.parametrize("who", list(SEES))
def test_sparql_dataset_is_scoped(client: TestClient, headers: dict, who: str) -> None:
    for level, (_, organisation) in DOCUMENTS.items():
        query = f'ASK {{ ?s ?p ?o FILTER(CONTAINS(STR(?o), "{organisation}")) }}'
        answer = client.get(
            "/sparql",
            params={"query": query},
            headers={**headers[who], "accept": "application/sparql-results+json"},
        ).json()
        assert answer["boolean"] == (level in SEES[who]), (who, level)


@pytest.mark.parametrize("who", list(SEES))
def test_entity_pages_and_dumps(client: TestClient, headers: dict, who: str) -> None:
    dump = client.get("/dumps/pockg.nq", headers=headers[who]).text
    for level, (_, organisation) in DOCUMENTS.items():
        slug = organisation.lower().replace(" ", "-")
        entity = client.get(f"/api/entities/organisation/{slug}", headers=headers[who])
        assert entity.status_code == (200 if level in SEES[who] else 404), (who, level)
        assert (organisation in dump) == (level in SEES[who]), (who, level)


def test_signed_in_pages_follow_the_cookie(client: TestClient, headers: dict) -> None:
    token = headers["reader"]["Authorization"].removeprefix("Bearer ")
    with TestClient(client.app, cookies={"pockg_token": token}) as browser:
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
