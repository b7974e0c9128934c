"""The recommendations section: recommendations of global fora that apply to the subject, by
theme and addressee, newest first, with recurring ones grouped."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from pockg.briefing.material import Material, details
from pockg.briefing.model import BriefItem, BriefSection
from pockg.briefing.reader import rows, values
from pockg.briefing.scope import subjects
from pockg.briefing.statements import Statement, load_statements
from pockg.recurring import MIN_SHARED_WORDS, THRESHOLD, RecommendationRecord, Similarity


def recommendations_section(material: Material, chosen: Sequence[Statement]) -> BriefSection | None:
    """Return the recommendations `chosen`, newest first, each with the recommendations of
    the graph that repeat it."""
    pool = _repeat_pool(material) if chosen else []
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
    items, note = material.shown(items, material.maybe_cut(chosen))
    title = "Recommendations from global fora"
    return BriefSection("recommendations", title, tuple(items), note)


POOL_LIMIT = 2000
"""Up to this many readable recommendations, a pack looks for repeats among all of them."""


def _repeat_pool(material: Material) -> list[Statement]:
    """Return the recommendations that may repeat those a pack shows: every readable one
    while there are at most `POOL_LIMIT` (comparing each with each stays fast), else those
    the pack read as candidates (the recurring-recommendations page covers the rest)."""
    # One over the limit is enough to tell whether there are more.
    sparql = f"SELECT DISTINCT ?s WHERE {{ ?s a pockg:Recommendation }} LIMIT {POOL_LIMIT + 1}"
    everything = [row["s"] for row in rows(material.reader, sparql)]
    if len(everything) > POOL_LIMIT:
        return [s for s in material.loaded.values() if "Recommendation" in s.types]
    return load_statements(material.reader, material.documents, everything, links=False)


def applicable_recommendations(material: Material) -> list[Statement]:
    """Return the newest recommendations that apply to the subject, newest first.

    Those in scope (see `pockg.briefing.scope`) apply. With a place, so do those addressed
    (`pockg:addressedTo`) to one of its missions or clusters, and those addressed to an
    actor tied to no other place on a theme of the subject, or, without a theme in the
    subject, on a theme of the place's field practices and challenges.
    """
    scope = material.scope
    if not scope.places:
        return material.newest_statements(material.candidates, "Recommendation", scope.holds)
    themes = set(scope.themes) or {
        t for s in (*material.practices, *material.challenges) for t in s.themes
    }
    local = sorted({*scope.missions, *scope.clusters})
    candidates = material.candidates.adding(
        subjects(material.reader, "pockg:addressedTo", local)
        | _addressed_on_themes(material, sorted(themes))
    )

    def applies(item: Statement) -> bool:
        return scope.holds(item) or (
            bool(item.addressees) and _applies(material, item, themes, set(local))
        )

    return material.newest_statements(candidates, "Recommendation", applies)


def _addressed_on_themes(material: Material, themes: list[str]) -> set[str]:
    """Return the statements addressed to someone and on one of `themes`."""
    # The addressed statements first: far fewer than those on a theme in a large graph.
    sparql = f"""SELECT DISTINCT ?s WHERE {{
          {{ SELECT DISTINCT ?s WHERE {{ ?s pockg:addressedTo ?any }} }}
          ?s pockg:theme ?t . {values("t", themes)} }}"""
    return {row["s"] for row in rows(material.reader, sparql)} if themes else set()


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


def group_recurring(
    items: Sequence[Statement],
    pool: Sequence[Statement] = (),
    threshold: float = THRESHOLD,
) -> list[list[Statement]]:
    """Return `items` in groups of near-duplicates (linked transitively), each led by its
    first item in the order of `items`, with the statements of `pool` (the other
    recommendations of the graph) that repeat one of them. Similarity is the measure of
    the recurring-recommendations page (`pockg.recurring`), over items and pool together.

    Pool statements join a group but never link two groups or start one of their own.
    """
    everything = {s.iri: s for s in (*pool, *items)}
    similarity = Similarity(
        [RecommendationRecord(s.iri, s.text, s.source.document) for s in everything.values()]
    )

    def similar(first: Statement, second: Statement) -> bool:
        return similarity.between(first.iri, second.iri) >= threshold

    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for j in range(len(items)):
        for i in range(j):
            if similar(items[i], items[j]):
                first, second = sorted((root(i), root(j)))
                parent[second] = first
    groups: dict[int, list[Statement]] = {}
    for i, item in enumerate(items):
        groups.setdefault(root(i), []).append(item)
    taken = {item.iri for item in items}
    # Only items sharing enough words with a pool statement can be similar to it: look
    # those up instead of comparing each of thousands of statements with every item.
    items_with: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        for word in similarity.words(item.iri):
            items_with.setdefault(word, []).append(i)
    for other in pool:
        shared = Counter(
            i for word in similarity.words(other.iri) for i in items_with.get(word, ())
        )
        home = min(
            (i for i, n in shared.items() if n >= MIN_SHARED_WORDS and similar(items[i], other)),
            default=None,
        )
        if home is not None and other.iri not in taken:
            taken.add(other.iri)
            groups[root(home)].append(other)
    return [groups[key] for key in sorted(groups)]
