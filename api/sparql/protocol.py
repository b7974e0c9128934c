"""The SPARQL 1.1 Protocol's query operation (https://www.w3.org/TR/sparql11-protocol/#query-operation):
reading a request, checking the query, scoping its dataset and answering it.

Reading runs in the web server: `query` via GET, POST form-encoded or POST
`application/sparql-query`, with repeated `default-graph-uri` and `named-graph-uri`.
Updates are refused, since this endpoint is read-only. Checking, scoping and answering run in a
query worker (see `api.sparql.limits`), under the time limit.

Access: anonymous readers see the corpus graphs (ontology, themes, reference data, labels,
loaded files) and the graphs of public documents. Every query runs against an explicit
dataset, which takes precedence over the query's FROM clauses: the permitted graphs when neither
the request nor the query names a dataset, otherwise the named one intersected with them.
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from urllib.parse import parse_qsl

import pyoxigraph as ox
from fastapi import HTTPException, Request
from pyparsing import ParseBaseException
from rdflib import Graph
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.query import Result

from api.access import readable_graphs, stored_graphs
from api.sparql.negotiation import RESULT_FORMS, NotAcceptableError, choose_format, write_result
from pockg.access import ANONYMOUS, Reader
from pockg.config import Settings
from pockg.graph.iri import STAGING_GRAPH_PREFIX
from pockg.graph.store import GraphStore, GraphStoreError, InvalidQueryError

MAX_QUERY_BYTES = 100_000
MAX_BODY_BYTES = 2 * MAX_QUERY_BYTES
MAX_GRAPH_PARAMS = 1_000
QUERY_MEDIA_TYPE = "application/sparql-query"
UPDATE_MEDIA_TYPE = "application/sparql-update"
FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"
# Stands in for "no graph at all": an empty dataset passed to the store would mean "all".
EMPTY_GRAPH = "urn:pockg:empty-dataset"

_READ_ONLY = "this endpoint is read-only: SPARQL updates (INSERT, DELETE, LOAD, ...) are refused"
_NO_SERVICE = "SERVICE calls are refused: this endpoint queries only its own store"
# Inside other words too: Oxigraph reads `?o 1SERVICE <url> {...}` as a SERVICE call.
_SERVICE_WORD = re.compile(r"SERVICE", re.IGNORECASE)
# Any of these anywhere, even inside a string, sends a query through rdflib's parser;
# "service" even inside another word.
_NEEDS_PARSING = re.compile(
    r"service|\\[uU]|\b(?:from|insert|delete|load|clear|create|drop|copy|move|add|with)\b",
    re.IGNORECASE,
)
# Tokens of a query's prologue: IRIs, comments, and words (a prefix name ends with ':').
_PROLOGUE_TOKENS = re.compile(r"<[^<>\s]*>|#[^\n\r]*|(?P<word>[A-Za-z_][\w.-]*:?)")
_FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


@dataclass(frozen=True)
class SparqlRequest:
    """One protocol query request: the query, its protocol dataset and the wanted format."""

    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    accept: str | None = None
    formats: tuple[str, ...] = ()
    reader: Reader = ANONYMOUS


@dataclass(frozen=True)
class Answer:
    """What to send back: status, media type, body, and whether rows were cut off."""

    status: int
    media_type: str
    body: bytes
    truncated: bool = False


class RefusedQueryError(Exception):
    """The query asks for something this endpoint never does (HTTP 403)."""


@dataclass(frozen=True)
class QueryShape:
    """What checking a query found: its form (None if unknown) and its FROM clauses."""

    form: str | None
    from_default: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()


async def read_request(request: Request) -> SparqlRequest | None:
    """Return the protocol request, or None for a GET without a query (service description).

    Raises HTTPException: 403 for an update, 413 for oversized input, 415 for a POST body of
    another type, 400 for a missing, repeated or undecodable query.
    """
    params = list(request.query_params.multi_items())
    if request.method == "POST":
        params += await _post_params(request)
    if any(name == "update" for name, _ in params):
        raise HTTPException(403, _READ_ONLY)
    queries = [value for name, value in params if name == "query"]
    if not queries and request.method == "GET":
        return None
    if len(queries) != 1:
        raise HTTPException(400, f"give exactly one `query` parameter, got {len(queries)}")
    return _checked_request(queries[0], params, request.headers.get("accept"))


async def _post_params(request: Request) -> list[tuple[str, str]]:
    """Return the parameters a POST body carries, by its content type."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type == UPDATE_MEDIA_TYPE:
        raise HTTPException(403, _READ_ONLY)
    if media_type == QUERY_MEDIA_TYPE:
        return [("query", await _body(request))]
    if media_type == FORM_MEDIA_TYPE:
        return parse_qsl(await _body(request), keep_blank_values=True)
    raise HTTPException(415, f"POST a query as {FORM_MEDIA_TYPE} or {QUERY_MEDIA_TYPE}")


async def _body(request: Request) -> str:
    """Return the request body as text, refusing it (413) beyond MAX_BODY_BYTES."""
    too_large = HTTPException(413, f"the request body is over {MAX_BODY_BYTES} bytes")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise too_large
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPException(400, "the request body is not UTF-8 text") from None


def _checked_request(
    query: str, params: list[tuple[str, str]], accept: str | None
) -> SparqlRequest:
    """Return the request, refusing an oversized query or too many graphs (413)."""
    if len(query.encode("utf-8")) > MAX_QUERY_BYTES:
        raise HTTPException(413, f"the query is over {MAX_QUERY_BYTES} bytes")
    default = tuple(value for name, value in params if name == "default-graph-uri")
    named = tuple(value for name, value in params if name == "named-graph-uri")
    if len(default) + len(named) > MAX_GRAPH_PARAMS:
        raise HTTPException(413, f"name at most {MAX_GRAPH_PARAMS} graphs")
    formats = tuple(value for name, value in params if name == "format" and value)
    return SparqlRequest(query, default, named, accept, formats)


def answer(request: SparqlRequest, store: GraphStore, settings: Settings, max_rows: int) -> Answer:
    """Return the answer to `request`, at most `max_rows` rows or triples, or an error answer.

    SELECT and ASK results go from the store to the client as pyoxigraph writes them;
    CONSTRUCT and DESCRIBE results, and queries of unknown form, through rdflib.
    """
    try:
        shape = check_query(request.query)
        chosen = choose_format(shape.form, request.accept, request.formats) if shape.form else None
        # The graphs are listed and the query run on one state of the store, so a graph
        # written in between (say, an internal document's) cannot join the union.
        with store.snapshot() as one_state:
            permitted, everything = readable_dataset(store, settings, request.reader)
            scope = everything and one_state
            default, named = scoped_dataset(shape, request, permitted, everything=scope)
            if chosen is not None and shape.form in RESULT_FORMS:
                body, truncated = store.query_results(
                    request.query,
                    getattr(ox.QueryResultsFormat, chosen.writer),
                    max_rows,
                    default_graph_uris=default,
                    named_graph_uris=named,
                )
                return Answer(200, chosen.media_type, body, truncated)
            result = store.query(request.query, default_graph_uris=default, named_graph_uris=named)
        chosen = chosen or choose_format(str(result.type), request.accept, request.formats)
        truncated = _truncate(result, max_rows)
        return Answer(200, chosen.media_type, write_result(result, chosen), truncated)
    except InvalidQueryError as error:
        return error_answer(400, str(error))
    except RecursionError:
        return error_answer(400, "invalid SPARQL query: nested too deeply to parse")
    except RefusedQueryError as error:
        return error_answer(403, str(error))
    except NotAcceptableError as error:
        return error_answer(406, str(error))
    except GraphStoreError as error:
        return error_answer(503, str(error))


def error_answer(status: int, message: str) -> Answer:
    """Return an error answer as JSON `{"detail": message}`, like the rest of the API."""
    return Answer(status, "application/json", json.dumps({"detail": message}).encode("utf-8"))


def check_query(query: str) -> QueryShape:
    """Return the query's form and FROM clauses; raise RefusedQueryError for SERVICE or an
    update. A query rdflib cannot parse is left to the store's parser for its message.

    rdflib's parser takes 20-50 ms, many times what the store needs to answer a lookup, so a
    query in which none of the words that need it appears anywhere (SERVICE, FROM, the
    update operations; `\\u` escapes, which could spell them) skips it: its form is then
    read from its prologue (`query_form`).
    """
    if not _NEEDS_PARSING.search(query) and (form := query_form(query)) is not None:
        return QueryShape(form)
    try:
        tree = parseQuery(query)
    except (ParseBaseException, ValueError, TypeError):
        return _unparsed(query)
    if "ServiceGraphPattern" in set(_node_names(tree)):
        raise RefusedQueryError(_NO_SERVICE)
    body = tree[1]
    # CompValue.get answers a missing key with the key itself, so test membership first.
    clauses = body["datasetClause"] if "datasetClause" in body else []  # noqa: SIM401
    return QueryShape(
        _FORMS.get(body.name),
        tuple(str(c["default"]) for c in clauses if "default" in c),
        tuple(str(c["named"]) for c in clauses if "named" in c),
    )


def query_form(query: str) -> str | None:
    """Return the form (SELECT, ASK, CONSTRUCT, DESCRIBE) of a query, the first keyword after
    its prologue (BASE and PREFIX declarations, comments), or None if that is not a form."""
    for match in _PROLOGUE_TOKENS.finditer(query):
        word = match.group("word")
        if word is None or word.endswith(":"):
            continue  # an IRI, a comment or a prefix name
        upper = word.upper()
        if upper in ("BASE", "PREFIX"):
            continue
        return upper if upper in _FORMS.values() else None
    return None


def _unparsed(query: str) -> QueryShape:
    """Return an unknown shape for a query rdflib cannot parse, refusing what might be an
    update or hide a SERVICE call (cautious: the word anywhere counts, even in a string or
    another word)."""
    try:
        parseUpdate(query)
    except (ParseBaseException, ValueError, TypeError):
        if _SERVICE_WORD.search(query):
            raise RefusedQueryError(_NO_SERVICE) from None
        return QueryShape(None)
    raise RefusedQueryError(_READ_ONLY)


def _node_names(node: object) -> Iterable[str]:
    """Yield the names of all rule nodes in an rdflib parse tree."""
    if isinstance(node, CompValue):
        yield node.name
        children: Iterable[object] = node.values()
    elif isinstance(node, (list, tuple)) or hasattr(node, "asList"):
        children = node  # type: ignore[assignment]
    else:
        return
    for child in children:
        yield from _node_names(child)


def permitted_graphs(
    store: GraphStore, settings: Settings, reader: Reader = ANONYMOUS
) -> frozenset[str]:
    """Return the named graphs `reader` may query (see `api.access`)."""
    return readable_dataset(store, settings, reader)[0]


def readable_dataset(
    store: GraphStore, settings: Settings, reader: Reader = ANONYMOUS
) -> tuple[frozenset[str], bool]:
    """Return the named graphs `reader` may query and whether they are all the graphs the
    store holds (staging graphs of a write in progress counted).

    Checking each of a thousand graphs costs about a millisecond, which every query paid, so
    the answer is kept for the same graph names, reader and reading of the document store
    (`api.access` reads it again after every commit to it, so a changed access level is
    seen at once).
    """
    names = tuple(store.graph_names(staging=True))
    documents = stored_graphs(settings)  # a new object after each commit to the store
    key = (names, reader, settings)
    with _READABLE_LOCK:
        kept = _READABLE.get(key)
        if kept is not None and kept[0] is documents:
            _READABLE.move_to_end(key)
            return kept[1]
    finished = (name for name in names if not name.startswith(STAGING_GRAPH_PREFIX))
    permitted = frozenset(readable_graphs(settings, finished, reader))
    found = permitted, len(permitted) == len(names)
    with _READABLE_LOCK:
        _READABLE[key] = documents, found
        while len(_READABLE) > _READABLE_KEPT:
            _READABLE.popitem(last=False)
    return found


_READABLE_KEPT = 32  # (graph names, reader, settings) answers kept per process
_READABLE: OrderedDict[tuple[object, ...], tuple[object, tuple[frozenset[str], bool]]] = (
    OrderedDict()
)
_READABLE_LOCK = threading.Lock()


def scoped_dataset(
    shape: QueryShape,
    request: SparqlRequest,
    permitted: frozenset[str],
    *,
    everything: bool = False,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return (default graphs, named graphs) to run the query on (see the module doc).

    When neither the request nor the query names a dataset and `everything` (the permitted
    graphs are all the store's graphs), both are empty: the store's own dataset, whose
    default graph is the union of all its graphs, is the same dataset and is queried many
    times faster than a list of hundreds of graphs.
    """
    if request.default_graphs or request.named_graphs:
        default, named = request.default_graphs, request.named_graphs
    elif shape.from_default or shape.from_named:
        default, named = shape.from_default, shape.from_named
    elif everything and permitted:
        return (), ()
    else:
        listed = tuple(sorted(permitted))
        return listed or (EMPTY_GRAPH,), listed
    default = tuple(dict.fromkeys(g for g in default if g in permitted))
    named = tuple(dict.fromkeys(g for g in named if g in permitted))
    if not default and not named:
        default = (EMPTY_GRAPH,)
    return default, named


def _truncate(result: Result, max_rows: int) -> bool:
    """Cut `result` to `max_rows` solutions or triples; return whether anything was cut."""
    if result.type == "SELECT" and len(result.bindings) > max_rows:
        result.bindings = list(result.bindings)[:max_rows]
        return True
    if result.graph is not None and len(result.graph) > max_rows:
        kept = Graph(namespace_manager=result.graph.namespace_manager)
        for triple in islice(result.graph, max_rows):
            kept.add(triple)
        result.graph = kept
        return True
    return False
