"""The curation form's pickers in a real browser: a curator types part of a name, picks the
suggestion, and the curation is recorded with the picked IRI.

Runs its own `pockg serve` over one hand-written public note (the merge changes the graph,
so the session's corpus server stays as the other browser tests expect it), with Debian's
Chromium through Playwright as the other end-to-end tests do.
"""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.conftest import run_pockg, write_document_folder
from tests.e2e.conftest import screenshot, serving

NOTE = (
    "Note on Mopti\n\nThe Halvard Relief Network runs protection monitoring with MINUSMA in "
    "Mopti. The Halvard Aid Network shares alerts with the Protection Cluster.\n"
)
ORGANISATION = "https://w3id.org/pockg/id/organisation/"
RELIEF = ORGANISATION + "halvard-relief-network"
AID = ORGANISATION + "halvard-aid-network"
MINUSMA = "https://w3id.org/pockg/id/mission/minusma"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The address of a server over the note, and a curator's token."""
    root = tmp_path_factory.mktemp("picker")
    folder = write_document_folder(
        root / "docs", "relief-note.txt", NOTE, title="Relief note", access_level="public"
    )
    data_dir = root / "data"
    ingested = run_pockg("ingest", str(folder), data_dir=data_dir)
    assert ingested.returncode == 0, ingested.stderr
    added = run_pockg("user", "add", "cora", "--role", "curator", data_dir=data_dir)
    assert added.returncode == 0, added.stderr
    with serving(data_dir) as url:
        yield url, added.stdout.strip()


def sign_in(page: Page, url: str, token: str) -> None:
    page.goto(f"{url}/sign-in")
    page.get_by_label("API token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".account")).to_contain_text("cora")


def test_curator_merges_by_picking_the_entity_by_name(page: Page, served: tuple[str, str]) -> None:
    url, token = served
    sign_in(page, url, token)
    page.goto(f"{url}/curate?action=merge&target={RELIEF}")
    into = page.get_by_role("combobox", name="Merge into (entity IRI)")
    into.press_sequentially("aid net", delay=40)  # part of "Halvard Aid Network" only
    options = page.get_by_role("listbox", name="Suggestions for Merge into").get_by_role("option")
    expect(options).to_have_count(1)
    expect(options.first.locator(".suggestion-label")).to_have_text("Halvard Aid Network")
    expect(options.first.locator(".suggestion-meta")).to_have_text("Coordination body")
    expect(into).to_have_attribute("aria-expanded", "true")
    screenshot(page, "curation-picker")
    violations = Axe().run(page, options=WCAG).response["violations"]
    assert [v["id"] for v in violations] == []

    options.first.click()
    expect(into).to_have_value(AID)
    expect(into).to_have_attribute("aria-expanded", "false")
    page.get_by_role("button", name="Record").click()
    # The merged entity's page now sends its readers on to the entity it was merged into.
    page.wait_for_url(re.compile(r".*/id/organisation/halvard-aid-network$"))

    with urllib.request.urlopen(f"{url}/api/curations?target={RELIEF}") as reply:
        recorded = json.load(reply)
    assert [(c["action"], c["author"], c["details"]) for c in recorded] == [
        ("merge", "cora", {"used": AID})
    ]


def test_keyboard_picks_the_target_statement_or_entity(page: Page, served: tuple[str, str]) -> None:
    url, token = served
    sign_in(page, url, token)
    page.goto(f"{url}/curate?action=confirm")
    target = page.get_by_role("combobox", name=re.compile("^Statement or entity"))
    target.press_sequentially("minusma", delay=40)
    # A verdict's target is an entity or a statement: the mission, named exactly, comes
    # first, then the note's statement that mentions it.
    listbox = page.get_by_role("listbox", name=re.compile("^Suggestions for Statement or entity"))
    first, second = listbox.get_by_role("option").first, listbox.get_by_role("option").nth(1)
    expect(first.locator(".suggestion-label")).to_have_text("MINUSMA")
    expect(first.locator(".suggestion-meta")).to_have_text("UN mission")
    expect(second.locator(".suggestion-meta")).to_contain_text("Relief note")
    target.press("ArrowDown")
    expect(listbox.get_by_role("option", selected=True)).to_contain_text("UN mission")
    target.press("Enter")  # picks; does not submit the form
    expect(target).to_have_value(MINUSMA)
    assert page.url.endswith("/curate?action=confirm")
