"""What a briefing is about: a country, a UN mission or a theme named by a person, resolved
to the graph's nodes, with a helpful error naming the closest known names."""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from pockg.briefing.model import BriefingSubject, Named
from pockg.briefing.reader import GraphReader, each, rows
from pockg.graph.namespace import RDFS, SKOS

KINDS = {"country": "Country", "mission": "UNMission", "theme": "Theme", "cluster": "Cluster"}
"""The kinds of node briefings look up by name, by their pockg class."""

_PREFERRED = (str(RDFS.label), str(SKOS.prefLabel))
_SUGGESTIONS = 5


class BriefingRequestError(ValueError):
    """A briefing was asked for in a way that cannot be answered (nothing named)."""


class UnknownSubjectError(LookupError):
    """No country, mission or theme of the graph has the given name; the message names the
    closest known ones."""

    def __init__(self, kind: str, given: str, suggestions: list[str]) -> None:
        self.kind = kind
        self.given = given
        self.suggestions = suggestions
        if suggestions:
            hint = f"closest known: {', '.join(suggestions)}"
        else:
            hint = f"no known {kind} has a similar name"
        super().__init__(f"unknown {kind} {given!r}; {hint}")


def names_of_kind(reader: GraphReader, kind: str) -> dict[str, list[str]]:
    """Return every node of `kind` with its names, the preferred label first."""
    sparql = f"""SELECT DISTINCT ?e ?p ?name WHERE {{ {each("e", KINDS[kind])} ?e ?p ?name .
          VALUES ?p {{ rdfs:label skos:prefLabel skos:altLabel pockg:acronym }} }}"""
    preferred: dict[str, set[str]] = {}
    others: dict[str, set[str]] = {}
    for row in rows(reader, sparql):
        name = row["name"].strip()
        if name:
            chosen = preferred if row["p"] in _PREFERRED else others
            chosen.setdefault(row["e"], set()).add(name)
    found = {}
    for node in sorted(set(preferred) | set(others)):
        first = sorted(preferred.get(node, set()))
        rest = sorted((others.get(node, set()) | set(first)) - set(first[:1]), key=str.casefold)
        found[node] = first[:1] + rest
    return found


def resolve(reader: GraphReader, kind: str, given: str) -> Named:
    """Return the node of `kind` that `given` names (an IRI, a label or alias in any case,
    or a theme's key such as `information-sharing`); raise UnknownSubjectError if none."""
    known = names_of_kind(reader, kind)
    wanted = given.strip()
    if wanted in known:
        return Named(wanted, known[wanted][0])
    folded = wanted.casefold()
    matches = [node for node, names in known.items() if folded in {n.casefold() for n in names}]
    matches += [node for node in known if node.rsplit("/", 1)[-1].casefold() == folded]
    if matches:
        best = min(matches, key=lambda n: (known[n][0].casefold() != folded, n))
        return Named(best, known[best][0])
    raise UnknownSubjectError(kind, wanted, closest_names(known, wanted))


def closest_names(known: Mapping[str, list[str]], given: str) -> list[str]:
    """Return the preferred labels of the nodes with a name closest to `given`."""
    labels: dict[str, str] = {}
    for names in known.values():
        for name in names:
            labels.setdefault(name.casefold(), names[0])
    close = difflib.get_close_matches(given.casefold(), list(labels), n=3 * _SUGGESTIONS)
    suggestions: list[str] = []
    for name in close:
        if labels[name] not in suggestions:
            suggestions.append(labels[name])
    return suggestions[:_SUGGESTIONS]


def resolve_subject(
    reader: GraphReader,
    *,
    country: str | None = None,
    mission: str | None = None,
    theme: str | None = None,
) -> BriefingSubject:
    """Return the subject named by any combination of a country, a mission and a theme."""
    if not any(value and value.strip() for value in (country, mission, theme)):
        raise BriefingRequestError("name a country, a UN mission or a theme for the briefing")
    return BriefingSubject(
        countries=(resolve(reader, "country", country),) if country else (),
        missions=(resolve(reader, "mission", mission),) if mission else (),
        themes=(resolve(reader, "theme", theme),) if theme else (),
    )
