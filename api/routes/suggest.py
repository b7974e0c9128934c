"""`/api/suggest`: what the curation form's pickers offer as a curator types."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from api.deps import Graphs
from api.linked import Permitted
from api.suggestions import Kind, SuggestionOut, suggest

router = APIRouter(prefix="/api", tags=["curation"])

MAX_LIMIT = 20


@router.get("/suggest", responses={422: {"description": "An unknown kind"}})
def suggestions(
    graphs: Graphs,
    scope: Permitted,
    q: Annotated[
        str, Query(max_length=200, description="part of a name or text; blank: no suggestions")
    ] = "",
    kind: Annotated[
        list[str] | None,
        Query(description="entity, instrument, statement or passage; repeat to mix kinds"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 10,
) -> list[SuggestionOut]:
    """Return entities named like `q`, or statements or passages whose text holds every
    word of it, among what the reader may read: the best `limit`, an exact name first."""
    return suggest(graphs, scope, q, _kinds(kind or [Kind.ENTITY.value]), limit)


def _kinds(names: list[str]) -> list[Kind]:
    """Return the kinds named, once each in order; raise 422 naming the allowed ones."""
    allowed = [k.value for k in Kind]
    unknown = [name for name in names if name not in allowed]
    if unknown:
        detail = f"unknown kind {unknown[0]!r}; use one of {', '.join(allowed)}"
        raise HTTPException(status_code=422, detail=detail)
    return [Kind(name) for name in dict.fromkeys(names)]
