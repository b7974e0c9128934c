"""The corpus-wide graphs: the ontology, themes and reference data, and preferred labels.

Static graphs (the ontology, `themes.ttl` and each `reference/*.ttl`) are loaded into their
own named graphs when their file changed since the last load, so the store is
self-describing and every export carries the vocabulary. The labels graph gives every
extracted entity that has no reference label exactly one `rdfs:label`, chosen from the
names all documents use for it (see `choose_label`) unless a curator corrected it, and is
recomputed after each ingest and each correction.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from pockg.config import Settings
from pockg.graph.iri import corpus_graph_iri, curation_graph_prefix
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
    confidential documents gets its label in `graph/labels-confidential` (for admins), so a
    label never reveals what a document its reader may not read says.
    """
    labels_graphs = {corpus_graph_iri(name, base=base) for name in _LABEL_GRAPHS}
    excluded = ", ".join(f"<{g}>" for g in sorted(labels_graphs))
    query = f"""{SPARQL_PREFIXES}
        SELECT ?entity ?name ?level (COUNT(DISTINCT ?g) AS ?documents) WHERE {{
            GRAPH ?g {{ ?entity skos:altLabel ?name . ?document pockg:accessLevel ?level }}
            FILTER(STRSTARTS(STR(?g), "{base}graph/document/"))
            FILTER NOT EXISTS {{
                GRAPH ?other {{ ?entity rdfs:label ?label }}
                FILTER(?other NOT IN ({excluded}))
            }}
        }} GROUP BY ?entity ?name ?level"""
    by_level: dict[str, dict[URIRef, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for row in store.query(query):
        entity, name, level, documents = row  # type: ignore[misc]
        if isinstance(entity, URIRef):
            names = by_level[str(level)][entity]
            names[str(name)] = names.get(str(name), 0) + int(str(documents))
    public = by_level["public"]
    internal = {e: n for e, n in by_level["internal"].items() if e not in public}
    confidential = {
        e: n for e, n in by_level["confidential"].items() if e not in public and e not in internal
    }
    corrected = _curated_labels(store, base)
    for name, labelled in zip(_LABEL_GRAPHS, (public, internal, confidential), strict=True):
        graph = _labels(labelled, corrected)
        store.replace_graph(str(corpus_graph_iri(name, base=base)), graph)
    return len(public) + len(internal) + len(confidential)


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
