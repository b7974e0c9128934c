"""The numpy path of `search` against Whoosh's (`_run`): plain-word queries must give the
same hits, scores, snippets, totals and facet counts either way, on one segment and on
several; other queries must take Whoosh's path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from whoosh import index as whoosh_index
from whoosh import scoring

from pockg.config import Settings
from pockg.index.schema import index_dir
from pockg.index.search import (
    Hit,
    _facet_counts,
    _fast_hits,
    _fast_search,
    _hit,
    _index_version,
    _open,
    _parse,
    _restriction,
    _run,
    _scorable_words,
)
from tests.index import indexed_corpus, ingest_and_index

PLAIN_QUERIES = [
    "information sharing with the UN mission",
    "early warning and response system",
    "community self-protection",
    "OCHA",
    "protection AND civilians",
    "humanitarian notification OR casualties",
]
FILTERS: list[dict[str, str]] = [{}, {"record": "statement"}, {"country": "Mali"}]


@pytest.fixture(scope="module")
def corpus() -> Settings:
    return indexed_corpus()


def both_ways(settings: Settings, text: str, filters: dict[str, str], page: int) -> Any:
    """Return (total, facets, hits) from Whoosh and from the numpy path, for one query."""
    folder = index_dir(settings)
    restrict = _restriction(filters, ("public",))
    index = whoosh_index.open_dir(folder)
    with index.searcher(weighting=scoring.BM25F()) as searcher:
        parsed = _parse(index.schema, text)
        assert _scorable_words(parsed, index.schema), text
        results = _run(searcher, parsed, restrict, page, 10)
        slow = (results.total, _facet_counts(results.results), [_hit(h) for h in results])
    opened = _open(folder, _index_version(folder))  # type: ignore[arg-type]
    found = _fast_search(opened, _parse(opened.schema, text), restrict, page * 10)
    return slow, (found.total, found.facets, _fast_hits(opened, found, page, 10))


def same_hits(slow: list[Hit], fast: list[Hit]) -> None:
    assert [h.iri for h in fast] == [h.iri for h in slow]
    assert [h.score for h in fast] == pytest.approx([h.score for h in slow], abs=1e-4)
    assert [h.snippet for h in fast] == [h.snippet for h in slow]
    assert fast == [Hit(**{**vars(h), "score": f.score}) for h, f in zip(slow, fast, strict=True)]


@pytest.mark.parametrize("text", PLAIN_QUERIES)
@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_fast_search_equals_whoosh_search(corpus: Settings, text: str, filters: dict[str, str]):
    for page in (1, 2):
        (total, facets, hits), (fast_total, fast_facets, fast_hits) = both_ways(
            corpus, text, filters, page
        )
        assert (fast_total, fast_facets) == (total, facets)
        same_hits(hits, fast_hits)


def test_fast_search_equals_whoosh_search_over_several_segments(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    for number, country in enumerate(["Mali", "South Sudan", "Mali"]):
        folder = tmp_path / f"batch-{number}"
        folder.mkdir()
        (folder / f"note-{number}.md").write_text(
            f"# Note {number}\n\nOCHA shared early warning information with the UN mission "
            f"in {country}.\n\nCommunity protection committees met the mission in {country}.\n",
            encoding="utf-8",
        )
        ingest_and_index([folder], settings)  # one ingest, one segment
    for text in ("early warning mission", "community protection", "OCHA AND Mali"):
        (total, facets, hits), (fast_total, fast_facets, fast_hits) = both_ways(
            settings, text, {}, 1
        )
        assert total > 0
        assert (fast_total, fast_facets) == (total, facets)
        same_hits(hits, fast_hits)


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("early warning", True),
        ("protection AND civilians", True),
        ('"early warning"', False),
        ("country:Mali", False),
        ("warning NOT early", False),
        ("warn*", False),
    ],
)
def test_only_plain_words_take_the_numpy_path(corpus: Settings, text: str, plain: bool) -> None:
    schema = whoosh_index.open_dir(index_dir(corpus)).schema
    assert _scorable_words(_parse(schema, text), schema) is plain
