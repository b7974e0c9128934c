"""What anonymous readers may see of the graph, and linked-data plumbing the routes share.

Every query a route runs is scoped to the permitted named graphs: the graphs of public
documents plus the corpus graphs (ontology, themes, reference data, labels, loaded files).
Values from requests enter SPARQL only as checked IRIs (`iri_term`) or as rdflib literals
(`literal_term`), never pasted in raw.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

import pyoxigraph as ox
from fastapi import Depends, HTTPException, Request
from rdflib import Graph, URIRef, Variable
from rdflib.query import Result, ResultRow

from api.access import readable_graphs
from api.auth import CurrentReader
from api.deps import Graphs
from api.schemas_graph import RelationOut
from pockg.graph.corpus import not_a_labels_graph
from pockg.graph.iri import corpus_graph_iri
from pockg.graph.links import ONTOLOGY_NS, literal_term, local_href, passage_link, split_minted
from pockg.graph.namespace import PREFIXES, SPARQL_PREFIXES
from pockg.graph.store import scoped_dataset

__all__ = ["ONTOLOGY_NS", "literal_term", "local_href", "passage_link", "split_minted"]
_FORBIDDEN_IN_IRI = re.compile(r'[\s<>"{}|^`\\]')


def with_query(path: str, params: Mapping[str, Any]) -> str:
    """Return `path` with the `params` that have a value as its query string."""
    kept = {name: value for name, value in params.items() if value not in (None, "")}
    return f"{path}?{urlencode(kept)}" if kept else path


@dataclass(frozen=True)
class Scope:
    """The named graphs a reader may query, whether that is every graph, and the IRI base."""

    graphs: tuple[str, ...]
    id_base: str
    everything: bool = False

    def query(self, store: Graphs, sparql: str) -> Result:
        """Return the result of `sparql` (prefixes added) over the permitted graphs only."""
        return store.query(SPARQL_PREFIXES + sparql, **self._dataset())

    def select(self, store: Graphs, sparql: str) -> list[dict[str, str]]:
        """Return the rows of a SELECT (prefixes added) over the permitted graphs only, as
        plain {variable: value} dicts (see `GraphStore.select`)."""
        return store.select(SPARQL_PREFIXES + sparql, **self._dataset())

    def _dataset(self) -> dict[str, tuple[str, ...]]:
        """Return the dataset arguments of a query over the permitted graphs.

        When nothing is hidden the store's union default graph is the same dataset, and
        Oxigraph answers it about ten times faster than an explicit list of graphs.
        """
        return scoped_dataset(None if self.everything else self.graphs, self.id_base)

    @property
    def labels_graph(self) -> str:
        """Return the name of the corpus-wide labels graph."""
        return str(corpus_graph_iri("labels", base=self.id_base))

    def knows(self, store: Graphs, iri: str) -> bool:
        """Return whether a readable graph other than the labels graphs describes `iri`.

        A labels graph lists entities whatever documents name them, so alone it would reveal
        entities that only documents the reader may not read mention (or that a removed
        document named, until the labels are next refreshed).
        """
        sparql = f"""ASK {{ GRAPH ?g {{ {iri_term(iri)} ?p ?o }}
            FILTER({not_a_labels_graph("?g", self.id_base)}) }}"""
        return bool(self.query(store, sparql).askAnswer)


def permitted_scope(request: Request, graphs: Graphs, reader: CurrentReader) -> Scope:
    """Return the scope of the request's reader (see `api.access`)."""
    settings = request.app.state.settings
    names = [str(g) for g in graphs.named_graphs()]
    permitted = tuple(readable_graphs(settings, names, reader))
    return Scope(permitted, settings.id_base, everything=len(permitted) == len(names))


Permitted = Annotated[Scope, Depends(permitted_scope)]


def checked_iri(value: str) -> URIRef | None:
    """Return `value` as an IRI if it is an absolute IRI safe to write in SPARQL, else None."""
    if not value or _FORBIDDEN_IN_IRI.search(value):
        return None
    try:
        ox.NamedNode(value)
    except ValueError:
        return None
    return URIRef(value)


def iri_term(value: str) -> str:
    """Return `<value>` for SPARQL; raise 404 when `value` is not a usable IRI."""
    iri = checked_iri(value)
    if iri is None:
        raise HTTPException(status_code=404, detail=f"not a valid IRI: {value!r}")
    return f"<{iri}>"


def values_clause(variable: str, iris: Sequence[str]) -> str:
    """Return `VALUES ?variable { <a> <b> }` for already checked IRIs."""
    return f"VALUES ?{variable} {{ {' '.join(iri_term(i) for i in iris)} }}"


def describe(store: Graphs, scope: Scope, iri: str) -> Graph:
    """Return the triples with `iri` as subject, blank-node objects expanded, and the labels
    of the objects, from the permitted graphs (empty when the IRI is unknown there)."""
    node = iri_term(iri)
    if not scope.knows(store, iri):
        return Graph()
    sparql = f"""CONSTRUCT {{ {node} ?p ?o . ?o rdfs:label ?label . ?o ?bp ?bo }}
        WHERE {{ {node} ?p ?o .
          OPTIONAL {{ ?o rdfs:label|skos:prefLabel ?label }}
          OPTIONAL {{ FILTER(isBlank(?o)) ?o ?bp ?bo }} }}"""
    graph = scope.query(store, sparql).graph
    assert graph is not None, "CONSTRUCT yields a graph"
    return bind_prefixes(graph)


GraphT = TypeVar("GraphT", bound=Graph)


def bind_prefixes(graph: GraphT) -> GraphT:
    """Return `graph` with the usual vocabulary prefixes bound, for readable Turtle."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    return graph


def text_of(value: object) -> str | None:
    """Return the lexical form of a bound RDF term, or None when unbound."""
    return None if value is None else str(value)


# Content negotiation: `?format=` wins over Accept; "*/*" and no Accept give HTML.
MEDIA_TYPES = {
    "html": "text/html",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "json": "application/json",
}


def negotiate(accept: str | None, format: str | None, offered: Sequence[str]) -> str:
    """Return the format key to answer with; raise 400 for an unknown `format`, 406 when
    nothing in Accept is offered."""
    if format is not None:
        if format not in offered:
            detail = f"unknown format {format!r}; use one of {', '.join(offered)}"
            raise HTTPException(status_code=400, detail=detail)
        return format
    ranges = _accept_ranges(accept or "*/*")
    scored = [(_quality(MEDIA_TYPES[key], ranges), -rank, key) for rank, key in enumerate(offered)]
    quality, _, best = max(scored)
    if quality <= 0:
        wanted = ", ".join(MEDIA_TYPES[key] for key in offered)
        raise HTTPException(status_code=406, detail=f"not acceptable; this resource is {wanted}")
    return best


def _accept_ranges(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for item in accept.split(","):
        media, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media:
            ranges.append((media.lower(), quality))
    return ranges


def _quality(media_type: str, ranges: list[tuple[str, float]]) -> float:
    """Return the quality of the most specific Accept range matching `media_type`."""
    main = media_type.split("/")[0]
    best: tuple[int, float] = (-1, 0.0)
    for media, quality in ranges:
        specificity = {media_type: 2, f"{main}/*": 1, "*/*": 0}.get(media, -1)
        if specificity > best[0]:
            best = (specificity, quality)
    return best[1]


def serialize(graph: Graph, key: str) -> bytes:
    """Return `graph` as Turtle (`ttl`) or JSON-LD (`jsonld`, `json`), UTF-8."""
    if key == "ttl":
        return graph.serialize(format="turtle", encoding="utf-8")
    context = {prefix: namespace for prefix, namespace in PREFIXES.items()}
    return graph.serialize(format="json-ld", context=context, encoding="utf-8")


def relations(store: Graphs, scope: Scope, iri: str) -> tuple[list[RelationOut], list[RelationOut]]:
    """Return the triples with `iri` as subject, and those with it as object (passages'
    mentions and statements left out: they are listed on their own), with labels."""
    node = iri_term(iri)
    outgoing = f"""SELECT ?p ?o (SAMPLE(?pl) AS ?plabel) (SAMPLE(?l) AS ?label) WHERE {{
          {node} ?p ?o . OPTIONAL {{ ?p rdfs:label ?pl }}
          OPTIONAL {{ ?o rdfs:label|skos:prefLabel ?l }}
        }} GROUP BY ?p ?o ORDER BY ?p LCASE(STR(?label)) ?o"""
    incoming = f"""SELECT ?p ?o (SAMPLE(?pl) AS ?plabel) (SAMPLE(?l) AS ?label) WHERE {{
          ?o ?p {node} . FILTER(?p != pockg:mentions)
          FILTER NOT EXISTS {{ ?o a pockg:Statement }}
          OPTIONAL {{ ?p rdfs:label ?pl }}
          OPTIONAL {{ ?o rdfs:label|skos:prefLabel|dcterms:title ?l }}
        }} GROUP BY ?p ?o ORDER BY ?p LCASE(STR(?label)) ?o LIMIT {MAX_INCOMING}"""
    return _relations(store, scope, outgoing), _relations(store, scope, incoming)


MAX_INCOMING = 500


def _relations(store: Graphs, scope: Scope, sparql: str) -> list[RelationOut]:
    found = []
    for row in scope.query(store, sparql):
        assert isinstance(row, ResultRow)
        other, label = row.get(Variable("o")), row.get(Variable("label"))
        found.append(
            RelationOut(
                predicate=str(row.get(Variable("p"))),
                predicate_label=text_of(row.get(Variable("plabel"))),
                value=str(other),
                label=text_of(label),
                href=local_href(str(other), scope.id_base) if isinstance(other, URIRef) else None,
            )
        )
    return found
