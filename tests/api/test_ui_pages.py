"""`/search` and `/sparql-editor`: the HTML pages for people, over the ingested corpus."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient

QUERY = "information sharing with the UN mission"
LINKAGE = Path(__file__).resolve().parents[2] / "ontology/queries/practice-framework-linkage.rq"


def hrefs(html: str, css_class: str) -> list[str]:
    """Return the targets of the links of `css_class` in `html`."""
    return re.findall(rf'<a class="{css_class}" href="([^"]+)"', html)


def test_search_page_shows_hits_linked_to_passages_and_entities(client: TestClient) -> None:
    response = client.get("/search", params={"q": QUERY})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<label for="q">' in response.text
    assert re.search(r"\d+ results for “information sharing with the UN mission”", response.text)
    sources = hrefs(response.text, "source-link")
    assert sources and all(re.fullmatch(r"/documents/[^#]+#b-[0-9a-f]+", s) for s in sources)
    assert "/id/organisation/protection-cluster" in hrefs(response.text, "entity-link")
    assert "<mark>" in response.text
    assert 'href="/api/search?q=information+sharing+with+the+UN+mission"' in response.text


def test_search_page_passage_link_opens_the_reader_at_the_block(client: TestClient) -> None:
    page = client.get("/search", params={"q": QUERY}).text
    target = hrefs(page, "source-link")[0]
    path, block = target.split("#")
    reader = client.get(path)
    assert reader.status_code == 200
    assert f'id="{block}"' in reader.text


def test_search_page_escapes_the_query(client: TestClient) -> None:
    response = client.get("/search", params={"q": "<script>alert(1)</script> mission"})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_search_page_facet_links_filter_the_hits(client: TestClient) -> None:
    page = client.get("/search", params={"q": QUERY}).text
    mali = re.search(
        r'<a href="(/search\?[^"]*country=Mali[^"]*)">Mali <span class="count">\((\d+)\)', page
    )
    assert mali is not None
    link, count = mali.group(1).replace("&amp;", "&"), int(mali.group(2))
    assert parse_qs(urlsplit(link).query) == {"q": [QUERY], "country": ["Mali"]}
    filtered = client.get(link).text
    assert f"{count} result{'' if count == 1 else 's'} for" in filtered
    assert "Country: Mali" in filtered
    assert (
        'href="/api/search?q=information+sharing+with+the+UN+mission&amp;country=Mali"' in filtered
    )


def test_search_page_pages_through_hits(client: TestClient) -> None:
    first = client.get("/search", params={"q": QUERY}).text
    assert 'rel="next"' in first and 'rel="prev"' not in first
    second = client.get("/search", params={"q": QUERY, "page": 2})
    assert second.status_code == 200
    assert '<ol class="hits" start="11">' in second.text
    assert 'rel="prev"' in second.text


def test_search_page_suggests_a_spelling(client: TestClient) -> None:
    page = client.get("/search", params={"q": "civlian protection"}).text
    assert re.search(r'Did you mean <a href="/search\?q=civilian\+protection">', page)


def test_search_page_without_query_shows_the_form(client: TestClient) -> None:
    response = client.get("/search")
    assert response.status_code == 200
    assert 'role="search"' in response.text and "results for" not in response.text


def test_navigation_links_search_and_sparql_editor(client: TestClient) -> None:
    home = client.get("/").text
    assert 'href="/search"' in home and 'href="/sparql-editor"' in home


def test_sparql_editor_lists_the_example_queries(client: TestClient) -> None:
    response = client.get("/sparql-editor")
    assert response.status_code == 200
    assert '<label for="query">' in response.text and "<textarea" in response.text
    assert '<option value="practice-framework-linkage"' in response.text
    assert "Which field practices link to which global frameworks, by country." in response.text
    assert "duplicate-label" not in response.text


def test_sparql_editor_shows_an_example_without_running_it(client: TestClient) -> None:
    response = client.get("/sparql-editor", params={"example": "practice-framework-linkage"})
    assert response.status_code == 200
    assert "SELECT DISTINCT ?countryLabel" in response.text
    assert "<table" not in response.text


def test_sparql_editor_runs_the_linkage_query_as_a_table(client: TestClient) -> None:
    query = LINKAGE.read_text(encoding="utf-8")
    response = client.get("/sparql-editor", params={"query": query})
    assert response.status_code == 200
    assert '<table class="results-table">' in response.text
    assert '<th scope="col">countryLabel</th>' in response.text
    assert '<td data-label="countryLabel">Mali</td>' in response.text
    assert re.search(
        r'<a href="/id/passage/[^"]+">https://w3id.org/pockg/id/passage/', response.text
    )
    for name in ("csv", "json", "tsv"):
        assert re.search(rf'href="/sparql\?query=[^"]+&amp;format={name}"', response.text)


def test_sparql_editor_shows_a_malformed_query_error_with_400(client: TestClient) -> None:
    response = client.get("/sparql-editor", params={"query": "SELECT ?s WHERE { ?s"})
    assert response.status_code == 400
    assert '<p class="error" role="alert">invalid SPARQL query' in response.text


def test_sparql_editor_refuses_updates_in_the_page(client: TestClient) -> None:
    response = client.get("/sparql-editor", params={"query": "DROP ALL"})
    assert response.status_code == 403
    assert "read-only" in response.text


def test_sparql_editor_escapes_results_and_query(client: TestClient) -> None:
    query = 'SELECT ?x WHERE { BIND("<b>bold</b>" AS ?x) }'
    response = client.get("/sparql-editor", params={"query": query})
    assert response.status_code == 200
    assert "<b>bold</b>" not in response.text
    assert "&lt;b&gt;bold&lt;/b&gt;" in response.text


def test_sparql_editor_answers_ask(client: TestClient) -> None:
    response = client.get("/sparql-editor", params={"query": "ASK { ?s ?p ?o }"})
    assert response.status_code == 200
    assert "Answer: <strong>yes</strong>" in response.text
