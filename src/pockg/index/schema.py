"""The Whoosh schema of the search index: one record per passage and one per statement.

Text fields are stemmed ("sharing" finds "shared"); `names` holds every label and alias of
the entities a passage mentions, so a search for an acronym finds passages that spell the
name out and back (aliases as synonyms, resolved at index time from the graph). Facet
fields are comma-separated keywords of human-readable labels, so a label with spaces
("South Sudan") stays one value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from whoosh import fields
from whoosh.analysis import StemmingAnalyzer

from pockg.config import Settings

INDEX_DIR_NAME = "index"
PASSAGE = "passage"
STATEMENT = "statement"

# The fields a free-text query searches, with their BM25F boosts: the section heading
# weighs a little more than body text; the document title (shared by all its passages)
# and the names of mentioned entities (aliases) weigh less, so a passage that uses the
# words itself ranks above one that only mentions a named entity. Tuned on
# tests/index/test_relevance.py.
SEARCH_FIELDS: dict[str, float] = {
    "text": 1.0,
    "section": 1.2,
    "title": 0.5,
    "names": 0.3,
}
# Facet name -> index field.
FACET_FIELDS: dict[str, str] = {
    "country": "country",
    "theme": "theme",
    "document": "file_name",
    "kind": "kind",
    "actor": "actor",
}


def _keywords() -> fields.KEYWORD:
    return fields.KEYWORD(stored=True, commas=True, scorable=False, lowercase=False)


def build_schema() -> fields.Schema:
    """Return the index schema (see the module doc)."""
    stemmed = StemmingAnalyzer()
    return fields.Schema(
        iri=fields.ID(stored=True, unique=True),
        record=fields.ID(stored=True),
        passage=fields.ID(stored=True),
        doc_id=fields.ID(stored=True),
        file_name=fields.ID(stored=True),
        access=fields.ID(stored=True),
        date=fields.ID(stored=True),
        year=fields.ID(stored=True),
        text=fields.TEXT(stored=True, analyzer=stemmed, phrase=True, spelling=True),
        title=fields.TEXT(stored=True, analyzer=stemmed, phrase=True),
        section=fields.TEXT(stored=True, analyzer=stemmed, phrase=True),
        names=fields.TEXT(analyzer=StemmingAnalyzer(), phrase=True),
        entity=fields.KEYWORD(commas=True, scorable=False),
        entity_type=fields.KEYWORD(commas=True, scorable=False, lowercase=True),
        country=_keywords(),
        actor=_keywords(),
        theme=_keywords(),
        kind=_keywords(),
        page=fields.STORED(),
        position=fields.NUMERIC(stored=True, sortable=True),
        entities_json=fields.STORED(),
    )


def index_dir(settings: Settings) -> Path:
    """Return the folder of the search index in the data directory."""
    return settings.data_dir / INDEX_DIR_NAME


def keywords(values: Any) -> str:
    """Return `values` (an iterable of labels) as one comma-separated keyword value."""
    return ",".join(sorted({str(v).replace(",", " ") for v in values if v}))
