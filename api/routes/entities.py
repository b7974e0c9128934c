"""`/api/entities`: the people, organisations, missions, places and instruments of the graph."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import RedirectResponse

from api.deps import Graphs
from api.linked import Permitted, checked_iri
from api.queries import entity_detail, entity_list
from api.schemas_graph import EntityListOut, EntityOut
from pockg.graph.iri import ENTITY_KINDS
from pockg.graph.merges import kept_entity
from pockg.graph.namespace import OWL, POCKG, RDF
from pockg.graph.ontology import ontology_graph

router = APIRouter(prefix="/api", tags=["entities"])

MAX_LIMIT = 1000


def pockg_class(name: str | None) -> str | None:
    """Return `name` if it is a class of the pockg ontology, else raise 422 naming them."""
    if name is None:
        return None
    classes = {
        str(c)[len(str(POCKG._NS)) :]
        for c in ontology_graph().subjects(RDF.type, OWL.Class)
        if str(c).startswith(str(POCKG._NS))
    }
    if name not in classes:
        detail = f"unknown type {name!r}; use a pockg class: {', '.join(sorted(classes))}"
        raise HTTPException(status_code=422, detail=detail)
    return name


@router.get("/entities")
def list_entities(
    graphs: Graphs,
    scope: Permitted,
    type: Annotated[
        str | None, Query(max_length=80, description="a pockg class", examples=["Organisation"])
    ] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="part of a name", examples=["OCHA"])
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> EntityListOut:
    """List entities with their preferred label and how many passages mention them, most
    mentioned first; `type` keeps one pockg class, `q` names containing it (any case)."""
    items = entity_list(graphs, scope, pockg_class(type), q)
    return EntityListOut(
        total=len(items), limit=limit, offset=offset, items=items[offset : offset + limit]
    )


@router.get(
    "/entities/{kind}/{key}",
    response_model=EntityOut,
    responses={
        303: {"description": "A curator merged this entity into the one at `Location`"},
        404: {"description": "No such entity"},
    },
)
def get_entity(
    kind: str, key: str, graphs: Graphs, scope: Permitted
) -> EntityOut | RedirectResponse:
    """Return an entity with its labels, aliases, types, relations both ways, the passages
    that mention it and the field practices and recommendations linked to it; for an
    entity a curator merged into another, 303 See Other to the kept entity."""
    iri = f"{scope.id_base}{kind}/{key}"
    known_kind = kind in ENTITY_KINDS and checked_iri(iri) is not None
    kept = kept_entity(graphs, scope.id_base, iri) if known_kind else None
    if kept is not None:
        if not kept.startswith(scope.id_base):  # no API path to send the reader to
            raise HTTPException(404, f"{kind}/{key} was merged into {kept}")
        return RedirectResponse(f"/api/entities/{kept[len(scope.id_base) :]}", 303)
    entity = entity_detail(graphs, scope, iri) if kind in ENTITY_KINDS else None
    if entity is None:
        raise HTTPException(status_code=404, detail=f"no entity {kind}/{key}")
    return entity
