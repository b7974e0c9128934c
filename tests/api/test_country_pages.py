"""Country pages (`/countries`, `/api/countries`), the linkage view (`/linkage`,
`/api/linkage`) and the JSON twin of every page, over the corpus and one internal document."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import unquote, urljoin

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import MARKER

MALI = "https://w3id.org/pockg/id/country/mli"
MRM = "https://w3id.org/pockg/id/tool/monitoring-and-reporting-mechanism"
RES_2100 = "https://w3id.org/pockg/id/resolution/2100"
READER_LINK = re.compile(r"/documents/[^#]+#b-[0-9a-f]+")


def test_countries_lists_the_countries_the_documents_speak_of(client: TestClient) -> None:
    body = client.get("/api/countries").json()
    by_label = {c["label"]: c for c in body}
    # Mali, South Sudan and the DRC are the seeds' case studies; each has field practices.
    for name in ("Mali", "South Sudan", "Democratic Republic of the Congo"):
        assert by_label[name]["practices"] > 0, name
        assert by_label[name]["mentions"] > 0, name
    assert by_label["Mali"]["href"] == "/countries/mli"
    assert by_label["Mali"]["key"] == "mli"
    # Reference data alone does not make a country appear: no document speaks of Iceland.
    assert "Iceland" not in by_label
    labels = [c["label"] for c in body]
    assert labels == sorted(labels, key=str.casefold)


def test_country_api_gives_missions_with_their_mandates(client: TestClient) -> None:
    mali = client.get("/api/countries/mli").json()
    assert mali["label"] == "Mali"
    assert "Republic of Mali" in mali["aliases"]
    [minusma] = [m for m in mali["missions"] if m["label"] == "MINUSMA"]
    assert minusma["mission_type"] == "peacekeeping"
    assert minusma["start_year"] == "2013"
    assert [r["iri"] for r in minusma["mandates"]] == [RES_2100]
    assert minusma["href"] == "/id/mission/minusma"


def test_country_api_gives_practices_with_sources_and_links(client: TestClient) -> None:
    mali = client.get("/api/countries/mli").json()
    practices = mali["practices"]
    assert practices, "the forum note describes Mali's protection monitoring network"
    assert all(READER_LINK.fullmatch(p["href"]) for p in practices)
    assert all(MALI in [c["iri"] for c in p["countries"]] for p in practices)
    # Stated in the GPC forum summary note, Mali section.
    texts = " ".join(p["text"] for p in practices)
    assert "network of protection monitors" in texts
    frameworks = {cell["instrument"]: cell for cell in mali["frameworks"]}
    assert frameworks[MRM]["links"] == ["direct"]
    assert frameworks[RES_2100]["links"] == ["mandate"]
    assert {i["iri"] for i in mali["instruments"]} == set(frameworks)
    actors = [a["label"] for a in mali["actors"]]
    assert "MINUSMA" in actors and "Protection Cluster" in actors
    counts = [a["count"] for a in mali["actors"]]
    assert counts == sorted(counts, reverse=True)
    titles = [d["title"] for d in mali["documents"]]
    assert any(t.startswith("Strengthening the Protection of Civilians") for t in titles)


def test_country_hides_what_only_an_internal_document_says(client: TestClient) -> None:
    for path in ("/api/countries/mli", "/countries/mli", "/api/countries", "/linkage"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert MARKER not in response.text, path
    documents = client.get("/api/countries/mli").json()["documents"]
    assert "Internal note" not in [d["title"] for d in documents]


@pytest.mark.parametrize("given", ["Mali", "mali", "Republic of Mali", "MLI", MALI])
def test_country_accepts_a_code_name_or_iri(client: TestClient, given: str) -> None:
    assert client.get(f"/api/countries/{given}").json()["iri"] == MALI
    page = client.get(f"/countries/{given}", follow_redirects=False)
    assert page.status_code == 307
    assert page.headers["location"] == "/countries/mli"


def test_unknown_country_is_a_404_with_a_message(client: TestClient) -> None:
    api = client.get("/api/countries/Atlantis")
    assert api.status_code == 404
    assert api.json() == {"detail": "no country is known as 'Atlantis'"}
    page = client.get("/countries/Atlantis<script>")
    assert page.status_code == 404
    assert "<script>" not in page.text
    assert "no country is known as" in html.unescape(page.text)
    assert client.get("/api/countries/" + "x" * 400).status_code == 422


def test_country_page_shows_missions_linkage_and_sources(client: TestClient) -> None:
    page = client.get("/countries/mli")
    assert page.status_code == 200
    text = page.text
    assert "<h1>Mali</h1>" in text
    assert '<a href="/id/mission/minusma">MINUSMA</a>' in text
    assert '<a href="/id/resolution/2100">Security Council resolution 2100 (2013)</a>' in text
    cells = [
        unquote(html.unescape(link))
        for link in re.findall(r'href="(/linkage\?country=Mali&amp;instrument=[^"]+)"', text)
    ]
    assert {cell.split("instrument=")[1].split("#")[0] for cell in cells} == {MRM, RES_2100}
    opened = client.get(cells[0])
    assert opened.status_code == 200 and 'id="practices-section"' in opened.text
    assert re.search(r'href="/documents/[^"#]+#b-[0-9a-f]+"', text)
    assert '<link rel="alternate" type="application/json" href="/api/countries/mli">' in text


def test_entity_page_of_a_country_links_its_country_page(client: TestClient) -> None:
    page = client.get("/id/country/mli", headers={"accept": "text/html"})
    assert 'href="/countries/mli"' in page.text


def test_linkage_api_holds_instrument_and_theme_matrices(client: TestClient) -> None:
    body = client.get("/api/linkage").json()
    assert "Mali" in body["countries"]
    cells = {(c["country"], c["instrument"]): c for c in body["cells"]}
    assert cells[("Mali", MRM)]["links"] == ["direct"]
    themes = {t["iri"]: t["label"] for t in body["themes"]}
    by_theme = {(c["country"], themes[c["theme"]]) for c in body["theme_cells"]}
    assert ("Mali", "Community-based protection") in by_theme
    practices = {p for c in body["theme_cells"] for p in c["practices"]}
    assert all(p.startswith("https://w3id.org/pockg/id/field-practice/") for p in practices)


def test_linkage_page_matrix_counts_match_the_api(client: TestClient) -> None:
    body = client.get("/api/linkage").json()
    mrm = next(c for c in body["cells"] if c["country"] == "Mali" and c["instrument"] == MRM)
    count = len(mrm["practices"])
    page = client.get("/linkage").text
    label = f"Mali – Monitoring and Reporting Mechanism: {count} field practices (direct)"
    assert f'aria-label="{label}"' in page
    assert '<th scope="row"><a href="/id/tool/monitoring-and-reporting-mechanism">' in page
    assert '<th scope="col"><a href="/countries/mli">Mali</a></th>' in page


def test_linkage_page_draws_the_graph_as_svg(client: TestClient) -> None:
    page = client.get("/linkage").text
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="group"' in svg and '<title id="picture-title">' in svg
    lines = re.findall(r"<line ([^>]*)><title>([^<]*)</title>", svg)
    titles = {html.unescape(title): attrs for attrs, title in lines}
    mandate = titles["Mali – Security Council resolution 2100 (2013): 5 field practices (mandate)"]
    assert 'stroke-dasharray="6 4"' in mandate
    direct = next(a for t, a in titles.items() if t.startswith("Mali – Monitoring and Reporting"))
    assert "stroke-dasharray" not in direct
    assert '<a href="/countries/mli">' in svg


def test_linkage_cell_lists_its_practices_with_sources(client: TestClient) -> None:
    response = client.get("/linkage", params={"country": "Mali", "instrument": MRM})
    assert response.status_code == 200
    section = response.text[response.text.index('id="practices-section"') :]
    section = section[: section.index("</section>")]
    assert "Mali – Monitoring and Reporting Mechanism" in section
    assert re.search(r'href="/documents/[^"#]+#b-[0-9a-f]+"', section)
    missing = client.get("/linkage", params={"country": "Atlantis", "instrument": MRM})
    assert missing.status_code == 404


# Every HTML page names its JSON twin in <link rel="alternate">; each twin must answer JSON
# that says the same thing.
TWINS = {
    "/": lambda body: (
        "gpc-2020-global-protection-forum-summary-note-txt" in [d["id"] for d in body]
    ),
    "/documents/gpc-2020-global-protection-forum-summary-note-txt": lambda body: (
        body["id"] == "gpc-2020-global-protection-forum-summary-note-txt"
    ),
    "/search": lambda body: body["total"] == 0,
    "/search?q=early+warning&country=Mali": lambda body: (
        body["query"] == "early warning" and body["total"] > 0
    ),
    "/countries": lambda body: "Mali" in [c["label"] for c in body],
    "/countries/mli": lambda body: body["label"] == "Mali",
    "/linkage": lambda body: "Mali" in body["countries"],
    "/briefings?mission=UNMISS": lambda body: body["title"] == "Briefing pack: UNMISS",
    "/recommendations/recurring": lambda body: body["total"] > 0,
    "/timeline?country=Mali": lambda body: body["kinds"]["mission start"] == 1,
    "/sparql-editor": lambda body: "practice-framework-linkage" in [q["name"] for q in body],
    "/sparql-editor?query=ASK+%7B+%3Fs+%3Fp+%3Fo+%7D": lambda body: body["boolean"] is True,
    "/id/mission/minusma": lambda body: body["label"] == "MINUSMA",
    "/id/resolution/2100": lambda body: "Security Council resolution 2100" in json.dumps(body),
    "/ontology": lambda body: "FieldPractice" in json.dumps(body),
    "/dumps": lambda body: "/dumps/pockg.ttl" in [d["href"] for d in body],
}


@pytest.mark.parametrize("path", list(TWINS))
def test_every_page_has_a_json_twin(client: TestClient, path: str) -> None:
    page = client.get(path, headers={"accept": "text/html"})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    found = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)">', page.text)
    assert found, f"{path} names no JSON twin"
    twin = client.get(urljoin(f"http://testserver{path}", html.unescape(found.group(1))))
    assert twin.status_code == 200
    assert "json" in twin.headers["content-type"]
    assert TWINS[path](twin.json())


def test_example_queries_api_lists_the_query_files(client: TestClient) -> None:
    body = client.get("/api/queries").json()
    linkage = next(q for q in body if q["name"] == "practice-framework-linkage")
    assert linkage["title"] == "Which field practices link to which global frameworks, by country."
    assert "pockg:relatesTo" in linkage["text"]
    assert linkage["editor"] == "/sparql-editor?example=practice-framework-linkage"
    results = client.get(linkage["results"])
    assert results.status_code == 200
    assert results.json()["results"]["bindings"]
    assert not any(q["name"].startswith("qc") for q in body)
