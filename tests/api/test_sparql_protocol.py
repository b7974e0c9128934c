"""`/sparql` against the W3C SPARQL 1.1 Protocol (https://www.w3.org/TR/sparql11-protocol/),
one test per requirement, on a real server on loopback, with SPARQLWrapper as one client.

The corpus is three small Markdown notes, one of them `internal`: its graph must never show.
"""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import uvicorn
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF
from rdflib.query import Result
from SPARQLWrapper import JSON, POST, POSTDIRECTLY, TURTLE, URLENCODED, SPARQLWrapper

from api.main import create_app
from pockg.config import Settings
from pockg.docstore import DocumentStore
from pockg.graph.iri import document_graph_iri
from pockg.pipeline import ingest_paths
from tests.conftest import free_port

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
PUBLIC_WORD = "Kalindoria"  # only in a public note
SECRET_WORD = "Zembrovia"  # only in the internal note
NOTES = {
    "alpha.md": f"# Alpha note\n\nUNMISS shared early-warning information with {PUBLIC_WORD} "
    "community protection committees to protect civilians.\n",
    "beta.md": "# Beta note\n\nThe Protection Cluster recommends that OCHA convene "
    "civil-military coordination meetings every month.\n",
    "secret.md": f"# Secret note\n\nThe {SECRET_WORD} patrol schedule was shared with "
    "MONUSCO only.\n",
}
MANIFEST = """
[[document]]
file = "secret.md"
title = "Secret note"
access_level = "internal"
"""
ALL_TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"


@dataclass(frozen=True)
class Served:
    """The running endpoint and what the tests need to know about its data."""

    endpoint: str
    public_graphs: tuple[str, str]
    secret_graph: str


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("notes")
    for name, text in NOTES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    settings = Settings(data_dir=tmp_path_factory.mktemp("data"))
    ingest_paths([folder], settings)
    graphs = {
        s.file_name: str(document_graph_iri(s.doc_id, base=settings.id_base))
        for s in DocumentStore(settings.documents_db).summaries()
    }
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POCKG_SPARQL_WORKERS", "2")
        port = free_port()
        server = uvicorn.Server(
            uvicorn.Config(create_app(settings), port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        yield Served(
            f"http://127.0.0.1:{port}/sparql",
            (graphs["alpha.md"], graphs["beta.md"]),
            graphs["secret.md"],
        )
        server.should_exit = True
        thread.join(timeout=30)


@dataclass(frozen=True)
class Reply:
    status: int
    media_type: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict[str, object]:
        data = json.loads(self.body)
        assert isinstance(data, dict)
        return data


def http(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None) -> Reply:
    """Return the reply to a GET (or a POST with `data`), error statuses included."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return Reply(
                response.status, _type(response.headers), dict(response.headers), response.read()
            )
    except urllib.error.HTTPError as error:
        return Reply(error.code, _type(error.headers), dict(error.headers), error.read())


def _type(headers: object) -> str:
    value = headers.get("content-type") or ""
    return str(value).split(";")[0]


def get(served: Served, params: list[tuple[str, str]], accept: str | None = None) -> Reply:
    query = urllib.parse.urlencode(params)
    return http(f"{served.endpoint}?{query}", headers={"Accept": accept} if accept else {})


def post_form(served: Served, params: list[tuple[str, str]]) -> Reply:
    body = urllib.parse.urlencode(params).encode()
    kind = {"Content-Type": "application/x-www-form-urlencoded"}
    return http(served.endpoint, data=body, headers=kind)


def select_values(reply: Reply, name: str) -> list[str]:
    assert reply.status == 200, reply.body
    bindings = reply.json()["results"]["bindings"]  # type: ignore[index]
    return [row[name]["value"] for row in bindings if name in row]


def wrapper(served: Served, query: str, fmt: str = JSON) -> SPARQLWrapper:
    client = SPARQLWrapper(served.endpoint)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


# 2.1.1 query via GET


def test_query_via_get_answers_with_sparql_json(served: Served) -> None:
    client = wrapper(served, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    result = client.queryAndConvert()
    assert isinstance(result, dict)
    assert int(result["results"]["bindings"][0]["n"]["value"]) > 0


# 2.1.2 query via POST with URL-encoded parameters


def test_query_via_post_form_encoded(served: Served) -> None:
    client = wrapper(served, "ASK { ?s ?p ?o }")
    client.setMethod(POST)
    client.setRequestMethod(URLENCODED)
    assert client.queryAndConvert() == {"head": {}, "boolean": True}


# 2.1.3 query via POST directly


def test_query_via_post_directly(served: Served) -> None:
    client = wrapper(served, "ASK { ?s ?p ?o }")
    client.setMethod(POST)
    client.setRequestMethod(POSTDIRECTLY)
    assert client.queryAndConvert() == {"head": {}, "boolean": True}


def test_post_of_another_content_type_is_unsupported(served: Served) -> None:
    reply = http(served.endpoint, data=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert reply.status == 415
    assert "application/sparql-query" in str(reply.json()["detail"])


def test_query_given_twice_or_not_at_all_is_a_client_error(served: Served) -> None:
    assert get(served, [("query", "ASK {}"), ("query", "ASK {}")]).status == 400
    assert post_form(served, [("format", "json")]).status == 400


# 2.1.4 dataset: default-graph-uri and named-graph-uri


def test_default_graph_uri_makes_the_default_graph(served: Served) -> None:
    alpha, beta = served.public_graphs
    query = f'ASK {{ ?s ?p ?o FILTER(CONTAINS(STR(?o), "{PUBLIC_WORD}")) }}'
    on_alpha = get(served, [("query", query), ("default-graph-uri", alpha)])
    on_beta = get(served, [("query", query), ("default-graph-uri", beta)])
    assert (on_alpha.json()["boolean"], on_beta.json()["boolean"]) == (True, False)


def test_named_graph_uri_limits_the_named_graphs(served: Served) -> None:
    alpha, beta = served.public_graphs
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    params = [("query", query), ("named-graph-uri", alpha), ("named-graph-uri", beta)]
    assert sorted(select_values(get(served, params), "g")) == sorted([alpha, beta])


def test_protocol_dataset_overrides_the_query_from_clause(served: Served) -> None:
    alpha, beta = served.public_graphs
    query = f'ASK FROM <{alpha}> {{ ?s ?p ?o FILTER(CONTAINS(STR(?o), "{PUBLIC_WORD}")) }}'
    assert get(served, [("query", query)]).json()["boolean"] is True
    assert get(served, [("query", query), ("default-graph-uri", beta)]).json()["boolean"] is False


# 2.1.5 failure: malformed query


def test_malformed_query_is_400_with_the_parser_message(served: Served) -> None:
    reply = get(served, [("query", "SELECT ?s WHERE { ?s ?p }")])
    assert reply.status == 400
    detail = str(reply.json()["detail"])
    assert detail.startswith("invalid SPARQL query:") and "1:" in detail


# 2.1.6 success: result formats


def test_select_answers_in_every_results_format(served: Served) -> None:
    query = [("query", "SELECT ?s ?o WHERE { ?s ?p ?o } LIMIT 5")]
    json_reply = get(served, query)
    assert json_reply.media_type == "application/sparql-results+json"
    assert len(select_values(json_reply, "s")) == 5
    xml = get(served, query, accept="application/sparql-results+xml")
    assert xml.media_type == "application/sparql-results+xml"
    assert len(Result.parse(io.BytesIO(xml.body), format="xml").bindings) == 5
    rows = list(csv.reader(io.StringIO(get(served, query, accept="text/csv").body.decode())))
    assert rows[0] == ["s", "o"] and len(rows) == 6
    tsv = get(served, query, accept="text/tab-separated-values")
    assert tsv.media_type == "text/tab-separated-values"
    assert len(Result.parse(io.BytesIO(tsv.body), format="tsv").bindings) == 5


def test_format_parameter_wins_over_accept(served: Served) -> None:
    params = [("query", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"), ("format", "csv")]
    assert get(served, params, accept="application/sparql-results+json").media_type == "text/csv"


def test_accept_quality_values_choose_the_format(served: Served) -> None:
    params = [("query", "ASK {}")]
    accept = "text/csv;q=0.5, application/sparql-results+xml, */*;q=0.1"
    assert get(served, params, accept=accept).media_type == "application/sparql-results+xml"
    assert get(served, params, accept="text/*").media_type == "text/csv"


def test_unacceptable_result_type_is_406(served: Served) -> None:
    reply = get(served, [("query", "ASK {}")], accept="image/png")
    assert reply.status == 406
    assert "application/sparql-results+json" in str(reply.json()["detail"])
    construct = [("query", "CONSTRUCT WHERE { ?s ?p ?o }")]
    assert get(served, construct, accept="application/sparql-results+json").status == 406


def test_ask_answers_a_boolean(served: Served) -> None:
    absent = "ASK { ?s ?p <https://example.org/nothing> }"
    assert wrapper(served, absent).queryAndConvert() == {"head": {}, "boolean": False}


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_construct_answers_in_every_graph_format(
    served: Served, accept: str, rdflib_format: str
) -> None:
    reply = get(served, [("query", "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 20")], accept=accept)
    assert (reply.status, reply.media_type) == (200, accept)
    assert len(Graph().parse(data=reply.body, format=rdflib_format)) == 20


def test_construct_defaults_to_turtle_with_sparqlwrapper(served: Served) -> None:
    client = wrapper(served, "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 3", TURTLE)
    body = client.queryAndConvert()
    assert isinstance(body, bytes)
    assert len(Graph().parse(data=body, format="turtle")) == 3


def test_describe_answers_a_graph_about_the_resource(served: Served) -> None:
    alpha, _ = served.public_graphs
    subject = select_values(
        get(served, [("query", f"SELECT ?s WHERE {{ GRAPH <{alpha}> {{ ?s ?p ?o }} }} LIMIT 1")]),
        "s",
    )[0]
    reply = get(served, [("query", f"DESCRIBE <{subject}>")])
    assert reply.media_type == "text/turtle"
    assert URIRef(subject) in set(Graph().parse(data=reply.body, format="turtle").subjects())


# read-only: updates, LOAD and SERVICE are refused


def test_update_operation_is_refused(served: Served) -> None:
    insert = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    assert post_form(served, [("update", insert)]).status == 403
    direct = http(
        served.endpoint,
        data=insert.encode(),
        headers={"Content-Type": "application/sparql-update"},
    )
    assert direct.status == 403 and "read-only" in str(direct.json()["detail"])
    assert get(served, [("query", insert)]).status == 403
    assert get(served, [("query", "ASK { <urn:a> <urn:b> <urn:c> }")]).json()["boolean"] is False


def test_load_is_refused(served: Served) -> None:
    reply = post_form(served, [("query", "LOAD <http://127.0.0.1:9/data.ttl>")])
    assert reply.status == 403 and "read-only" in str(reply.json()["detail"])


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE SILENT ?x { ?s ?p ?o } } } LIMIT 1",
    ],
)
def test_service_calls_are_refused(served: Served, query: str) -> None:
    reply = get(served, [("query", query)])
    assert reply.status == 403 and "SERVICE" in str(reply.json()["detail"])


# limits


def test_time_limit_answers_503_and_the_server_goes_on(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POCKG_SPARQL_TIMEOUT", "0.5")
    expensive = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    reply = get(served, [("query", expensive)])
    assert reply.status == 503 and "time limit" in str(reply.json()["detail"])
    assert time.monotonic() - started < 10
    monkeypatch.setenv("POCKG_SPARQL_TIMEOUT", "30")
    for _ in range(3):  # every worker, the replaced one too
        assert get(served, [("query", "ASK { ?s ?p ?o }")]).json()["boolean"] is True


def test_row_limit_truncates_and_says_so(served: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POCKG_SPARQL_MAX_ROWS", "7")
    reply = get(served, [("query", ALL_TRIPLES)])
    assert len(select_values(reply, "s")) == 7
    assert reply.headers["x-sparql-truncated"] == "true"
    graph = get(served, [("query", "CONSTRUCT WHERE { ?s ?p ?o }")])
    assert len(Graph().parse(data=graph.body, format="turtle")) == 7
    small = get(served, [("query", f"{ALL_TRIPLES} LIMIT 3")])
    assert "x-sparql-truncated" not in {k.lower() for k in small.headers}


def test_oversized_query_is_413(served: Served) -> None:
    padding = "#" + "x" * 120_000 + "\n"
    reply = post_form(served, [("query", padding + "ASK {}")])
    assert reply.status == 413


# access: only public documents and corpus graphs


def test_internal_document_never_appears(served: Served) -> None:
    secret = served.secret_graph
    find = f'SELECT ?s WHERE {{ ?s ?p ?o FILTER(CONTAINS(STR(?o), "{SECRET_WORD}")) }}'
    attempts = [
        [("query", find)],
        [("query", find), ("default-graph-uri", secret)],
        [("query", f"SELECT * FROM <{secret}> WHERE {{ ?s ?p ?o }}")],
        [("query", f"SELECT * FROM NAMED <{secret}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")],
        [("query", f"SELECT * WHERE {{ GRAPH <{secret}> {{ ?s ?p ?o }} }}")],
        [("query", "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"), ("named-graph-uri", secret)],
    ]
    for params in attempts:
        assert select_values(get(served, params), "s") == [], params
    graphs = select_values(get(served, [("query", "SELECT ?g { GRAPH ?g {} }")]), "g")
    assert secret not in graphs and set(served.public_graphs) <= set(graphs)


# service description (SPARQL 1.1 Service Description, section 2)


def test_get_without_query_returns_the_service_description(served: Served) -> None:
    reply = http(served.endpoint)
    assert (reply.status, reply.media_type) == (200, "text/turtle")
    description = Graph().parse(data=reply.body, format="turtle")
    service = next(description.subjects(RDF.type, SD.Service))
    assert description.value(service, SD.endpoint) == URIRef(served.endpoint)
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in description
    assert (service, SD.feature, SD.UnionDefaultGraph) in description
    names = {str(n) for n in description.objects(None, SD.name)}
    assert set(served.public_graphs) <= names and served.secret_graph not in names
