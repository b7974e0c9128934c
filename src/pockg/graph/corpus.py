"""The corpus-wide graphs: the ontology, themes and reference data, and preferred labels.

Static graphs (the ontology, `themes.ttl` and each `reference/*.ttl`) are loaded into their
own named graphs when their file changed since the last load, so the store is
self-describing and every export carries the vocabulary. The labels graphs give every
extracted entity that has no reference label one `rdfs:label` per reach (public, internal,
confidential, and each confidential document alone), chosen from the names the documents
of that reach use for it (see `choose_label`) unless a curator corrected it, and are
recomputed after each ingest and each correction.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from pockg.config import Settings
from pockg.graph.iri import (
    corpus_graph_iri,
    curation_graph_prefix,
    document_graph_prefix,
    document_id_of_graph,
    document_labels_graph_iri,
    document_labels_graph_prefix,
)
from pockg.graph.namespace import RDFS, SPARQL_PREFIXES
from pockg.graph.ontology import ONTOLOGY_FILE, REFERENCE_DIR, THEMES_FILE
from pockg.graph.store import GraphStore

_LOADED_FILE = "static-graphs.json"
_ACRONYM_MAX = 12
# Labels drawn from public documents; of entities that only internal (and confidential)
# documents name; and of entities that only confidential documents name.
_LABEL_GRAPHS = ("labels", "labels-restricted", "labels-confidential")
RESTRICTED_LABELS = _LABEL_GRAPHS[1]
CONFIDENTIAL_LABELS = _LABEL_GRAPHS[2]


def static_graph_files(base: str) -> dict[URIRef, Path]:
    """Return each static graph's name with the Turtle file it is loaded from."""
    files = {
        corpus_graph_iri("ontology", base=base): ONTOLOGY_FILE,
        corpus_graph_iri("themes", base=base): THEMES_FILE,
    }
    for path in sorted(REFERENCE_DIR.glob("*.ttl")):
        files[corpus_graph_iri(f"reference-{path.stem}", base=base)] = path
    return files


def load_static_graphs(store: GraphStore, settings: Settings) -> list[URIRef]:
    """Load every static graph whose file changed since it was last loaded; return their names."""
    record_path = settings.data_dir / _LOADED_FILE
    loaded = _read_record(record_path)
    changed: list[URIRef] = []
    for graph_iri, path in static_graph_files(settings.id_base).items():
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if loaded.get(str(graph_iri)) == digest:
            continue
        store.load_file(path, str(graph_iri), "turtle")
        loaded[str(graph_iri)] = digest
        changed.append(graph_iri)
    if changed:
        record_path.write_text(json.dumps(loaded, indent=1, sort_keys=True), encoding="utf-8")
    return changed


def _read_record(path: Path) -> dict[str, str]:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def refresh_labels(store: GraphStore, base: str) -> int:
    """Rewrite the labels graphs from the names documents use; return how many entities they label.

    An entity named in a public document takes its label from public documents only, in
    `graph/labels`; one named in no public but in internal documents takes its label from
    those, in `graph/labels-restricted` (for signed-in readers); one named only in
    confidential documents gets its label in `graph/labels-confidential` (for admins) and,
    from each confidential document's own names, in `graph/labels-confidential/<doc_id>`
    (for whoever may read that document), so a label never reveals what a document its
    reader may not read says.
    """
    by_level = _names_by_level(store, base)
    public = by_level["public"]
    internal = {e: n for e, n in by_level["internal"].items() if e not in public}
    confidential = {
        e: n for e, n in by_level["confidential"].items() if e not in public and e not in internal
    }
    corrected = _curated_labels(store, base)
    for name, labelled in zip(_LABEL_GRAPHS, (public, internal, confidential), strict=True):
        graph = _labels(labelled, corrected)
        store.replace_graph(str(corpus_graph_iri(name, base=base)), graph)
    _refresh_document_labels(store, base, set(confidential), corrected)
    return len(public) + len(internal) + len(confidential)


_Names = dict[URIRef, dict[str, int]]  # entity: {name: number of documents using it}


def _names_by_level(store: GraphStore, base: str) -> dict[str, _Names]:
    """Return, by access level, the names documents of that level give each entity that has
    no label of its own (reference data) outside the labels graphs."""
    query = f"""{SPARQL_PREFIXES}
        SELECT ?entity ?name ?level (COUNT(DISTINCT ?g) AS ?documents) WHERE {{
            GRAPH ?g {{ ?entity skos:altLabel ?name . ?document pockg:accessLevel ?level }}
            FILTER(STRSTARTS(STR(?g), "{document_graph_prefix(base)}"))
            FILTER NOT EXISTS {{
                GRAPH ?other {{ ?entity rdfs:label ?label }}
                FILTER({not_a_labels_graph("?other", base)})
            }}
        }} GROUP BY ?entity ?name ?level"""
    by_level: dict[str, _Names] = defaultdict(lambda: defaultdict(dict))
    for row in store.query(query):
        entity, name, level, documents = row  # type: ignore[misc]
        if isinstance(entity, URIRef):
            names = by_level[str(level)][entity]
            names[str(name)] = names.get(str(name), 0) + int(str(documents))
    return by_level


def not_a_labels_graph(variable: str, base: str) -> str:
    """Return a SPARQL condition true when the graph in `variable` is none of the labels
    graphs `refresh_labels` writes (its output, so never its input; and never what makes
    an entity known to a reader, see `api.linked.Scope.knows`)."""
    names = ", ".join(f"<{corpus_graph_iri(name, base=base)}>" for name in _LABEL_GRAPHS)
    prefix = document_labels_graph_prefix(base)
    return f'{variable} NOT IN ({names}) && !STRSTARTS(STR({variable}), "{prefix}")'


def _refresh_document_labels(
    store: GraphStore, base: str, only_confidential: set[URIRef], corrected: dict[URIRef, str]
) -> None:
    """Write one labels graph per confidential document, for the entities in
    `only_confidential` it names, and drop those of documents no longer confidential or
    no longer stored (their graphs would otherwise outlive them)."""
    written = set()
    for doc_id, names in _confidential_names(store, base, only_confidential).items():
        graph_iri = str(document_labels_graph_iri(doc_id, base=base))
        store.replace_graph(graph_iri, _labels(names, corrected))
        written.add(graph_iri)
    prefix = document_labels_graph_prefix(base)
    for stale in store.graph_names():
        if stale.startswith(prefix) and stale not in written:
            store.remove_graph(stale)


def _confidential_names(store: GraphStore, base: str, entities: set[URIRef]) -> dict[str, _Names]:
    """Return, by confidential document, the names it gives each of `entities`."""
    query = f"""{SPARQL_PREFIXES}
        SELECT ?g ?entity ?name WHERE {{
            GRAPH ?g {{ ?document pockg:accessLevel "confidential" . ?entity skos:altLabel ?name }}
            FILTER(STRSTARTS(STR(?g), "{document_graph_prefix(base)}"))
        }}"""
    by_document: dict[str, _Names] = defaultdict(lambda: defaultdict(dict))
    for row in store.query(query):
        graph_iri, entity, name = row  # type: ignore[misc]
        doc_id = document_id_of_graph(str(graph_iri), base=base)
        if doc_id is not None and isinstance(entity, URIRef) and entity in entities:
            by_document[doc_id][entity][str(name)] = 1  # one document: every name counts once
    return by_document


def _curated_labels(store: GraphStore, base: str) -> dict[URIRef, str]:
    """Return the labels curators gave entities (`skos:prefLabel` in a curation graph)."""
    prefix = curation_graph_prefix(base)
    query = f"""{SPARQL_PREFIXES}
        SELECT ?entity ?label WHERE {{ GRAPH ?g {{ ?entity skos:prefLabel ?label }}
            FILTER(STRSTARTS(STR(?g), "{prefix}")) }}"""
    corrected: dict[URIRef, str] = {}
    for row in store.query(query):
        entity, label = row  # type: ignore[misc]
        if isinstance(entity, URIRef):
            corrected[entity] = str(label)
    return corrected


def _labels(names: dict[URIRef, dict[str, int]], corrected: dict[URIRef, str]) -> Graph:
    """Return one label per entity: the curator's correction, else the names' best."""
    graph = Graph()
    for entity, counts in names.items():
        label = corrected.get(entity) or choose_label(counts)
        graph.add((entity, RDFS.label, Literal(label, lang="en")))
    return graph


def choose_label(counts: dict[str, int]) -> str:
    """Return the preferred label among names with the number of documents using each.

    A spelled-out name beats an acronym (so "Norwegian Refugee Council", not "NRC"); then
    the name most documents use; then the longer; then alphabetical order, for stability.
    """

    def rank(name: str) -> tuple[bool, int, int, str]:
        is_acronym = len(name) <= _ACRONYM_MAX and name.replace("-", "").isupper()
        return (not is_acronym, counts[name], len(name), name)

    return max(counts, key=rank)
