"""Curation by signed-in curators: `POST /api/curations` (JSON) and the `/curate` form for
browsers; `GET /api/curations` and `/curations` list what was curated, by whom and when."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from api.auth import CurrentReader, cookie_reader
from api.deps import Graphs, read_form, templates
from api.linked import local_href
from pockg.access import Reader
from pockg.config import Settings
from pockg.curation import (
    INDEXED_ACTIONS,
    Action,
    CurationError,
    Curator,
    NewStatement,
    affected_documents,
    curations,
)
from pockg.graph.store import GraphStoreError, open_graph_store
from pockg.index import index_exists, update_index
from pockg.users import Role

router = APIRouter(prefix="/api", tags=["curation"])
pages = APIRouter(include_in_schema=False)

IRI = Annotated[str, Field(max_length=1000)]


class NewStatementIn(BaseModel):
    """A field practice or recommendation added by hand, with its source passage."""

    kind: Literal["FieldPractice", "Recommendation"]
    text: str = Field(max_length=2000)
    passage: IRI = Field(description="the IRI of the passage it comes from")
    countries: list[IRI] = []
    actors: list[IRI] = []
    instruments: list[IRI] = Field([], description="frameworks, tools or mandates")
    themes: list[IRI] = []


class CurationIn(BaseModel):
    """One curation. `confirm`/`reject` need `target`; `merge` needs `target` and `into`;
    `relabel` needs `target` and `label`; `link` needs `target` (a practice or
    recommendation) and `instrument`; `add` needs `statement`."""

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "action": "reject",
                    "target": "https://w3id.org/pockg/id/field-practice/doc/abc/1",
                    "note": "a list of panellists, not a practice",
                }
            ]
        }
    }

    action: Action
    target: IRI | None = None
    into: IRI | None = None
    label: str | None = Field(None, max_length=300)
    instrument: IRI | None = None
    statement: NewStatementIn | None = None
    note: str | None = Field(None, max_length=2000)


class CurationOut(BaseModel):
    """A recorded curation."""

    iri: str
    action: str
    target: str
    target_href: str
    author: str
    time: str
    note: str | None = None
    details: dict[str, str] = {}


@router.post(
    "/curations",
    status_code=201,
    responses={
        401: {"description": "Not signed in"},
        403: {"description": "Signed in without the curator role"},
        422: {"description": "A missing or unknown field, named in the message"},
    },
)
async def post_curation(
    request: Request, body: CurationIn, reader: CurrentReader
) -> dict[str, str]:
    """Record one curation in the curator's own graph; return its IRI (and for `add` the
    new statement's IRI, whose page is `href`)."""
    made = await run_in_threadpool(_curate, request.app.state.settings, _curator(reader), body)
    return {"iri": made, "href": local_href(made, request.app.state.settings.id_base)}


@router.get("/curations")
def list_curations(
    request: Request,
    graphs: Graphs,
    target: Annotated[str | None, Query(max_length=1000)] = None,
) -> list[CurationOut]:
    """List the curations, newest first (of one node with `target`)."""
    base = request.app.state.settings.id_base
    return [_out(c, base) for c in curations(graphs, base, target)]


@pages.get("/curations", response_class=HTMLResponse)
def curations_page(request: Request, graphs: Graphs) -> HTMLResponse:
    """Render the curations, newest first."""
    base = request.app.state.settings.id_base
    found = [_out(c, base) for c in curations(graphs, base)]
    context = {"curations": found, "api": "/api/curations", "base": base}
    return templates.TemplateResponse(request, "curations.html", context)


@pages.get("/curate", response_class=HTMLResponse)
def curate_form(request: Request, target: str = "", action: str = "confirm") -> Response:
    """Render the curation form for a curator; others are sent to sign in."""
    reader = cookie_reader(request)
    if not reader.may(Role.CURATOR):
        return _to_sign_in(request, reader)
    context = {"target": target[:1000], "action": action, "error": None, "actions": list(Action)}
    return templates.TemplateResponse(request, "curate.html", context)


@pages.post("/curate", response_class=HTMLResponse)
async def curate_submit(request: Request) -> Response:
    """Record a curation from the form and show its node; the form again with the error."""
    reader = cookie_reader(request)
    if not reader.may(Role.CURATOR):
        return _to_sign_in(request, reader)
    form = await read_form(request)
    try:
        body = _from_form(form)
        made = await run_in_threadpool(_curate, request.app.state.settings, _curator(reader), body)
    except (HTTPException, ValueError) as error:
        detail = error.detail if isinstance(error, HTTPException) else str(error)
        context = {
            "target": form.get("target", ""),
            "action": form.get("action", "confirm"),
            "error": detail,
            "actions": list(Action),
            "form": form,
        }
        return templates.TemplateResponse(request, "curate.html", context, status_code=422)
    base = request.app.state.settings.id_base
    shown = made if body.action is Action.ADD else (body.target or made)
    return RedirectResponse(local_href(shown, base), status_code=303)


def _curator(reader: Reader) -> str:
    """Return the curator's name, or raise 401/403."""
    if reader.user is None:
        raise HTTPException(401, "sign in as a curator to curate", {"WWW-Authenticate": "Bearer"})
    if not reader.may(Role.CURATOR):
        raise HTTPException(403, f"{reader.user.name} is a {reader.user.role.value}, not a curator")
    return reader.user.name


def _curate(settings: Settings, author: str, body: CurationIn) -> str:
    """Carry out `body` for `author` in one write batch, then bring the search records it
    changes up to date; raise 422 naming the problem."""
    try:
        with open_graph_store(settings, write=True) as store:
            curator = Curator(store, author, settings.id_base)
            done = _apply(curator, body)
            node = done if body.action is Action.ADD else body.target or ""
            documents = []
            if body.action.value in INDEXED_ACTIONS:
                documents = affected_documents(store, settings.id_base, node)
    except CurationError as error:
        raise HTTPException(422, str(error)) from None
    except GraphStoreError as error:
        raise HTTPException(503, f"the store is busy; try again ({error})") from None
    if documents and index_exists(settings):
        update_index(settings, documents)
    return done


def _apply(curator: Curator, body: CurationIn) -> str:
    action, note = body.action, body.note
    if action is Action.ADD:
        if body.statement is None:
            raise CurationError("statement: add needs the statement to add")
        return curator.add(NewStatement(**body.statement.model_dump()), note)
    target = _needed(body.target, "target", action)
    if action in (Action.CONFIRM, Action.REJECT):
        return curator.verdict(action, target, note)
    if action is Action.MERGE:
        return curator.merge(target, _needed(body.into, "into", action), note)
    if action is Action.RELABEL:
        return curator.relabel(target, _needed(body.label, "label", action), note)
    return curator.link(target, _needed(body.instrument, "instrument", action), note)


def _needed(value: str | None, name: str, action: Action) -> str:
    if not value:
        raise CurationError(f"{name}: {action.value} needs a {name}")
    return value


def _out(curation: Any, base: str) -> CurationOut:
    return CurationOut(
        iri=curation.iri,
        action=curation.action,
        target=curation.target,
        target_href=local_href(curation.target, base),
        author=curation.author,
        time=curation.time,
        note=curation.note,
        details=curation.details,
    )


def _from_form(form: dict[str, str]) -> CurationIn:
    """Return the curation a browser form describes (lists as one IRI per line)."""
    statement = None
    if form.get("action") == Action.ADD.value:
        statement = NewStatementIn(
            kind=form.get("kind", "FieldPractice"),  # type: ignore[arg-type]
            text=form.get("text", ""),
            passage=form.get("passage", ""),
            countries=form.get("countries", "").split(),
            actors=form.get("actors", "").split(),
            instruments=form.get("instruments", "").split(),
            themes=form.get("themes", "").split(),
        )
    fields = ("target", "into", "label", "instrument", "note")
    return CurationIn(
        action=Action(form.get("action", "")),
        statement=statement,
        **{name: form.get(name) or None for name in fields},
    )


def _to_sign_in(request: Request, reader: Reader) -> Response:
    if reader.user is not None:
        context = {"error": f"{reader.user.name} is a {reader.user.role.value}, not a curator"}
        return templates.TemplateResponse(request, "curate.html", context, status_code=403)
    return RedirectResponse(f"/sign-in?next={request.url.path}", status_code=303)
