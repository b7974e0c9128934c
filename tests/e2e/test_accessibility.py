"""Every page in a real browser: no WCAG 2.1 A/AA violations found by axe-core, no sideways
scrolling on a phone-sized screen, and the keyboard reaches what the mouse does.

axe-core runs from the copy bundled in the `axe-playwright-python` wheel (nothing is
fetched). The country and linkage flow is driven end to end with screenshots.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import screenshot

MRM = "https://w3id.org/pockg/id/tool/monitoring-and-reporting-mechanism"
PAGES = {
    "documents": "/",
    "reader": "/documents/gpc-2020-global-protection-forum-summary-note-txt",
    "search-empty": "/search",
    "search-hits": "/search?q=information+sharing+with+the+UN+mission",
    "search-none": "/search?q=zzzqqqxx",
    "countries": "/countries",
    "country": "/countries/mli",
    "country-missing": "/countries/Atlantis",
    "linkage": "/linkage",
    "linkage-cell": f"/linkage?country=Mali&instrument={quote(MRM, safe='')}",
    "timeline": "/timeline",
    "recurring": "/recommendations/recurring",
    "briefing-form": "/briefings",
    "briefing": "/briefings?country=South+Sudan",
    "timeline-country": "/timeline?country=Mali",
    "sparql-editor": "/sparql-editor?example=practice-framework-linkage",
    "sparql-results": "/sparql-editor?query=SELECT+%3Fs+WHERE+%7B+%3Fs+a+pockg%3AUNMission+%7D",
    "entity": "/id/mission/minusma",
    "ontology": "/ontology",
    "dumps": "/dumps",
    "sign-in": "/sign-in",
}
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
NARROW = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_wcag_violations(page: Page, base_url: str, axe: Axe, name: str) -> None:
    page.goto(base_url + PAGES[name])
    results = axe.run(page, options=WCAG)
    found = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
    ]
    assert found == [], f"{PAGES[name]}: {found}"


@pytest.mark.parametrize("name", list(PAGES))
def test_page_fits_a_phone_screen(browser: Browser, base_url: str, name: str) -> None:
    context = browser.new_context(viewport=NARROW)
    try:
        narrow = context.new_page()
        narrow.goto(base_url + PAGES[name])
        width = narrow.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROW["width"], f"{PAGES[name]} is {width} px wide"
        if name in ("country", "linkage"):
            screenshot(narrow, f"{name}-narrow")
    finally:
        context.close()


def test_skip_link_is_the_first_stop_and_moves_to_the_content(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/countries/mli")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('main') !== null")
    assert focused, "after skipping, the next stop is inside the main content"


def test_linkage_matrix_is_usable_from_the_keyboard(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/linkage")
    region = page.get_by_role(
        "region", name="Practices against frameworks, tools and mandates: table, scrolls sideways"
    )
    region.focus()
    expect(region).to_be_focused()
    cell = page.get_by_role("link", name="Mali – Monitoring and Reporting Mechanism", exact=False)
    cell.first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/linkage\?country=Mali&"))
    expect(page.locator("#practices")).to_have_text("Mali – Monitoring and Reporting Mechanism")


def test_country_to_linkage_flow(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/countries")
    page.get_by_role("link", name="Mali", exact=True).click()
    page.wait_for_url("**/countries/mli")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mali")
    missions = page.locator("section[aria-labelledby=missions]")
    expect(missions.get_by_role("link", name="MINUSMA")).to_be_visible()
    expect(missions).to_contain_text("Security Council resolution 2100 (2013)")
    screenshot(page, "country")

    frameworks = page.locator("section[aria-labelledby=frameworks]")
    frameworks.locator("li", has_text="Monitoring and Reporting Mechanism").first.get_by_role(
        "link", name="field practice", exact=False
    ).click()
    page.wait_for_url(re.compile(r"/linkage\?country=Mali&"))
    practices = page.locator("#practices-section li")
    expect(practices.first).to_be_visible()
    source = practices.first.locator("a[href^='/documents/']")
    expect(source.first).to_have_attribute("href", re.compile(r"/documents/.+#b-[0-9a-f]+"))
    screenshot(page, "linkage-cell")

    page.goto(f"{base_url}/linkage")
    picture = page.get_by_role("group", name="Field practices by country linked to themes")
    expect(picture).to_be_visible()
    box = picture.bounding_box()
    assert box is not None and box["height"] > 200
    screenshot(page, "linkage")
