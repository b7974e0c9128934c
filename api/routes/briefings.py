"""Briefing packs: `/api/briefings` (JSON, or the pack as Markdown, HTML or Word) and the
`/briefings` page that shows one and offers its downloads. Packs are built from the graphs
the reader may see, so a briefing never quotes a document its reader could not open."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from api.countries import country_list
from api.deps import Graphs, templates
from api.linked import Permitted, Scope, with_query
from pockg.briefing import (
    FORMATS,
    MEDIA_TYPES,
    BriefingPack,
    BriefingRequestError,
    BriefingSubject,
    BriefSection,
    Citation,
    UnknownSubjectError,
    build_briefing,
    render_html,
    render_pack,
)
from pockg.graph.store import GraphStore

router = APIRouter(prefix="/api", tags=["briefings"])
pages = APIRouter(include_in_schema=False)

Name = Annotated[str | None, Query(max_length=300)]


class BriefingOut(BaseModel):
    """A briefing pack: its sections of cited statements and the numbered sources."""

    title: str
    generated: date
    subject: BriefingSubject
    sections: tuple[BriefSection, ...] = Field(
        description="the non-empty sections, in order: context, concerns, field practices, "
        "recommendations, tools and frameworks, challenges, key documents and contacts"
    )
    sources: tuple[Citation, ...] = Field(
        description="every source cited, numbered from 1 in order of first citation"
    )
    downloads: dict[str, str] = Field(description="the pack as md, html and docx")


@dataclass(frozen=True)
class _ScopedReader:
    """A briefing's view of the graph: the store, scoped to what the reader may see."""

    store: GraphStore
    scope: Scope

    def select(self, sparql: str) -> list[dict[str, str]]:
        return self.scope.select(self.store, sparql)


@router.get(
    "/briefings",
    response_model=BriefingOut,
    responses={
        200: {"content": {t.split(";")[0]: {} for t in MEDIA_TYPES.values()}},
        404: {"description": "An unknown country, mission or theme; the closest names"},
        422: {"description": "Nothing named, or an unknown format"},
    },
)
def get_briefing(
    graphs: Graphs,
    scope: Permitted,
    country: Annotated[Name, Query(examples=["Mali"])] = None,
    mission: Annotated[Name, Query(examples=["UNMISS"])] = None,
    theme: Annotated[Name, Query(examples=["Information sharing"])] = None,
    format: Annotated[str, Query(pattern="^(json|md|html|docx)$")] = "json",
) -> Any:
    """Return the briefing pack for a country, a UN mission, a theme or a combination (each
    an IRI, name or alias): JSON by default, or `format=md|html|docx` as a file to save."""
    given = {"country": country, "mission": mission, "theme": theme}
    pack = _pack(graphs, scope, given)
    if format == "json":
        return _as_json(pack, given)
    headers = {"Content-Disposition": f'attachment; filename="{_file_name(pack, format)}"'}
    return Response(render_pack(pack, format), media_type=MEDIA_TYPES[format], headers=headers)


@pages.get("/briefings", response_class=HTMLResponse)
def briefing_page(
    request: Request,
    graphs: Graphs,
    scope: Permitted,
    country: Name = None,
    mission: Name = None,
    theme: Name = None,
) -> HTMLResponse:
    """Render the briefing form and, when a subject is named, the pack with its downloads."""
    given = {"country": country, "mission": mission, "theme": theme}
    named = {k: v for k, v in given.items() if v}
    context: dict[str, Any] = {
        "given": given,
        "countries": [c.label for c in country_list(graphs, scope) if c.label],
        "api": with_query("/api/briefings", named),
        "pack": None,
    }
    status = 200
    if named:
        try:
            pack = _pack(graphs, scope, given)
        except HTTPException as error:
            context["error"], status = error.detail, error.status_code
        else:
            context["pack"] = pack
            context["fragment"] = render_html(pack)
            context["downloads"] = _downloads(named)
    return templates.TemplateResponse(request, "briefing.html", context, status_code=status)


def _pack(graphs: Graphs, scope: Scope, given: dict[str, str | None]) -> BriefingPack:
    """Return the pack, or raise 404 (unknown name) or 422 (nothing named)."""
    try:
        return build_briefing(
            _ScopedReader(graphs, scope),
            country=given["country"],
            mission=given["mission"],
            theme=given["theme"],
            id_base=scope.id_base,
        )
    except UnknownSubjectError as error:
        raise HTTPException(status_code=404, detail=str(error.args[0])) from None
    except BriefingRequestError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None


def _as_json(pack: BriefingPack, given: dict[str, str | None]) -> BriefingOut:
    named = {k: v for k, v in given.items() if v}
    return BriefingOut(
        title=pack.title,
        generated=pack.generated,
        subject=pack.subject,
        sections=pack.sections,
        sources=pack.sources,
        downloads=_downloads(named),
    )


def _downloads(named: dict[str, str]) -> dict[str, str]:
    return {fmt: with_query("/api/briefings", {**named, "format": fmt}) for fmt in FORMATS}


def _file_name(pack: BriefingPack, fmt: str) -> str:
    """Return a safe file name for the pack: `briefing-mali-information-sharing.docx`."""
    slug = re.sub(r"[^a-z0-9]+", "-", pack.subject.label.lower()).strip("-")[:80]
    return f"briefing-{slug or 'pack'}-{pack.generated.isoformat()}.{fmt}"
