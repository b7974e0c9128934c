"""Snippets of the fast path (`pockg.index.snippets`): the same as Whoosh's highlighter makes
with the same fragmenter and formatter, for the index's stemming analyzer and any other."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from whoosh import fields, highlight
from whoosh.analysis import SimpleAnalyzer

from pockg.index.schema import build_schema
from pockg.index.snippets import MarkFormatter, Snippets, _MatchedWords, fragmenter

LONG = (
    "The mission shared information with OCHA. " * 3
    + "Filler words about other matters continue here for a while, without the terms. " * 6
    + "Community protection committees shared early warning information with the mission."
)
TEXTS = [
    "OCHA shared early warning information with the UN mission in Mali.",
    "Sharing information is not the same as having shared it: shares & <tags> too.",
    "No matching words at all in this one.",
    "The the the and of: stop words, and the word 'the' itself.",
    LONG,
    "",
]
WORDS = [
    {"share", "inform"},
    {"the", "mission"},  # a stop word among the query's words
    {"earli", "warn", "un"},
    set(),
]


def whoosh_snippet(searcher: object, words: set[str], text: str) -> str:
    highlighter = highlight.Highlighter(fragmenter=fragmenter(), formatter=MarkFormatter())
    matched = _MatchedWords(searcher, {("text", w.encode()) for w in words})
    return str(highlighter.highlight_hit(matched, "text", text=text, top=2))


@pytest.mark.parametrize("words", WORDS, ids=str)
def test_snippets_equal_whoosh_highlights(words: set[str]) -> None:
    searcher = SimpleNamespace(schema=build_schema())
    snippets = Snippets(searcher, {("text", w.encode()) for w in words} | {("title", b"x")})
    for text in TEXTS:
        assert snippets.snippet(text) == whoosh_snippet(searcher, words, text)


def test_snippets_mark_matched_words_in_html() -> None:
    searcher = SimpleNamespace(schema=build_schema())
    snippet = Snippets(searcher, {("text", b"share")}).snippet("Shared <data> & sharing.")
    assert snippet == "<mark>Shared</mark> &lt;data&gt; &amp; <mark>sharing</mark>"


def test_snippets_of_another_analyzer_come_from_whoosh() -> None:
    searcher = SimpleNamespace(schema=fields.Schema(text=fields.TEXT(analyzer=SimpleAnalyzer())))
    snippets = Snippets(searcher, {("text", b"shared")})
    text = "OCHA shared information; sharing is not shared."
    assert snippets.snippet(text) == whoosh_snippet(searcher, {"shared"}, text)
    assert "<mark>shared</mark>" in snippets.snippet(text)
