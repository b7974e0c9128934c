"""End to end in a real browser: search, read a passage, open an entity, run a SPARQL example.

Drives Debian's Chromium (`/usr/bin/chromium`) through Playwright against `pockg serve` over
the ingested corpus, and writes a screenshot of each page to `tests/artifacts/`.
"""

from __future__ import annotations

import os
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.conftest import POCKG, REPO, free_port, run_pockg

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO / "tests" / "artifacts"
QUERY = "information sharing with the UN mission"
STARTUP_SECONDS = 60


def wait_until_up(url: str, server: subprocess.Popen[bytes]) -> None:
    """Return once `url` answers; fail if the server exits or takes too long."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server exited with {server.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"the server did not answer {url} within {STARTUP_SECONDS} s")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of a server over a data directory holding the ingested corpus."""
    data_dir = tmp_path_factory.mktemp("e2e") / "data"
    ingested = run_pockg("ingest", "corpus", data_dir=data_dir, timeout=900)
    assert ingested.returncode == 0, ingested.stderr
    port = free_port()
    env = {**os.environ, "POCKG_DATA_DIR": str(data_dir)}
    server = subprocess.Popen(
        [str(POCKG), "serve", "--port", str(port), "--data-dir", str(data_dir)], cwd=REPO, env=env
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(f"{url}/api/health", server)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium; the test fails (never skips) when it is missing."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium package "
            "(apt-get install chromium) to run the browser tests"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page on a narrow-enough desktop viewport."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()


def screenshot(page: Page, name: str) -> None:
    """Write a full-page screenshot to tests/artifacts/<name>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


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
