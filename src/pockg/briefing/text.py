"""Text helpers of briefings: sentences cut from passages, names found in text, and the cue
words that pick sentences about harm, mandates, lead agencies and open questions.

A pack quotes its sources, so these helpers only choose and cut verbatim text; they never
rewrite it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

_SENTENCE_END = re.compile(r"(?<=[.!?])([\"”’)\]]?[⁰¹²³⁴⁵⁶⁷⁸⁹]*)\s+(?=[A-Z“\"‘(\[])")
# Endings that do not close a sentence: common abbreviations and single initials.
_NOT_AN_END = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|vs|cf|No|Nos|Mr|Ms|Mrs|Dr|St|para|paras|Art|U\.N|U\.S)\.|\b[A-Z]\.)$"
)

HARM = re.compile(
    r"\b(?:kill(?:s|ed|ing|ings)?|attack(?:s|ed|ing)?|violen(?:ce|t)|violations?|abus(?:e|es|ed)"
    r"|abduct\w*|kidnap\w*|recruit(?:ed|ment)|displace(?:d|ment)|casualt(?:y|ies)|targeting"
    r"|sexual|rapes?|loot\w*|destr(?:oy\w*|uction)|war crimes?|massacres?|tortur\w*"
    r"|detention|detained|landmines?|explosive|insecurity|harm(?:ed|ful)?|threats? (?:to|against)"
    r"|of (?:great |grave |serious )?concern)\b",
    re.IGNORECASE,
)
"""Cues of harm to civilians (the vocabulary of the cross-cutting themes in
`ontology/themes.ttl`: grave violations against children, sexual violence, displacement,
explosive weapons, civilian harm)."""

MANDATE = re.compile(r"\b(?:mandat\w*|resolutions?)\b", re.IGNORECASE)
PROTECTION = re.compile(r"\b(?:protect\w*|PoC|POC)\b")
LEAD = re.compile(
    r"\b(?:led by|co-?lead(?:s|ing)?|co-?led|lead agenc(?:y|ies)|leads (?:the|a))\b", re.IGNORECASE
)


def sentences(text: str) -> list[str]:
    """Return the sentences of `text`, verbatim, in order (a list item or heading is one)."""
    found: list[str] = []
    for line in text.splitlines():
        start = 0
        for match in _SENTENCE_END.finditer(line):
            piece = line[start : match.end(1)]
            if _NOT_AN_END.search(piece.rstrip()):
                continue
            found.append(piece.strip())
            start = match.end()
        found.append(line[start:].strip())
    return [s for s in found if s]


def is_question(sentence: str) -> bool:
    """Return whether `sentence` asks something (ends with a question mark)."""
    return sentence.rstrip(' "”’)*_').endswith("?")


def normalised(text: str) -> str:
    """Return `text` folded for comparing: lower case, word characters, single spaces."""
    return " ".join(re.findall(r"\w+", text.casefold()))


class NameMatcher:
    """Finds which of some nodes a text names, by their labels and aliases.

    Acronyms (names in capitals, like DRC) match case-sensitively, other names in any case;
    names match whole words only; at each place the longest name wins, so "South Sudan" is
    not read as "Sudan". Names are looked up by their first word: a pack asks about
    thousands of sentences, and one regular expression of hundreds of alternatives tries
    every one of them at every word.
    """

    def __init__(self, names: Mapping[str, Iterable[str]]) -> None:
        self._by_name: dict[str, set[str]] = {}
        self._seen: dict[str, list[tuple[int, set[str]]]] = {}
        by_word: dict[str, set[tuple[str, bool]]] = {}
        for node, node_names in names.items():
            for name in node_names:
                name = name.strip()
                first = _WORD.match(_lower(name))
                if len(name) < 2 or first is None:
                    continue
                exact = name.isupper()
                self._by_name.setdefault(name if exact else name.casefold(), set()).add(node)
                by_word.setdefault(first.group(0), set()).add(
                    (name if exact else _lower(name), exact)
                )
        # Longest first, as an alternation would try them.
        self._by_word = {
            word: sorted(found, key=lambda pair: (-len(pair[0]), pair))
            for word, found in by_word.items()
        }

    def find(self, text: str) -> set[str]:
        """Return the nodes that `text` names."""
        found: set[str] = set()
        for _, nodes in self.spans(text):
            found |= nodes
        return found

    def spans(self, text: str) -> list[tuple[int, set[str]]]:
        """Return (end offset, nodes) of every name found in `text`, in order."""
        # A pack asks about the same few hundred sentences thousands of times.
        found = self._seen.get(text)
        if found is None:
            found = self._seen[text] = self._find_spans(text)
        return list(found)

    def _find_spans(self, text: str) -> list[tuple[int, set[str]]]:
        lowered = _lower(text)
        if self._by_word.keys().isdisjoint(_WORD.findall(lowered)):
            return []  # most sentences name nothing: no need to walk their words
        found = []
        resume = 0
        for word in _WORD_START.finditer(lowered):
            start = word.start()
            if start < resume:
                continue
            for probe, exact in self._by_word.get(word.group(0), ()):
                end = start + len(probe)
                if (text if exact else lowered).startswith(probe, start) and not _word_at(
                    text, end
                ):
                    matched = text[start:end]
                    nodes = self._by_name.get(matched, set()) | self._by_name.get(
                        matched.casefold(), set()
                    )
                    found.append((end, nodes))
                    resume = end
                    break
        return found


_WORD = re.compile(r"\w+")
_WORD_START = re.compile(r"(?<!\w)\w+")


def _lower(text: str) -> str:
    """Return `text` in lower case, character for character (offsets stay valid)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _word_at(text: str, offset: int) -> bool:
    """Return whether a word character (as regular expressions' \\w) is at `offset`."""
    return offset < len(text) and (text[offset].isalnum() or text[offset] == "_")
