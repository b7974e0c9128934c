"""What GraphStore and its two backends (embedded and remote) exchange."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import IO, Protocol

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.query import Result

# The graphs to write, by name, each with the exact triples it must hold afterwards.
_Payload = dict[URIRef, list[ox.Triple]]

# What both backends export for a triples-only format: the union of the named graphs.
_UNION_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


@dataclass(frozen=True)
class _QueryDataset:
    """The RDF dataset a query names explicitly (SPARQL Protocol default/named graph URIs)."""

    default: tuple[URIRef, ...]
    named: tuple[URIRef, ...]


class _Backend(Protocol):
    """What the local and the remote store each provide to GraphStore."""

    def query(self, sparql: str, dataset: _QueryDataset | None) -> Result: ...
    def select(self, sparql: str, dataset: _QueryDataset | None) -> list[dict[str, str]]: ...
    def query_results(
        self,
        sparql: str,
        dataset: _QueryDataset | None,
        results_format: ox.QueryResultsFormat,
        max_rows: int,
    ) -> tuple[bytes, bool]: ...
    def graph_names(self) -> list[str]: ...
    def snapshot(self) -> contextlib.AbstractContextManager[bool]: ...
    def update(self, sparql: str) -> None: ...
    def replace(self, payload: _Payload) -> None: ...
    def export(
        self, rdf_format: ox.RdfFormat, out: IO[bytes], prefixes: dict[str, str]
    ) -> None: ...
    def writing(self) -> contextlib.AbstractContextManager[None]: ...
    def close(self) -> None: ...
