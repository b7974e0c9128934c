"""Fixtures of the graph tests: a real `oxigraph serve` on a loopback port."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import free_port

OXIGRAPH = Path(sys.executable).with_name("oxigraph")


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Run `oxigraph serve` on a free loopback port; yield its base URL."""
    port = free_port()
    directory = tmp_path_factory.mktemp("oxigraph")
    command = [str(OXIGRAPH), "serve", "--location", str(directory / "store")]
    command += ["--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    log = directory / "server.log"
    with log.open("wb") as output:
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_answering(base, server, log)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_until_answering(base: str, server: subprocess.Popen[bytes], log: Path) -> None:
    """Return once the server answers a query; fail if it exits or takes over 20 s."""
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1):
                return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"oxigraph serve did not start: {log.read_text()}")
            time.sleep(0.05)
