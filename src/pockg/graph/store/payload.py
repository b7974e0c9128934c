"""Payloads: the graphs to write and their exact triples, built from an rdflib graph or an
RDF file (with the formats a file may be loaded from)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from pockg.graph.store.backend import _Payload
from pockg.graph.store.errors import GraphStoreError
from pockg.graph.store.results import _syntax_message

LOAD_FORMATS: Mapping[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
LOAD_EXTENSIONS: Mapping[str, str] = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nt": "ntriples",
    ".nq": "nquads",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".rdf": "rdfxml",
    ".owl": "rdfxml",
    ".xml": "rdfxml",
}


def _payload_from_graph(graph_iri: URIRef, triples: Graph) -> _Payload:
    """Return the payload that makes `graph_iri` hold the triples of an rdflib graph."""
    data = triples.serialize(format="nt", encoding="utf-8")
    return {graph_iri: [quad.triple for quad in ox.parse(data, ox.RdfFormat.N_TRIPLES)]}


def _load_format(path: Path, name: str | None) -> ox.RdfFormat:
    """Return the RDF format named `name`, else the one `path`'s extension implies."""
    chosen = name if name is not None else LOAD_EXTENSIONS.get(path.suffix.lower())
    if chosen is None:
        known = ", ".join(LOAD_EXTENSIONS)
        raise GraphStoreError(f"{path}: cannot tell the RDF format from the extension ({known})")
    if chosen not in LOAD_FORMATS:
        raise GraphStoreError(
            f"{path}: unknown RDF format {chosen!r}; use {', '.join(LOAD_FORMATS)}"
        )
    return LOAD_FORMATS[chosen]


def _payload_from_file(path: Path, graph_iri: URIRef | None, rdf_format: ox.RdfFormat) -> _Payload:
    """Return the payload a file describes; parse errors become GraphStoreError."""
    # A graph format replaces the target graph even when the file is empty.
    payload: _Payload = {}
    if graph_iri is not None and not rdf_format.supports_datasets:
        payload[graph_iri] = []
    try:
        for quad in ox.parse(path=path, format=rdf_format, base_iri=path.resolve().as_uri()):
            target = _target_graph(quad.graph_name, graph_iri, path)
            payload.setdefault(target, []).append(quad.triple)
    except SyntaxError as error:
        message = _syntax_message(error)
        raise GraphStoreError(f"{path}: not valid {rdf_format.name}: {message}") from None
    except OSError as error:
        raise GraphStoreError(f"{path}: cannot read the file: {error.strerror or error}") from None
    return payload


def _target_graph(
    name: ox.NamedNode | ox.BlankNode | ox.DefaultGraph, graph_iri: URIRef | None, path: Path
) -> URIRef:
    """Return the store graph that receives a parsed quad from graph `name` of the file."""
    if isinstance(name, ox.NamedNode):
        return URIRef(name.value)
    if isinstance(name, ox.BlankNode):
        raise GraphStoreError(f"{path}: graphs named by blank nodes are not supported")
    if graph_iri is None:
        raise GraphStoreError(f"{path}: has triples outside any named graph; give a target graph")
    return graph_iri
