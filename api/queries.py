"""The SPARQL behind the JSON API and the entity pages, scoped to the readable graphs.

Request values reach SPARQL only through `api.linked.iri_term` (checked IRIs) and
`api.linked.literal_term` (escaped literals).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from rdflib import URIRef, Variable
from rdflib.query import ResultRow

from api.deps import Graphs
from api.linked import (
    ONTOLOGY_NS,
    Scope,
    checked_iri,
    iri_term,
    literal_term,
    local_href,
    passage_link,
    relations,
    split_minted,
    text_of,
    values_clause,
)
from api.schemas_graph import (
    EntityOut,
    EntitySummaryOut,
    LinkageCellOut,
    LinkageOut,
    MentionOut,
    RefOut,
    StatementOut,
)
from pockg.graph.iri import ENTITY_KINDS
from pockg.graph.links import NOT_REJECTED, STATEMENT_LINKS
from pockg.graph.namespace import RDF, RDFS, SKOS
from pockg.graph.ontology import QUERIES_DIR

LABEL_PATH = "rdfs:label|skos:prefLabel"
NAME_PATH = "rdfs:label|skos:prefLabel|skos:altLabel"
SNIPPET_LENGTH = 300


def value(row: ResultRow, name: str) -> str | None:
    """Return the text of variable `name` in a result row, or None when unbound."""
    return text_of(row.get(Variable(name)))


def ref(iri: str, label: str | None, base: str) -> RefOut:
    """Return the API form of a node."""
    return RefOut(iri=iri, label=label, href=local_href(iri, base))


def names_match(variable: str, given: str) -> str:
    """Return a SPARQL pattern true when ?variable is the IRI `given` or has it as a name
    (label, preferred or alternative label; case-insensitive)."""
    iri = checked_iri(given) if given.startswith(("http://", "https://")) else None
    if iri is not None:
        return f"VALUES ?{variable} {{ <{iri}> }}"
    name = f"?{variable}_name"
    return (
        f"?{variable} {NAME_PATH} {name} . "
        f"FILTER(LCASE(STR({name})) = LCASE({literal_term(given)}))"
    )


def linked_filter(predicate: str, given: str, index: int) -> str:
    """Return a pattern keeping statements whose `predicate` points at the node named `given`
    (the named nodes are found once, in a subquery)."""
    node = f"f{index}"
    return (
        f"?s {predicate} ?{node} . "
        f"{{ SELECT DISTINCT ?{node} WHERE {{ {names_match(node, given)} }} }}"
    )


def entity_list(
    store: Graphs, scope: Scope, class_name: str | None, q: str | None
) -> list[EntitySummaryOut]:
    """Return the minted entities (of pockg class `class_name`, named like `q`), most
    mentioned first."""
    kept = f"?e a pockg:{class_name} ." if class_name else ""
    search = ""
    if q:
        search = (
            f"FILTER EXISTS {{ ?e {NAME_PATH} ?n . "
            f"FILTER(CONTAINS(LCASE(STR(?n)), LCASE({literal_term(q)}))) }}"
        )
    sparql = f"""SELECT ?e ?label ?mentions ?types WHERE {{
          {{ SELECT ?e (GROUP_CONCAT(DISTINCT STR(?t); separator=" ") AS ?types) WHERE {{
              {kept} ?e a ?t .
              FILTER(STRSTARTS(STR(?e), {literal_term(scope.id_base)}))
              FILTER(STRSTARTS(STR(?t), {literal_term(ONTOLOGY_NS)}))
              {search} }} GROUP BY ?e }}
          OPTIONAL {{ SELECT ?e (COUNT(DISTINCT ?m) AS ?mentions)
                      WHERE {{ ?m pockg:mentions ?e }} GROUP BY ?e }}
          OPTIONAL {{ SELECT ?e (SAMPLE(?l) AS ?label)
                      WHERE {{ ?e {LABEL_PATH} ?l }} GROUP BY ?e }}
        }} ORDER BY DESC(?mentions) LCASE(STR(?label)) ?e"""
    items = []
    for row in scope.query(store, sparql):
        assert isinstance(row, ResultRow)
        item = _entity_summary(row, scope.id_base)
        if item is not None:
            items.append(item)
    return items


def _entity_summary(row: ResultRow, base: str) -> EntitySummaryOut | None:
    iri = value(row, "e") or ""
    parts = split_minted(iri, base)
    if len(parts) != 2 or parts[0] not in ENTITY_KINDS:
        return None
    types = sorted(t[len(ONTOLOGY_NS) :] for t in (value(row, "types") or "").split())
    return EntitySummaryOut(
        iri=iri,
        kind=parts[0],
        key=parts[1],
        label=value(row, "label"),
        types=types,
        mentions=int(value(row, "mentions") or 0),
        href=local_href(iri, base),
    )


def mentions_of(store: Graphs, scope: Scope, entity: str) -> list[MentionOut]:
    """Return the passages that mention `entity`, by document and position."""
    sparql = f"""SELECT ?passage ?text ?section ?page ?title WHERE {{
          ?passage pockg:mentions {iri_term(entity)} ; pockg:text ?text ;
                   pockg:inDocument ?doc .
          OPTIONAL {{ ?passage pockg:position ?position }}
          OPTIONAL {{ ?passage pockg:section ?section }}
          OPTIONAL {{ ?passage pockg:page ?page }}
          OPTIONAL {{ ?doc dcterms:title ?title }}
        }} ORDER BY ?title ?position"""
    mentions = []
    for row in scope.query(store, sparql):
        assert isinstance(row, ResultRow)
        passage = value(row, "passage") or ""
        link = passage_link(passage, scope.id_base)
        page = value(row, "page")
        mentions.append(
            MentionOut(
                passage=passage,
                doc_id=link[0] if link else None,
                document_title=value(row, "title"),
                text=(value(row, "text") or "")[:SNIPPET_LENGTH],
                section=value(row, "section"),
                page=int(page) if page else None,
                href=link[1] if link else None,
            )
        )
    return mentions


def statements(
    store: Graphs, scope: Scope, class_name: str, filters: Iterable[str] = ()
) -> list[StatementOut]:
    """Return the statements of pockg class `class_name` passing `filters` (SPARQL FILTERs
    on ?s, ?doc and ?year), in document order, without their links; statements a curator
    rejected are left out."""
    sparql = f"""SELECT ?s ?text ?passage ?section ?page ?title ?year ?status ?curated WHERE {{
          ?s a pockg:{class_name} ; pockg:text ?text ; prov:wasDerivedFrom ?passage .
          {NOT_REJECTED}
          ?passage pockg:inDocument ?doc .
          OPTIONAL {{ ?s pockg:curationStatus ?status }}
          BIND(EXISTS {{ ?s prov:wasGeneratedBy/a pockg:Curation }} AS ?curated)
          OPTIONAL {{ ?passage pockg:position ?position }}
          OPTIONAL {{ ?passage pockg:section ?section }}
          OPTIONAL {{ ?passage pockg:page ?page }}
          OPTIONAL {{ ?doc dcterms:title ?title }}
          OPTIONAL {{ ?doc pockg:year ?year }}
          {" ".join(filters)}
        }} ORDER BY ?title ?position ?s"""
    found: dict[str, StatementOut] = {}
    for row in scope.query(store, sparql):
        assert isinstance(row, ResultRow)
        iri = value(row, "s") or ""
        if iri not in found:
            found[iri] = _statement(row, class_name, scope.id_base)
    return list(found.values())


def _statement(row: ResultRow, class_name: str, base: str) -> StatementOut:
    passage = value(row, "passage") or ""
    link = passage_link(passage, base)
    page = value(row, "page")
    return StatementOut(
        iri=value(row, "s") or "",
        kind=class_name,
        text=value(row, "text") or "",
        passage=passage,
        doc_id=link[0] if link else None,
        document_title=value(row, "title"),
        year=value(row, "year"),
        section=value(row, "section"),
        page=int(page) if page else None,
        href=link[1] if link else None,
        status=value(row, "status"),
        curated=value(row, "curated") == "true",
    )


def with_links(store: Graphs, scope: Scope, items: Sequence[StatementOut]) -> None:
    """Fill in the countries, actors, instruments, themes and addressees of `items`."""
    if not items:
        return
    by_iri = {item.iri: item for item in items}
    predicates = " ".join(STATEMENT_LINKS.values())
    sparql = f"""SELECT ?s ?p ?o (SAMPLE(?l) AS ?label) WHERE {{
          {values_clause("s", list(by_iri))} VALUES ?p {{ {predicates} }}
          ?s ?p ?o . OPTIONAL {{ ?o {LABEL_PATH} ?l }}
        }} GROUP BY ?s ?p ?o ORDER BY ?s ?p LCASE(STR(?label))"""
    fields = {str(_expand(p)): field for field, p in STATEMENT_LINKS.items()}
    for row in scope.query(store, sparql):
        assert isinstance(row, ResultRow)
        item = by_iri[value(row, "s") or ""]
        field = fields[value(row, "p") or ""]
        node = ref(value(row, "o") or "", value(row, "label"), scope.id_base)
        getattr(item, field).append(node)


def _expand(prefixed: str) -> URIRef:
    return URIRef(ONTOLOGY_NS + prefixed.removeprefix("pockg:"))


def linkage(store: Graphs, scope: Scope) -> LinkageOut:
    """Return the practice-to-framework matrix from `practice-framework-linkage.rq`."""
    sparql = (QUERIES_DIR / "practice-framework-linkage.rq").read_text(encoding="utf-8")
    cells: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(
        lambda: {"practices": set(), "links": set()}
    )
    labels: dict[str, str | None] = {}
    for row in scope.query(store, sparql):
        assert isinstance(row, ResultRow)
        country, instrument = value(row, "countryLabel") or "", value(row, "instrument") or ""
        labels[instrument] = value(row, "instrumentLabel")
        cells[(country, instrument)]["practices"].add(value(row, "practice") or "")
        cells[(country, instrument)]["links"].add(value(row, "link") or "")
    columns = sorted(labels, key=lambda iri: ((labels[iri] or iri).casefold(), iri))
    return LinkageOut(
        countries=sorted({country for country, _ in cells}),
        instruments=[ref(iri, labels[iri], scope.id_base) for iri in columns],
        cells=[
            LinkageCellOut(
                country=country,
                instrument=instrument,
                practices=sorted(cell["practices"]),
                links=sorted(cell["links"]),
            )
            for (country, instrument), cell in sorted(cells.items())
        ],
    )


def entity_detail(store: Graphs, scope: Scope, iri: str) -> EntityOut | None:
    """Return what the readable graph says about the entity `iri`, or None if nothing."""
    if not scope.knows(store, iri):
        return None
    outgoing, incoming = relations(store, scope, iri)
    parts = split_minted(iri, scope.id_base)
    about = f"FILTER EXISTS {{ ?s ?link {iri_term(iri)} }}"
    practices = statements(store, scope, "FieldPractice", [about])
    recommendations = statements(store, scope, "Recommendation", [about])
    with_links(store, scope, [*practices, *recommendations])
    names = [r for r in outgoing if r.predicate == str(SKOS.altLabel)]
    label = next((r.value for r in outgoing if r.predicate in _LABELS), None)
    return EntityOut(
        iri=iri,
        kind=parts[0] if parts else "",
        key="/".join(parts[1:]),
        label=label,
        aliases=sorted({r.value for r in names} - {label or ""}, key=str.casefold),
        types=[ref(r.value, r.label, scope.id_base) for r in outgoing if r.predicate == _TYPE],
        outgoing=[r for r in outgoing if r.predicate not in _NAMES],
        incoming=incoming,
        mentions=mentions_of(store, scope, iri),
        practices=practices,
        recommendations=recommendations,
    )


_TYPE = str(RDF.type)
_LABELS = {str(RDFS.label), str(SKOS.prefLabel)}
_NAMES = {*_LABELS, _TYPE, str(SKOS.altLabel)}
