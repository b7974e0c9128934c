"""The ontology file as data: where it is, its class hierarchy (read once) and the example
queries beside it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef

from pockg.graph.namespace import POCKG, RDFS

ONTOLOGY_DIR = Path(__file__).resolve().parents[3] / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "pockg.ttl"
THEMES_FILE = ONTOLOGY_DIR / "themes.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
REFERENCE_DIR = ONTOLOGY_DIR / "reference"
QUERIES_DIR = ONTOLOGY_DIR / "queries"


@cache
def ontology_graph() -> Graph:
    """Return the parsed `ontology/pockg.ttl`."""
    graph = Graph()
    graph.parse(ONTOLOGY_FILE, format="turtle")
    return graph


@cache
def superclasses(cls: URIRef) -> tuple[URIRef, ...]:
    """Return `cls` and its pockg superclasses, most specific first.

    Only pockg classes are listed: the aligned external classes (prov:Entity, org:...)
    stay in the ontology, where a reasoner can find them.
    """
    graph = ontology_graph()
    found: list[URIRef] = [cls]
    for parent in graph.transitive_objects(cls, RDFS.subClassOf):
        if isinstance(parent, URIRef) and parent != cls and str(parent).startswith(str(POCKG)):
            found.append(parent)
    return tuple(found)


@cache
def subclasses(cls: URIRef) -> frozenset[URIRef]:
    """Return `cls` and every class below it in `ontology/pockg.ttl` (rdfs:subClassOf*)."""
    found = {cls}
    for sub in ontology_graph().transitive_subjects(RDFS.subClassOf, cls):
        if isinstance(sub, URIRef):
            found.add(sub)
    return frozenset(found)


@dataclass(frozen=True)
class ExampleQuery:
    """A named query of `ontology/queries/`: its file stem, title and text."""

    name: str
    title: str
    text: str


def example_queries() -> list[ExampleQuery]:
    """Return the example queries (not the QC queries of `queries/qc/`), each titled by its
    first comment line, by file name."""
    found = []
    for path in sorted(QUERIES_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        first = next((line for line in text.splitlines() if line.strip()), "")
        title = first.lstrip("#").strip() if first.startswith("#") else path.stem
        found.append(ExampleQuery(path.stem, title or path.stem, text))
    return found
