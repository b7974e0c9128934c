"""The recommendations section: recommendations of global fora that apply to the subject, by
theme and addressee, newest first, with recurring ones grouped."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pockg.briefing.material import Material, details
from pockg.briefing.model import BriefItem, BriefSection
from pockg.briefing.reader import values
from pockg.briefing.statements import Statement, statements

RECURRING_THRESHOLD = 0.5
"""Token-set Jaccard similarity from which two recommendations count as the same one made
again. On the corpus the closest pairs that repeat a recommendation score 0.53 to 0.56 and
the closest distinct pairs 0.44 and below ("dialogue ... is necessary" vs "dialogue ... is
critical"; short sentences sharing "we know"), so 0.5 separates them."""

_STOP_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "of",
        "to",
        "and",
        "or",
        "in",
        "on",
        "for",
        "with",
        "by",
        "as",
        "at",
        "from",
        "be",
        "is",
        "are",
        "was",
        "were",
        "been",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "their",
        "there",
        "should",
        "must",
        "shall",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "need",
        "needs",
        "also",
    }
)
_TOKEN = re.compile(r"[a-z0-9]+")


def recommendations_section(material: Material, chosen: Sequence[Statement]) -> BriefSection | None:
    """Return the recommendations `chosen`, newest first, each with the recommendations of
    the graph that repeat it."""
    pool = statements(material.reader, "Recommendation", "", links=False) if chosen else []
    items = []
    for group in group_recurring(chosen, pool):
        lead, *others = group
        items.append(
            BriefItem(
                lead.text,
                (lead.source.citation(material.id_base),),
                details=details(
                    ("Addressed to", lead.addressees.values()),
                    ("Recommended by", lead.recommenders.values()),
                    ("Frameworks and tools", lead.instruments.values()),
                ),
                year=lead.source.year,
                iri=lead.iri,
                variants=tuple(
                    BriefItem(
                        other.text,
                        (other.source.citation(material.id_base),),
                        year=other.source.year,
                        iri=other.iri,
                    )
                    for other in others
                ),
            )
        )
    if not items:
        return None
    return BriefSection("recommendations", "Recommendations from global fora", tuple(items))


def applicable_recommendations(material: Material) -> list[Statement]:
    """Return the recommendations that apply to the subject, newest first.

    Those in scope (see `pockg.briefing.scope`) apply. With a place, so do those addressed
    (`pockg:addressedTo`) to one of its missions or clusters, and those addressed to an
    actor tied to no other place on a theme of the subject, or, without a theme in the
    subject, on a theme of the place's field practices and challenges.
    """
    scope = material.scope
    found = {r.iri: r for r in statements(material.reader, "Recommendation", scope.statements())}
    if not scope.places:
        return sorted(found.values(), key=lambda r: r.order)
    themes = set(scope.themes) or {
        t for s in (*material.practices, *material.challenges) for t in s.themes
    }
    local = sorted({*scope.missions, *scope.clusters})
    pattern = (
        f"{{ ?s pockg:addressedTo ?a . {values('a', local)} }} UNION "
        f"{{ ?s pockg:addressedTo ?any ; pockg:theme ?t . {values('t', sorted(themes))} }}"
    )
    for candidate in statements(material.reader, "Recommendation", pattern):
        if candidate.iri not in found and _applies(material, candidate, themes, set(local)):
            found[candidate.iri] = candidate
    return sorted(found.values(), key=lambda r: r.order)


def _applies(material: Material, item: Statement, themes: set[str], local: set[str]) -> bool:
    """Return whether a recommendation outside the scope applies to its places: on the
    subject's theme if it has one, and addressed to one of the places' missions or
    clusters, or on one of their themes and tied to no other place."""
    scope = material.scope
    if scope.themes and not set(item.themes) & set(scope.themes):
        return False
    if set(item.addressees) & local:
        return True
    if not set(item.themes) & themes or set(item.countries) - set(scope.countries):
        return False
    return not any(scope.elsewhere(label) for label in item.addressees.values())


def tokens(text: str) -> frozenset[str]:
    """Return the content words of `text`, lower case."""
    return frozenset(w for w in _TOKEN.findall(text.casefold()) if w not in _STOP_WORDS)


def group_recurring(
    items: Sequence[Statement],
    pool: Sequence[Statement] = (),
    threshold: float = RECURRING_THRESHOLD,
) -> list[list[Statement]]:
    """Return `items` in groups of near-duplicates (token-set Jaccard >= `threshold`, linked
    transitively), each led by its first item in the order of `items`, and with the
    statements of `pool` (the other recommendations of the graph) that repeat one of them.

    Pool statements join a group but never link two groups or start one of their own.
    """
    words = [tokens(item.text) for item in items]
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for j in range(len(items)):
        for i in range(j):
            if _similar(words[i], words[j], threshold):
                first, second = sorted((root(i), root(j)))
                parent[second] = first
    groups: dict[int, list[Statement]] = {}
    for i, item in enumerate(items):
        groups.setdefault(root(i), []).append(item)
    taken = {item.iri for item in items}
    for other in pool:
        other_words = tokens(other.text)
        home = next(
            (i for i in range(len(items)) if _similar(words[i], other_words, threshold)), None
        )
        if home is not None and other.iri not in taken:
            taken.add(other.iri)
            groups[root(home)].append(other)
    return [groups[key] for key in sorted(groups)]


def _similar(first: frozenset[str], second: frozenset[str], threshold: float) -> bool:
    union = first | second
    return bool(union) and len(first & second) / len(union) >= threshold
