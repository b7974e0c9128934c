"""`/api/timeline` and `/timeline` over the corpus and one internal document."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

READER_LINK = re.compile(r"/documents/[^#]+#b-[0-9a-f]+")
FORUM_NOTE = "/documents/gpc-2020-global-protection-forum-summary-note-txt"


def entries(client: TestClient, **params: str | int) -> list[dict[str, object]]:
    response = client.get("/api/timeline", params=params)
    assert response.status_code == 200, response.text
    found: list[dict[str, object]] = response.json()["entries"]
    return found


def test_timeline_runs_oldest_first_with_every_kind(client: TestClient) -> None:
    found = entries(client)
    dates = [str(e["date"]) for e in found]
    assert dates == sorted(dates)
    assert {e["kind"] for e in found} >= {
        "document",
        "meeting",
        "resolution",
        "mission start",
        "mission end",
        "cited work",
    }
    # The Council's first PoC resolution, mentioned by the seeds; its year and topic are
    # reference data (ontology/reference/resolutions.ttl).
    [first_poc] = [e for e in found if e["label"] == "Security Council resolution 1265 (1999)"]
    assert (first_poc["date"], first_poc["detail"]) == ("1999", "protection of civilians")
    assert first_poc["href"] == "/id/resolution/1265"


def test_every_entry_names_its_source(client: TestClient) -> None:
    for entry in entries(client):
        source = entry["source"]
        assert isinstance(source, dict)
        if entry["kind"] in ("document", "meeting"):
            assert str(entry["href"]).startswith("/documents/")
        else:  # dates from reference data or a citation: a passage shows where it is named
            assert READER_LINK.fullmatch(str(source["href"])), entry


def test_country_narrows_to_its_missions_and_documents(client: TestClient) -> None:
    found = entries(client, country="Mali")
    missions = {(e["kind"], e["date"]) for e in found if "MINUSMA" in str(e["label"])}
    assert missions == {("mission start", "2013"), ("mission end", "2023")}
    assert not any("UNMISS" in str(e["label"]) for e in found)
    # The GPC forum of 7 October 2020 discussed Mali; its report is a meeting report.
    forum = [e for e in found if e["href"] == FORUM_NOTE]
    assert [(e["kind"], e["date"]) for e in forum] == [("meeting", "2020-10-07")]
    assert "Internal note" not in [e["label"] for e in found]
    assert len(found) < len(entries(client))


def test_country_by_alias_and_years_bound_the_timeline(client: TestClient) -> None:
    assert entries(client, country="Republic of Mali") == entries(client, country="mali")
    bounded = entries(client, since=2010, until=2013)
    assert bounded and all(2010 <= int(str(e["year"])) <= 2013 for e in bounded)


def test_theme_narrows_every_kind(client: TestClient) -> None:
    everything = {(e["kind"], e["label"]) for e in entries(client)}
    on_theme = {(e["kind"], e["label"]) for e in entries(client, theme="Information sharing")}
    assert on_theme and on_theme < everything


def test_unknown_filters_and_bad_years_are_4xx(client: TestClient) -> None:
    unknown = client.get("/api/timeline", params={"country": "Atlantis"})
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "no country is known as 'Atlantis'"}
    assert client.get("/api/timeline", params={"theme": "Knitting"}).status_code == 404
    assert client.get("/api/timeline", params={"since": 1200}).status_code == 422
    assert client.get("/api/timeline", params={"country": "x" * 301}).status_code == 422


def test_timeline_page_groups_by_year_with_links(client: TestClient) -> None:
    page = client.get("/timeline", params={"country": "Mali"})
    assert page.status_code == 200
    assert '<h2 id="y2013">2013</h2>' in page.text
    assert '<a href="/id/mission/minusma">MINUSMA begins</a>' in page.text
    assert f'href="{FORUM_NOTE}"' in page.text
    assert '<link rel="alternate" type="application/json" href="/api/timeline?country=Mali">' in (
        page.text
    )
    assert '<label for="country">Country</label>' in page.text


def test_timeline_page_escapes_an_unknown_name(client: TestClient) -> None:
    page = client.get("/timeline", params={"country": "<script>alert(1)</script>"})
    assert page.status_code == 404
    assert "<script>alert(1)" not in page.text
    assert "no country is known as" in html.unescape(page.text)
