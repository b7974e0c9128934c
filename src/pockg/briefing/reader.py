"""How briefings read the graph: a reader protocol, a store adapter, and small SPARQL helpers.

A briefing never chooses which graphs it may read: the caller hands it a `GraphReader` that
already adds the standard prefixes and scopes every query to the graphs its user may see
(the web service wraps its access scope; the command line wraps the whole store with
`StoreReader`). Values enter SPARQL only through `iri` and `literal`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from rdflib import URIRef

from pockg.graph.namespace import SPARQL_PREFIXES
from pockg.graph.store import GraphStore, scoped_dataset


class GraphReader(Protocol):
    """Anything that runs a SPARQL SELECT, with the standard prefixes, over the graphs a
    user may read (for example `api.linked.Scope.select` bound to a store)."""

    def select(self, sparql: str) -> list[dict[str, str]]:
        """Return the rows of `sparql` (prefixes added) over the permitted graphs, as
        {variable: lexical form}, unbound variables left out."""
        ...


@dataclass(frozen=True)
class StoreReader:
    """A `GraphReader` over a graph store: every graph when `graphs` is None, else only
    the named graphs listed (none readable when the list is empty)."""

    store: GraphStore
    graphs: Sequence[str] | None = None
    id_base: str = ""

    def select(self, sparql: str) -> list[dict[str, str]]:
        """Return the rows of `sparql` (prefixes added) over the permitted graphs."""
        dataset = scoped_dataset(self.graphs, self.id_base)
        return self.store.select(SPARQL_PREFIXES + sparql, **dataset)


class MemoReader:
    """A reader that answers a query it was already asked from memory: one pack asks some
    queries more than once (the countries' names, for the subject and for its scope)."""

    def __init__(self, reader: GraphReader) -> None:
        self.reader = reader
        self.answers: dict[str, list[dict[str, str]]] = {}

    def select(self, sparql: str) -> list[dict[str, str]]:
        """Return the rows of `sparql`, asking the reader the first time only."""
        if sparql not in self.answers:
            self.answers[sparql] = self.reader.select(sparql)
        return self.answers[sparql]


def rows(reader: GraphReader, sparql: str) -> Iterator[dict[str, str]]:
    """Yield the rows of a SELECT as {variable: lexical form}, unbound variables left out."""
    yield from reader.select(sparql)


def each(variable: str, class_name: str) -> str:
    """Return a pattern binding ?variable to each node of pockg class `class_name`, once.

    Every document graph restates the types of the nodes it mentions, so over the union of
    graphs `?x a pockg:Country` holds once per document; joining those repeats to other
    patterns is many times slower than joining the distinct nodes.
    """
    return f"{{ SELECT DISTINCT ?{variable} WHERE {{ ?{variable} a pockg:{class_name} }} }}"


def iri(value: str) -> str:
    """Return `<value>` for SPARQL; `value` is an IRI read from the graph or checked."""
    return URIRef(value).n3()


CHUNK = 400
"""At most this many IRIs in one VALUES block."""


def chunks(iris: Sequence[str]) -> Iterator[list[str]]:
    """Yield `iris`, without repeats, in lists of at most `CHUNK` (for `values`)."""
    listed = list(dict.fromkeys(iris))
    for start in range(0, len(listed), CHUNK):
        yield listed[start : start + CHUNK]


def values(variable: str, iris: Sequence[str]) -> str:
    """Return `VALUES ?variable { <a> <b> }` (matching nothing when `iris` is empty)."""
    return f"VALUES ?{variable} {{ {' '.join(iri(i) for i in iris)} }}"
