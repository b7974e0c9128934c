"""Which statements and passages a briefing draws on, as SPARQL patterns.

A country's scope: statements whose `pockg:country` is the country, and, for statements that
name no country, those derived from a passage about it (one that mentions the country or one
of its UN missions, or sits under a heading that names them) or involving one of its
missions. A mission's scope: its countries' scope, narrowed to this mission, plus whatever
involves it or mentions it. A theme's scope: statements (or passages) with `pockg:theme` the
theme or a narrower one. Several parts (country and theme, say) intersect.

The store is asked only for candidates, by lookups that stay cheap on a large graph (what
names the country, involves the mission, or derives from a passage of the place); whether a
loaded statement is in scope is then decided here (`Scope.holds`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from pockg.briefing.model import BriefingSubject
from pockg.briefing.reader import GraphReader, chunks, each, iri, rows, values
from pockg.briefing.statements import Statement
from pockg.briefing.subject import names_of_kind
from pockg.briefing.text import NameMatcher
from pockg.graph.links import literal_term


@dataclass(frozen=True)
class Place:
    """The place part of a scope: countries, UN missions and the sections about them."""

    countries: tuple[str, ...]
    missions: tuple[str, ...]
    sections: tuple[tuple[str, str], ...]
    mission_given: bool
    passages: tuple[str, ...] = ()
    clusters: tuple[str, ...] = ()

    @property
    def nodes(self) -> tuple[str, ...]:
        """Return the countries and missions together."""
        return self.countries + self.missions

    @cached_property
    def passage_set(self) -> frozenset[str]:
        """Return the passages about the place, as a set."""
        return frozenset(self.passages)


@dataclass(frozen=True)
class Scope:
    """The parts of a briefing's scope, the names of countries and missions with their
    matcher, and the passages in every part."""

    places: tuple[Place, ...]
    themes: tuple[str, ...]
    matcher: NameMatcher
    names: dict[str, list[str]]
    passages: tuple[str, ...] = ()

    def holds(self, statement: Statement) -> bool:
        """Return whether a loaded statement (with its links) is in every part of the scope."""
        if self.themes and not set(statement.themes) & set(self.themes):
            return False
        return all(_in_place(statement, place) for place in self.places)

    def candidates(self, reader: GraphReader) -> Candidates:
        """Return the candidates that include every statement in scope (and others: see
        `holds`)."""
        if not self.places:
            return Candidates(frozenset(subjects(reader, "pockg:theme", self.themes)))
        place = min(self.places, key=lambda p: len(p.passages))
        found = subjects(reader, "pockg:country", place.countries)
        found |= subjects(reader, "pockg:involves", place.missions)
        # What is on the themes, read once (the scope's passages asked the same question).
        on_themes = frozenset(subjects(reader, "pockg:theme", self.themes)) if self.themes else None
        return Candidates(frozenset(found), place.passages, on_themes)

    def in_section(self, document: str, section: str | None) -> bool:
        """Return whether a passage of `document` under `section` is about every place."""
        path = section or ""
        return all(
            any(
                doc == document and (not head or path == head or path.startswith(head + " > "))
                for doc, head in place.sections
            )
            for place in self.places
        )

    def names_places(self, text: str) -> bool:
        """Return whether `text` names a country or mission of every place."""
        named = self.matcher.find(text)
        return all(named & set(place.nodes) for place in self.places)

    @property
    def missions(self) -> tuple[str, ...]:
        """Return the missions of the scope, in order, without repeats."""
        return tuple(dict.fromkeys(m for place in self.places for m in place.missions))

    @property
    def countries(self) -> tuple[str, ...]:
        """Return the countries of the scope, in order, without repeats."""
        return tuple(dict.fromkeys(c for place in self.places for c in place.countries))

    @property
    def clusters(self) -> tuple[str, ...]:
        """Return the clusters of the scope's countries, in order, without repeats."""
        return tuple(dict.fromkeys(k for place in self.places for k in place.clusters))

    def elsewhere(self, text: str) -> bool:
        """Return whether `text` names a country or mission outside the scope."""
        ours = {node for place in self.places for node in place.nodes}
        return bool(self.matcher.find(text) - ours)


def _in_place(statement: Statement, place: Place) -> bool:
    """Return whether a statement is set in a place: it names one of its countries, or it
    names no country and derives from a passage about the place or involves one of its
    missions (involving the mission is enough when the mission was asked for)."""
    countries = set(statement.countries)
    if countries & set(place.countries):
        return True
    unplaced = not countries
    if unplaced and statement.source.passage in place.passage_set:
        return True
    involves = set(statement.actors) & set(place.missions)
    return bool(involves) and (unplaced or place.mission_given)


@dataclass(frozen=True)
class Candidates:
    """Statements that include those in a pack's scope: some found at once (`statements`),
    the others only when a pack reads their documents (those derived from `passages`, which
    a large country has by the thousand); unless `on_themes` is None, only those in it
    count (what is on the scope's themes)."""

    statements: frozenset[str]
    passages: tuple[str, ...] = ()
    on_themes: frozenset[str] | None = None

    def adding(self, statements: set[str]) -> Candidates:
        """Return these candidates with `statements` too (held to the themes like the rest)."""
        return replace(self, statements=self.statements | statements)

    def counted(self, iris: list[str]) -> list[str]:
        """Return those of `iris` that count (see `on_themes`), in order."""
        return iris if self.on_themes is None else [i for i in iris if i in self.on_themes]


def subjects(reader: GraphReader, predicate: str, objects: Sequence[str]) -> set[str]:
    """Return the subjects ?s of `?s predicate o` for the objects `objects`."""
    found: set[str] = set()
    for chunk in chunks(objects):
        sparql = f"SELECT DISTINCT ?s WHERE {{ {values('o', chunk)} ?s {predicate} ?o }}"
        found.update(row["s"] for row in rows(reader, sparql))
    return found


def _passage_in_place(place: Place) -> str:
    """Return a pattern binding ?passage to the passages about `place`."""
    mentioning = f"{{ ?passage pockg:mentions ?x . {values('x', place.nodes)} }}"
    # A document whose title names the place is in it whole: its passages are looked up
    # without the section test, which costs several times the lookup.
    whole = sorted({doc for doc, head in place.sections if not head})
    headed = [(doc, head) for doc, head in place.sections if head]
    parts = [mentioning]
    if whole:
        parts.append(f"{{ {values('w', whole)} ?passage pockg:inDocument ?w }}")
    if headed:
        pairs = " ".join(f"({iri(doc)} {literal_term(head)})" for doc, head in headed)
        parts.append(
            f"{{ VALUES (?d ?h) {{ {pairs} }} ?passage pockg:inDocument ?d . "
            '?passage pockg:section ?ps FILTER(?ps = ?h || STRSTARTS(?ps, CONCAT(?h, " > "))) }'
        )
    return " UNION ".join(parts)


def build_scope(reader: GraphReader, subject: BriefingSubject) -> Scope:
    """Return the scope of `subject`: its places with their missions, countries and
    sections, and its themes with the narrower ones."""
    names = {**names_of_kind(reader, "country"), **names_of_kind(reader, "mission")}
    matcher = NameMatcher(names)
    clusters = names_of_kind(reader, "cluster")
    places = []
    for country in subject.countries:
        located = f"?node pockg:country {iri(country.iri)}"
        missions = _linked(reader, f"{each('node', 'UNMission')} {located}")
        places.append(_place(reader, (country.iri,), tuple(missions), False))
    for mission in subject.missions:
        countries = _linked(reader, f"{iri(mission.iri)} pockg:country ?node")
        places.append(_place(reader, tuple(countries), (mission.iri,), True))
    places = [_with_clusters(reader, place, clusters, matcher) for place in places]
    themes: list[str] = []
    for theme in subject.themes:
        narrower = _linked(reader, f"?node skos:broader+ {iri(theme.iri)}")
        narrower += _linked(reader, f"{iri(theme.iri)} skos:narrower+ ?node")
        themes += [theme.iri, *narrower]
    themes = list(dict.fromkeys(themes))
    passages = _scope_passages(reader, places, themes)
    return Scope(tuple(places), tuple(themes), matcher, names, passages)


def _scope_passages(reader: GraphReader, places: list[Place], themes: list[str]) -> tuple[str, ...]:
    """Return the passages about every place and, with themes, on one of them."""
    parts = [place.passage_set for place in places]
    if themes:
        tagged = subjects(reader, "pockg:theme", themes)
        parts.append(frozenset(p for p in tagged if "/passage/" in p))
    if not parts:
        return ()
    return tuple(sorted(frozenset.intersection(*parts)))


def _with_clusters(
    reader: GraphReader, place: Place, clusters: dict[str, list[str]], matcher: NameMatcher
) -> Place:
    """Return `place` with the clusters located in its countries (`pockg:country`) or named
    after one of them ("Protection Cluster in Mali"), most mentioned first."""
    countries = set(place.countries)
    located = {
        row["node"]
        for row in rows(
            reader,
            f"""SELECT DISTINCT ?node WHERE {{ {each("node", "Cluster")} ?node pockg:country ?c .
              {values("c", sorted(countries))} }}""",
        )
    }
    chosen = sorted(
        k
        for k, names in clusters.items()
        if k in located or any(matcher.find(name) & countries for name in names)
    )
    return replace(place, clusters=tuple(chosen))


def _place(
    reader: GraphReader,
    countries: tuple[str, ...],
    missions: tuple[str, ...],
    mission_given: bool,
) -> Place:
    nodes = set(countries) | set(missions)
    sections = tuple(dict.fromkeys(_headings(reader, sorted(nodes))))
    place = Place(countries, missions, sections, mission_given)
    sparql = f"SELECT DISTINCT ?passage WHERE {{ {_passage_in_place(place)} }}"
    passages = sorted(row["passage"] for row in rows(reader, sparql))
    return Place(countries, missions, sections, mission_given, tuple(passages))


def _headings(reader: GraphReader, nodes: list[str]) -> list[tuple[str, str]]:
    """Return the headings that name one of `nodes`, as (document, section path).

    The extractor links a heading to the places it names, in any case (a title in capitals
    too), so the links are enough: no scan of every heading's text.
    """
    sparql = f"""SELECT DISTINCT ?doc ?section WHERE {{ {values("x", nodes)}
          ?h pockg:mentions ?x ; pockg:blockKind "heading" ; pockg:inDocument ?doc .
          OPTIONAL {{ ?h pockg:section ?section }} }}"""
    return sorted((row["doc"], row.get("section") or "") for row in rows(reader, sparql))


def _linked(reader: GraphReader, pattern: str) -> list[str]:
    """Return the nodes ?node of a pattern, sorted (current missions first for missions)."""
    sparql = f"""SELECT DISTINCT ?node ?end ?start WHERE {{ {pattern} .
          OPTIONAL {{ ?node pockg:endYear ?end }} OPTIONAL {{ ?node pockg:startYear ?start }} }}"""
    found = list(rows(reader, sparql))
    found.sort(key=lambda r: ("end" in r, -int(r.get("start", "0")[:4] or 0), r["node"]))
    return list(dict.fromkeys(r["node"] for r in found))
