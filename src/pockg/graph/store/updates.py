"""A payload written out: SPARQL update text, N-Quads and N-Triples, and chunks of it that
keep blank nodes whole (for stores written in several requests)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from io import BytesIO

import pyoxigraph as ox
from rdflib import URIRef

from pockg.graph.store.backend import _Payload


def _iri_ref(iri: URIRef) -> str:
    """Return `iri` in SPARQL syntax."""
    return f"<{iri}>"


def _replace_update(payload: _Payload) -> str:
    """Return one update request after which each payload graph holds exactly its triples."""
    operations = [f"DROP SILENT GRAPH {_iri_ref(graph)}" for graph in payload]
    blocks = _graph_blocks(payload)
    if blocks:
        operations.append(f"INSERT DATA {{\n{blocks}}}")
    return " ;\n".join(operations)


def _swap_update(staging: Mapping[URIRef, URIRef], payload: _Payload) -> str:
    """Return one update request moving each staging graph onto its target graph."""
    return " ;\n".join(
        f"MOVE {_iri_ref(staging[graph])} TO {_iri_ref(graph)}"
        if triples
        else f"DROP SILENT GRAPH {_iri_ref(graph)}"
        for graph, triples in payload.items()
    )


def _graph_blocks(payload: Mapping[URIRef, Sequence[ox.Triple]]) -> str:
    """Return `GRAPH <g> { ... }` blocks in N-Triples syntax, valid inside INSERT DATA."""
    return "".join(
        f"GRAPH {_iri_ref(graph)} {{\n{_ntriples(triples)}}}\n"
        for graph, triples in payload.items()
        if triples
    )


def _nquads(payload: _Payload) -> bytes:
    """Return the payload as N-Quads."""
    buffer = BytesIO()
    quads = (
        ox.Quad(triple.subject, triple.predicate, triple.object, ox.NamedNode(graph))
        for graph, triples in payload.items()
        for triple in triples
    )
    ox.serialize(quads, buffer, ox.RdfFormat.N_QUADS)
    return buffer.getvalue()


def _ntriples(triples: Iterable[ox.Triple]) -> str:
    """Return `triples` as N-Triples text."""
    buffer = BytesIO()
    ox.serialize(triples, buffer, ox.RdfFormat.N_TRIPLES)
    return buffer.getvalue().decode("utf-8")


def _chunks(payload: _Payload, size: int) -> Iterator[_Payload]:
    """Yield parts of `payload` of at most `size` triples, never splitting triples that
    share a blank node: blank node labels are scoped to one update request, so a split
    would turn one blank node into two. A connected group larger than `size` stays whole."""
    chunk: _Payload = {}
    count = 0
    for group in _blank_node_groups(payload):
        if count and count + len(group) > size:
            yield chunk
            chunk, count = {}, 0
        for graph, triple in group:
            chunk.setdefault(graph, []).append(triple)
        count += len(group)
    if count:
        yield chunk


def _blank_node_groups(payload: _Payload) -> list[list[tuple[URIRef, ox.Triple]]]:
    """Return the payload's quads grouped: one group per triple without blank nodes, one
    per set of triples connected through shared blank nodes (union-find on their labels)."""
    parent: dict[str, str] = {}
    quads = [(graph, triple) for graph, triples in payload.items() for triple in triples]
    for _, triple in quads:
        labels = _blank_labels(triple)
        for label in labels[1:]:
            parent[_root(parent, label)] = _root(parent, labels[0])
    singles: list[list[tuple[URIRef, ox.Triple]]] = []
    connected: dict[str, list[tuple[URIRef, ox.Triple]]] = {}
    for quad in quads:
        labels = _blank_labels(quad[1])
        if labels:
            connected.setdefault(_root(parent, labels[0]), []).append(quad)
        else:
            singles.append([quad])
    return singles + list(connected.values())


def _blank_labels(triple: ox.Triple) -> list[str]:
    """Return the labels of the blank nodes in a triple's subject and object."""
    return [
        term.value for term in (triple.subject, triple.object) if isinstance(term, ox.BlankNode)
    ]


def _root(parent: dict[str, str], label: str) -> str:
    """Return the representative of `label`'s group, halving the path on the way."""
    while parent.setdefault(label, label) != label:
        parent[label] = parent[parent[label]]
        label = parent[label]
    return label
