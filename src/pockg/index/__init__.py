"""The search index: Whoosh records of passages and statements, kept in step with the graph.

`update_index` (called by the pipeline after each ingest) and `rebuild_index` write it;
`search` reads it.
"""

from pockg.index.build import index_exists, rebuild_index, update_index
from pockg.index.search import Hit, SearchResult, search

__all__ = ["Hit", "SearchResult", "index_exists", "rebuild_index", "search", "update_index"]
