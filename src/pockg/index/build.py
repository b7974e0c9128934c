"""Keeping the search index in step with the graph: one document's records at a time.

`update_index` replaces the records of the documents it is given and leaves every other
document's records where they are (new segments are written; old ones are not merged
until there are many), so an ingest never rebuilds the index. Writers take a file lock
so two ingests cannot interleave; readers need no lock (Whoosh readers see the last
committed generation).
"""

from __future__ import annotations

import fcntl
import json
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef
from whoosh import index as whoosh_index
from whoosh.writing import CLEAR, MERGE_SMALL, NO_MERGE

from pockg.config import Settings
from pockg.docstore import DocumentStore, DocumentSummary
from pockg.graph.iri import curation_graph_prefix, document_graph_iri
from pockg.graph.namespace import POCKG, SPARQL_PREFIXES
from pockg.graph.ontology import superclasses
from pockg.graph.store import GraphStore, open_graph_store
from pockg.index.schema import PASSAGE, STATEMENT, build_schema, index_dir, keywords

# Past this many segments a commit merges the small ones (amortised, never the whole index).
_MAX_SEGMENTS = 24
# Headings repeat their section's words and are short, so they would outrank the paragraphs
# under them; they still show, below the passages that say something.
_HEADING_BOOST = 0.5
_LINKS = "pockg:mentions|pockg:theme|pockg:country|pockg:involves|pockg:addressedTo"
_PASSAGES = """SELECT ?x ?text ?section ?page ?position ?kind WHERE { GRAPH <%s> {
  ?x a pockg:Passage ; pockg:text ?text ; pockg:position ?position ; pockg:blockKind ?kind .
  OPTIONAL { ?x pockg:section ?section } OPTIONAL { ?x pockg:page ?page } } }"""
_STATEMENTS = """SELECT ?x ?type ?text ?passage WHERE { GRAPH <%s> {
  VALUES ?type { pockg:Recommendation pockg:FieldPractice pockg:Challenge }
  ?x a ?type ; pockg:text ?text ; prov:wasDerivedFrom ?passage } }"""
_EDGES = """SELECT ?x ?link ?e WHERE { GRAPH <%s> { ?x ?link ?e
  VALUES ?link { pockg:mentions pockg:theme pockg:country pockg:involves pockg:addressedTo } } }"""
# Types and names of given entities (VALUES), wherever they are stated: reading them for the
# entities of one document with a join on its graph made Oxigraph scan every typed node of
# the union graph (seconds per document with hundreds of documents); an index run reads each
# entity once and shares it between its documents.
_TYPES = "SELECT DISTINCT ?e ?type WHERE { VALUES ?e { %s } ?e a ?type }"
_NAMES = """SELECT DISTINCT ?e ?name ?preferred WHERE { VALUES ?e { %s }
  { ?e skos:altLabel ?name } UNION { ?e rdfs:label|skos:prefLabel ?name
  BIND(true AS ?preferred) } }"""
_ENTITIES_PER_QUERY = 500
_KINDS = {
    POCKG.Recommendation: "recommendation",
    POCKG.FieldPractice: "field-practice",
    POCKG.Challenge: "challenge",
}


@dataclass
class _Entity:
    """What the index needs of an entity: its most specific type, labels and classes."""

    iri: str
    classes: set[URIRef] = field(default_factory=set)
    label: str = ""
    names: set[str] = field(default_factory=set)

    @property
    def type(self) -> str:
        """Return the local name of the entity's most specific pockg class."""
        pockg = [c for c in self.classes if str(c).startswith(str(POCKG))]
        if not pockg:
            return "Theme" if "/theme/" in self.iri else "Entity"
        return str(max(pockg, key=lambda c: (len(superclasses(c)), str(c)))).rsplit("#")[-1]

    def as_json(self) -> dict[str, str]:
        """Return the entity as a hit shows it."""
        return {"iri": self.iri, "label": self.label or self.iri, "type": self.type}


@dataclass
class _DocumentGraph:
    """One document's passages, statements, links and entities, read from its named graph."""

    passages: list[dict[str, Any]]
    statements: list[dict[str, Any]]
    links: dict[str, dict[str, set[str]]]
    entities: dict[str, _Entity]


def update_index(settings: Settings, doc_ids: Iterable[str]) -> int:
    """Replace the index records of `doc_ids` with their passages and statements from the
    graph (a document gone from the store loses its records); return the records written."""
    wanted = list(dict.fromkeys(doc_ids))
    if not wanted:
        return 0
    summaries = {s.doc_id: s for s in DocumentStore(settings.documents_db).summaries()}
    with _writer_lock(settings), open_graph_store(settings) as store:
        writer = _open_index(settings).writer(timeout=60.0)
        written = 0
        entities: dict[str, _Entity] = {}  # read once per run, shared by its documents
        curated = _read_curations(store, settings.id_base)
        for doc_id in wanted:
            writer.delete_by_term("doc_id", doc_id)
            summary = summaries.get(doc_id)
            if summary is not None:
                graph = _document_graph(store, settings, summary, entities, curated)
                written += _add_document(writer, summary, graph)
        many = len(writer.reader().leaf_readers()) >= _MAX_SEGMENTS
        writer.commit(mergetype=MERGE_SMALL if many else NO_MERGE)
    return written


def rebuild_index(settings: Settings) -> int:
    """Rebuild the whole index from the stored documents and the graph; return the records."""
    with _writer_lock(settings):
        _open_index(settings).writer(timeout=60.0).commit(mergetype=CLEAR)
    return update_index(settings, DocumentStore(settings.documents_db).document_ids())


def index_exists(settings: Settings) -> bool:
    """Say whether the data directory holds a search index (an older one may have none)."""
    return bool(whoosh_index.exists_in(index_dir(settings)))


@contextmanager
def _writer_lock(settings: Settings) -> Iterator[None]:
    """Hold the index writer lock (a flock beside the index) while the block runs."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(settings.data_dir / "index.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def _open_index(settings: Settings) -> whoosh_index.Index:
    folder = index_dir(settings)
    if whoosh_index.exists_in(folder):
        return whoosh_index.open_dir(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return whoosh_index.create_in(folder, build_schema())


def _document_graph(
    store: GraphStore,
    settings: Settings,
    doc: DocumentSummary,
    entities: dict[str, _Entity],
    curated: _Curations,
) -> _DocumentGraph:
    """Return a document's records as its graph holds them, with its curators' changes:
    rejected statements left out, statements added by hand on its passages put in."""
    graph_iri = str(document_graph_iri(doc.doc_id, base=settings.id_base))
    graph = _read_document_graph(store, graph_iri, entities)
    passages = {p["iri"] for p in graph.passages}
    added = [s for s in curated.statements if s["passage"] in passages]
    for statement in added:
        for link, targets in curated.links.get(statement["iri"], {}).items():
            graph.links[statement["iri"]][link] |= targets
    linked = {e for s in added for t in curated.links.get(s["iri"], {}).values() for e in t}
    _read_entities(store, sorted(linked - set(entities)), entities)
    graph.entities.update({e: entities[e] for e in linked if e in entities})
    graph.entities = {e: v for e, v in graph.entities.items() if e not in curated.rejected}
    kept = [s for s in graph.statements if s["iri"] not in curated.rejected]
    graph.statements = kept + [s for s in added if s["iri"] not in curated.rejected]
    return graph


def _add_document(writer: Any, doc: DocumentSummary, graph: _DocumentGraph) -> int:
    common = _document_fields(doc)
    passages = {p["iri"]: p for p in graph.passages}
    kinds: dict[str, set[str]] = defaultdict(set)
    written = 0
    for statement in graph.statements:
        passage = passages.get(statement["passage"])
        if passage is None:
            continue
        kinds[passage["iri"]].add(statement["kind"])
        record = _record(graph, statement["iri"], {statement["iri"], passage["iri"]})
        record |= {"record": STATEMENT, "passage": passage["iri"], "kind": statement["kind"]}
        writer.add_document(**common, **_passage_place(passage), **record, text=statement["text"])
        written += 1
    for passage in graph.passages:
        record = _record(graph, passage["iri"], {passage["iri"]})
        record |= {"record": PASSAGE, "passage": passage["iri"]}
        record["kind"] = keywords(kinds[passage["iri"]])
        writer.add_document(**common, **_passage_place(passage), **record, text=passage["text"])
    return written + len(graph.passages)


def _document_fields(doc: DocumentSummary) -> dict[str, Any]:
    meta = doc.metadata
    return {
        "doc_id": doc.doc_id,
        "file_name": doc.file_name,
        "title": meta.title or doc.file_name,
        "access": meta.access_level.value,
        "date": meta.date or "",
        "year": (meta.date or "")[:4],
    }


def _passage_place(passage: dict[str, Any]) -> dict[str, Any]:
    return {k: passage[k] for k in ("section", "page", "position", "_boost")}


def _record(graph: _DocumentGraph, iri: str, sources: set[str]) -> dict[str, Any]:
    """Return the entity fields of the record `iri`, drawing links from every node in `sources`."""
    linked: dict[str, set[str]] = defaultdict(set)
    for source in sources:
        for link, targets in graph.links.get(source, {}).items():
            linked[link] |= targets
    everything = set().union(*linked.values()) if linked else set()
    entities = [graph.entities[e] for e in sorted(everything) if e in graph.entities]
    named = [e for e in entities if e.type != "Theme"]
    return {
        "iri": iri,
        "names": " ; ".join(sorted({n for e in entities for n in e.names})),
        "entity": keywords(e.iri for e in entities),
        "entity_type": keywords(e.type for e in named),
        "country": keywords(e.label for e in named if POCKG.Country in e.classes),
        "actor": keywords(e.label for e in named if POCKG.Actor in e.classes),
        "theme": keywords(graph.entities[t].label for t in linked["theme"] if t in graph.entities),
        "entities_json": json.dumps([e.as_json() for e in named]),
    }


def _select(store: GraphStore, sparql: str) -> list[dict[str, Any]]:
    """Return the rows of a SELECT as dicts from variable name to RDF term (unbound: absent)."""
    return [{str(k): v for k, v in row.items()} for row in store.query(sparql).bindings]


def _read_document_graph(
    store: GraphStore, graph: str, known: dict[str, _Entity]
) -> _DocumentGraph:
    """Return one document's records read with a handful of SELECTs over its named graph;
    entities not in `known` are read and added to it."""
    rows = {
        name: _select(store, SPARQL_PREFIXES + query % graph) for name, query in _QUERIES.items()
    }
    passages = [
        {
            "iri": str(row["x"]),
            "text": str(row["text"]),
            "section": str(row.get("section", "")),
            "page": int(row["page"]) if "page" in row else None,
            "position": int(row["position"]),
            "_boost": _HEADING_BOOST if str(row["kind"]) == "heading" else 1.0,
        }
        for row in rows["passages"]
    ]
    statements = [
        {
            "iri": str(r["x"]),
            "kind": _KINDS[r["type"]],
            "text": str(r["text"]),
            "passage": str(r["passage"]),
        }
        for r in rows["statements"]
    ]
    links: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in rows["edges"]:
        links[str(row["x"])][str(row["link"]).rsplit("#")[-1]].add(str(row["e"]))
    linked = sorted({str(row["e"]) for row in rows["edges"]})
    _read_entities(store, [iri for iri in linked if iri not in known], known)
    entities = {iri: known[iri] for iri in linked if iri in known}
    return _DocumentGraph(passages, statements, links, entities)


def _read_entities(store: GraphStore, iris: list[str], known: dict[str, _Entity]) -> None:
    """Read the classes and names of the entities `iris` into `known`."""
    for start in range(0, len(iris), _ENTITIES_PER_QUERY):
        values = " ".join(f"<{iri}>" for iri in iris[start : start + _ENTITIES_PER_QUERY])
        types = _select(store, SPARQL_PREFIXES + _TYPES % values)
        names = _select(store, SPARQL_PREFIXES + _NAMES % values)
        found: dict[str, _Entity] = {}
        for row in types:
            found.setdefault(str(row["e"]), _Entity(str(row["e"]))).classes.add(row["type"])
        for row in names:
            entity = found.setdefault(str(row["e"]), _Entity(str(row["e"])))
            name = str(row["name"])
            entity.names.add(name)
            if "preferred" in row and (not entity.label or name < entity.label):
                entity.label = name
        for entity in found.values():
            entity.label = entity.label or min(entity.names, default=entity.iri)
        known.update(found)


@dataclass
class _Curations:
    """What curators changed that the index shows: the statements (and entities) they
    rejected, the statements they added by hand, and the links of those."""

    rejected: set[str] = field(default_factory=set)
    statements: list[dict[str, Any]] = field(default_factory=list)
    links: dict[str, dict[str, set[str]]] = field(default_factory=dict)


_REJECTED = 'SELECT ?x WHERE { GRAPH <%s> { ?x pockg:curationStatus "rejected" } }'
_ADDED = """SELECT ?x ?type ?text ?passage WHERE { GRAPH <%s> {
  VALUES ?type { pockg:Recommendation pockg:FieldPractice pockg:Challenge }
  ?x a ?type ; pockg:text ?text ; prov:wasDerivedFrom ?passage ; prov:wasGeneratedBy ?act } }"""


def _read_curations(store: GraphStore, base: str) -> _Curations:
    """Read every curator's graph (a handful of small graphs), once per index run."""
    found = _Curations()
    prefix = curation_graph_prefix(base)
    for graph in (g for g in store.graph_names() if g.startswith(prefix)):
        found.rejected |= {str(r["x"]) for r in _select(store, SPARQL_PREFIXES + _REJECTED % graph)}
        for row in _select(store, SPARQL_PREFIXES + _ADDED % graph):
            found.statements.append(
                {
                    "iri": str(row["x"]),
                    "kind": _KINDS[row["type"]],
                    "text": str(row["text"]),
                    "passage": str(row["passage"]),
                }
            )
        for row in _select(store, SPARQL_PREFIXES + _EDGES % graph):
            links = found.links.setdefault(str(row["x"]), defaultdict(set))
            links[str(row["link"]).rsplit("#")[-1]].add(str(row["e"]))
    return found


_QUERIES = {
    "passages": _PASSAGES,
    "statements": _STATEMENTS,
    "edges": _EDGES,
}
