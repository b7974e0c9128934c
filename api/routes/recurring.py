"""Recurring recommendations: `/api/recommendations/recurring` as JSON and
`/recommendations/recurring` as its HTML twin."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from api.deps import Graphs, templates
from api.linked import Permitted
from api.recurring import OTHER, recurring_view
from api.schemas_recurring import RecurringOut

router = APIRouter(prefix="/api", tags=["recommendations"])
pages = APIRouter(include_in_schema=False)

API_PATH = "/api/recommendations/recurring"
Theme = Annotated[
    str | None,
    Query(
        max_length=300,
        description=f'a theme\'s IRI, name or alias (any case), or "{OTHER}" for groups '
        "without a theme",
        examples=["Information sharing"],
    ),
]
MinDocuments = Annotated[
    int, Query(ge=2, le=100, description="the fewest documents a group must span")
]


@router.get("/recommendations/recurring", responses={404: {"description": "Unknown theme"}})
def list_recurring(
    graphs: Graphs, scope: Permitted, theme: Theme = None, min_documents: MinDocuments = 2
) -> RecurringOut:
    """Return recommendations made again in other documents, grouped by near-identical
    wording (TF-IDF cosine of stemmed content words, average-link), listed under each of
    their themes ("Other" for none), each with its history: every wording with its year
    and source passage."""
    return recurring_view(graphs, scope, theme, min_documents)


@pages.get("/recommendations/recurring", response_class=HTMLResponse)
def recurring_page(
    request: Request,
    graphs: Graphs,
    scope: Permitted,
    theme: Theme = None,
    min_documents: MinDocuments = 2,
) -> HTMLResponse:
    """Render the recurring recommendations by theme, with the filter form."""
    given: dict[str, Any] = {"theme": theme} if theme else {}
    if min_documents != 2:
        given["min_documents"] = min_documents
    api = f"{API_PATH}?{urlencode(given)}" if given else API_PATH
    context: dict[str, Any] = {"chosen": {"theme": theme, "min_documents": min_documents}}
    context["api"] = api
    try:
        context["view"] = recurring_view(graphs, scope, theme, min_documents)
        status = 200
    except HTTPException as error:
        context.update(view=None, error=error.detail)
        status = error.status_code
    return templates.TemplateResponse(request, "recurring.html", context, status_code=status)
