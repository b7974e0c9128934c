"""The timeline: `/api/timeline` as JSON and `/timeline` as its HTML twin."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from rdflib.query import ResultRow

from api.deps import Graphs, templates
from api.linked import Permitted, Scope, with_query
from api.queries import names_match, value
from api.schemas_timeline import TimelineOut
from api.timeline import TimelineFilter, timeline

router = APIRouter(prefix="/api", tags=["timeline"])
pages = APIRouter(include_in_schema=False)

Name = Annotated[str | None, Query(max_length=300)]
Year = Annotated[int | None, Query(ge=1900, le=2100)]


@router.get("/timeline", responses={404: {"description": "Unknown country or theme"}})
def get_timeline(
    graphs: Graphs,
    scope: Permitted,
    country: Annotated[Name, Query(examples=["Mali"])] = None,
    theme: Annotated[Name, Query(examples=["Information sharing"])] = None,
    since: Year = None,
    until: Year = None,
) -> TimelineOut:
    """Return documents and meetings, the works they cite, the Security Council resolutions
    they mention and the start and end of the UN missions they mention, oldest first. A
    country or theme (IRI, name or alias) narrows every kind to what passages about it say;
    `since` and `until` bound the years."""
    return _timeline(graphs, scope, country, theme, since, until)


@pages.get("/timeline", response_class=HTMLResponse)
def timeline_page(
    request: Request,
    graphs: Graphs,
    scope: Permitted,
    country: Name = None,
    theme: Name = None,
    since: Year = None,
    until: Year = None,
) -> HTMLResponse:
    """Render the timeline, grouped by year, with the filter form."""
    chosen = {"country": country, "theme": theme, "since": since, "until": until}
    given = {name: v for name, v in chosen.items() if v not in (None, "")}
    context: dict[str, Any] = {"chosen": chosen, "api": with_query("/api/timeline", given)}
    try:
        context["timeline"] = _timeline(graphs, scope, country, theme, since, until)
        status = 200
    except HTTPException as error:
        context.update(timeline=None, error=error.detail)
        status = error.status_code
    return templates.TemplateResponse(request, "timeline.html", context, status_code=status)


def _timeline(
    graphs: Graphs,
    scope: Scope,
    country: str | None,
    theme: str | None,
    since: int | None,
    until: int | None,
) -> TimelineOut:
    narrowed = TimelineFilter(
        country=_node(graphs, scope, "Country", country),
        theme=_node(graphs, scope, "Theme", theme),
    )
    entries = [
        entry
        for entry in timeline(graphs, scope, narrowed)
        if (since is None or entry.year >= since) and (until is None or entry.year <= until)
    ]
    return TimelineOut(
        country=country,
        theme=theme,
        kinds=dict(Counter(entry.kind for entry in entries)),
        entries=entries,
    )


def _node(graphs: Graphs, scope: Scope, class_name: str, given: str | None) -> str | None:
    """Return the IRI of the `class_name` node named `given`, or raise 404."""
    if not given:
        return None
    sparql = f"SELECT ?n WHERE {{ ?n a pockg:{class_name} . {names_match('n', given)} }} LIMIT 1"
    for row in scope.query(graphs, sparql):
        assert isinstance(row, ResultRow)
        found = value(row, "n")
        if found:
            return found
    kind = class_name.lower()
    raise HTTPException(status_code=404, detail=f"no {kind} is known as {given!r}")
