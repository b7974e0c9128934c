"""`/api/briefings` and `/briefings` over the corpus and one internal document about Mali."""

from __future__ import annotations

import html
import io
import re

from docx import Document
from fastapi.testclient import TestClient

from tests.api.conftest import MARKER

READER_LINK = re.compile(r"/documents/([^#]+)#(b-[0-9a-f]+)")


def test_briefing_json_cites_passages_that_exist(client: TestClient) -> None:
    response = client.get("/api/briefings", params={"country": "Mali"})
    assert response.status_code == 200
    pack = response.json()
    assert pack["title"] == "Briefing pack: Mali"
    assert [c["label"] for c in pack["subject"]["countries"]] == ["Mali"]
    keys = [s["key"] for s in pack["sections"]]
    assert keys[0] == "context" and "practices" in keys
    passages = [s for s in pack["sources"] if s["passage"]]
    assert passages
    for source in passages[:8]:
        doc_id, anchor = READER_LINK.fullmatch(source["href"]).groups()  # type: ignore[union-attr]
        reader = client.get(f"/documents/{doc_id}")
        assert f'id="{anchor}"' in reader.text
    assert pack["downloads"]["docx"] == "/api/briefings?country=Mali&format=docx"


def test_briefing_never_quotes_an_internal_document(client: TestClient) -> None:
    # The internal note is about Mali, MINUSMA and Mopti: the public pack must not show it.
    for params in ({"country": "Mali"}, {"mission": "MINUSMA"}):
        for fmt in ("json", "md", "html"):
            body = client.get("/api/briefings", params={**params, "format": fmt}).text
            assert MARKER not in body and "Internal note" not in body, (params, fmt)
    page = client.get("/briefings", params={"country": "Mali"}).text
    assert MARKER not in page


def test_briefing_word_download_opens_with_its_sections(client: TestClient) -> None:
    response = client.get("/api/briefings", params={"mission": "UNMISS", "format": "docx"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    disposition = response.headers["content-disposition"]
    assert re.fullmatch(
        r'attachment; filename="briefing-unmiss-\d{4}-\d\d-\d\d\.docx"', disposition
    )
    document = Document(io.BytesIO(response.content))
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[0].text == "Briefing pack: UNMISS"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "Context" and headings[-1] == "Sources"


def test_briefing_markdown_and_combination(client: TestClient) -> None:
    response = client.get(
        "/api/briefings",
        params={"country": "Mali", "theme": "Community-based protection", "format": "md"},
    )
    assert response.status_code == 200
    assert response.text.startswith("# Briefing pack: Mali: Community-based protection\n")
    assert "## Sources" in response.text


def test_briefing_errors_are_4xx_with_the_closest_names(client: TestClient) -> None:
    unknown = client.get("/api/briefings", params={"country": "Mallli"})
    assert unknown.status_code == 404
    assert unknown.json()["detail"].startswith("unknown country 'Mallli'; closest known: Mali")
    assert client.get("/api/briefings").status_code == 422
    assert (
        client.get("/api/briefings", params={"country": "Mali", "format": "pdf"}).status_code == 422
    )
    assert client.get("/api/briefings", params={"theme": "x" * 301}).status_code == 422


def test_briefing_page_shows_the_pack_and_its_downloads(client: TestClient) -> None:
    empty = client.get("/briefings")
    assert empty.status_code == 200
    assert '<label for="country">Country</label>' in empty.text
    assert '<option value="Mali">' in empty.text
    page = client.get("/briefings", params={"country": "South Sudan"})
    assert page.status_code == 200
    assert "<h2>Briefing pack: South Sudan</h2>" in page.text
    assert 'href="/api/briefings?country=South+Sudan&amp;format=docx"' in page.text
    assert re.search(r'href="/documents/[^"#]+#b-[0-9a-f]+"', page.text)
    twin = (
        '<link rel="alternate" type="application/json" href="/api/briefings?country=South+Sudan">'
    )
    assert twin in page.text


def test_briefing_page_escapes_an_unknown_name(client: TestClient) -> None:
    page = client.get("/briefings", params={"country": "<script>x</script>"})
    assert page.status_code == 404
    assert "<script>x" not in page.text
    assert "unknown country" in html.unescape(page.text)
