"""What a briefing's sections are built from: the scope's passages and statements, read once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pockg.briefing.model import BriefingSubject, Citation
from pockg.briefing.reader import GraphReader, rows, values
from pockg.briefing.scope import Scope
from pockg.briefing.statements import Source, Statement, passages, statements
from pockg.briefing.text import normalised
from pockg.graph.links import local_href

NOT_QUOTED_KINDS = frozenset({"heading", "reference"})
"""Passage kinds whose text is not quoted as a sentence (titles and bibliography entries)."""


@dataclass
class Material:
    """The scope of a pack and what it holds: passages and statements, newest first."""

    reader: GraphReader
    id_base: str
    subject: BriefingSubject
    scope: Scope
    passages: list[Source] = field(default_factory=list)
    practices: list[Statement] = field(default_factory=list)
    challenges: list[Statement] = field(default_factory=list)
    claimed: dict[str, set[str]] = field(default_factory=dict)
    quoted: set[str] = field(default_factory=set)

    def claim(self, sources: Iterable[str]) -> None:
        """Read the statements the graph derives from the passages `sources`: their
        sentences are shown as statements (or left out), never quoted as bare sentences."""
        wanted = sorted(set(sources) - set(self.claimed))
        for passage in wanted:
            self.claimed[passage] = set()
        if not wanted:
            return
        sparql = f"""SELECT DISTINCT ?passage ?text WHERE {{ {values("passage", wanted)}
              ?s prov:wasDerivedFrom ?passage ; pockg:text ?text }}"""
        for row in rows(self.reader, sparql):
            self.claimed[row["passage"]].add(normalised(row["text"]))

    def is_claimed(self, passage: str, sentence: str) -> bool:
        """Return whether `sentence` of `passage` is (part of) a statement of the graph."""
        self.claim([passage])
        folded = normalised(sentence)
        return any(
            text and (text in folded or folded in text) for text in self.claimed.get(passage, ())
        )

    def quote(self, passage: str, sentence: str) -> bool:
        """Return True, once, for a sentence the pack may quote: one not shown yet, as a
        statement or as a quotation of another section."""
        key = normalised(sentence)
        if not key or key in self.quoted or self.is_claimed(passage, sentence):
            return False
        self.quoted.add(key)
        return True

    def is_about_place(self, source: Source, sentence: str) -> bool:
        """Return whether a sentence of an in-scope passage is about the pack's places:
        it sits under a heading that names them, or names them itself."""
        return self.scope.in_section(source.document, source.section) or self.scope.names_places(
            sentence
        )

    def record_citation(self, node: str, graph: str | None) -> Citation:
        """Return the citation of a curated record (a mission, a theme) in `graph`."""
        return Citation(
            document_title=graph_title(graph, self.id_base),
            href=local_href(node, self.id_base),
            record=node,
        )

    def mentioning(self, nodes: Iterable[str]) -> dict[str, list[Source]]:
        """Return, for each node, the readable passages that mention it, newest first."""
        wanted = sorted(set(nodes))
        found: dict[str, list[Source]] = {node: [] for node in wanted}
        if not wanted:
            return found
        sparql = f"""SELECT DISTINCT ?e ?passage WHERE {{
              {values("e", wanted)} ?passage pockg:mentions ?e }}"""
        pairs = [(row["e"], row["passage"]) for row in rows(self.reader, sparql)]
        sources = {
            s.passage: s
            for s in passages(self.reader, values("passage", sorted({p for _, p in pairs})))
        }
        self.claim(sources)
        for node, passage in pairs:
            if passage in sources:
                found[node].append(sources[passage])
        for listed in found.values():
            listed.sort(key=lambda s: s.order)
        return found


def details(*pairs: tuple[str, Iterable[str]]) -> tuple[tuple[str, str], ...]:
    """Return the non-empty (label, values joined with '; ') details of an item."""
    found = []
    for label, listed in pairs:
        kept = list(dict.fromkeys(value for value in listed if value))
        if kept:
            found.append((label, "; ".join(kept)))
    return tuple(found)


def graph_title(graph: str | None, id_base: str) -> str:
    """Return how a pack names a curated graph: `pockg reference data: missions`."""
    name = (graph or "").removeprefix(id_base + "graph/")
    if name.startswith("reference-"):
        return f"pockg reference data: {name.removeprefix('reference-').replace('_', ' ')}"
    if name == "themes":
        return "pockg themes"
    return "pockg knowledge graph"


def gather_material(
    reader: GraphReader, id_base: str, subject: BriefingSubject, scope: Scope
) -> Material:
    """Return the material of a pack: in-scope passages, field practices and challenges."""
    material = Material(reader, id_base, subject, scope)
    material.passages = passages(reader, scope.passages())
    material.claim(source.passage for source in material.passages)
    material.practices = statements(reader, "FieldPractice", scope.statements())
    material.challenges = statements(reader, "Challenge", scope.statements())
    return material
