"""`pockg serve` as a real HTTP server on loopback: pages, JSON twins, errors, live updates."""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import CORPUS, POCKG, REPO, free_port, run_pockg


def fetch(url: str) -> tuple[int, str, str]:
    """Return (status, content type, body) of a GET, including error statuses."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["content-type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["content-type"], error.read().decode()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    data_dir = tmp_path_factory.mktemp("served")
    assert run_pockg("ingest", str(CORPUS), data_dir=data_dir).returncode == 0
    port = free_port()
    process = subprocess.Popen(
        [str(POCKG), "serve", "--port", str(port), "--data-dir", str(data_dir)],
        cwd=REPO,
        env={**os.environ},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            fetch(f"{base}/api/health")
            break
        except OSError:
            time.sleep(0.1)
    yield base, data_dir
    process.terminate()
    process.wait(timeout=10)


def test_health_reports_the_stored_documents(server: tuple[str, Path]) -> None:
    base, _ = server
    status, kind, body = fetch(f"{base}/api/health")
    assert (status, kind) == (200, "application/json")
    assert json.loads(body) == {"status": "ok", "documents": 5}


def test_document_list_and_its_json_twin_agree(server: tuple[str, Path]) -> None:
    base, _ = server
    _, _, body = fetch(f"{base}/api/documents")
    listed = json.loads(body)
    assert [d["date"] for d in listed] == ["2020-10-07", "2020-10", "2017-10", "2013-07", "2011"]
    status, kind, page = fetch(f"{base}/")
    assert status == 200 and kind.startswith("text/html")
    for document in listed:
        assert f'href="/documents/{document["id"]}"' in page
        assert document["title"].replace("'", "&#39;") in page


def test_document_reader_shows_the_outline_and_every_block(server: tuple[str, Path]) -> None:
    base, _ = server
    doc_id = "gpc-2013-diagnostic-tool-protection-clusters-un-missions-md"
    _, _, body = fetch(f"{base}/api/documents/{doc_id}")
    document = json.loads(body)
    assert document["title"].startswith("Diagnostic Tool and Guidance")
    sharing = next(b for b in document["content"] if b["text"] == "Information Sharing")
    assert sharing["section"] == ["C. Types of Interaction with UN Missions", "Information Sharing"]
    status, _, page = fetch(f"{base}/documents/{doc_id}")
    assert status == 200
    assert f'<h3 id="b-{sharing["id"]}">Information Sharing</h3>' in page
    assert page.count('id="b-') == len(document["content"]) - 1  # the title is the page's h1


def test_unknown_document_is_a_json_404(server: tuple[str, Path]) -> None:
    base, _ = server
    status, kind, body = fetch(f"{base}/api/documents/no-such-document")
    assert (status, kind) == (404, "application/json")
    assert json.loads(body) == {"detail": "no document with id 'no-such-document'"}
    assert fetch(f"{base}/documents/%3Cscript%3E")[0] == 404


def test_document_ingested_while_serving_shows_without_restart(
    server: tuple[str, Path], tmp_path: Path
) -> None:
    base, data_dir = server
    new = tmp_path / "late-arrival.txt"
    new.write_text("Late Arrival\n\nThe cluster in South Sudan shared trends with UNMISS.\n")
    assert run_pockg("ingest", str(new), data_dir=data_dir).returncode == 0
    _, _, body = fetch(f"{base}/api/documents/late-arrival-txt")
    assert json.loads(body)["content"][1]["text"].startswith("The cluster in South Sudan")
    assert json.loads(fetch(f"{base}/api/health")[2])["documents"] == 6


def test_non_public_documents_are_not_served(server: tuple[str, Path], tmp_path: Path) -> None:
    base, data_dir = server
    folder = tmp_path / "restricted"
    folder.mkdir()
    (folder / "manifest.toml").write_text(
        '[[document]]\nfile = "memo.txt"\naccess_level = "internal"\n'
    )
    (folder / "memo.txt").write_text("Internal Memo\n\nMARKER-7731 should stay inside.\n")
    assert run_pockg("ingest", str(folder), data_dir=data_dir).returncode == 0
    assert fetch(f"{base}/api/documents/memo-txt")[0] == 404
    assert "MARKER-7731" not in fetch(f"{base}/api/documents")[2]
    assert "Internal Memo" not in fetch(f"{base}/")[2]


def graph_sizes(base: str) -> dict[str, int]:
    """Return the named graphs the server lists, with their triple counts."""
    status, _, body = fetch(f"{base}/api/graphs")
    assert status == 200, body
    return {graph["iri"]: graph["triples"] for graph in json.loads(body)}


def test_graph_writes_while_serving_show_without_restart(
    server: tuple[str, Path], tmp_path: Path
) -> None:
    base, data_dir = server
    before = graph_sizes(base)
    assert "https://w3id.org/pockg/id/graph/ontology" in before
    report = tmp_path / "while-serving.md"
    report.write_text("# While Serving\n\nUNMISS shared trend reports in South Sudan.\n")
    assert run_pockg("ingest", str(report), data_dir=data_dir).returncode == 0
    extra = tmp_path / "extra.ttl"
    extra.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n")
    loaded = run_pockg(
        "load", str(extra), "--graph", "https://example.org/extra", data_dir=data_dir
    )
    assert loaded.returncode == 0, loaded.stderr
    after = graph_sizes(base)
    assert after["https://example.org/extra"] == 1
    assert after["https://w3id.org/pockg/id/graph/document/while-serving-md"] > 10
    assert "https://w3id.org/pockg/id/graph/document/while-serving-md" not in before


def search_json(base: str, query: str) -> tuple[int, dict[str, object]]:
    status, _, body = fetch(f"{base}/api/search?{query}")
    return status, json.loads(body)


def test_search_api_ranks_passages_with_facets_snippets_and_entities(
    server: tuple[str, Path],
) -> None:
    base, _ = server
    q = urllib.parse.quote("information sharing with the UN mission")
    status, result = search_json(base, f"q={q}&limit=5")
    assert status == 200
    hits = result["hits"]
    assert isinstance(hits, list) and len(hits) == 5
    assert "<mark>" in hits[0]["snippet"]
    assert hits[0]["file_name"] and hits[0]["section"]
    facets = result["facets"]
    assert isinstance(facets, dict) and set(facets) >= {"country", "theme", "document", "kind"}
    status, mali = search_json(base, f"q={q}&country=Mali")
    assert status == 200
    assert all("Mali" in hit["countries"] for hit in mali["hits"])  # type: ignore[index, union-attr]


def test_search_api_answers_bad_requests_with_4xx_json(server: tuple[str, Path]) -> None:
    base, _ = server
    script = urllib.parse.quote("<script>alert(1)</script> cluster")
    status, result = search_json(base, f"q={script}")
    assert status == 200
    assert all("<script>" not in hit["snippet"] for hit in result["hits"])  # type: ignore[union-attr]
    assert search_json(base, "q=cluster&record=everything")[0] == 422
    assert search_json(base, "q=" + "x" * 1001)[0] == 400
    assert search_json(base, "limit=500")[0] == 422
    # No query is no hits, not an error: the empty search page's JSON twin.
    empty = {"query": "", "total": 0, "page": 1, "limit": 5, "hits": [], "facets": {}}
    assert search_json(base, "limit=5") == (200, {**empty, "suggestion": None})
