"""Which statements and passages a briefing draws on, as SPARQL patterns.

A country's scope: statements whose `pockg:country` is the country, and, for statements that
name no country, those derived from a passage about it (one that mentions the country or one
of its UN missions, or sits under a heading that names them) or involving one of its
missions. A mission's scope: its countries' scope, narrowed to this mission, plus whatever
involves it or mentions it. A theme's scope: statements (or passages) with `pockg:theme` the
theme or a narrower one. Several parts (country and theme, say) intersect.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import count

from pockg.briefing.model import BriefingSubject
from pockg.briefing.reader import GraphReader, iri, rows, values
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


@dataclass(frozen=True)
class Scope:
    """The parts of a briefing's scope, and the names of countries and missions with their
    matcher."""

    places: tuple[Place, ...]
    themes: tuple[str, ...]
    matcher: NameMatcher
    names: dict[str, list[str]]

    def statements(self, var: str = "s") -> str:
        """Return a SPARQL pattern true for the statements ?var in scope."""
        numbers = count()
        parts = [_statement_in_place(var, place, str(next(numbers))) for place in self.places]
        if self.themes:
            parts.append(f"?{var} pockg:theme ?scope_t . {values('scope_t', self.themes)}")
        return " ".join(f"{{ {part} }}" for part in parts)

    def passages(self, var: str = "passage") -> str:
        """Return a SPARQL pattern true for the passages ?var in scope."""
        parts = [values(var, place.passages) for place in self.places]
        if self.themes:
            parts.append(f"?{var} pockg:theme ?scope_pt . {values('scope_pt', self.themes)}")
        return " ".join(f"{{ {part} }}" for part in parts)

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


def _statement_in_place(var: str, place: Place, n: str) -> str:
    unplaced = f"FILTER NOT EXISTS {{ ?{var} pockg:country ?other{n} }}"
    involving = f"?{var} pockg:involves ?m{n} . {values(f'm{n}', place.missions)}"
    if not place.mission_given:
        involving += f" {unplaced}"
    derived = f"?{var} prov:wasDerivedFrom ?sp{n} . {values(f'sp{n}', place.passages)}"
    return (
        f"{{ ?{var} pockg:country ?c{n} . {values(f'c{n}', place.countries)} }} "
        f"UNION {{ {derived} {unplaced} }} UNION {{ {involving} }}"
    )


def _passage_in_place(var: str, place: Place, n: str) -> str:
    mentioning = f"?{var} pockg:mentions ?x{n} . {values(f'x{n}', place.nodes)}"
    if not place.sections:
        return f"{{ {mentioning} }}"
    pairs = " ".join(f"({iri(doc)} {literal_term(head)})" for doc, head in place.sections)
    under = (
        f"VALUES (?d{n} ?h{n}) {{ {pairs} }} ?{var} pockg:inDocument ?d{n} . "
        f"OPTIONAL {{ ?{var} pockg:section ?ps{n} }} "
        f'FILTER(?h{n} = "" || (BOUND(?ps{n}) && (?ps{n} = ?h{n} || '
        f'STRSTARTS(?ps{n}, CONCAT(?h{n}, " > ")))))'
    )
    return f"{{ {mentioning} }} UNION {{ {under} }}"


def build_scope(reader: GraphReader, subject: BriefingSubject) -> Scope:
    """Return the scope of `subject`: its places with their missions, countries and
    sections, and its themes with the narrower ones."""
    names = {**names_of_kind(reader, "country"), **names_of_kind(reader, "mission")}
    matcher = NameMatcher(names)
    headings = _headings(reader)
    clusters = names_of_kind(reader, "cluster")
    places = []
    for country in subject.countries:
        missions = _linked(reader, f"?node a pockg:UNMission ; pockg:country {iri(country.iri)}")
        places.append(_place(reader, (country.iri,), tuple(missions), False, headings, matcher))
    for mission in subject.missions:
        countries = _linked(reader, f"{iri(mission.iri)} pockg:country ?node")
        places.append(_place(reader, tuple(countries), (mission.iri,), True, headings, matcher))
    places = [_with_clusters(reader, place, clusters, matcher) for place in places]
    themes: list[str] = []
    for theme in subject.themes:
        narrower = _linked(reader, f"?node skos:broader+ {iri(theme.iri)}")
        narrower += _linked(reader, f"{iri(theme.iri)} skos:narrower+ ?node")
        themes += [theme.iri, *narrower]
    return Scope(tuple(places), tuple(dict.fromkeys(themes)), matcher, names)


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
            f"""SELECT DISTINCT ?node WHERE {{ ?node a pockg:Cluster ; pockg:country ?c .
              {values("c", sorted(countries))} }}""",
        )
    }
    chosen = sorted(
        k
        for k, names in clusters.items()
        if k in located or any(matcher.find(name) & countries for name in names)
    )
    return replace(place, clusters=tuple(chosen))


_Heading = tuple[str, str, str, set[str]]


def _place(
    reader: GraphReader,
    countries: tuple[str, ...],
    missions: tuple[str, ...],
    mission_given: bool,
    headings: list[_Heading],
    matcher: NameMatcher,
) -> Place:
    nodes = set(countries) | set(missions)
    sections = tuple(
        dict.fromkeys(
            (doc, section)
            for doc, section, text, mentioned in headings
            if (mentioned | matcher.find(text)) & nodes
        )
    )
    place = Place(countries, missions, sections, mission_given)
    sparql = f"SELECT DISTINCT ?passage WHERE {{ {_passage_in_place('passage', place, '')} }}"
    passages = sorted(row["passage"] for row in rows(reader, sparql))
    return Place(countries, missions, sections, mission_given, tuple(passages))


def _headings(reader: GraphReader) -> list[_Heading]:
    """Return every heading as (document, section path, text, nodes it mentions)."""
    sparql = """SELECT DISTINCT ?h ?doc ?section ?text ?x WHERE {
          ?h pockg:blockKind "heading" ; pockg:inDocument ?doc ; pockg:text ?text .
          OPTIONAL { ?h pockg:section ?section }
          OPTIONAL { ?h pockg:mentions ?x } }"""
    found: dict[str, _Heading] = {}
    for row in rows(reader, sparql):
        section = row.get("section") or ""
        heading = found.setdefault(row["h"], (row["doc"], section, row["text"], set()))
        if "x" in row:
            heading[3].add(row["x"])
    return list(found.values())


def _linked(reader: GraphReader, pattern: str) -> list[str]:
    """Return the nodes ?node of a pattern, sorted (current missions first for missions)."""
    sparql = f"""SELECT DISTINCT ?node ?end ?start WHERE {{ {pattern} .
          OPTIONAL {{ ?node pockg:endYear ?end }} OPTIONAL {{ ?node pockg:startYear ?start }} }}"""
    found = list(rows(reader, sparql))
    found.sort(key=lambda r: ("end" in r, -int(r.get("start", "0")[:4] or 0), r["node"]))
    return list(dict.fromkeys(r["node"] for r in found))
