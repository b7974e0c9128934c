"""The recommendations section: recommendations of global fora that apply to the subject, by
theme and addressee, newest first, with recurring ones grouped."""

from __future__ import annotations

from collections.abc import Sequence

from pockg.briefing.material import Material, details
from pockg.briefing.model import BriefItem, BriefSection
from pockg.briefing.reader import values
from pockg.briefing.statements import Statement, statements
from pockg.recurring import THRESHOLD, RecommendationRecord, Similarity


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
    for other in pool:
        home = next((i for i in range(len(items)) if similar(items[i], other)), None)
        if home is not None and other.iri not in taken:
            taken.add(other.iri)
            groups[root(home)].append(other)
    return [groups[key] for key in sorted(groups)]
