"""`/api/practices`, `/api/recommendations` and `/api/linkage`: statements drawn from the
documents, and how field practices link to global frameworks by country."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Graphs
from api.linkage_view import linkage_view
from api.linked import Permitted, literal_term
from api.queries import linked_filter, statements, with_links
from api.schemas_graph import LinkageViewOut, StatementListOut, StatementOut
from pockg.graph.iri import document_iri

router = APIRouter(prefix="/api", tags=["statements"])

MAX_LIMIT = 1000
Name = Annotated[str | None, Query(max_length=300)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0)]


def page_of(
    graphs: Graphs, scope: Permitted, items: list[StatementOut], limit: int, offset: int
) -> StatementListOut:
    """Return one page of `items`, with the links of the statements on it."""
    page = items[offset : offset + limit]
    with_links(graphs, scope, page)
    return StatementListOut(total=len(items), limit=limit, offset=offset, items=page)


@router.get("/practices")
def list_practices(
    graphs: Graphs,
    scope: Permitted,
    country: Annotated[Name, Query(examples=["Mali"])] = None,
    theme: Annotated[Name, Query(examples=["Information sharing"])] = None,
    actor: Annotated[Name, Query(examples=["UNICEF"])] = None,
    framework: Annotated[Name, Query(examples=["Monitoring and Reporting Mechanism"])] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> StatementListOut:
    """List field practices in document order. Each filter is an IRI or a name (preferred
    label or alias, any case) of the country, theme, involved actor or related framework,
    tool or mandate."""
    wanted = (
        ("pockg:country", country),
        ("pockg:theme", theme),
        ("pockg:involves", actor),
        ("pockg:relatesTo", framework),
    )
    filters = [linked_filter(p, v, i) for i, (p, v) in enumerate(wanted) if v]
    items = statements(graphs, scope, "FieldPractice", filters)
    return page_of(graphs, scope, items, limit, offset)


@router.get("/recommendations")
def list_recommendations(
    graphs: Graphs,
    scope: Permitted,
    addressee: Annotated[Name, Query(examples=["Protection Cluster"])] = None,
    theme: Annotated[Name, Query(examples=["Contingency planning"])] = None,
    document: Annotated[
        str | None,
        Query(max_length=300, examples=["ocha-2020-cmcoord-guidance-note-protection-outcomes-txt"]),
    ] = None,
    year: Annotated[int | None, Query(ge=1900, le=2100, examples=[2020])] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> StatementListOut:
    """List recommendations in document order, filtered by the actor they are addressed to
    and their theme (an IRI or a name), the id of their document and its year."""
    wanted = (("pockg:addressedTo", addressee), ("pockg:theme", theme))
    filters = [linked_filter(p, v, i) for i, (p, v) in enumerate(wanted) if v]
    if document:
        filters.append(f"FILTER(?doc = <{document_iri(document, base=scope.id_base)}>)")
    if year is not None:
        filters.append(f"FILTER(STR(?year) = {literal_term(str(year))})")
    items = statements(graphs, scope, "Recommendation", filters)
    return page_of(graphs, scope, items, limit, offset)


@router.get("/linkage")
def get_linkage(graphs: Graphs, scope: Permitted) -> LinkageViewOut:
    """Return the practice-to-framework matrix: per country (rows) and global framework,
    tool or mandate (columns), the field practices linked to it directly or through the
    mandate of a UN mission they involve (`ontology/queries/practice-framework-linkage.rq`);
    and per country and theme, the field practices on that theme."""
    return linkage_view(graphs, scope)
