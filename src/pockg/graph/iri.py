"""All IRI minting: instance IRIs and graph names from stable keys.

Every IRI pockg writes is made here, from keys that survive a rebuild (document ids, block
ids, normalised labels), so re-ingesting a document gives the same IRIs and replaces its
named graph instead of duplicating it. The base is an argument, never a mutated global.

Layout under the base (default `https://w3id.org/pockg/id/`):

    document/<doc_id>                          an ingested document
    passage/<doc_id>/<block_id>                one of its passages
    <kind>/<slug(key)>                         an entity, kind from ENTITY_KINDS
    <kind>/<doc_id>/<block_id>/<index>         a statement, kind from STATEMENT_KINDS
    activity/<run_id>                          a provenance activity (an ingest run)
    graph/document/<doc_id>                    the named graph of a document's triples
    graph/curation/<slug(author)>              the named graph of one curator's additions
    curation/<key>, curator/<slug(name)>       a curation (who did what, when) and its author
    <kind>/curated/<key>                       a statement a curator added by hand
    graph/<name>                               a corpus-wide graph: ontology, reference, labels
    graph/labels-confidential/<doc_id>         labels only one confidential document gives
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from urllib.parse import quote, unquote

from rdflib import URIRef

DEFAULT_ID_BASE = "https://w3id.org/pockg/id/"

ENTITY_KINDS = frozenset(
    {
        "actor",
        "cluster",
        "country",
        "document",
        "framework",
        "mandate",
        "mission",
        "organisation",
        "person",
        "place",
        "resolution",
        "theme",
        "tool",
    }
)
STATEMENT_KINDS = frozenset({"challenge", "field-practice", "outcome", "recommendation"})

# Staging graphs live outside the base on purpose: they are a store-internal device for
# atomic replacement on remote stores and never part of the published graph.
STAGING_GRAPH_PREFIX = "urn:pockg:staging:"

SLUG_MAX_LENGTH = 80
_HASH_LENGTH = 10
_NOT_ALNUM = re.compile(r"[\W_]+")


def slug(text: str, max_length: int = SLUG_MAX_LENGTH) -> str:
    """Return `text` as a path segment: lower case, accents folded, other runs as '-'.

    Letters and digits of any script are kept (IRIs allow them). A slug longer than
    `max_length` is cut and ends with a short hash of the whole slug, so long keys stay
    distinct; a key with no letter or digit at all becomes a hash of the key.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    result = _NOT_ALNUM.sub("-", unicodedata.normalize("NFC", folded)).strip("-")
    if not result:
        return "x-" + _short_hash(text)
    if len(result) <= max_length:
        return result
    head = result[: max_length - _HASH_LENGTH - 1].rstrip("-")
    return f"{head}-{_short_hash(result)}"


def document_iri(doc_id: str, *, base: str = DEFAULT_ID_BASE) -> URIRef:
    """Return the IRI of the ingested document `doc_id`."""
    return _mint(base, "document", _segment(doc_id))


def document_graph_iri(doc_id: str, *, base: str = DEFAULT_ID_BASE) -> URIRef:
    """Return the name of the graph that holds all triples derived from document `doc_id`."""
    return _mint(base, "graph", "document", _segment(doc_id))


def passage_iri(doc_id: str, block_id: str, *, base: str = DEFAULT_ID_BASE) -> URIRef:
    """Return the IRI of the passage made from block `block_id` of document `doc_id`."""
    return _mint(base, "passage", _segment(doc_id), _segment(block_id))


def entity_iri(kind: str, key: str, *, base: str = DEFAULT_ID_BASE) -> URIRef:
    """Return the IRI of the entity of `kind` whose normalised label or code is `key`.

    Raises ValueError for a kind outside ENTITY_KINDS: a typo must not mint a new namespace.
    """
    return _mint(base, _checked_kind(kind, ENTITY_KINDS), slug(key))


def statement_iri(
    kind: str, doc_id: str, block_id: str, index: int, *, base: str = DEFAULT_ID_BASE
) -> URIRef:
    """Return the IRI of the `index`-th statement of `kind` drawn from one passage.

    Raises ValueError for a kind outside STATEMENT_KINDS or a negative index.
    """
    if index < 0:
        raise ValueError(f"a statement index counts from 0, got {index}")
    checked = _checked_kind(kind, STATEMENT_KINDS)
    return _mint(base, checked, _segment(doc_id), _segment(block_id), str(index))


def activity_iri(run_id: str, *, base: str = DEFAULT_ID_BASE) -> URIRef:
    """Return the IRI of the provenance activity (for example an ingest run) `run_id`."""
    return _mint(base, "activity", _segment(run_id))


def curation_graph_iri(author: str, *, base: str = DEFAULT_ID_BASE) -> URIRef:
    """Return the name of the graph that holds the curated additions of `author`."""
    return _mint(base, "graph", "curation", slug(author))


def curation_graph_prefix(base: str = DEFAULT_ID_BASE) -> str:
    """Return the start every curator's graph name shares (`<base>graph/curation/`)."""
    return str(_mint(base, "graph", "curation", ""))


def curation_iri(key: str, *, base: str = DEFAULT_ID_BASE) -> URIRef:
    """Return the IRI of one curation (a `pockg:Curation` activity) with the unique `key`."""
    return _mint(base, "curation", key)


def curator_iri(name: str, *, base: str = DEFAULT_ID_BASE) -> URIRef:
    """Return the IRI of the curator (a `prov:Agent`) signed in as `name`."""
    return _mint(base, "curator", slug(name))


def curated_statement_iri(kind: str, key: str, *, base: str = DEFAULT_ID_BASE) -> URIRef:
    """Return the IRI of a statement of `kind` a curator added by hand, with unique `key`."""
    return _mint(base, _checked_kind(kind, STATEMENT_KINDS), "curated", key)


def corpus_graph_iri(name: str, *, base: str = DEFAULT_ID_BASE) -> URIRef:
    """Return the name of a corpus-wide graph such as `ontology`, `reference` or `labels`."""
    return _mint(base, "graph", slug(name))


def document_labels_graph_iri(doc_id: str, *, base: str = DEFAULT_ID_BASE) -> URIRef:
    """Return the name of the graph of labels drawn from the confidential document `doc_id`
    alone (read by whoever may read that document)."""
    return _mint(base, "graph", "labels-confidential", _segment(doc_id))


def document_graph_prefix(base: str = DEFAULT_ID_BASE) -> str:
    """Return the start every document graph's name shares (`<base>graph/document/`)."""
    return str(_mint(base, "graph", "document", ""))


def document_labels_graph_prefix(base: str = DEFAULT_ID_BASE) -> str:
    """Return the start every per-document labels graph name shares."""
    return str(_mint(base, "graph", "labels-confidential", ""))


def document_id_of_graph(graph_iri: str, *, base: str = DEFAULT_ID_BASE) -> str | None:
    """Return the id of the document whose graph is `graph_iri`, or None for another graph."""
    prefix = document_graph_prefix(base)
    tail = graph_iri.removeprefix(prefix)
    if tail == graph_iri or not tail or "/" in tail:
        return None
    return unquote(tail)


def staging_graph_iri() -> URIRef:
    """Return a fresh, unique name for a store's temporary staging graph."""
    return URIRef(f"{STAGING_GRAPH_PREFIX}{uuid.uuid4().hex}")


def _mint(base: str, *segments: str) -> URIRef:
    """Return `base` followed by `segments` joined with '/'."""
    if not base.endswith(("/", "#")):
        raise ValueError(f"an IRI base must end with '/' or '#', got {base!r}")
    return URIRef(base + "/".join(segments))


def _segment(key: str) -> str:
    """Return `key` percent-encoded as one path segment (ids are kept verbatim, not slugged)."""
    if not key:
        raise ValueError("an IRI key must not be empty")
    return quote(key, safe="-._~")


def _checked_kind(kind: str, allowed: frozenset[str]) -> str:
    """Return `kind` if it is in `allowed`, else raise ValueError listing the allowed kinds."""
    if kind not in allowed:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(sorted(allowed))}")
    return kind


def _short_hash(text: str) -> str:
    """Return a short, stable hex digest of `text`."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:_HASH_LENGTH]
