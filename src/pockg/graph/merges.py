"""Curators' merges applied: a merged-away entity's IRI replaced by the kept entity's IRI in
every document graph, so lists, filters, facets, search, country pages, the linkage matrix
and briefing packs see one entity.

A merge is recorded as `<duplicate> owl:sameAs <kept>` in a curator's graph (see
`pockg.curation`); the record is the source of truth, and document graphs are where it
takes effect: when the merge is made, when `pockg load` brings curations back and whenever
ingest writes a document's graph. Static graphs (ontology, themes, reference data) and the
curators' graphs themselves are never rewritten, so a duplicate can be merged into a
reference entity and every curator's record stays as it was made.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from pockg.graph.corpus import refresh_labels
from pockg.graph.iri import curation_graph_prefix, document_graph_prefix
from pockg.graph.links import literal_term, split_minted
from pockg.graph.namespace import SPARQL_PREFIXES
from pockg.graph.store import GraphStore

Merges = dict[str, str]
"""Each merged-away entity's IRI with the IRI of the entity it finally resolves to."""

_RECORDED = """SELECT ?duplicate ?kept ?time WHERE {
  GRAPH ?g { ?duplicate owl:sameAs ?kept
    OPTIONAL { ?act pockg:curates ?duplicate ; pockg:curationAction "merge" ;
                    prov:used ?kept ; prov:endedAtTime ?time } }
  FILTER(STRSTARTS(STR(?g), %s) && isIRI(?duplicate) && isIRI(?kept)) }"""


def read_merges(store: GraphStore, base: str) -> Merges:
    """Return the curators' merges with chains resolved (B into A, A into C: B into C)."""
    latest: dict[str, tuple[str, str]] = {}
    sparql = SPARQL_PREFIXES + _RECORDED % literal_term(curation_graph_prefix(base))
    for row in store.select(sparql):
        # Two curators may have merged one entity into different ones (graphs loaded from
        # two exports): the latest merge wins, the IRI breaking ties so a rebuild agrees.
        recorded = (row.get("time", ""), row["kept"])
        duplicate = row["duplicate"]
        latest[duplicate] = max(latest.get(duplicate, recorded), recorded)
    return resolve_chains({duplicate: kept for duplicate, (_, kept) in latest.items()})


def resolve_chains(merges: Mapping[str, str]) -> Merges:
    """Return each duplicate with the entity its chain of merges ends at; duplicates whose
    chain runs into a cycle are left out, since no entity of a cycle is the one to keep."""
    resolved: Merges = {}
    for duplicate, into in merges.items():
        seen = {duplicate}
        while into in merges and into not in seen:
            seen.add(into)
            into = merges[into]
        if into not in seen:
            resolved[duplicate] = into
    return resolved


def kept_entity(store: GraphStore, base: str, iri: str) -> str | None:
    """Return the entity `iri` was merged into (at the end of its chain), or None."""
    sparql = f"""{SPARQL_PREFIXES} ASK {{ GRAPH ?g {{ {_iri(iri)} owl:sameAs ?kept }}
        FILTER(STRSTARTS(STR(?g), {literal_term(curation_graph_prefix(base))})) }}"""
    if not store.query(sparql).askAnswer:  # the common case, answered without the whole map
        return None
    return read_merges(store, base).get(iri)


def merge_in_graph(graph: Graph, merges: Mapping[str, str]) -> Graph:
    """Replace each duplicate by its kept entity in `graph` (subject and object); return it."""
    kept: dict[Node, Node] = {URIRef(d): URIRef(into) for d, into in merges.items()}
    touched = [(s, p, o) for s, p, o in graph if s in kept or o in kept]
    for s, p, o in touched:
        graph.remove((s, p, o))
        graph.add((kept.get(s, s), p, kept.get(o, o)))
    return graph


def apply_merges(store: GraphStore, base: str, merges: Mapping[str, str]) -> list[str]:
    """Rewrite the document graphs that name a duplicate so they name its kept entity (the
    duplicate's names become names of the kept entity), then refresh the labels graphs;
    return the ids of the documents rewritten."""
    if not merges:
        return []
    rewritten = documents_naming(store, base, merges)  # afterwards none names a duplicate
    if not rewritten:
        return []
    with store.writing():
        store.update(_rewrite(merges, base))
        refresh_labels(store, base)
    return rewritten


def documents_naming(store: GraphStore, base: str, entities: Iterable[str]) -> list[str]:
    """Return the ids of the documents whose graphs name any of `entities`, as subject or
    object (a practice may name a country its passage does not mention)."""
    values = " ".join(_iri(entity) for entity in sorted(set(entities)))
    if not values:
        return []
    sparql = f"""SELECT DISTINCT ?g WHERE {{ VALUES ?e {{ {values} }}
        GRAPH ?g {{ {{ ?e ?p ?o }} UNION {{ ?s ?p ?e }} }}
        FILTER(STRSTARTS(STR(?g), {literal_term(document_graph_prefix(base))})) }}"""
    found = (split_minted(row["g"], base) for row in store.select(sparql))
    return sorted(parts[2] for parts in found if len(parts) == 3)


def _rewrite(merges: Mapping[str, str], base: str) -> str:
    """Return one update request moving every triple that names a duplicate, in subject or
    object position, onto its kept entity, in document graphs only."""
    pairs = " ".join(f"({_iri(d)} {_iri(k)})" for d, k in sorted(merges.items()))
    documents = f"FILTER(STRSTARTS(STR(?g), {literal_term(document_graph_prefix(base))}))"
    as_subject = f"""DELETE {{ GRAPH ?g {{ ?duplicate ?p ?o }} }}
        INSERT {{ GRAPH ?g {{ ?kept ?p ?o }} }}
        WHERE {{ VALUES (?duplicate ?kept) {{ {pairs} }} GRAPH ?g {{ ?duplicate ?p ?o }}
                 {documents} }}"""
    as_object = f"""DELETE {{ GRAPH ?g {{ ?s ?p ?duplicate }} }}
        INSERT {{ GRAPH ?g {{ ?s ?p ?kept }} }}
        WHERE {{ VALUES (?duplicate ?kept) {{ {pairs} }} GRAPH ?g {{ ?s ?p ?duplicate }}
                 {documents} }}"""
    return f"{as_subject} ;\n{as_object}"


def _iri(value: str) -> str:
    """Return `value` as a SPARQL IRI term; raise ValueError unless it is an absolute IRI."""
    return str(ox.NamedNode(value))
