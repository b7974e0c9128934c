"""`/api/search`: ranked passages (or statements) with facets, snippets and entities."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request

from pockg.index.search import search

router = APIRouter(prefix="/api", tags=["search"])

_MAX_QUERY_CHARS = 1000


@router.get(
    "/search",
    responses={400: {"description": "An unknown filter or a query over 1000 characters"}},
)
def search_passages(
    request: Request,
    q: Annotated[
        str,
        Query(description='the query: words, "phrases", AND/OR/NOT, field:value; empty: no hits'),
    ] = "",
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
    country: str | None = None,
    theme: str | None = None,
    document: str | None = None,
    kind: str | None = None,
    actor: str | None = None,
    record: Annotated[str | None, Query(pattern="^(passage|statement)$")] = None,
) -> dict[str, Any]:
    """Return a page of hits for `q` among public documents, with facet counts (country,
    theme, document, statement kind, actor), highlighted snippets, the entities of each hit
    and a "did you mean" suggestion. Facet values passed as parameters filter the hits."""
    if len(q) > _MAX_QUERY_CHARS:
        raise HTTPException(400, f"the query is {len(q)} characters; at most {_MAX_QUERY_CHARS}")
    chosen = {
        "country": country,
        "theme": theme,
        "document": document,
        "kind": kind,
        "actor": actor,
        "record": record,
    }
    filters = {name: value for name, value in chosen.items() if value}
    try:
        result = search(request.app.state.settings, q, limit=limit, page=page, filters=filters)
    except ValueError as error:
        raise HTTPException(400, str(error)) from None
    return result.as_json()
