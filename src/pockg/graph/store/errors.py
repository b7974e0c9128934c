"""The errors every graph store operation raises."""


class GraphStoreError(Exception):
    """A graph store operation failed; the message says what, where and what to do."""


class InvalidQueryError(GraphStoreError):
    """A SPARQL query or update was rejected as malformed."""
