"""`/id/...`: every minted IRI dereferences, as HTML for people and Turtle or JSON-LD for
programs (content negotiation, or `?format=html|ttl|jsonld|json`)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import unquote

from fastapi import APIRouter, Header, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from api.deps import Graphs, templates
from api.linked import (
    MEDIA_TYPES,
    Permitted,
    Scope,
    checked_iri,
    describe,
    local_href,
    negotiate,
    serialize,
    split_minted,
)
from api.queries import entity_detail
from pockg.curation import curations
from pockg.graph.iri import ENTITY_KINDS
from pockg.graph.merges import kept_entity

router = APIRouter(tags=["linked data"])
templates.env.filters["local"] = local_href

RDF_FORMATS = ("html", "ttl", "jsonld", "json")
Format = Annotated[str | None, Query(description="html, ttl, jsonld or json (JSON-LD)")]


@router.get(
    "/id/{path:path}",
    response_class=Response,
    responses={
        200: {"content": {t: {} for t in MEDIA_TYPES.values()}, "description": "The resource"},
        303: {"description": "A curator merged this entity into the one at `Location`"},
        404: {"description": "Nothing is known about this IRI"},
        406: {"description": "None of the accepted media types is offered"},
    },
)
def dereference(
    request: Request,
    path: str,
    graphs: Graphs,
    scope: Permitted,
    accept: Annotated[str | None, Header()] = None,
    format: Format = None,
) -> Response:
    """Describe the resource `<id base><path>`: its triples from the readable graphs and
    the labels of what they point at; as HTML, the page also lists the passages that
    mention it and the field practices and recommendations linked to it. An entity a
    curator merged into another answers 303 See Other with the kept entity's IRI."""
    chosen = negotiate(accept, format, RDF_FORMATS)
    candidates = _candidate_iris(request, path, scope.id_base)
    merged = _merged_into(request, graphs, scope.id_base, candidates)
    if merged is not None:
        return merged
    if chosen == "html":
        return _html(request, graphs, scope, candidates)
    for iri in candidates:
        graph = describe(graphs, scope, iri)
        if len(graph):
            return Response(serialize(graph, chosen), media_type=MEDIA_TYPES[chosen], headers=_VARY)
    raise HTTPException(status_code=404, detail=f"nothing is known about {candidates[0]}")


_VARY = {"Vary": "Accept"}


def _candidate_iris(request: Request, path: str, base: str) -> list[str]:
    """Return the IRIs a request path may name: decoded (IRIs keep letters of any script)
    and as sent (ids are minted percent-encoded); only valid IRIs."""
    raw = request.scope.get("raw_path", b"").decode("ascii", "replace").split("?")[0]
    sent = raw.removeprefix(request.scope.get("root_path", "")).removeprefix("/id/")
    names = dict.fromkeys([base + path, base + sent, base + unquote(sent)])
    return [name for name in names if checked_iri(name) is not None] or [base + path]


def _merged_into(
    request: Request, graphs: Graphs, base: str, candidates: list[str]
) -> Response | None:
    """Return a 303 to the kept entity when a curator merged the named entity into it: the
    document graphs now describe the kept one under its IRI (303 as in "Cool URIs for the
    Semantic Web", https://www.w3.org/TR/cooluris/, section 4.2)."""
    for iri in candidates:
        kept = kept_entity(graphs, base, iri) if checked_iri(iri) is not None else None
        if kept is not None:
            query = f"?{request.url.query}" if request.url.query else ""
            return RedirectResponse(local_href(kept, base) + query, 303, headers=_VARY)
    return None


def _html(request: Request, graphs: Graphs, scope: Scope, candidates: list[str]) -> Response:
    for iri in candidates:
        if checked_iri(iri) is None:
            continue
        entity = entity_detail(graphs, scope, iri)
        if entity is not None:
            parts = split_minted(iri, scope.id_base)
            api = f"/api/entities/{iri[len(scope.id_base) :]}" if _is_entity(parts) else None
            context = {
                "curations": curations(graphs, scope.id_base, iri),
                "entity": entity,
                "api": api or "?format=jsonld",
                "entity_api": api,
                "base": scope.id_base,
            }
            return templates.TemplateResponse(request, "entity.html", context, headers=_VARY)
    context = {"entity": None, "iri": candidates[0], "base": scope.id_base}
    return templates.TemplateResponse(
        request, "entity.html", context, status_code=404, headers=_VARY
    )


def _is_entity(parts: tuple[str, ...]) -> bool:
    return len(parts) == 2 and parts[0] in ENTITY_KINDS
