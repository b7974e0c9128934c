"""`/api/search`: ranked passages (or statements) with facets, snippets and entities.

Searches run in worker processes (`api.sparql.limits.QueryPool`, one per core, at most 4):
scoring is numpy work but highlighting, parsing and the answer's JSON are Python, so threads
of the web process would take turns on one core, and concurrent searches would wait for each
other. Each worker keeps its own open index (see `pockg.index.search`).
"""

from __future__ import annotations

import json
import os
import signal
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Annotated

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request, Response

from api.auth import CurrentReader
from api.sparql.limits import LimitError, Limits, QueryPool, serve_requests
from api.sparql.protocol import Answer, error_answer
from pockg.config import Settings
from pockg.index.search import search

_MAX_QUERY_CHARS = 1000
_LIMITS = Limits(timeout=60.0)  # a search past a minute is stopped, its worker replaced
_POOL_LOCK = threading.Lock()


@asynccontextmanager
async def _stop_workers(app: FastAPI) -> AsyncIterator[None]:
    """Stop the search workers when the app shuts down."""
    yield
    pool: QueryPool | None = getattr(app.state, "search_pool", None)
    if pool is not None:
        pool.close()


router = APIRouter(prefix="/api", tags=["search"], lifespan=_stop_workers)


@dataclass(frozen=True)
class _Search:
    """One search as a worker receives it."""

    text: str
    limit: int
    page: int
    filters: tuple[tuple[str, str], ...]
    levels: tuple[str, ...] = ("public",)
    documents: tuple[str, ...] = ()


@router.get(
    "/search",
    response_class=Response,
    responses={
        200: {"content": {"application/json": {}}},
        400: {"description": "An unknown filter or a query over 1000 characters"},
        503: {"description": "The search took over a minute, or every worker is busy"},
    },
)
def search_passages(
    request: Request,
    reader: CurrentReader,
    q: Annotated[
        str,
        Query(description='the query: words, "phrases", AND/OR/NOT, field:value; empty: no hits'),
    ] = "",
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
    country: str | None = None,
    theme: str | None = None,
    document: str | None = None,
    kind: str | None = None,
    actor: str | None = None,
    record: Annotated[str | None, Query(pattern="^(passage|statement)$")] = None,
) -> Response:
    """Return a page of hits for `q` among the documents the reader may read (public ones
    for anonymous readers), with facet counts (country,
    theme, document, statement kind, actor), highlighted snippets, the entities of each hit
    and a "did you mean" suggestion. Facet values passed as parameters filter the hits."""
    if len(q) > _MAX_QUERY_CHARS:
        raise HTTPException(400, f"the query is {len(q)} characters; at most {_MAX_QUERY_CHARS}")
    chosen = {
        "country": country,
        "theme": theme,
        "document": document,
        "kind": kind,
        "actor": actor,
        "record": record,
    }
    filters = tuple((name, value) for name, value in chosen.items() if value)
    try:
        asked = _Search(q, limit, page, filters, reader.levels, tuple(sorted(reader.granted)))
        reply = search_pool(request.app).run(asked, _LIMITS)
    except LimitError as error:
        raise HTTPException(503, str(error)) from None
    if reply.status != 200:
        raise HTTPException(reply.status, json.loads(reply.body)["detail"])
    return Response(reply.body, media_type=reply.media_type)


def search_pool(app: FastAPI) -> QueryPool:
    """Return the app's pool of search workers, started on first use."""
    with _POOL_LOCK:
        pool: QueryPool | None = getattr(app.state, "search_pool", None)
        if pool is None:
            size = min(4, os.cpu_count() or 1)
            pool = app.state.search_pool = QueryPool(app.state.settings, size, _serve_searches)
        return pool


def _serve_searches(conn: Connection, settings: Settings) -> None:
    """Answer searches from `conn` until the server closes it (a search worker's main loop)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which kills us

    def handle(request: object, _: int) -> Answer:
        assert isinstance(request, _Search), "the search pool is sent searches"
        return _answer(settings, request)

    serve_requests(conn, handle)


def _answer(settings: Settings, request: _Search) -> Answer:
    """Return the search's JSON, as FastAPI's JSONResponse writes it, or a 400 answer."""
    try:
        result = search(
            settings,
            request.text,
            limit=request.limit,
            page=request.page,
            filters=dict(request.filters),
            include_levels=request.levels,
            include_documents=request.documents,
        )
    except ValueError as error:
        return error_answer(400, str(error))
    body = json.dumps(result.as_json(), ensure_ascii=False, separators=(",", ":"))
    return Answer(200, "application/json", body.encode("utf-8"))
