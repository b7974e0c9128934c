"""Search behaviour: stemming, phrases, fields, aliases, facets, access, pages, snippets,
spelling suggestions, bad syntax, incremental updates and the `pockg search` command."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as whoosh_index

from pockg.cli_search import run_search
from pockg.config import Settings
from pockg.index import index_exists, rebuild_index, search, update_index
from pockg.index.schema import index_dir
from tests.index import indexed_corpus, ingest_and_index

SMALL_CORPUS = {
    "alpha.md": "# Alpha field report\n\n## Health\n\n"
    "Cholera vaccination teams reached displaced families near Juba in South Sudan.\n\n"
    "Cholera cases rose in the camps of South Sudan during the rainy season.\n\n"
    "Cholera prevention requires clean water for every household.\n",
    "beta.md": "# Beta field report\n\n## Outbreaks\n\n"
    "Cholera spread in Borno State in Nigeria after the floods.\n\n"
    "Other diseases were reported as well.\n",
    "gamma.md": "# Gamma internal note\n\n## Outbreaks\n\n"
    "Cholera response plans were shared with partners only.\n",
    "delta.txt": "Unsafe input\n\n"
    "The report quoted <script>alert('x')</script> beside a measles outbreak.\n",
    "epsilon.md": "# Epsilon\n\n"
    "The Office for the Coordination of Humanitarian Affairs convened the partners in Goma.\n",
    "zeta.md": "# Zeta\n\nOCHA chaired the meeting on evacuation routes in Bunia.\n",
    "manifest.toml": '[[document]]\nfile = "gamma.md"\ntitle = "Gamma internal note"\n'
    'access_level = "internal"\n',
}


def write_small_corpus(folder: Path) -> Path:
    """Write the hand-made corpus into `folder` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in SMALL_CORPUS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def corpus() -> Settings:
    return indexed_corpus()


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("small")
    settings = Settings(data_dir=root / "data")
    ingest_and_index([write_small_corpus(root / "corpus")], settings)
    return settings


def texts(settings: Settings, query: str, **options: Any) -> list[str]:
    return [hit.text for hit in search(settings, query, limit=500, **options).hits]


def test_search_stems_words_so_sharing_finds_shared(corpus: Settings) -> None:
    found = texts(corpus, "sharing")
    assert any(" shared " in t and "sharing" not in t.lower() for t in found)


def test_search_phrase_matches_the_words_in_order(corpus: Settings) -> None:
    result = search(corpus, '"joint trainings"', limit=3)
    assert result.hits[0].text.startswith("Joint trainings.")
    assert result.total < search(corpus, "joint trainings").total


def test_search_fielded_query_searches_only_that_field(corpus: Settings) -> None:
    result = search(corpus, "section:training", limit=50)
    assert result.total > 0
    assert all("training" in hit.section.lower() for hit in result.hits)


def test_search_boolean_operators(small: Settings) -> None:
    assert texts(small, "cholera AND nigeria") == [
        "Cholera spread in Borno State in Nigeria after the floods."
    ]
    assert len(texts(small, "cholera NOT nigeria")) == 3


def test_search_acronym_finds_the_spelled_out_name(small: Settings) -> None:
    assert texts(small, "OCHA") == [
        "OCHA chaired the meeting on evacuation routes in Bunia.",
        "The Office for the Coordination of Humanitarian Affairs convened the partners in Goma.",
    ]


def test_search_spelled_out_name_finds_the_acronym(small: Settings) -> None:
    found = texts(small, '"Office for the Coordination of Humanitarian Affairs"')
    assert "OCHA chaired the meeting on evacuation routes in Bunia." in found


def test_search_facet_counts_are_exact(small: Settings) -> None:
    result = search(small, "cholera")
    assert result.total == 4
    assert result.facets["document"] == {"alpha.md": 3, "beta.md": 1}
    assert result.facets["country"] == {"South Sudan": 2, "Nigeria": 1}


def test_search_filters_narrow_hits_and_facets(small: Settings) -> None:
    result = search(small, "cholera", filters={"country": "South Sudan"})
    assert result.total == 2
    assert result.facets["document"] == {"alpha.md": 2}
    with pytest.raises(ValueError, match="unknown search filter colour"):
        search(small, "cholera", filters={"colour": "red"})


def test_search_leaves_out_documents_that_are_not_public(small: Settings) -> None:
    assert "gamma.md" not in search(small, "cholera").facets["document"]
    wider = search(small, "cholera", include_levels=("public", "internal"))
    assert wider.facets["document"]["gamma.md"] == 1


def test_search_statements_on_request(corpus: Settings) -> None:
    result = search(corpus, "information sharing", filters={"record": "statement"})
    assert result.total > 0
    assert {hit.kind for hit in result.hits} <= {"recommendation", "field-practice", "challenge"}
    assert all(hit.passage and hit.passage != hit.iri for hit in result.hits)


def test_search_pages_follow_each_other(corpus: Settings) -> None:
    top = search(corpus, "protection cluster", limit=10).hits
    first = search(corpus, "protection cluster", limit=5, page=1).hits
    second = search(corpus, "protection cluster", limit=5, page=2).hits
    assert [h.iri for h in first + second] == [h.iri for h in top]
    assert not {h.iri for h in first} & {h.iri for h in second}


def test_search_snippet_escapes_markup_and_marks_matches(small: Settings) -> None:
    hit = search(small, "measles").hits[0]
    assert "<script>" in hit.text
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "<mark>measles</mark>" in hit.snippet


def test_search_suggests_a_correction_for_a_misspelling(corpus: Settings) -> None:
    result = search(corpus, "informaton")
    assert result.total == 0
    assert result.suggestion == "information"
    assert search(corpus, "information").suggestion is None


@pytest.mark.parametrize("text", ['"unclosed phrase', "title:(", "position:abc", "((( AND", "*?"])
def test_search_survives_invalid_syntax(corpus: Settings, text: str) -> None:
    search(corpus, text)


def test_search_without_an_index_finds_nothing(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    assert not index_exists(settings)
    assert search(settings, "protection").total == 0


def test_search_hit_carries_source_and_entities(corpus: Settings) -> None:
    name = "gpc-2020-global-protection-forum-summary-note.txt"
    hit = search(corpus, "MINUSMA mandate renewal", filters={"document": name}).hits[0]
    assert hit.file_name == name
    assert "renewal of the MINUSMA mandate" in hit.text
    assert hit.title.startswith("Strengthening the Protection of Civilians")
    assert hit.section and hit.doc_id and hit.passage == hit.iri
    assert any(e["label"] == "MINUSMA" or "MINUSMA" in e["iri"].upper() for e in hit.entities)


def segments(settings: Settings) -> dict[str, int]:
    """Return the index's segments: id -> number of records (deleted ones included)."""
    index = whoosh_index.open_dir(index_dir(settings))
    return {seg.segment_id(): seg.doc_count_all() for seg in index._segments()}


def stored_records(settings: Settings, doc_id: str) -> list[dict[str, object]]:
    index = whoosh_index.open_dir(index_dir(settings))
    with index.searcher() as searcher:
        found = searcher.documents(doc_id=doc_id)
        return sorted(found, key=lambda r: str(r["iri"]))


def test_update_index_replaces_one_document_and_leaves_the_others(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    folder = write_small_corpus(tmp_path / "corpus")
    ingest_and_index([folder], settings)
    before, beta_before = segments(settings), stored_records(settings, "beta-md")
    (folder / "alpha.md").write_text("# Alpha\n\nTyphoid replaced the old outbreak.\n")
    assert ingest_and_index([folder], settings) == ["alpha-md"]
    after = segments(settings)
    assert texts(settings, "vaccination") == []
    assert texts(settings, "typhoid") == ["Typhoid replaced the old outbreak."]
    assert stored_records(settings, "beta-md") == beta_before
    assert before.items() <= after.items()  # no old segment rewritten
    (new,) = set(after) - set(before)
    assert after[new] == len(stored_records(settings, "alpha-md"))


def test_rebuild_index_gives_the_same_records(small: Settings) -> None:
    before = search(small, "cholera", include_levels=("public", "internal"))
    count = rebuild_index(small)
    after = search(small, "cholera", include_levels=("public", "internal"))
    assert count >= after.total
    assert [h.iri for h in after.hits] == [h.iri for h in before.hits]
    assert update_index(small, []) == 0


def test_cli_search_json_shape(corpus: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    args = argparse.Namespace(
        data_dir=str(corpus.data_dir), text="early warning", limit=3, page=1, json=True
    )
    assert run_search(args) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["total"] > 3 and len(printed["hits"]) == 3
    hit = printed["hits"][0]
    for key in ("text", "file_name", "title", "section", "page", "score", "entities"):
        assert key in hit
    assert all(set(e) == {"iri", "label", "type"} for e in hit["entities"])


def test_cli_search_table(corpus: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    args = argparse.Namespace(
        data_dir=str(corpus.data_dir), text="informaton", limit=3, page=1, json=False
    )
    assert run_search(args) == 0
    assert "did you mean: information" in capsys.readouterr().out
