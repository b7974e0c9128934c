"""The pockg web service: HTML pages for people, the same data as JSON under `/api/`."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.routes import (
    account,
    briefings,
    countries,
    curation,
    documents,
    entities,
    graphs,
    ids,
    linkage,
    ontology,
    pages,
    recurring,
    search,
    sparql,
    statements,
    suggest,
    timeline,
    ui,
)
from pockg import __version__
from pockg.config import Settings

STATIC = Path(__file__).parent / "static"


def create_app(settings: Settings) -> FastAPI:
    """Return the web application serving the stores under `settings.data_dir`."""
    app = FastAPI(
        title="pockg",
        version=__version__,
        description="Protection of Civilians documents, structured and traceable to their source.",
    )
    app.state.settings = settings
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(documents.router)
    app.include_router(graphs.router)
    app.include_router(entities.router)
    app.include_router(statements.router)
    app.include_router(ids.router)
    app.include_router(ontology.router)
    app.include_router(sparql.router)
    app.include_router(search.router)
    app.include_router(pages.router)
    app.include_router(ui.router)
    app.include_router(countries.router)
    app.include_router(countries.pages)
    app.include_router(linkage.router)
    app.include_router(timeline.router)
    app.include_router(timeline.pages)
    app.include_router(briefings.router)
    app.include_router(briefings.pages)
    app.include_router(recurring.router)
    app.include_router(recurring.pages)
    app.include_router(account.router)
    app.include_router(account.pages)
    app.include_router(curation.router)
    app.include_router(curation.pages)
    app.include_router(suggest.router)
    app.add_exception_handler(StarletteHTTPException, _json_errors_under_api)
    return app


async def _json_errors_under_api(request: Request, error: Exception) -> JSONResponse:
    """Answer errors as JSON `{"detail": ...}` with their status, never as a bare 500."""
    assert isinstance(error, StarletteHTTPException)
    return JSONResponse(
        {"detail": error.detail}, status_code=error.status_code, headers=error.headers
    )
