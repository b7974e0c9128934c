"""Which named graphs an anonymous reader may see: one rule for every route.

Hidden are the graphs of documents whose access level is not public and the labels graph
drawn only from such documents (`graph/labels-restricted`); everything else (public
documents' graphs, the ontology, themes, reference data, public labels, loaded files) is
readable. Sign-in and per-user grants come with issue 5.
"""

from __future__ import annotations

from collections.abc import Iterable

from pockg.config import Settings
from pockg.docstore import DocumentStore
from pockg.graph.corpus import RESTRICTED_LABELS
from pockg.graph.iri import corpus_graph_iri, document_graph_iri
from pockg.models import AccessLevel


def readable_graphs(settings: Settings, names: Iterable[object]) -> list[str]:
    """Return the graph names among `names` that anonymous readers may see, in order.

    A document graph whose document is not in the document store (half-written by an
    interrupted ingest) is hidden too, since its access level is unknown.
    """
    hidden, stored = _graphs(settings)
    documents = f"{settings.id_base}graph/document/"
    return [
        name
        for name in map(str, names)
        if name not in hidden and (not name.startswith(documents) or name in stored)
    ]


def _graphs(settings: Settings) -> tuple[frozenset[str], frozenset[str]]:
    """Return (hidden graphs, graphs of stored documents), reading the document store once."""
    base = settings.id_base
    summaries = DocumentStore(settings.documents_db).summaries()
    stored = {str(document_graph_iri(s.doc_id, base=base)): s for s in summaries}
    hidden = {
        name for name, s in stored.items() if s.metadata.access_level is not AccessLevel.PUBLIC
    }
    hidden.add(str(corpus_graph_iri(RESTRICTED_LABELS, base=base)))
    return frozenset(hidden), frozenset(stored)
