"""The browser tests' shared parts: one `pockg serve` over the ingested corpus and one
Debian Chromium for the whole session, a fresh page per test, screenshots to
`tests/artifacts/`."""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

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


@contextlib.contextmanager
def serving(data_dir: Path) -> Iterator[str]:
    """Run `pockg serve` over `data_dir` on a free port; yield its address once it answers,
    and stop it after."""
    port = free_port()
    env = {**os.environ, "POCKG_DATA_DIR": str(data_dir)}
    command = [str(POCKG), "serve", "--port", str(port), "--data-dir", str(data_dir)]
    server = subprocess.Popen(command, cwd=REPO, env=env)
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


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of a server over a data directory holding the ingested corpus."""
    data_dir = tmp_path_factory.mktemp("e2e") / "data"
    ingested = run_pockg("ingest", "corpus", data_dir=data_dir, timeout=900)
    assert ingested.returncode == 0, ingested.stderr
    with serving(data_dir) as url:
        yield url


@pytest.fixture(scope="session")
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
