"""The sections that point elsewhere: tools and frameworks to leverage (each with one line
from the sources), and key documents and contacts named in the sources."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from pockg.briefing.material import NOT_QUOTED_KINDS, Material
from pockg.briefing.model import BriefItem, BriefSection
from pockg.briefing.reader import each, rows, values
from pockg.briefing.statements import Source, Statement
from pockg.briefing.text import NameMatcher, sentences

FRAMEWORKS = "Frameworks"
TOOLS = "Tools and mechanisms"
MANDATES = "Mandates"
_GROUPS = (FRAMEWORKS, TOOLS, MANDATES)
DOCUMENTS = "Documents"
CONTACTS = "Contacts"
MENTIONS_PER_ITEM = 3
MAX_INSTRUMENTS = 15
MAX_DOCUMENTS = 15
MIN_LINE_WORDS = 4
"""A line must say something beyond the tool's name: sentences with fewer other words are
titles or list entries."""
_DEFINING = re.compile(
    r"\W*(?:\w+\W+){0,3}?(?:is|are|was|provides?|aims?|sets? out|establish\w*|helps?|supports?"
    r"|offers?|guides?|allows?|enables?)\b"
)
"""A verb saying what something is or does, at most three words after its name."""
_AUTHOR = "author"
"""The role extraction gives the authors of cited works: they are not contacts."""


def tools_section(material: Material, shown: Sequence[Statement]) -> BriefSection | None:
    """Return the frameworks and tools the pack's statements link to (`pockg:relatesTo`) or
    its passages mention, most linked first, each with a sentence of the sources on it."""
    linked = Counter(i for statement in shown for i in statement.instruments)
    in_pack: dict[str, list[Source]] = {}
    sources = {s.passage: s for s in material.passages}
    for row in rows(
        material.reader,
        f"""SELECT DISTINCT ?e ?passage WHERE {{
          {values("passage", list(sources))}
          ?passage pockg:mentions ?e . {{ {each("e", "Framework")} }}
          UNION {{ {each("e", "Tool")} }} }}""",
    ):
        in_pack.setdefault(row["e"], []).append(sources[row["passage"]])
    ranked = sorted(
        set(linked) | set(in_pack), key=lambda i: (-linked[i], -len(in_pack.get(i, ())), i)
    )
    top = ranked[: 3 * MAX_INSTRUMENTS]
    facts = _facts(material, top)
    in_scope = set(sources)
    # Passages outside the pack are read only for the instruments whose pack passages hold
    # no sentence defining them: none of those could rank higher (see `_line`).
    outside = material.mentioning(
        i
        for i in top
        if not _defined_in_pack(_line(in_pack.get(i, []), facts[i]["names"], in_scope, set()))
    )
    items: list[BriefItem] = []
    used: set[str] = set()
    for instrument in top:
        names = facts[instrument]["names"]
        known = [*in_pack.get(instrument, []), *outside.get(instrument, [])]
        best = _line(known, names, in_scope, used)
        if best is None or not names:
            continue
        _, source, sentence = best
        used.add(sentence)
        citation = source.citation(material.id_base)
        group = _group(facts[instrument]["types"])
        items.append(BriefItem(sentence, (citation,), label=names[0], group=group, iri=instrument))
        if len(items) == MAX_INSTRUMENTS:
            break
    items.sort(key=lambda item: _GROUPS.index(item.group or TOOLS))
    if not items:
        return None
    return BriefSection("tools", "Tools and frameworks to leverage", tuple(items))


_Ranked = tuple[tuple[bool, bool, bool, bool, int], Source, str]
"""A sentence `_line` found for an instrument, with its rank and source."""


def _defined_in_pack(found: _Ranked | None) -> bool:
    """Return whether `_line` found an unused sentence of the pack defining the instrument."""
    return found is not None and found[0][:3] == (False, False, False)


def _facts(material: Material, nodes: list[str]) -> dict[str, dict[str, list[str]]]:
    """Return the names (preferred first) and pockg types of `nodes`."""
    found: dict[str, dict[str, list[str]]] = {n: {"names": [], "types": []} for n in nodes}
    # Names and types apart: every document graph restates the type of what it mentions,
    # and sorting those repeats with the names is many times slower.
    sparql = f"""SELECT ?e ?p ?o WHERE {{
          {{ SELECT DISTINCT ?e ?p ?o WHERE {{ {values("e", nodes)}
             VALUES ?p {{ rdfs:label skos:altLabel pockg:acronym }} ?e ?p ?o }} }}
          UNION {{ SELECT DISTINCT ?e ?p ?o WHERE {{ {values("e", nodes)}
             ?e a ?o . BIND(rdf:type AS ?p) }} }} }}
          ORDER BY ?e DESC(?p = rdfs:label) ?o"""
    for row in rows(material.reader, sparql):
        value = row["o"]
        if row["p"].endswith("#type"):
            found[row["e"]]["types"].append(value.rsplit("#", 1)[-1])
        elif value not in found[row["e"]]["names"]:
            found[row["e"]]["names"].append(value)
    return found


def _group(types: list[str]) -> str:
    if "Framework" in types:
        return FRAMEWORKS
    return MANDATES if "Mandate" in types else TOOLS


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]{2,}", text.casefold()))


def _line(
    sources: list[Source], names: list[str], in_scope: set[str], used: set[str]
) -> _Ranked | None:
    """Return the sentence that best says what an instrument is, with its rank (lowest
    best): one not yet quoted for another instrument, from the pack's passages and defining
    it, then defining it, then from the pack's passages, then the shortest."""
    matcher = NameMatcher({"": names})
    name_words = _words(" ".join(names))
    best: _Ranked | None = None
    for source in sources:
        if source.kind in NOT_QUOTED_KINDS:
            continue
        scoped = source.passage in in_scope
        for sentence in sentences(source.text):
            if len(_words(sentence) - name_words) < MIN_LINE_WORDS or not matcher.spans(sentence):
                continue
            defining = any(_DEFINING.match(sentence, end) for end, _ in matcher.spans(sentence))
            rank = (
                sentence in used,
                not (scoped and defining),
                not defining,
                not scoped,
                len(sentence),
            )
            if best is None or rank < best[0]:
                best = (rank, source, sentence)
    return best


def references_section(material: Material) -> BriefSection | None:
    """Return the documents and the people (other than authors) the pack's passages name,
    most often named first."""
    found = _named(material)

    def most_named(node: str) -> tuple[int, int, str]:
        year = min(found[node].get("year", {"0"}))[:4]
        return (-len(found[node]["passage"]), -int(year or 0), node)

    documents = [e for e, f in found.items() if "document" in f["kind"] and f.get("name")]
    people = [
        e
        for e, f in found.items()
        if "person" in f["kind"]
        and f.get("name")
        and f.get("role", {_AUTHOR}) != {_AUTHOR}
        and not material.scope.elsewhere(_person_text(f))
    ]
    items = [
        _reference_item(material, found[e], _document_text(found[e]), None, DOCUMENTS, e)
        for e in sorted(documents, key=most_named)[:MAX_DOCUMENTS]
    ]
    items += [
        _reference_item(
            material, found[e], _person_text(found[e]), min(found[e]["name"]), CONTACTS, e
        )
        for e in sorted(people, key=most_named)
    ]
    if not items:
        return None
    return BriefSection("references", "Key documents and contacts", tuple(items))


def _named(material: Material) -> dict[str, dict[str, set[str]]]:
    """Return the documents and people the pack's passages mention, with the passages that
    do, and their titles or names, years, roles and affiliations."""
    sparql = f"""SELECT DISTINCT ?e ?passage ?kind ?name ?year ?role ?affiliation WHERE {{
          {values("passage", [s.passage for s in material.passages])}
          ?passage pockg:mentions ?e .
          {{ {each("e", "Document")} BIND("document" AS ?kind)
             OPTIONAL {{ ?e dcterms:title|rdfs:label ?name }} OPTIONAL {{ ?e pockg:year ?year }} }}
          UNION {{ {each("e", "Person")} BIND("person" AS ?kind) OPTIONAL {{ ?e rdfs:label ?name }}
             OPTIONAL {{ ?e pockg:role ?role }}
             OPTIONAL {{ ?e pockg:affiliation/rdfs:label ?affiliation }} }} }}"""
    found: dict[str, dict[str, set[str]]] = {}
    for row in rows(material.reader, sparql):
        entry = found.setdefault(row["e"], {})
        for key in ("passage", "kind", "name", "year", "role", "affiliation"):
            if key in row:
                entry.setdefault(key, set()).add(row[key])
    return found


def _reference_item(
    material: Material,
    facts: dict[str, set[str]],
    text: str,
    label: str | None,
    group: str,
    node: str,
) -> BriefItem:
    """Return an item naming a document or person, citing the passages that mention it."""
    scoped = {s.passage: s for s in material.passages}
    sources = sorted((scoped[p] for p in facts["passage"]), key=lambda s: s.order)
    citations = tuple(s.citation(material.id_base) for s in sources[:MENTIONS_PER_ITEM])
    return BriefItem(text, citations, label=label, group=group, iri=node)


def _document_text(facts: dict[str, set[str]]) -> str:
    title = min(facts["name"], key=len)
    years = sorted(facts.get("year", set()))
    return f"{title} ({years[0][:4]})" if years and years[0][:4] not in title else title


def _person_text(facts: dict[str, set[str]]) -> str:
    roles = sorted(facts.get("role", set()) - {_AUTHOR})
    text = "; ".join(roles)
    for affiliation in sorted(facts.get("affiliation", set())):
        if affiliation.casefold() not in text.casefold():
            text = f"{text}, {affiliation}" if text else affiliation
    return text
