"""Snippets of hits: the best two fragments of a record's text around the words it matched,
escaped as HTML, the words in <mark>.

Whoosh's path highlights with Whoosh's `Highlighter` (`search._run`); the fast path
(`Snippets`) gives the very same snippets with the same fragmenter, scorer and formatter, but
makes the tokens they read in one loop: Whoosh's analyzer runs each token through a chain of
generators (tokenizer, lower case, stop words, stemmer), which took most of the time a page
of hits took. The loop reads its settings from the field's analyzer and does what the chain
does for a StemmingAnalyzer; a field analyzed otherwise is highlighted by Whoosh.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from typing import Any

from whoosh import highlight
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter

SNIPPET_CHARS = 240
_SURROUND = 60  # characters of context around the matched words
_TOP = 2  # fragments per snippet


class MarkFormatter(highlight.Formatter):  # type: ignore[misc]
    """Snippets as HTML: the text escaped, matched words in <mark>."""

    between = " … "

    def _text(self, text: str) -> str:
        return html.escape(text)

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return f"<mark>{html.escape(highlight.get_text(text, token, replace))}</mark>"


def fragmenter() -> highlight.ContextFragmenter:
    """Return the fragmenter of snippets: fragments of at most SNIPPET_CHARS characters."""
    return highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=_SURROUND)


class _Token:
    """What Whoosh's fragmenter, scorer and formatter read of a token."""

    __slots__ = ("boost", "endchar", "matched", "startchar", "text")

    def __init__(self, text: str, startchar: int, endchar: int, matched: bool) -> None:
        self.text = text
        self.startchar = startchar
        self.endchar = endchar
        self.matched = matched
        self.boost = 1.0

    def copy(self) -> _Token:
        return _Token(self.text, self.startchar, self.endchar, self.matched)


class _MatchedWords:
    """What Whoosh's highlighter reads of a hit: the schema and the query's matched words."""

    def __init__(self, searcher: Any, words: set[tuple[str, bytes]]) -> None:
        self.results = self
        self.searcher = searcher
        self._words = words

    def has_matched_terms(self) -> bool:
        return True

    def matched_terms(self) -> set[tuple[str, bytes]]:
        return self._words


class Snippets:
    """Makes the snippets of the `text` field for the matched words of a fast-path search."""

    def __init__(self, searcher: Any, words: set[tuple[str, bytes]]) -> None:
        self._highlighter = highlight.Highlighter(
            fragmenter=fragmenter(), formatter=MarkFormatter()
        )
        self._matched = _MatchedWords(searcher, words)
        self._words = frozenset(btext.decode("utf-8") for name, btext in words if name == "text")
        self._analysis = _stemming_steps(searcher.schema["text"].analyzer)
        self._analysed: dict[str, tuple[str, bool]] = {}  # lower-cased word -> its term, matched

    def snippet(self, text: str) -> str:
        """Return the snippet of `text` (empty when no fragment matches)."""
        if self._analysis is None:
            return str(self._highlighter.highlight_hit(self._matched, "text", text=text, top=_TOP))
        tokens = Snippets._merged(self._tokens(text))
        fragments = self._highlighter.fragmenter.fragment_tokens(text, tokens)
        best = highlight.top_fragments(
            fragments, _TOP, self._highlighter.scorer, self._highlighter.order, minscore=1
        )
        return str(self._highlighter.formatter.format(best))

    _merged = staticmethod(highlight.Highlighter._merge_matched_tokens)

    def _tokens(self, text: str) -> Iterator[_Token]:
        """Yield the tokens of `text` as the field's analyzer makes them for highlighting
        (stop words kept, unstemmed), each marked matched when its term is one of the
        query's words."""
        assert self._analysis is not None
        find, analyse = self._analysis
        analysed = self._analysed
        # The fragmenter keeps copies of matched tokens only, so, as Whoosh's tokenizer
        # does, one token object serves for all the others.
        unmatched = _Token("", 0, 0, False)
        for found in find(text):
            word = found.group(0).lower()
            if word not in analysed:
                term = analyse(word)
                analysed[word] = term, term in self._words
            term, matched = analysed[word]
            if matched:
                yield _Token(term, found.start(), found.end(), True)
            else:
                start, end = found.span()
                unmatched.text, unmatched.startchar, unmatched.endchar = term, start, end
                yield unmatched


_Steps = tuple[Callable[[str], Iterator[Any]], Callable[[str], str]]


def _stemming_steps(analyzer: Any) -> _Steps | None:
    """Return how the analyzer finds words in a text and what it makes of a lower-cased
    word, if it is a StemmingAnalyzer's chain (tokenizer, lower case, stop words, stemmer),
    else None."""
    items = getattr(analyzer, "items", None)
    kinds = (RegexTokenizer, LowercaseFilter, StopFilter, StemFilter)
    if not items or tuple(map(type, items)) != kinds:
        return None
    tokenizer, _, stops, stemmer = items
    stem = getattr(stemmer, "_stem", None)
    if tokenizer.gaps or stem is None:
        return None

    def analyse(word: str) -> str:
        # As StopFilter with removestops=False, then StemFilter: stop words stay unstemmed.
        size_ok = len(word) >= stops.min and (stops.max is None or len(word) <= stops.max)
        if not size_ok or word in stops.stops or word in stemmer.ignore:
            return word
        return str(stem(word))

    return tokenizer.expression.finditer, analyse
