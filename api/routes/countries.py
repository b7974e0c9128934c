"""Countries: `/api/countries` and `/api/countries/{key}` as JSON, `/countries` and
`/countries/{key}` as their HTML twins. A key is the country's code (`mli`), IRI or name."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.countries import country_detail, country_iri, country_list
from api.deps import Graphs, templates
from api.linked import Permitted, Scope
from api.schemas_graph import CountryOut, CountrySummaryOut

router = APIRouter(prefix="/api", tags=["countries"])
pages = APIRouter(include_in_schema=False)

Key = Annotated[str, Path(max_length=300, examples=["mli", "Mali"])]


@router.get("/countries")
def list_countries(graphs: Graphs, scope: Permitted) -> list[CountrySummaryOut]:
    """List the countries the readable documents speak of, by name, with the number of
    field practices set in each and of passages mentioning it."""
    return country_list(graphs, scope)


@router.get("/countries/{key:path}", responses={404: {"description": "No such country"}})
def get_country(key: Key, graphs: Graphs, scope: Permitted) -> CountryOut:
    """Return one country's UN missions and their mandates, the field practices,
    challenges and recommendations set in it (each with its source), the frameworks its
    practices link to, their themes and actors, and the documents that mention it."""
    return country_detail(graphs, scope, _known(graphs, scope, key))


def _known(graphs: Graphs, scope: Scope, key: str) -> str:
    """Return the IRI of the country `key`, or raise 404 saying what was not found."""
    iri = country_iri(graphs, scope, key)
    if iri is None:
        raise HTTPException(status_code=404, detail=f"no country is known as {key!r}")
    return iri


@pages.get("/countries", response_class=HTMLResponse)
def countries_page(request: Request, graphs: Graphs, scope: Permitted) -> HTMLResponse:
    """Render the countries the documents speak of."""
    context = {"countries": country_list(graphs, scope), "api": "/api/countries"}
    return templates.TemplateResponse(request, "countries.html", context)


@pages.get("/countries/{key:path}", response_class=HTMLResponse)
def country_page(request: Request, key: Key, graphs: Graphs, scope: Permitted) -> Response:
    """Render one country; a name or IRI redirects to the page under the country's code."""
    try:
        iri = _known(graphs, scope, key)
    except HTTPException as error:
        context: dict[str, Any] = {"country": None, "key": key, "detail": error.detail}
        return templates.TemplateResponse(request, "country.html", context, status_code=404)
    canonical = iri.rsplit("/", 1)[-1]
    if canonical != key:
        return RedirectResponse(f"/countries/{quote(canonical)}", status_code=307)
    country = country_detail(graphs, scope, iri)
    context = {"country": country, "api": f"/api{country.href}", "base": scope.id_base}
    return templates.TemplateResponse(request, "country.html", context)
