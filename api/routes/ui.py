"""The HTML pages for searching: `/search` (the twin of `/api/search`) and `/sparql-editor`
(a form over `/sparql`, with the named example queries of `ontology/queries/`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from api.auth import cookie_reader
from api.deps import Store, templates
from api.linked import local_href, passage_link, with_query
from api.routes.sparql import query_pool
from api.sparql.limits import LimitError, Limits
from api.sparql.protocol import MAX_QUERY_BYTES, Answer, SparqlRequest
from pockg.graph.ontology import ExampleQuery, example_queries
from pockg.index.search import SearchResult, search

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 10
MAX_QUERY_CHARS = 1000
FACETS = {"country": "Country", "theme": "Theme", "document": "Document", "kind": "Kind"}
DOWNLOADS = ("csv", "json", "tsv")
# Asked of the query workers: a table for SELECT/ASK, Turtle for CONSTRUCT/DESCRIBE.
_ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"
_JSON_RESULTS = "application/sparql-results+json"

Filter = Annotated[str | None, Query(max_length=MAX_QUERY_CHARS)]


@dataclass(frozen=True)
class FacetValue:
    """One facet value on the page: what it filters, its label and count, and its link."""

    value: str
    label: str
    count: int
    href: str
    active: bool


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    store: Store,
    q: str = "",
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
    country: Filter = None,
    theme: Filter = None,
    document: Filter = None,
    kind: Filter = None,
) -> HTMLResponse:
    """Render the search form, and for a query its hits, facets, suggestion and pages."""
    filters = {
        name: value
        for name, value in {
            "country": country,
            "theme": theme,
            "document": document,
            "kind": kind,
        }.items()
        if value
    }
    error, result = None, None
    if len(q) > MAX_QUERY_CHARS:
        error = f"The query is {len(q)} characters long; shorten it to {MAX_QUERY_CHARS}."
    elif q.strip():
        try:
            reader = cookie_reader(request)
            result = search(
                request.app.state.settings,
                q,
                limit=PAGE_SIZE,
                page=page,
                filters=filters,
                include_levels=reader.levels,
                include_documents=reader.granted,
            )
        except ValueError as exc:
            error = str(exc)
    params = {"q": q, **filters}
    titles = {s.file_name: s.metadata.title or s.file_name for s in store.summaries()}
    context = {
        "q": q,
        "filters": filters,
        "facet_names": FACETS,
        "result": result,
        "error": error,
        "hits": _hits(result, request.app.state.settings.id_base),
        "facets": _facets(result, params, titles),
        "active": _active_filters(filters, params, titles),
        "pages": _pages(result, params),
        "suggestion_href": _suggestion_href(result, params),
        "json_href": _href("/api/search", {**params, "page": page} if q else params),
    }
    context["api"] = context["json_href"]
    status = 400 if error else 200
    return templates.TemplateResponse(request, "search.html", context, status_code=status)


def _href(path: str, params: dict[str, Any]) -> str:
    """Return `path` with the non-empty `params` (and a page other than the first)."""
    return with_query(path, {k: v for k, v in params.items() if not (k == "page" and v == 1)})


def _hits(result: SearchResult | None, base: str) -> list[dict[str, Any]]:
    """Return each hit with its reader link and its entities' local links."""
    if result is None:
        return []
    shown = []
    for hit in result.hits:
        linked = passage_link(hit.passage, base)
        entities = [
            {"label": e.get("label") or e["iri"], "href": _local(e["iri"], base)}
            for e in hit.entities
            if e.get("iri")
        ]
        shown.append(
            {
                "hit": hit,
                "href": linked[1] if linked else f"/documents/{hit.doc_id}",
                "entities": entities,
            }
        )
    return shown


def _facets(
    result: SearchResult | None, params: dict[str, str], titles: dict[str, str]
) -> dict[str, list[FacetValue]]:
    """Return the values of each facet with links that add (or, when active, drop) them."""
    if result is None:
        return {}
    facets: dict[str, list[FacetValue]] = {}
    for name in FACETS:
        values = []
        for value, count in result.facets.get(name, {}).items():
            active = params.get(name) == value
            changed = {**params, name: None if active else value}
            label = titles.get(value, value) if name == "document" else value
            values.append(FacetValue(value, label, count, _href("/search", changed), active))
        if values:
            facets[name] = values
    return facets


def _active_filters(
    filters: dict[str, str], params: dict[str, str], titles: dict[str, str]
) -> list[dict[str, str]]:
    """Return the filters in force, each with a link that removes it."""
    return [
        {
            "name": FACETS[name],
            "label": titles.get(value, value) if name == "document" else value,
            "href": _href("/search", {**params, name: None}),
        }
        for name, value in filters.items()
    ]


def _pages(result: SearchResult | None, params: dict[str, str]) -> dict[str, Any]:
    """Return the previous and next page links and the page count."""
    if result is None or result.total == 0:
        return {}
    last = max(1, -(-result.total // result.limit))
    return {
        "current": result.page,
        "last": last,
        "first_rank": (result.page - 1) * result.limit + 1,
        "previous": _href("/search", {**params, "page": result.page - 1})
        if result.page > 1
        else None,
        "next": _href("/search", {**params, "page": result.page + 1})
        if result.page < last
        else None,
    }


def _suggestion_href(result: SearchResult | None, params: dict[str, str]) -> str | None:
    """Return the link to the "did you mean" query, if there is one."""
    if result is None or not result.suggestion:
        return None
    return _href("/search", {**params, "q": result.suggestion})


@router.get("/sparql-editor", response_class=HTMLResponse)
async def sparql_editor(
    request: Request, query: str | None = None, example: str | None = None
) -> HTMLResponse:
    """Render the SPARQL editor; with a query, run it as `/sparql` would and show the
    results as a table (or the error, with its status)."""
    known = await run_in_threadpool(example_queries)
    chosen = next((e for e in known if e.name == example), None)
    text = query if query is not None else (chosen.text if chosen else "")
    context: dict[str, Any] = {
        "examples": known,
        "example": chosen.name if chosen else _example_of(text, known),
        "query": text,
        "ran": bool(query and query.strip()),
        "downloads": {f: _href("/sparql", {"query": text, "format": f}) for f in DOWNLOADS},
    }
    context["api"] = context["downloads"]["json"] if context["ran"] else "/api/queries"
    status = 200
    if context["ran"]:
        status, outcome = await _run(request, text)
        context.update(outcome)
    return templates.TemplateResponse(request, "sparql_editor.html", context, status_code=status)


def _example_of(text: str, known: list[ExampleQuery]) -> str | None:
    """Return the name of the example whose text is `text`, if any."""
    return next((e.name for e in known if e.text.strip() == text.strip()), None)


async def _run(request: Request, query: str) -> tuple[int, dict[str, Any]]:
    """Return the status and the page's view of the answer to `query`."""
    if len(query.encode("utf-8")) > MAX_QUERY_BYTES:
        return 413, {"error": f"The query is over {MAX_QUERY_BYTES} bytes."}
    try:
        limits = Limits.from_env()
        pool = query_pool(request.app)
        reply = await run_in_threadpool(
            pool.run, SparqlRequest(query, accept=_ACCEPT, reader=cookie_reader(request)), limits
        )
    except LimitError as error:
        return 503, {"error": str(error)}
    return reply.status, _outcome(reply, request.app.state.settings.id_base)


def _outcome(reply: Answer, base: str) -> dict[str, Any]:
    """Return the error, the table, the boolean or the graph text of a worker's answer."""
    body = reply.body.decode("utf-8")
    if reply.status != 200:
        return {"error": _detail(body)}
    if reply.media_type != _JSON_RESULTS:
        return {"graph_text": body, "truncated": reply.truncated}
    data = json.loads(body)
    if "boolean" in data:
        return {"boolean": bool(data["boolean"])}
    columns: list[str] = data["head"].get("vars", [])
    rows = [
        [_cell(binding.get(column), base) for column in columns]
        for binding in data["results"]["bindings"]
    ]
    return {"columns": columns, "rows": rows, "truncated": reply.truncated}


def _detail(body: str) -> str:
    """Return the message of an error answer (`{"detail": ...}`), or the body itself."""
    try:
        return str(json.loads(body)["detail"])
    except (ValueError, KeyError, TypeError):
        return body


def _cell(term: dict[str, str] | None, base: str) -> dict[str, str | None]:
    """Return one table cell: its text and, for an IRI, where it links."""
    if term is None:
        return {"text": "", "href": None}
    value = term.get("value", "")
    if term.get("type") == "uri":
        return {"text": value, "href": _local(value, base)}
    if term.get("type") == "bnode":
        return {"text": f"_:{value}", "href": None}
    return {"text": value, "href": None}


def _local(iri: str, base: str) -> str | None:
    """Return this server's page for `iri` (minted IRIs, ontology terms), else None: an
    IRI from the data is never made a link off-site (it could be `javascript:`)."""
    href = local_href(iri, base)
    return href if href.startswith("/") else None
