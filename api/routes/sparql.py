"""`/sparql`: the SPARQL 1.1 Protocol endpoint, read-only, with a time and a row limit, and
its service description (https://www.w3.org/TR/sparql11-service-description/)."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

from fastapi import APIRouter, FastAPI, HTTPException, Request, Response
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS
from starlette.concurrency import run_in_threadpool

from api.auth import CurrentReader
from api.deps import Graphs
from api.sparql.limits import LimitError, Limits, QueryPool
from api.sparql.negotiation import (
    GRAPH_MEDIA_TYPES,
    RESULT_MEDIA_TYPES,
    TURTLE,
    NotAcceptableError,
    choose_format,
    write_graph,
)
from api.sparql.protocol import Answer, permitted_graphs, read_request
from pockg.access import Reader
from pockg.config import Settings

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
_FORMAT_NAMES = {
    "application/sparql-results+json": "SPARQL_Results_JSON",
    "application/sparql-results+xml": "SPARQL_Results_XML",
    "text/csv": "SPARQL_Results_CSV",
    "text/tab-separated-values": "SPARQL_Results_TSV",
    "text/turtle": "Turtle",
    "application/n-triples": "N-Triples",
    "application/ld+json": "JSON-LD",
    "application/rdf+xml": "RDF_XML",
}
_POOL_LOCK = threading.Lock()


@asynccontextmanager
async def _stop_workers(app: FastAPI) -> AsyncIterator[None]:
    """Stop the query workers when the app shuts down."""
    yield
    pool: QueryPool | None = getattr(app.state, "sparql_pool", None)
    if pool is not None:
        pool.close()


router = APIRouter(tags=["sparql"], lifespan=_stop_workers)


@router.api_route("/sparql", methods=["GET", "POST"], response_model=None)
async def sparql(request: Request, graphs: Graphs, reader: CurrentReader) -> Response:
    """Answer a SPARQL 1.1 query (`query` via GET, POST form or POST
    `application/sparql-query`; `default-graph-uri`, `named-graph-uri`; results by `Accept`
    or `format`), or, for a GET without a query, describe the service in Turtle."""
    protocol_request = await read_request(request)
    settings: Settings = request.app.state.settings
    if protocol_request is None:
        return await run_in_threadpool(_description_response, request, graphs, settings, reader)
    protocol_request = replace(protocol_request, reader=reader)
    try:
        limits = Limits.from_env()
        pool = query_pool(request.app)
        reply = await run_in_threadpool(pool.run, protocol_request, limits)
    except LimitError as error:
        raise HTTPException(503, str(error)) from None
    return _response(reply, limits)


def query_pool(app: FastAPI) -> QueryPool:
    """Return the app's pool of query workers, started on first use."""
    with _POOL_LOCK:
        pool: QueryPool | None = getattr(app.state, "sparql_pool", None)
        if pool is None:
            pool = app.state.sparql_pool = QueryPool(app.state.settings)
        return pool


def _response(reply: Answer, limits: Limits) -> Response:
    """Return the HTTP response for a worker's answer, saying when rows were cut off."""
    headers = {"Vary": "Accept", "X-SPARQL-Max-Rows": str(limits.max_rows)}
    if reply.truncated:
        headers["X-SPARQL-Truncated"] = "true"
    return Response(reply.body, reply.status, headers, media_type=reply.media_type)


def _description_response(
    request: Request, graphs: Graphs, settings: Settings, reader: Reader
) -> Response:
    """Return the service description, in Turtle unless Accept asks for another RDF format."""
    try:
        chosen = choose_format("DESCRIBE", request.headers.get("accept"), ())
    except NotAcceptableError:
        chosen = TURTLE
    endpoint = URIRef(str(request.url.replace(query="")))
    description = service_description(endpoint, sorted(permitted_graphs(graphs, settings, reader)))
    body = write_graph(description, chosen)
    return Response(body, headers={"Vary": "Accept"}, media_type=chosen.media_type)


def service_description(endpoint: URIRef, named_graphs: list[str]) -> Graph:
    """Return the description of the endpoint: language, result formats, limits and the
    default dataset (the union of the named graphs anonymous readers may query)."""
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("formats", FORMATS)
    service = BNode()
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, endpoint))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for fmt in (*RESULT_MEDIA_TYPES, *GRAPH_MEDIA_TYPES):
        graph.add((service, SD.resultFormat, FORMATS[_FORMAT_NAMES[fmt.media_type]]))
    limits = Limits.from_env()
    comment = (
        f"Read-only; no SERVICE calls. Each query may run {limits.timeout:g} s and "
        f"returns at most {limits.max_rows} rows or triples."
    )
    graph.add((service, RDFS.comment, Literal(comment)))
    graph.add((service, SD.defaultDataset, _dataset(graph, named_graphs)))
    return graph


def _dataset(graph: Graph, named_graphs: list[str]) -> BNode:
    """Add the default dataset's description to `graph` and return its node."""
    dataset, default = BNode(), BNode()
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    for name in named_graphs:
        node = BNode()
        graph.add((dataset, SD.namedGraph, node))
        graph.add((node, RDF.type, SD.NamedGraph))
        graph.add((node, SD.name, URIRef(name)))
    return dataset
