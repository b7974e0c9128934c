"""`/linkage`: the HTML twin of `/api/linkage`. Field practices by country against global
frameworks, tools and mandates and against themes, as matrices and as a picture; a cell's
link lists its practices with their sources."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.countries import country_list
from api.deps import Graphs, templates
from api.linkage_view import linkage_picture, linkage_view
from api.linked import Permitted, values_clause
from api.queries import statements, with_links
from api.schemas_graph import LinkageViewOut, StatementOut

router = APIRouter(include_in_schema=False)

Given = Annotated[str | None, Query(max_length=1000)]


@router.get("/linkage", response_class=HTMLResponse)
def linkage_page(
    request: Request,
    graphs: Graphs,
    scope: Permitted,
    country: Given = None,
    instrument: Given = None,
    theme: Given = None,
) -> HTMLResponse:
    """Render both matrices and the picture; with a country and an instrument or theme,
    also the field practices of that cell."""
    view = linkage_view(graphs, scope)
    hrefs = {c.label or c.iri: c.href for c in country_list(graphs, scope)}
    chosen = _cell(view, country, instrument, theme)
    practices: list[StatementOut] = []
    if chosen:
        practices = statements(graphs, scope, "FieldPractice", [values_clause("s", chosen[1])])
        with_links(graphs, scope, practices)
    labels = {r.iri: r.label or r.iri for r in (*view.instruments, *view.themes)}
    context = {
        "view": view,
        "counts": _counts(view),
        "country_hrefs": hrefs,
        "picture": linkage_picture(view, hrefs),
        "chosen": chosen[0] if chosen else None,
        "practices": practices,
        "labels": labels,
        "base": scope.id_base,
        "api": "/api/linkage",
    }
    status = 404 if (country and not chosen) else 200
    return templates.TemplateResponse(request, "linkage.html", context, status_code=status)


def _counts(view: LinkageViewOut) -> dict[tuple[str, str], tuple[int, list[str]]]:
    """Return the practice count and link kinds of every non-empty cell of both matrices."""
    counts = {(c.country, c.instrument): (len(c.practices), c.links) for c in view.cells}
    counts.update({(c.country, c.theme): (len(c.practices), []) for c in view.theme_cells})
    return counts


def _cell(
    view: LinkageViewOut, country: str | None, instrument: str | None, theme: str | None
) -> tuple[dict[str, str], list[str]] | None:
    """Return the description and practices of the requested cell, or None."""
    if not country:
        return None
    if instrument:
        cell = next(
            (c for c in view.cells if c.country == country and c.instrument == instrument), None
        )
        if cell:
            return {"country": country, "column": instrument}, cell.practices
    if theme:
        found = next(
            (c for c in view.theme_cells if c.country == country and c.theme == theme), None
        )
        if found:
            return {"country": country, "column": theme}, found.practices
    return None
