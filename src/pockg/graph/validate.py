"""SHACL validation of the whole store against `ontology/shapes.ttl`, with the ontology for RDFS."""

from __future__ import annotations

from dataclasses import dataclass

from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import RDF, SH

from pockg.graph.ontology import SHAPES_FILE, ontology_graph
from pockg.graph.store import GraphStore

_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


@dataclass(frozen=True)
class ValidationReport:
    """Whether the store conforms, how many results SHACL reported, and the readable report."""

    conforms: bool
    violations: int
    text: str


def validate_store(store: GraphStore) -> ValidationReport:
    """Return the SHACL report of the union of all graphs in `store`.

    RDFS inference with the ontology runs first, so reference data typed only with a
    specific class (a UN agency) still satisfies shapes that ask for its superclass.
    """
    data = Graph()
    result = store.query(_UNION)
    assert result.graph is not None, "a CONSTRUCT query returns a graph"
    data += result.graph
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    conforms, report_graph, text = validate(
        data, shacl_graph=shapes, ont_graph=ontology_graph(), inference="rdfs", allow_warnings=True
    )
    assert isinstance(report_graph, Graph) and isinstance(text, str)
    count = len(set(report_graph.subjects(RDF.type, SH.ValidationResult)))
    return ValidationReport(bool(conforms), count, text)
