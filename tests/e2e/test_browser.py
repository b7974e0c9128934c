"""End to end in a real browser: search, read a passage, open an entity, run a SPARQL example.

Drives Debian's Chromium (`/usr/bin/chromium`) through Playwright against `pockg serve` over
the ingested corpus, and writes a screenshot of each page to `tests/artifacts/`.
"""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.conftest import REPO
from tests.e2e.conftest import screenshot

QUERY = "information sharing with the UN mission"


def test_search_read_and_follow_an_entity(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/search")
    page.get_by_label("Search the passages of public documents").fill(QUERY)
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#results-heading")).to_contain_text(f"results for “{QUERY}”")
    hits = page.locator("li.hit")
    expect(hits.first).to_be_visible()
    expect(hits.first.locator("mark").first).to_be_visible()
    screenshot(page, "search-results")

    hits.first.locator("a.source-link").click()
    page.wait_for_url("**/documents/**#b-*")
    anchor = page.url.split("#", 1)[1]
    expect(page.locator(f"[id='{anchor}']")).to_be_visible()
    screenshot(page, "reader")

    page.go_back()
    entity = page.locator("li.hit a.entity-link").first
    label = entity.inner_text()
    entity.click()
    page.wait_for_url("**/id/**")
    expect(page.get_by_role("heading", level=1)).to_have_text(label)
    screenshot(page, "entity")


def test_sparql_editor_runs_the_linkage_example(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/sparql-editor")
    page.get_by_label("Example queries").select_option("practice-framework-linkage")
    expect(page.get_by_label("Query")).to_have_value(
        (REPO / "ontology/queries/practice-framework-linkage.rq").read_text(encoding="utf-8")
    )
    page.get_by_role("button", name="Run query").click()
    table = page.locator("table.results-table")
    expect(table).to_be_visible()
    expect(table.locator("td", has_text="Mali").first).to_be_visible()
    screenshot(page, "sparql-editor")


def test_search_page_fits_a_narrow_screen(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        narrow = context.new_page()
        narrow.goto(f"{base_url}/search?q=civilians")
        expect(narrow.locator("li.hit").first).to_be_visible()
        width = narrow.evaluate("document.documentElement.scrollWidth")
        assert width <= 360
        screenshot(narrow, "search-narrow")
    finally:
        context.close()
