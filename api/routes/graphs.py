"""`/api/graphs`: the named graphs a reader may see, with their sizes."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.access import readable_graphs
from api.auth import CurrentReader
from api.deps import Graphs
from api.schemas import GraphOut

router = APIRouter(prefix="/api", tags=["graph"])


@router.get("/graphs")
def list_graphs(request: Request, graphs: Graphs, reader: CurrentReader) -> list[GraphOut]:
    """List the named graphs with their triple counts: the graphs of the documents the
    reader may read and the corpus graphs (ontology, themes, reference data, labels,
    loaded files, curations).

    Graphs of documents the reader may not read, and the labels drawn only from them, are
    left out, so their existence does not leak.
    """
    readable = readable_graphs(request.app.state.settings, graphs.named_graphs(), reader)
    return [GraphOut(iri=name, triples=graphs.graph_triple_count(name)) for name in readable]
