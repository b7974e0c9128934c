"""Where the web service shows a node, and how text enters SPARQL: shared by the web service
and the briefings, so a citation links the same way in a page, a Word file and the API.

Minted IRIs are shown under `/id/`, ontology terms on `/ontology`, a passage in the document
reader at `/documents/{doc_id}#b-{block_id}`.
"""

from __future__ import annotations

from urllib.parse import unquote

from rdflib import Literal

from pockg.graph.namespace import POCKG

ONTOLOGY_NS = str(POCKG._NS)

STATEMENT_LINKS = {
    "countries": "pockg:country",
    "actors": "pockg:involves",
    "instruments": "pockg:relatesTo",
    "themes": "pockg:theme",
    "addressees": "pockg:addressedTo",
    "recommenders": "pockg:recommendedBy",
}
"""The links a field practice, recommendation or challenge has, by the name the API, the
pages and the briefings give the nodes it links to."""

NOT_REJECTED = 'FILTER NOT EXISTS { ?s pockg:curationStatus "rejected" }'
"""A SPARQL filter keeping the statement ?s unless a curator rejected it."""


def split_minted(iri: str, base: str) -> tuple[str, ...]:
    """Return the decoded path segments of a minted IRI (`<base>a/b` -> ('a', 'b')), else ()."""
    if not iri.startswith(base):
        return ()
    return tuple(unquote(part) for part in iri[len(base) :].split("/"))


def local_href(iri: str, base: str) -> str:
    """Return where a page links an IRI: minted IRIs and ontology terms to this server."""
    if iri.startswith(base):
        return "/id/" + iri[len(base) :]
    if iri.startswith(ONTOLOGY_NS):
        return "/ontology#" + iri[len(ONTOLOGY_NS) :]
    return iri


def passage_link(passage: str, base: str) -> tuple[str, str] | None:
    """Return (doc_id, reader link) of a passage IRI, or None if it is not a minted passage."""
    parts = split_minted(passage, base)
    if len(parts) != 3 or parts[0] != "passage":
        return None
    return parts[1], f"/documents/{parts[1]}#b-{parts[2]}"


def literal_term(value: str) -> str:
    """Return `value` as an escaped SPARQL string literal."""
    return Literal(value).n3()
