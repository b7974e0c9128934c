"""`/api/graphs`: the named graphs a reader may see, with their sizes."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.deps import Graphs, Store
from api.schemas import GraphOut
from pockg.graph.iri import document_graph_iri
from pockg.models import AccessLevel

router = APIRouter(prefix="/api", tags=["graph"])


@router.get("/graphs")
def list_graphs(request: Request, graphs: Graphs, store: Store) -> list[GraphOut]:
    """List the named graphs with their triple counts: public documents' graphs and the
    corpus graphs (ontology, themes, reference data, labels, loaded files).

    Graphs of documents that are not public are left out, so their existence does not leak.
    """
    base = request.app.state.settings.id_base
    hidden = {
        str(document_graph_iri(summary.doc_id, base=base))
        for summary in store.summaries()
        if summary.metadata.access_level is not AccessLevel.PUBLIC
    }
    return [
        GraphOut(iri=str(name), triples=graphs.graph_triple_count(str(name)))
        for name in graphs.named_graphs()
        if str(name) not in hidden
    ]
