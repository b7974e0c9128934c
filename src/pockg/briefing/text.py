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
    at each place the longest name wins, so "South Sudan" is not read as "Sudan".
    """

    def __init__(self, names: Mapping[str, Iterable[str]]) -> None:
        self._by_name: dict[str, set[str]] = {}
        exact: set[str] = set()
        folded: set[str] = set()
        for node, node_names in names.items():
            for name in node_names:
                name = name.strip()
                if len(name) < 2:
                    continue
                key = name if name.isupper() else name.casefold()
                self._by_name.setdefault(key, set()).add(node)
                (exact if name.isupper() else folded).add(name)
        alternatives = [(n, False) for n in exact] + [(n, True) for n in folded]
        alternatives.sort(key=lambda pair: -len(pair[0]))
        pattern = "|".join(
            f"(?i:{re.escape(n)})" if fold else re.escape(n) for n, fold in alternatives
        )
        self._pattern = re.compile(rf"(?<!\w)(?:{pattern})(?!\w)") if pattern else None

    def find(self, text: str) -> set[str]:
        """Return the nodes that `text` names."""
        found: set[str] = set()
        for _, nodes in self.spans(text):
            found |= nodes
        return found

    def spans(self, text: str) -> list[tuple[int, set[str]]]:
        """Return (end offset, nodes) of every name found in `text`, in order."""
        if self._pattern is None:
            return []
        found = []
        for match in self._pattern.finditer(text):
            name = match.group(0)
            nodes = self._by_name.get(name, set()) | self._by_name.get(name.casefold(), set())
            found.append((match.end(), nodes))
        return found
