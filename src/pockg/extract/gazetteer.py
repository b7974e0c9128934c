"""The reference gazetteer: names of known entities from `ontology/reference/*.ttl`.

Reference data seeds the entity linker (missions, UN entities, countries, resolutions, bodies
of law and frameworks): a name found in the text is looked up here first, so "OCHA", "UN
OCHA" and "Office for the Coordination of Humanitarian Affairs" resolve to one entity with the
reference IRI's key. It is not a substitute for extraction: names not listed here are still
found by the finders from their form and context.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef

from pockg.graph.namespace import POCKG, RDF, RDFS, SKOS
from pockg.graph.ontology import REFERENCE_DIR
from pockg.models import EntityRef, EntityType

# Reference classes by the entity type the extractor uses for them.
_TYPE_OF_CLASS: dict[URIRef, EntityType] = {
    POCKG.UNMission: EntityType.UN_MISSION,
    POCKG.Country: EntityType.COUNTRY,
    POCKG.SecurityCouncilResolution: EntityType.RESOLUTION,
    POCKG.Cluster: EntityType.CLUSTER,
    POCKG.AreaOfResponsibility: EntityType.CLUSTER,
    POCKG.BodyOfLaw: EntityType.FRAMEWORK,
    POCKG.Framework: EntityType.FRAMEWORK,
    POCKG.Guideline: EntityType.FRAMEWORK,
    POCKG.Policy: EntityType.FRAMEWORK,
    POCKG.Treaty: EntityType.FRAMEWORK,
    POCKG.Tool: EntityType.TOOL,
    POCKG.CoordinationMechanism: EntityType.TOOL,
    POCKG.DiagnosticTool: EntityType.TOOL,
    POCKG.Handbook: EntityType.TOOL,
    POCKG.MonitoringMechanism: EntityType.TOOL,
}
_ORGANISATION_CLASSES = {
    "ArmedForce",
    "CoordinationBody",
    "DonorAgency",
    "Government",
    "InternationalOrganisation",
    "NonGovernmentalOrganisation",
    "Organisation",
    "RegionalPeaceOperation",
    "ResearchOrganisation",
    "UNAgency",
    "UNEntity",
}
_NOT_NAME = re.compile(r"[^\w&]+")
_LEADING_THE = re.compile(r"^the\s+")


@dataclass(frozen=True)
class ReferenceEntry:
    """A known entity: its ref, IRI, preferred label, aliases and most specific class.

    `countries` are the countries a mission or cluster works in (pockg:country), when known.
    """

    ref: EntityRef
    iri: URIRef
    label: str
    aliases: frozenset[str]
    subtype: str
    countries: tuple[EntityRef, ...] = ()


def normalise_name(name: str) -> str:
    """Return `name` as a lookup key: accents folded, case-folded, punctuation as spaces.

    A leading "the" is dropped, so "the Global Protection Cluster" finds "Global Protection
    Cluster". Short all-capital acronyms keep their case (see `Gazetteer.lookup`).
    """
    decomposed = unicodedata.normalize("NFKD", name.replace("’", "'"))
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _LEADING_THE.sub("", " ".join(_NOT_NAME.sub(" ", folded).split()))


class Gazetteer:
    """Reference entities by every name they are known by."""

    def __init__(self, entries: list[ReferenceEntry]) -> None:
        self.entries = entries
        self._by_name: dict[str, ReferenceEntry] = {}
        self._by_ref: dict[EntityRef, ReferenceEntry] = {e.ref: e for e in entries}
        for entry in entries:
            for name in (entry.label, *sorted(entry.aliases)):
                self._by_name.setdefault(normalise_name(name), entry)

    def lookup(self, name: str) -> ReferenceEntry | None:
        """Return the reference entity called `name`, or None.

        An acronym of up to four letters must match in capitals ("UN", "IRL", not "un" or
        "irl"), so ordinary words are not taken for acronyms.
        """
        entry = self._by_name.get(normalise_name(name))
        if entry is None:
            return None
        if len(name) <= 4 and name.isalpha() and not name.isupper():
            known = {entry.label, *entry.aliases}
            return entry if name in known else None
        return entry

    def entry(self, ref: EntityRef) -> ReferenceEntry | None:
        """Return the reference entry with identity `ref`, or None."""
        return self._by_ref.get(ref)

    def names(self) -> list[tuple[str, ReferenceEntry]]:
        """Return every (name, entry) pair, labels and aliases, for phrase matching."""
        return [(name, e) for e in self.entries for name in (e.label, *sorted(e.aliases))]


@cache
def load_gazetteer(reference_dir: Path = REFERENCE_DIR) -> Gazetteer:
    """Return the gazetteer of every reference file in `reference_dir` (read once)."""
    graph = Graph()
    for path in sorted(reference_dir.glob("*.ttl")):
        graph.parse(path, format="turtle")
    entries = [e for s in set(graph.subjects(RDF.type, None)) if (e := _entry(graph, s))]
    return Gazetteer(sorted(entries, key=lambda e: str(e.iri)))


def _entry(graph: Graph, subject: object) -> ReferenceEntry | None:
    """Return the reference entry for `subject`, or None when it is not an entity we link."""
    if not isinstance(subject, URIRef):
        return None
    classes = {c for c in graph.objects(subject, RDF.type) if isinstance(c, URIRef)}
    entity_type, subtype = _classify(classes)
    label = graph.value(subject, RDFS.label)
    if entity_type is None or label is None:
        return None
    aliases = frozenset(str(a) for a in graph.objects(subject, SKOS.altLabel))
    ref = EntityRef(entity_type, _key(subject))
    countries = tuple(
        EntityRef(EntityType.COUNTRY, _key(c))
        for c in sorted(str(o) for o in graph.objects(subject, POCKG.country))
    )
    return ReferenceEntry(ref, subject, str(label), aliases, subtype, countries)


def _key(iri: object) -> str:
    """Return the last path segment of a reference IRI, the entity's key."""
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def _classify(classes: set[URIRef]) -> tuple[EntityType | None, str]:
    """Return the extractor's entity type and the ontology class name for `classes`."""
    for cls in classes:
        if cls in _TYPE_OF_CLASS:
            return _TYPE_OF_CLASS[cls], cls.split("#")[-1]
    for cls in classes:
        name = cls.split("#")[-1]
        if name in _ORGANISATION_CLASSES:
            return EntityType.ORGANISATION, name
    return None, ""
