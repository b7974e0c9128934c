"""The ontology, shapes, themes and reference data, each parsed once per test session."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import BNode, Graph, Literal, Node, URIRef
from rdflib.namespace import RDF, SH

REPO = Path(__file__).resolve().parents[2]
ONTOLOGY_DIR = REPO / "ontology"
ONTOLOGY_TTL = ONTOLOGY_DIR / "pockg.ttl"
SHAPES_TTL = ONTOLOGY_DIR / "shapes.ttl"
THEMES_TTL = ONTOLOGY_DIR / "themes.ttl"
REFERENCE_DIR = ONTOLOGY_DIR / "reference"
REFERENCE_FILES = sorted(REFERENCE_DIR.glob("*.ttl"))
VALID_EXAMPLES = sorted((ONTOLOGY_DIR / "examples" / "valid").glob("*.ttl"))
INVALID_EXAMPLES = sorted((ONTOLOGY_DIR / "examples" / "invalid").glob("*.ttl"))
QC_QUERIES = sorted((ONTOLOGY_DIR / "queries" / "qc").glob("*.rq"))
POCKG_NS = "https://w3id.org/pockg/ontology#"


def parse(*paths: Path) -> Graph:
    """Return one graph with the triples of every Turtle file in `paths`."""
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


@dataclass(frozen=True)
class ShaclResult:
    """One SHACL validation result: where it is, what path it is about and what it says."""

    focus: Node
    path: Node | tuple[str, Node] | None
    message: str
    severity: Node


@dataclass(frozen=True)
class ShaclReport:
    """Whether a graph conforms, with its results and the readable report."""

    conforms: bool
    results: list[ShaclResult]
    text: str


def _result_path(report: Graph, result: Node) -> Node | tuple[str, Node] | None:
    path = report.value(result, SH.resultPath)
    if isinstance(path, BNode):
        inverse = report.value(path, SH.inversePath)
        return ("inverse", inverse) if inverse is not None else ("complex", path)
    return path


def run_shacl(data: Graph, shapes: Graph, ontology: Graph) -> ShaclReport:
    """Validate `data` as `pockg validate` does: RDFS inference with the ontology mixed in."""
    conforms, report, text = validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs", allow_warnings=False
    )
    assert isinstance(report, Graph)
    results = [
        ShaclResult(
            focus=report.value(node, SH.focusNode),
            path=_result_path(report, node),
            message=str(report.value(node, SH.resultMessage)),
            severity=report.value(node, SH.resultSeverity),
        )
        for node in report.subjects(RDF.type, SH.ValidationResult)
    ]
    return ShaclReport(conforms=bool(conforms), results=results, text=str(text))


def pockg_terms(ontology: Graph, kind: URIRef) -> set[URIRef]:
    """Return the pockg-namespace subjects typed `kind` in `ontology`."""
    return {
        term
        for term in ontology.subjects(RDF.type, kind)
        if isinstance(term, URIRef) and str(term).startswith(POCKG_NS)
    }


def literal_strings(graph: Graph, subject: Node, predicate: URIRef) -> list[str]:
    """Return the lexical forms of the literal values of `predicate` on `subject`."""
    return [str(value) for value in graph.objects(subject, predicate) if isinstance(value, Literal)]


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return parse(ONTOLOGY_TTL)


@pytest.fixture(scope="session")
def shapes() -> Graph:
    return parse(SHAPES_TTL)


@pytest.fixture(scope="session")
def themes() -> Graph:
    return parse(THEMES_TTL)


@pytest.fixture(scope="session")
def reference() -> dict[str, Graph]:
    """Each reference file's graph, keyed by its stem (`missions`, `countries`, ...)."""
    return {path.stem: parse(path) for path in REFERENCE_FILES}


@pytest.fixture(scope="session")
def reference_and_themes(reference: dict[str, Graph], themes: Graph) -> Graph:
    """All curated data in one graph: every reference file and the themes."""
    graph = Graph()
    for part in [*reference.values(), themes]:
        for triple in part:
            graph.add(triple)
    return graph
