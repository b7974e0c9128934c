"""What a briefing's sections are built from: the newest passages and statements of the
scope, read once.

A pack shows the newest few dozen items of each section, so it reads at most
`Limits.passages` passages of its scope and `Limits.statements` statements of each kind,
newest document first (see `pockg.briefing.documents`); on the small corpus that is
everything, on a graph of millions of triples it keeps a pack within seconds.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from pockg.briefing.documents import BATCH, Documents
from pockg.briefing.model import BriefingSubject, BriefItem, Citation
from pockg.briefing.reader import GraphReader, chunks, rows, values
from pockg.briefing.scope import Candidates, Scope
from pockg.briefing.statements import Source, Statement, load_statements, passages
from pockg.briefing.text import normalised
from pockg.graph.links import local_href

NOT_QUOTED_KINDS = frozenset({"heading", "reference"})
"""Passage kinds whose text is not quoted as a sentence (titles and bibliography entries)."""
STATEMENT_KIND = {
    "FieldPractice": "field-practice",
    "Challenge": "challenge",
    "Recommendation": "recommendation",
}
"""The first segment of the IRIs pockg mints for statements of each class."""


@dataclass(frozen=True)
class Limits:
    """How much of a large scope a pack reads, and how much of it a section lists."""

    passages: int = 600
    """The newest passages of the scope read (quotes, instruments, documents, people)."""
    statements: int = 100
    """The newest field practices, challenges and recommendations in scope read, each."""
    mentions: int = 40
    """The newest passages read for each mission, cluster or instrument described."""
    shown: int = 40
    """The most items a section lists (the newest; the section says when there are more)."""


NEWEST_DOCUMENTS = (16, 128)
"""How many of the newest documents are searched, in turn, for passages mentioning a node
before the whole graph is."""


@dataclass
class Material:
    """The scope of a pack and what it holds: passages and statements, newest first."""

    reader: GraphReader
    id_base: str
    subject: BriefingSubject
    scope: Scope
    documents: Documents
    limits: Limits = field(default_factory=Limits)
    passages: list[Source] = field(default_factory=list)
    practices: list[Statement] = field(default_factory=list)
    challenges: list[Statement] = field(default_factory=list)
    claimed: dict[str, set[str]] = field(default_factory=dict)
    quoted: set[str] = field(default_factory=set)
    sources: dict[str, Source] = field(default_factory=dict)
    candidates: Candidates = field(default_factory=lambda: Candidates(frozenset()))
    derived: dict[str, list[str]] = field(default_factory=dict)
    loaded: dict[str, Statement] = field(default_factory=dict)

    def claim(self, sources: Iterable[str]) -> None:
        """Read the statements the graph derives from the passages `sources`: their
        sentences are shown as statements (or left out), never quoted as bare sentences."""
        wanted = sorted(set(sources) - set(self.claimed))
        for passage in wanted:
            self.claimed[passage] = set()
        for chunk in chunks(wanted):
            sparql = f"""SELECT DISTINCT ?passage ?text WHERE {{ {values("passage", chunk)}
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
        """Return, for each node, the newest `limits.mentions` readable passages that
        mention it, newest first."""
        wanted = sorted(set(nodes))
        by_node: dict[str, set[str]] = {node: set() for node in wanted}
        # A much-mentioned node (the Security Council) has its newest passages in the
        # newest documents: read those first, then more documents, then the whole graph
        # only for the nodes still short of passages, which are the rarely mentioned ones.
        newest = self.documents.newest(NEWEST_DOCUMENTS[-1])
        read = 0
        for count in (*NEWEST_DOCUMENTS, None):
            pending = [n for n in wanted if len(by_node[n]) < self.limits.mentions]
            if not pending:
                break
            # Each round reads documents the earlier ones did not; the last, every passage.
            documents = None if count is None else newest[read:count]
            sparql = f"""SELECT DISTINCT ?e ?passage WHERE {{ {_passages_of(documents)}
                  ?passage pockg:mentions ?e . {values("e", pending)} }}"""
            for row in rows(self.reader, sparql):
                by_node[row["e"]].add(row["passage"])
            read = count or read
        return {node: self.newest_sources(by_node[node], self.limits.mentions) for node in wanted}

    def newest_sources(self, iris: Iterable[str], limit: int) -> list[Source]:
        """Return the newest `limit` of the passages `iris`, read (once) with their text,
        newest first."""
        kept: list[Source] = []
        for batch in self.documents.newest_first(iris, batch=limit):
            missing = [p for p in batch if p not in self.sources]
            for source in passages(self.reader, self.documents, missing):
                self.sources[source.passage] = source
            kept += [self.sources[p] for p in batch if p in self.sources]
            if len(kept) >= limit:
                break
        return sorted(kept, key=lambda s: s.order)[:limit]

    def newest_statements(
        self, candidates: Candidates, class_name: str, keep: Callable[[Statement], bool]
    ) -> list[Statement]:
        """Return the newest `limits.statements` statements of pockg class `class_name`
        among `candidates` for which `keep` holds, loaded with their links, newest first."""
        kind = STATEMENT_KIND[class_name]
        wanted = [
            iri for iri in candidates.statements if self.documents.kind_of(iri) in (kind, None)
        ]
        kept: list[Statement] = []
        read = 0

        def next_round() -> int:
            return self._round_size(read, len(kept))

        for batch in self.documents.newest_first([*wanted, *candidates.passages], next_round):
            read += len(batch)
            iris = candidates.counted(self._statements_among(batch, kind))
            missing = [iri for iri in iris if iri not in self.loaded]
            self.loaded.update(
                (s.iri, s) for s in load_statements(self.reader, self.documents, missing)
            )
            kept += [
                s
                for iri in iris
                if (s := self.loaded.get(iri)) and class_name in s.types and keep(s)
            ]
            if len(kept) >= self.limits.statements:
                break
        return sorted(kept, key=lambda s: s.order)[: self.limits.statements]

    def _round_size(self, read: int, kept: int) -> int:
        """Return how many candidates the next round reads: as many as the share kept so
        far says the statements still wanted need (twice what was read when none was
        kept), at least `BATCH`. A country and theme keep few of what they read: they ask
        a few large questions, not hundreds; a country keeps many and reads little more
        than it shows."""
        if read == 0:
            return BATCH
        if kept == 0:
            return max(BATCH, 2 * read)
        return max(BATCH, math.ceil((self.limits.statements - kept) * read / kept))

    def _statements_among(self, batch: list[str], kind: str) -> list[str]:
        """Return the statements of `batch` with those derived from its passages in their
        place, of minted kind `kind` (or minted by no document)."""
        passages = [iri for iri in batch if self.documents.kind_of(iri) == "passage"]
        self._derive(passages)
        found: list[str] = []
        for iri in batch:
            found += self.derived.get(iri, [iri])
        return [iri for iri in dict.fromkeys(found) if self.documents.kind_of(iri) in (kind, None)]

    def _derive(self, passages: list[str]) -> None:
        """Read the statements derived from `passages` (those not read yet)."""
        wanted = [p for p in passages if p not in self.derived]
        for passage in wanted:
            self.derived[passage] = []
        for chunk in chunks(wanted):
            sparql = f"""SELECT ?s ?passage WHERE {{ {values("passage", chunk)}
                  ?s prov:wasDerivedFrom ?passage }}"""
            for row in rows(self.reader, sparql):
                self.derived[row["passage"]].append(row["s"])

    def shown(self, items: list[BriefItem], more: bool) -> tuple[list[BriefItem], str | None]:
        """Return the first `limits.shown` items and, when there were more (or `more` says
        the pack did not read them all), the note that says so."""
        limit = self.limits.shown
        if len(items) <= limit and not more:
            return items, None
        return items[:limit], f"The {limit} newest are listed; the sources hold more."

    def maybe_cut(self, statements: Sequence[Statement]) -> bool:
        """Return whether a list of statements may have been cut at `limits.statements`."""
        return len(statements) >= self.limits.statements


def _passages_of(documents: Sequence[str] | None) -> str:
    """Return a pattern binding ?passage to the passages of `documents` (nothing when
    `documents` is None: every passage)."""
    if documents is None:
        return ""
    # In a subquery of its own: joined with other patterns directly, Oxigraph plans the
    # query several times slower.
    return f"""{{ SELECT ?passage WHERE {{ {values("doc", documents)}
          ?passage pockg:inDocument ?doc }} }}"""


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
    reader: GraphReader, id_base: str, subject: BriefingSubject, scope: Scope, limits: Limits
) -> Material:
    """Return the material of a pack: the newest in-scope passages, field practices and
    challenges."""
    material = Material(reader, id_base, subject, scope, Documents(reader, id_base), limits)
    material.passages = material.newest_sources(scope.passages, limits.passages)
    material.claim(source.passage for source in material.passages)
    material.candidates = scope.candidates(reader)
    material.practices = material.newest_statements(
        material.candidates, "FieldPractice", scope.holds
    )
    material.challenges = material.newest_statements(material.candidates, "Challenge", scope.holds)
    return material
