"""Curation: staff confirm or reject what the extractor found, merge two entities that are
the same, correct a label, link a practice to a framework, and add field practices and
recommendations by hand with their source passage.

Each curation is a `pockg:Curation` activity (who, when, what, on which node, with an
optional note) written with its effect into the curator's own named graph
(`graph/curation/<name>`). Ingest replaces only documents' graphs, so curations survive
re-ingest and rebuild; `pockg export` carries them and `pockg load` brings them back. The
current verdict on a node (`pockg:curationStatus`) is the latest one: a new verdict removes
earlier ones in every curator's graph. A corrected label is the node's `skos:prefLabel` in
the curator's graph and becomes its label in `graph/labels` (see `refresh_labels`). A merge
is recorded as `owl:sameAs` and applied to the document graphs (see `pockg.graph.merges`).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from pockg.graph.corpus import refresh_labels
from pockg.graph.iri import (
    curated_statement_iri,
    curation_graph_iri,
    curation_graph_prefix,
    curation_iri,
    curator_iri,
)
from pockg.graph.links import literal_term, split_minted
from pockg.graph.merges import apply_merges, kept_entity, read_merges
from pockg.graph.namespace import POCKG, PREFIXES, SPARQL_PREFIXES
from pockg.graph.store import GraphStore

MAX_TEXT = 2000
MAX_LABEL = 300
STATEMENT_CLASSES = {"FieldPractice": "field-practice", "Recommendation": "recommendation"}
VERDICT_CLASSES = ("Statement", "Actor", "Framework", "Tool", "Mandate", "Place", "Theme")
INSTRUMENT_CLASSES = ("Framework", "Tool", "Mandate")
MERGE_CLASSES = VERDICT_CLASSES[1:]


class Action(StrEnum):
    """What a curation does."""

    CONFIRM = "confirm"
    REJECT = "reject"
    MERGE = "merge"
    RELABEL = "relabel"
    LINK = "link"
    ADD = "add"


class CurationError(ValueError):
    """A curation that cannot be made; the message names the field and the problem."""


@dataclass(frozen=True)
class NewStatement:
    """A field practice or recommendation added by hand, with the passage it comes from."""

    kind: str
    text: str
    passage: str
    countries: Sequence[str] = ()
    actors: Sequence[str] = ()
    instruments: Sequence[str] = ()
    themes: Sequence[str] = ()


@dataclass(frozen=True)
class Curation:
    """One curation as recorded: its IRI, action, node, author, time, note and details."""

    iri: str
    action: str
    target: str
    author: str
    time: str
    note: str | None = None
    details: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Curator:
    """Writes the curations of one signed-in user into their graph."""

    store: GraphStore
    author: str
    base: str

    def verdict(self, action: Action, target: str, note: str | None = None) -> str:
        """Confirm or reject the statement or entity `target`; return the curation's IRI."""
        if action not in (Action.CONFIRM, Action.REJECT):
            raise CurationError(f"action: a verdict is confirm or reject, not {action!r}")
        self._require(target, VERDICT_CLASSES, "target")
        status = "confirmed" if action is Action.CONFIRM else "rejected"
        graph, act = self._activity(action, target, note)
        graph.add((URIRef(target), POCKG.curationStatus, Literal(status)))
        self._write(graph, forget=(target, POCKG.curationStatus))
        return str(act)

    def merge(self, target: str, into: str, note: str | None = None) -> str:
        """Record that entity `target` is the same as entity `into` (`owl:sameAs`), or as the
        entity `into` was itself merged into, and apply the merge to the document graphs."""
        kept = self._merge_destination(target, into)
        graph, act = self._activity(Action.MERGE, target, note)
        graph.add((URIRef(target), OWL.sameAs, URIRef(kept)))
        graph.add((act, PROV.used, URIRef(kept)))
        self._write(graph)
        apply_merges(self.store, self.base, read_merges(self.store, self.base))
        return str(act)

    def _merge_destination(self, target: str, into: str) -> str:
        """Return the entity to merge `target` into: `into`, or the entity `into` was merged
        into; raise CurationError for a merge that cannot be made."""
        if target == into:
            raise CurationError("into: an entity cannot be merged into itself")
        merges = read_merges(self.store, self.base)
        if target in merges:  # a second destination would make the merge ambiguous
            raise CurationError(f"target: {target} was already merged into {merges[target]}")
        kept = merges.get(into, into)
        if kept == target:
            raise CurationError(
                f"into: {into} was merged into {target}, so merging {target} into it would "
                "make a cycle"
            )
        self._require(target, MERGE_CLASSES, "target")
        self._require(kept, MERGE_CLASSES, "into")
        if self._reference_label(target):  # static graphs are never rewritten
            raise CurationError(
                f"target: {target} is defined by the reference data in ontology/reference/ "
                "(or the themes); merge the other entity into it instead"
            )
        return kept

    def relabel(self, target: str, label: str, note: str | None = None) -> str:
        """Give the entity `target` the preferred label `label`."""
        label = " ".join(label.split())
        if not label or len(label) > MAX_LABEL:
            raise CurationError(f"label: give 1 to {MAX_LABEL} characters")
        self._require(target, VERDICT_CLASSES[1:], "target")
        if self._reference_label(target):
            raise CurationError(
                f"target: {target} takes its label from the reference data in "
                "ontology/reference/; correct it there"
            )
        graph, act = self._activity(Action.RELABEL, target, note)
        graph.add((URIRef(target), SKOS.prefLabel, Literal(label, lang="en")))
        self._write(graph, forget=(target, SKOS.prefLabel))
        refresh_labels(self.store, self.base)
        return str(act)

    def link(self, target: str, instrument: str, note: str | None = None) -> str:
        """Link the field practice or recommendation `target` to a framework, tool or mandate."""
        self._require(target, tuple(STATEMENT_CLASSES), "target")
        self._require(instrument, INSTRUMENT_CLASSES, "instrument")
        graph, act = self._activity(Action.LINK, target, note)
        graph.add((URIRef(target), POCKG.relatesTo, URIRef(instrument)))
        graph.add((act, PROV.used, URIRef(instrument)))
        self._write(graph)
        return str(act)

    def add(self, new: NewStatement, note: str | None = None) -> str:
        """Add a field practice or recommendation by hand; return the statement's IRI."""
        if new.kind not in STATEMENT_CLASSES:
            raise CurationError(f"kind: use {' or '.join(STATEMENT_CLASSES)}, not {new.kind!r}")
        text = " ".join(new.text.split())
        if not text or len(text) > MAX_TEXT:
            raise CurationError(f"text: give 1 to {MAX_TEXT} characters")
        self._require(new.passage, ("Passage",), "passage")
        links = (
            ("countries", new.countries, ("Country",), POCKG.country),
            ("actors", new.actors, ("Actor",), POCKG.involves),
            ("instruments", new.instruments, INSTRUMENT_CLASSES, POCKG.relatesTo),
            ("themes", new.themes, ("Theme",), POCKG.theme),
        )
        statement = curated_statement_iri(
            STATEMENT_CLASSES[new.kind], uuid.uuid4().hex, base=self.base
        )
        graph, act = self._activity(Action.ADD, str(statement), note)
        graph.add((statement, RDF.type, POCKG[new.kind]))
        graph.add((statement, POCKG.text, Literal(text)))
        graph.add((statement, PROV.wasDerivedFrom, URIRef(new.passage)))
        graph.add((statement, PROV.wasGeneratedBy, act))
        for name, nodes, classes, predicate in links:
            for node in nodes:
                self._require(node, classes, name)
                graph.add((statement, predicate, URIRef(node)))
        self._write(graph)
        return str(statement)

    def _activity(self, action: Action, target: str, note: str | None) -> tuple[Graph, URIRef]:
        """Return a graph holding the curation activity, and the activity's IRI."""
        graph = Graph()
        act = curation_iri(uuid.uuid4().hex, base=self.base)
        agent = curator_iri(self.author, base=self.base)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        graph.add((act, RDF.type, POCKG.Curation))
        graph.add((act, POCKG.curationAction, Literal(action.value)))
        graph.add((act, POCKG.curates, URIRef(target)))
        graph.add((act, PROV.wasAssociatedWith, agent))
        graph.add((act, PROV.endedAtTime, Literal(now, datatype=XSD.dateTime)))
        graph.add((agent, RDF.type, PROV.Agent))
        graph.add((agent, RDFS.label, Literal(self.author)))
        if note and note.strip():
            graph.add((act, RDFS.comment, Literal(note.strip()[:MAX_TEXT])))
        return graph, act

    def _write(self, graph: Graph, forget: tuple[str, URIRef] | None = None) -> None:
        """Add `graph` to the curator's graph in one update, first removing the earlier
        values of `forget` (node, property) from every curator's graph."""
        name = curation_graph_iri(self.author, base=self.base)
        data = graph.serialize(format="nt")
        parts = []
        if forget is not None:
            node, predicate = forget
            parts.append(
                f"DELETE {{ GRAPH ?g {{ <{node}> <{predicate}> ?old }} }} "
                f"WHERE {{ GRAPH ?g {{ <{node}> <{predicate}> ?old }} "
                f"FILTER(STRSTARTS(STR(?g), {literal_term(curation_graph_prefix(self.base))})) }}"
            )
        parts.append(f"INSERT DATA {{ GRAPH <{name}> {{ {data} }} }}")
        with self.store.writing():
            self.store.update(" ;\n".join(parts))

    def _reference_label(self, node: str) -> bool:
        """Return whether a static graph (ontology, themes, reference data) labels `node`."""
        sparql = f"""ASK {{ GRAPH ?g {{ <{node}> rdfs:label ?label }}
            FILTER(STRSTARTS(STR(?g), {literal_term(self.base + "graph/reference")})
                   || STRSTARTS(STR(?g), {literal_term(self.base + "graph/themes")})) }}"""
        return bool(self.store.query(SPARQL_PREFIXES + sparql).askAnswer)

    def _require(self, node: str, classes: Sequence[str], name: str) -> None:
        """Raise CurationError unless `node` is an IRI of one of the pockg `classes`."""
        if not node.startswith(("http://", "https://")) or any(c in node for c in '<>" {}|^`\\'):
            raise CurationError(f"{name}: {node!r} is not an IRI")
        wanted = " ".join(f"pockg:{c}" for c in classes)
        sparql = f"""ASK {{ VALUES ?class {{ {wanted} }}
            <{node}> a ?type . ?type rdfs:subClassOf* ?class }}"""
        known = self.store.query(SPARQL_PREFIXES + sparql).askAnswer
        if known:
            return
        kept = kept_entity(self.store, self.base, node)
        if kept is not None:  # its graph triples now describe the entity it was merged into
            raise CurationError(f"{name}: {node} was merged into {kept}; use that one")
        kinds = ", ".join(classes)
        raise CurationError(f"{name}: {node} is not a known {kinds}")


def curations(store: GraphStore, base: str, target: str | None = None) -> list[Curation]:
    """Return the recorded curations, newest first (of one node when `target` is given)."""
    about = f"FILTER(?target = <{target}>)" if target else ""
    prefix = literal_term(curation_graph_prefix(base))
    sparql = f"""{SPARQL_PREFIXES}
        SELECT ?act ?action ?target ?author ?time ?note ?used WHERE {{
          GRAPH ?g {{
            ?act a pockg:Curation ; pockg:curationAction ?action ; pockg:curates ?target ;
                 prov:wasAssociatedWith ?agent ; prov:endedAtTime ?time .
            ?agent rdfs:label ?author .
            OPTIONAL {{ ?act rdfs:comment ?note }}
            OPTIONAL {{ ?act prov:used ?used }}
          }}
          FILTER(STRSTARTS(STR(?g), {prefix})) {about}
        }} ORDER BY DESC(?time) ?act"""
    found = []
    for row in store.query(sparql):
        act, action, node, author, time, note, used = (
            None if value is None else str(value)
            for value in row  # type: ignore[union-attr]
        )
        details = {"used": used} if used else {}
        found.append(
            Curation(act or "", action or "", node or "", author or "", time or "", note, details)
        )
    return found


INDEXED_ACTIONS = frozenset({"confirm", "reject", "relabel", "add", "merge"})
"""The curations the search index shows (rejected records leave it, added ones join it,
new labels are searched, a merged entity's passages show the entity kept); links change
nothing it holds."""


def affected_documents(store: GraphStore, base: str, node: str) -> list[str]:
    """Return the ids of the documents whose search records show `node`: the document of
    the passage a statement derives from, or those whose passages mention an entity (for
    a merged-away entity, the entity it was merged into: its passages now name that one,
    and its names and label changed in every record that shows it)."""
    node = kept_entity(store, base, node) or node
    sparql = f"""{SPARQL_PREFIXES} SELECT DISTINCT ?doc WHERE {{
          {{ <{node}> prov:wasDerivedFrom ?passage }} UNION {{ ?passage pockg:mentions <{node}> }}
          ?passage pockg:inDocument ?doc }}"""
    found = (split_minted(row["doc"], base) for row in store.select(sparql))
    return sorted(parts[1] for parts in found if len(parts) == 2 and parts[0] == "document")


def documents_to_reindex(store: GraphStore, base: str, graphs: Sequence[str]) -> list[str]:
    """Return the documents whose search records the curations in `graphs` change (after
    `pockg load` brings exported curations back, say)."""
    prefix = curation_graph_prefix(base)
    names = " ".join(f"<{g}>" for g in graphs if g.startswith(prefix))
    if not names:
        return []
    actions = ", ".join(literal_term(a) for a in sorted(INDEXED_ACTIONS))
    sparql = f"""{SPARQL_PREFIXES} SELECT DISTINCT ?target WHERE {{ VALUES ?g {{ {names} }}
          GRAPH ?g {{ ?act pockg:curates ?target ; pockg:curationAction ?action }}
          FILTER(?action IN ({actions})) }}"""
    targets = [row["target"] for row in store.select(sparql)]
    return sorted({doc for node in targets for doc in affected_documents(store, base, node)})


def export_curations(store: GraphStore, base: str) -> bytes:
    """Return every curator's graph as TriG, for `pockg load` to bring back after a rebuild."""
    dataset = Dataset()
    prefix = curation_graph_prefix(base)
    for name in store.named_graphs():
        if not str(name).startswith(prefix):
            continue
        triples = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")
        graph = dataset.graph(name)
        for triple in triples:
            graph.add(triple)  # type: ignore[arg-type]
    for prefix_name, namespace in PREFIXES.items():
        dataset.bind(prefix_name, namespace)
    return dataset.serialize(format="trig", encoding="utf-8")
