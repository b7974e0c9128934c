"""`/ontology`: the pockg vocabulary at its namespace path, readable or as Turtle; `/dumps`:
downloads of every readable graph."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Header, HTTPException, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from rdflib import Dataset, Graph, URIRef

from api.deps import Graphs, templates
from api.linked import (
    MEDIA_TYPES,
    ONTOLOGY_NS,
    Permitted,
    Scope,
    bind_prefixes,
    negotiate,
    serialize,
)
from api.routes.ids import Format
from api.schemas_graph import ExampleQueryOut
from pockg.graph.namespace import OWL, RDF, RDFS, SKOS
from pockg.graph.ontology import ONTOLOGY_FILE, example_queries, ontology_graph

router = APIRouter(tags=["linked data"])

DUMPS = {
    "trig": ("application/trig", "TriG: every readable named graph"),
    "nq": ("application/n-quads", "N-Quads: every readable named graph"),
    "ttl": ("text/turtle", "Turtle: the union of the readable graphs"),
    "jsonld": ("application/ld+json", "JSON-LD: every readable named graph"),
}
_PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@router.get("/ontology", response_class=Response)
def ontology(
    request: Request,
    accept: Annotated[str | None, Header()] = None,
    format: Format = None,
) -> Response:
    """Return the pockg ontology: a page of its classes and properties with their labels and
    definitions, or `ontology/pockg.ttl` as Turtle, or JSON-LD."""
    chosen = negotiate(accept, format, ("html", "ttl", "jsonld", "json"))
    headers = {"Vary": "Accept"}
    if chosen == "ttl":
        return Response(ONTOLOGY_FILE.read_bytes(), media_type="text/turtle", headers=headers)
    if chosen != "html":
        body = serialize(ontology_graph(), chosen)
        return Response(body, media_type=MEDIA_TYPES[chosen], headers=headers)
    graph = ontology_graph()
    classes = _terms(graph, [OWL.Class])
    properties = _terms(graph, list(_PROPERTY_TYPES))
    context = {
        "classes": classes,
        "properties": properties,
        "namespace": ONTOLOGY_NS,
        "api": "/ontology?format=jsonld",
    }
    return templates.TemplateResponse(request, "ontology.html", context, headers=headers)


def _terms(graph: Graph, types: list[URIRef]) -> list[dict[str, Any]]:
    """Return the pockg terms of `types`, by label, with definition, parents, domain, range."""
    found = {s for t in types for s in graph.subjects(RDF.type, t) if isinstance(s, URIRef)}
    terms = [
        {
            "name": str(term)[len(ONTOLOGY_NS) :],
            "label": str(graph.value(term, RDFS.label) or ""),
            "definition": str(graph.value(term, SKOS.definition) or ""),
            "parents": _names(graph.objects(term, RDFS.subClassOf)),
            "domain": _names(graph.objects(term, RDFS.domain)),
            "range": _names(graph.objects(term, RDFS.range)),
        }
        for term in found
        if str(term).startswith(ONTOLOGY_NS)
    ]
    return sorted(terms, key=lambda t: t["label"].casefold())


def _names(nodes: Iterator[Any]) -> list[str]:
    return sorted(str(n).split("#")[-1].split("/")[-1] for n in nodes if isinstance(n, URIRef))


@router.get("/api/queries", tags=["sparql"])
def list_example_queries() -> list[ExampleQueryOut]:
    """List the example SPARQL queries of `ontology/queries/` (the SPARQL editor's menu),
    each with its text and a link that opens it in the editor."""
    return [
        ExampleQueryOut(
            name=q.name,
            title=q.title,
            text=q.text,
            editor=f"/sparql-editor?{urlencode({'example': q.name})}",
            results=f"/sparql?{urlencode({'query': q.text, 'format': 'json'})}",
        )
        for q in example_queries()
    ]


@router.get("/dumps", response_class=Response)
def dumps(
    request: Request,
    accept: Annotated[str | None, Header()] = None,
    format: Format = None,
) -> Response:
    """List the downloadable dumps of the readable graphs (HTML, or JSON)."""
    chosen = negotiate(accept, format, ("html", "json"))
    files = [
        {"href": f"/dumps/pockg.{ext}", "media_type": media, "description": text}
        for ext, (media, text) in DUMPS.items()
    ]
    if chosen == "json":
        return JSONResponse(files)
    context = {"files": files, "api": "/dumps?format=json"}
    return templates.TemplateResponse(request, "dumps.html", context)


@router.get("/dumps/pockg.{extension}", responses={404: {"description": "No such dump"}})
def dump(extension: str, graphs: Graphs, scope: Permitted) -> StreamingResponse:
    """Stream a dump of every readable graph: TriG, N-Quads, Turtle (their union) or JSON-LD."""
    if extension not in DUMPS:
        raise HTTPException(status_code=404, detail=f"no dump pockg.{extension}; see /dumps")
    chunks = (
        _dataset_chunks(graphs, scope, extension)
        if extension != "jsonld"
        else iter([_whole_dataset(graphs, scope).serialize(format="json-ld").encode()])
    )
    headers = {"Content-Disposition": f'attachment; filename="pockg.{extension}"'}
    return StreamingResponse(chunks, media_type=DUMPS[extension][0], headers=headers)


def _graph(store: Graphs, scope: Scope, name: str) -> Graph:
    """Return the triples of graph `name`; of the labels graph, only those about nodes that
    another readable graph describes (it is computed over all documents)."""
    sparql = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"
    if name == scope.labels_graph and not scope.everything:
        sparql = f"""CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }}
            FILTER EXISTS {{ GRAPH ?g {{ ?s ?x ?y }} FILTER(?g != <{name}>) }} }}"""
    result = scope.query(store, sparql)
    assert result.graph is not None, "CONSTRUCT yields a graph"
    return result.graph


def _dataset_chunks(store: Graphs, scope: Scope, extension: str) -> Iterator[bytes]:
    """Yield the dump graph by graph; TriG, N-Quads and Turtle allow prefixes between blocks."""
    rdflib_format = {"trig": "trig", "nq": "nquads", "ttl": "turtle"}[extension]
    for name in scope.graphs:
        triples = _graph(store, scope, name)
        if extension == "ttl":
            yield bind_prefixes(triples).serialize(format="turtle", encoding="utf-8")
            continue
        dataset = Dataset()
        named = dataset.graph(URIRef(name))
        for triple in triples:
            named.add(triple)
        yield bind_prefixes(dataset).serialize(format=rdflib_format, encoding="utf-8")


def _whole_dataset(store: Graphs, scope: Scope) -> Dataset:
    dataset = Dataset()
    for name in scope.graphs:
        named = dataset.graph(URIRef(name))
        for triple in _graph(store, scope, name):
            named.add(triple)
    return bind_prefixes(dataset)
