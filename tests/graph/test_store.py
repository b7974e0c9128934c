"""The graph store, embedded and remote (a real `oxigraph serve` on a loopback port).

Behaviour tests run on both backends through the `store` fixture; the concurrency tests of
the embedded store use real processes.
"""

from __future__ import annotations

import io
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef, Variable, namespace
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.query import Result

from pockg.config import Settings
from pockg.graph.store import (
    ENV_LOCK_TIMEOUT,
    ENV_SPARQL_QUERY,
    ENV_SPARQL_UPDATE,
    GraphStore,
    GraphStoreError,
    InvalidQueryError,
    open_graph_store,
)
from tests.conftest import free_port

EX = Namespace("http://example.org/")
G1, G2, G3 = EX.graph1, EX.graph2, EX.graph3
REMOTE_CHUNK = 1000  # small enough that the atomicity test goes through staging graphs


def _remote(base: str, chunk_size: int = REMOTE_CHUNK) -> GraphStore:
    return GraphStore.remote(f"{base}/query", f"{base}/update", chunk_size=chunk_size)


@dataclass(frozen=True)
class Backend:
    """One kind of store under test and a factory of stores on one empty dataset."""

    name: str
    connect: Callable[[], GraphStore]


@pytest.fixture(params=["local", "remote"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    if request.param == "local":
        return Backend("local", lambda: GraphStore.local(tmp_path / "data"))
    base = request.getfixturevalue("oxigraph_server")
    with _remote(base) as cleaner:
        cleaner.update("DROP ALL")
    return Backend("remote", lambda: _remote(base))


@pytest.fixture
def store(backend: Backend) -> Iterator[GraphStore]:
    with backend.connect() as opened:
        yield opened


def sample_graph() -> Graph:
    """Return a graph with the awkward parts: blank nodes, a list, languages, datatypes."""
    graph = Graph()
    org, note = EX.ocha, BNode()
    graph.add((org, EX.label, Literal("OCHA")))
    graph.add((org, EX.label, Literal("Bureau de la coordination", lang="fr")))
    graph.add((org, EX.founded, Literal("1991", datatype=namespace.XSD.gYear)))
    graph.add((org, EX.size, Literal(42)))
    graph.add((org, EX.motto, Literal('Quotes " and \\ and\nnew lines, é, 日本')))
    graph.add((org, EX.note, note))
    graph.add((note, EX.text, Literal("a blank node")))
    members = BNode()
    Collection(graph, members, [EX.a, EX.b, Literal("c")])
    graph.add((org, EX.members, members))
    return graph


def numbered_graph(prefix: str, count: int) -> Graph:
    """Return `count` triples about subjects named `prefix`0, `prefix`1, ..."""
    graph = Graph()
    for index in range(count):
        graph.add((EX[f"{prefix}{index}"], EX.value, Literal(index)))
    return graph


def graph_content(store: GraphStore, graph_iri: URIRef) -> Graph:
    """Return the triples of one named graph, read back through a query."""
    result = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}")
    assert result.graph is not None
    return result.graph


def dataset_content(store: GraphStore) -> dict[URIRef, Graph]:
    """Return every named graph's triples by name."""
    return {name: graph_content(store, name) for name in store.named_graphs()}


def blank_node_count(graph: Graph) -> int:
    return len({term for triple in graph for term in triple if isinstance(term, BNode)})


def values(result: Result, name: str) -> list[Any]:
    """Return the values bound to variable `name`, row by row."""
    return [row.get(Variable(name)) for row in result.bindings]


def assert_same_graphs(actual: dict[URIRef, Graph], expected: dict[URIRef, Graph]) -> None:
    assert sorted(actual) == sorted(expected)
    for name, graph in expected.items():
        assert isomorphic(actual[name], graph), name


# Replacing graphs


def test_replace_graph_round_trip_is_isomorphic(store: GraphStore) -> None:
    store.replace_graph(G1, sample_graph())
    assert isomorphic(graph_content(store, G1), sample_graph())
    assert store.graph_triple_count(G1) == len(sample_graph()) == 14


def test_replace_graph_again_leaves_exactly_the_new_triples(store: GraphStore) -> None:
    store.replace_graph(G1, numbered_graph("old", 30))
    replacement = numbered_graph("old", 5) + numbered_graph("new", 7)
    store.replace_graph(G1, replacement)
    assert isomorphic(graph_content(store, G1), replacement)
    assert store.graph_triple_count(G1) == 12


def test_replace_graph_leaves_other_graphs_untouched(store: GraphStore) -> None:
    store.replace_graph(G1, sample_graph())
    store.replace_graph(G2, numbered_graph("two", 3))
    store.replace_graph(G1, numbered_graph("one", 4))
    assert_same_graphs(
        dataset_content(store), {G1: numbered_graph("one", 4), G2: numbered_graph("two", 3)}
    )


def test_replace_graph_with_no_triples_removes_it(store: GraphStore) -> None:
    store.replace_graph(G1, numbered_graph("one", 3))
    store.replace_graph(G1, Graph())
    assert store.named_graphs() == []
    assert store.graph_triple_count(G1) == 0


def test_remove_graph_and_named_graphs(store: GraphStore) -> None:
    for name in (G3, G1, G2):
        store.replace_graph(name, numbered_graph(name[-1], 2))
    assert store.named_graphs() == [G1, G2, G3]
    store.remove_graph(G2)
    store.remove_graph(EX.never_written)
    assert store.named_graphs() == [G1, G3]


def test_replace_graph_rejects_an_invalid_graph_name(store: GraphStore) -> None:
    with pytest.raises(GraphStoreError, match="not a valid absolute IRI for a graph: 'not an iri'"):
        store.replace_graph("not an iri", numbered_graph("x", 1))


def test_large_graph_with_blank_nodes_survives_chunked_writes(oxigraph_server: str) -> None:
    graph = numbered_graph("n", 40)
    for _ in range(3):
        Collection(graph, head := BNode(), [Literal(i) for i in range(9)])
        graph.add((EX.owner, EX.list, head))
    with _remote(oxigraph_server, chunk_size=4) as store:
        store.update("DROP ALL")
        store.replace_graph(G1, graph)
        back = graph_content(store, G1)
        # A blank node split across requests would come back as several: count them first.
        assert blank_node_count(back) == blank_node_count(graph) == 27
        assert isomorphic(back, graph)
        names = store.query("SELECT ?g WHERE { GRAPH ?g {} }")
        assert values(names, "g") == [G1]  # no staging graph left


# Queries


def write_two_graphs(store: GraphStore) -> None:
    one, two = Graph(), Graph()
    one.add((EX.a, EX.p, Literal(1)))
    two.add((EX.b, EX.p, Literal(2)))
    store.replace_graph(G1, one)
    store.replace_graph(G2, two)


def subjects(store: GraphStore, sparql: str, **dataset: list[str]) -> list[object]:
    return sorted(values(store.query(sparql, **dataset), "s"))


def test_query_default_graph_is_the_union_of_named_graphs(store: GraphStore) -> None:
    write_two_graphs(store)
    assert subjects(store, "SELECT ?s WHERE { ?s ?p ?o }") == [EX.a, EX.b]
    assert store.query("ASK { <http://example.org/b> ?p 2 }").askAnswer is True


def test_query_with_default_graph_uris(store: GraphStore) -> None:
    write_two_graphs(store)
    sparql = "SELECT ?s WHERE { ?s ?p ?o }"
    assert subjects(store, sparql, default_graph_uris=[G1]) == [EX.a]
    assert subjects(store, sparql, default_graph_uris=[G1, G2]) == [EX.a, EX.b]


def test_query_with_named_graph_uris_follows_the_protocol(store: GraphStore) -> None:
    write_two_graphs(store)
    in_graphs = "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert subjects(store, in_graphs, named_graph_uris=[G2]) == [EX.b]
    assert subjects(store, in_graphs, default_graph_uris=[G1]) == []
    assert subjects(store, "SELECT ?s WHERE { ?s ?p ?o }", named_graph_uris=[G2]) == []


def test_query_results_are_rdflib_terms_equal_to_parsed_ones(store: GraphStore) -> None:
    store.replace_graph(G1, sample_graph())
    sparql = f"SELECT ?o WHERE {{ <{EX.ocha}> ?p ?o FILTER(isLiteral(?o)) }} ORDER BY STR(?o)"
    assert values(store.query(sparql), "o") == [
        Literal("1991", datatype=namespace.XSD.gYear),
        Literal(42),
        Literal("Bureau de la coordination", lang="fr"),
        Literal("OCHA"),
        Literal('Quotes " and \\ and\nnew lines, é, 日本'),
    ]


def test_select_gives_plain_rows_over_the_same_dataset(store: GraphStore) -> None:
    store.replace_graph(G1, sample_graph())
    sparql = f"""SELECT ?o ?none WHERE {{ <{EX.ocha}> ?p ?o FILTER(isLiteral(?o))
        OPTIONAL {{ ?o ?q ?none }} }} ORDER BY STR(?o)"""
    assert store.select(sparql) == [
        {"o": "1991"},
        {"o": "42"},
        {"o": "Bureau de la coordination"},
        {"o": "OCHA"},
        {"o": 'Quotes " and \\ and\nnew lines, é, 日本'},
    ], "lexical forms, unbound variables left out"
    write_two_graphs(store)
    listed = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s"
    assert store.select(listed, default_graph_uris=[G2]) == [{"s": str(EX.b)}]
    assert store.select(listed, named_graph_uris=[G2]) == []


def test_select_refuses_other_query_forms(store: GraphStore) -> None:
    with pytest.raises(GraphStoreError, match="expected a SELECT query"):
        store.select("ASK { ?s ?p ?o }")
    with pytest.raises(InvalidQueryError, match=r"error at 1:15: expected one of REDUCED"):
        store.select("SELECT WHERE {")


def test_malformed_query_and_update_raise(store: GraphStore) -> None:
    with pytest.raises(InvalidQueryError, match=r"error at 1:15: expected one of REDUCED"):
        store.query("SELECT WHERE {")
    with pytest.raises(InvalidQueryError, match=r"error at 1:14: expected one of "):
        store.update("INSERT DATA {")


def test_failing_update_raises_and_changes_nothing(store: GraphStore) -> None:
    store.update(f"CREATE GRAPH <{G1}>")
    with pytest.raises(GraphStoreError, match=f"The graph <{G1}> already exists"):
        store.update(
            f"INSERT DATA {{ GRAPH <{G2}> {{ <{EX.a}> <{EX.p}> 1 }} }}; CREATE GRAPH <{G1}>"
        )
    assert store.graph_triple_count(G2) == 0


def test_update_writes_with_graph_clauses(store: GraphStore) -> None:
    store.update(f"INSERT DATA {{ GRAPH <{G1}> {{ <{EX.a}> <{EX.p}> 'x' }} }}")
    assert store.graph_triple_count(G1) == 1
    store.update(f"DELETE WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}")
    assert store.graph_triple_count(G1) == 0


# Loading files

GRAPH_FORMATS = {"turtle": "ttl", "nt": "nt", "xml": "rdf", "json-ld": "jsonld"}


@pytest.mark.parametrize("rdflib_format", sorted(GRAPH_FORMATS))
def test_load_file_graph_formats(store: GraphStore, tmp_path: Path, rdflib_format: str) -> None:
    path = tmp_path / f"data.{GRAPH_FORMATS[rdflib_format]}"
    sample_graph().serialize(path, format=rdflib_format, encoding="utf-8")
    counts = store.load_file(path, G1)
    assert counts == {G1: 14}
    assert isomorphic(graph_content(store, G1), sample_graph())


def sample_dataset() -> Dataset:
    """Return a dataset with triples in its default graph and in graph2."""
    dataset = Dataset()
    for triple in numbered_graph("default", 3):
        dataset.add(triple)
    named = dataset.graph(G2)
    for triple in sample_graph():
        named.add(triple)
    return dataset


@pytest.mark.parametrize(("rdflib_format", "suffix"), [("trig", "trig"), ("nquads", "nq")])
def test_load_file_dataset_formats(
    store: GraphStore, tmp_path: Path, rdflib_format: str, suffix: str
) -> None:
    path = tmp_path / f"data.{suffix}"
    sample_dataset().serialize(path, format=rdflib_format, encoding="utf-8")
    assert store.load_file(path, G1) == {G1: 3, G2: 14}
    assert_same_graphs(
        dataset_content(store), {G1: numbered_graph("default", 3), G2: sample_graph()}
    )


def test_load_file_twice_changes_nothing(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "data.ttl"
    sample_graph().serialize(path, format="turtle", encoding="utf-8")
    store.load_file(path, G1)
    store.load_file(path, G1)
    assert store.graph_triple_count(G1) == 14


def test_blank_nodes_of_different_files_stay_distinct(store: GraphStore, tmp_path: Path) -> None:
    for name, value in ((G1, 1), (G2, 2)):
        path = tmp_path / f"{value}.nt"
        path.write_text(f'_:b0 <{EX.p}> "{value}" .\n_:b0 <{EX.q}> _:b1 .\n')
        store.load_file(path, name)
    distinct = "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE "
    distinct += "{ { ?b ?p ?o } UNION { ?s ?p ?b } FILTER(isBlank(?b)) }"
    assert values(store.query(distinct), "n") == [Literal(4)]


def test_load_file_with_an_explicit_format(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    sample_graph().serialize(path, format="nt", encoding="utf-8")
    assert store.load_file(path, G1, format="ntriples") == {G1: 14}


def test_load_corrupt_file_names_it_and_leaves_the_store_unchanged(
    store: GraphStore, tmp_path: Path
) -> None:
    store.replace_graph(G1, numbered_graph("before", 2))
    path = tmp_path / "broken.ttl"
    path.write_text('<http://example.org/x> <http://example.org/p> "ok" .\n<x> <p> "open .\n')
    with pytest.raises(GraphStoreError) as caught:
        store.load_file(path, G1)
    assert str(caught.value) == (
        f"{path}: not valid Turtle: Parser error between line 2 column 9 and line 3 "
        "column 1: Unexpected end of file"
    )
    assert_same_graphs(dataset_content(store), {G1: numbered_graph("before", 2)})


def test_load_file_errors_for_people(store: GraphStore, tmp_path: Path) -> None:
    unknown = tmp_path / "data.csv"
    unknown.write_text("a,b\n")
    with pytest.raises(GraphStoreError, match=r"data\.csv: cannot tell the RDF format"):
        store.load_file(unknown, G1)
    with pytest.raises(GraphStoreError, match=r"missing\.ttl: cannot read the file"):
        store.load_file(tmp_path / "missing.ttl", G1)
    path = tmp_path / "data.nt"
    numbered_graph("x", 1).serialize(path, format="nt", encoding="utf-8")
    with pytest.raises(GraphStoreError, match="outside any named graph; give a target graph"):
        store.load_file(path)
    assert store.named_graphs() == []


# Export


def fill_for_export(store: GraphStore) -> dict[URIRef, Graph]:
    expected = {G1: sample_graph(), G2: numbered_graph("two", 4)}
    for name, graph in expected.items():
        store.replace_graph(name, graph)
    return expected


@pytest.mark.parametrize(
    ("fmt", "rdflib_format"), [("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld")]
)
def test_export_dataset_formats_parse_back(store: GraphStore, fmt: str, rdflib_format: str) -> None:
    expected = fill_for_export(store)
    out = io.BytesIO()
    store.export(fmt, out)
    parsed = Dataset()
    parsed.parse(data=out.getvalue(), format=rdflib_format)
    graphs = {g.identifier: g for g in parsed.graphs() if len(g)}
    assert_same_graphs({URIRef(k): v for k, v in graphs.items()}, expected)


def test_export_turtle_is_the_union(store: GraphStore) -> None:
    expected = fill_for_export(store)
    out = io.BytesIO()
    store.export("turtle", out, prefixes={"ex": str(EX)})
    assert b"@prefix ex: <http://example.org/> ." in out.getvalue()
    union = Graph()
    for graph in expected.values():
        union += graph
    assert isomorphic(Graph().parse(data=out.getvalue(), format="turtle"), union)


def test_export_rejects_an_unknown_format(store: GraphStore) -> None:
    with pytest.raises(GraphStoreError, match="unknown export format 'rdfxml'; use turtle, trig"):
        store.export("rdfxml", io.BytesIO())


# Atomic replacement seen by a concurrent reader


def test_replace_graph_is_atomic_for_a_concurrent_reader(backend: Backend) -> None:
    small, large = numbered_graph("small", 3000), numbered_graph("large", 5000)
    with backend.connect() as writer:
        writer.replace_graph(G1, small)
    # The embedded reader opens a new snapshot per poll, so it also reads during write
    # batches, and counts the union; the remote one counts the graph itself, because a
    # remote store's staging graph shows in the union while it fills.
    pattern = "?s ?p ?o" if backend.name == "local" else f"GRAPH <{G1}> {{ ?s ?p ?o }}"
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"
    seen: list[int] = []
    failures: list[BaseException] = []
    stop = threading.Event()

    def poll() -> None:
        try:
            while not stop.is_set():
                with backend.connect() as reader:
                    seen.append(int(values(reader.query(count), "n")[0]))
        except BaseException as error:
            failures.append(error)

    thread = threading.Thread(target=poll)
    thread.start()
    try:
        with backend.connect() as writer:
            for graph in [large, small] * 3:
                writer.replace_graph(G1, graph)
    finally:
        stop.set()
        thread.join()
    assert failures == []
    assert set(seen) == {3000, 5000}
    assert len(seen) >= 10


# The embedded store across processes

READER_SCRIPT = """
import sys
from pathlib import Path
from pockg.graph.store import GraphStore
store = GraphStore.local(Path(sys.argv[1]))
print("ready", flush=True)
for line in sys.stdin:
    print(store.graph_triple_count(line.strip()), flush=True)
"""

WRITER_SCRIPT = """
import sys, time
from pathlib import Path
from rdflib import Graph, Literal, URIRef
from pockg.graph.store import GraphStore
store = GraphStore.local(Path(sys.argv[1]), write=True)
print("locked", flush=True)
sys.stdin.readline()
graph = Graph()
graph.add((URIRef("http://example.org/held"), URIRef("http://example.org/p"), Literal(1)))
store.replace_graph(sys.argv[2], graph)
store.close()
print("done", flush=True)
"""


def start_python(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def ask(process: subprocess.Popen[str], line: str) -> str:
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(line + "\n")
    process.stdin.flush()
    return process.stdout.readline().strip()


def read_line(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    return process.stdout.readline().strip()


def finish(process: subprocess.Popen[str]) -> None:
    assert process.stdin is not None
    process.stdin.close()
    assert process.wait(timeout=30) == 0


def test_reader_process_sees_new_writes_without_reopening(tmp_path: Path) -> None:
    data = tmp_path / "data"
    reader = start_python(READER_SCRIPT, str(data))
    try:
        assert read_line(reader) == "ready"
        assert ask(reader, G1) == "0"
        with GraphStore.local(data, lock_timeout=5) as writer:
            writer.replace_graph(G1, numbered_graph("first", 3))
        assert ask(reader, G1) == "3"
        with GraphStore.local(data, lock_timeout=5) as writer:
            writer.replace_graph(G1, numbered_graph("second", 5))
        assert ask(reader, G1) == "5"
    finally:
        finish(reader)


def test_second_writer_waits_for_the_first(tmp_path: Path) -> None:
    data = tmp_path / "data"
    holder = start_python(WRITER_SCRIPT, str(data), G2)
    try:
        assert read_line(holder) == "locked"
        release = threading.Timer(1.0, lambda: ask(holder, "go"))
        started = time.monotonic()
        release.start()
        with GraphStore.local(data, lock_timeout=20) as writer:
            writer.replace_graph(G1, numbered_graph("mine", 2))
        assert time.monotonic() - started >= 1.0
        release.join()
    finally:
        finish(holder)
    with GraphStore.local(data) as reader:
        assert reader.named_graphs() == [G1, G2]
        assert reader.graph_triple_count(G2) == 1


def test_writer_blocked_beyond_the_timeout_gets_a_clear_error(tmp_path: Path) -> None:
    data = tmp_path / "data"
    holder = start_python(WRITER_SCRIPT, str(data), G2)
    try:
        assert read_line(holder) == "locked"
        with GraphStore.local(data, lock_timeout=0.5) as writer:
            with pytest.raises(GraphStoreError) as caught:
                writer.replace_graph(G1, numbered_graph("mine", 2))
            # Reads go on while another process writes.
            assert writer.named_graphs() == []
        assert str(caught.value) == (
            f"another pockg process (pid {holder.pid}) is writing to the graph store in {data}; "
            f"waited 0.5 s. Try again when it has finished, or wait longer with "
            f"{ENV_LOCK_TIMEOUT}=SECONDS."
        )
        assert ask(holder, "go") == "done"
    finally:
        finish(holder)
    with GraphStore.local(data) as reader:
        assert reader.named_graphs() == [G2]


def test_reading_creates_an_empty_store_when_there_is_none(tmp_path: Path) -> None:
    data = tmp_path / "fresh"
    with GraphStore.local(data) as store:
        assert store.named_graphs() == []
    assert (data / "graph" / "CURRENT").is_file()


def test_writing_block_publishes_its_writes_when_it_ends(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with GraphStore.local(data) as reader, GraphStore.local(data) as writer:
        assert reader.named_graphs() == []
        with writer.writing():
            writer.replace_graph(G1, numbered_graph("one", 1))
            writer.replace_graph(G2, numbered_graph("two", 2))
            assert writer.named_graphs() == [G1, G2]  # the batch reads its own writes
            assert reader.named_graphs() == []
        assert reader.named_graphs() == [G1, G2]


def test_other_threads_read_the_last_snapshot_and_wait_for_a_batch(tmp_path: Path) -> None:
    data = tmp_path / "data"
    outcome: dict[str, object] = {}

    def other_thread(store: GraphStore) -> None:
        outcome["graphs"] = store.named_graphs()
        try:
            store.remove_graph(G1)
        except GraphStoreError as error:
            outcome["error"] = str(error)

    with GraphStore.local(data, lock_timeout=0.3) as store:
        store.replace_graph(G1, numbered_graph("one", 1))
        assert store.named_graphs() == [G1]  # the snapshot other threads read from
        with store.writing():
            store.replace_graph(G2, numbered_graph("two", 2))
            thread = threading.Thread(target=other_thread, args=(store,))
            thread.start()
            thread.join()
        assert store.named_graphs() == [G1, G2]
    assert outcome == {
        "graphs": [G1],
        "error": f"another thread is writing to the graph store in {data}; waited 0.3 s. "
        f"Try again when it has finished, or wait longer with {ENV_LOCK_TIMEOUT}=SECONDS.",
    }


# The factory


def test_open_graph_store_is_local_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_SPARQL_QUERY, raising=False)
    monkeypatch.delenv(ENV_SPARQL_UPDATE, raising=False)
    monkeypatch.setenv(ENV_LOCK_TIMEOUT, "0.2")
    settings = Settings(data_dir=tmp_path / "data")
    with open_graph_store(settings, write=True) as holder:
        holder.replace_graph(G1, numbered_graph("one", 1))
        other = open_graph_store(settings)
        with pytest.raises(GraphStoreError, match=r"is writing to the graph store in"):
            other.remove_graph(G1)
        other.close()
    assert (tmp_path / "data" / "graph").is_dir()


def test_open_graph_store_remote_from_environment(
    oxigraph_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_SPARQL_QUERY, f"{oxigraph_server}/query")
    monkeypatch.setenv(ENV_SPARQL_UPDATE, f"{oxigraph_server}/update")
    settings = Settings(data_dir=tmp_path / "data")
    with open_graph_store(settings, write=True) as store:
        store.update("DROP ALL")
        store.replace_graph(G3, numbered_graph("three", 3))
        assert store.graph_triple_count(G3) == 3
    assert not (tmp_path / "data").exists()


def test_open_graph_store_needs_both_endpoints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_SPARQL_QUERY, "http://127.0.0.1:9/query")
    monkeypatch.delenv(ENV_SPARQL_UPDATE, raising=False)
    with pytest.raises(
        GraphStoreError, match=f"set both {ENV_SPARQL_QUERY} and {ENV_SPARQL_UPDATE}"
    ):
        open_graph_store(Settings(data_dir=tmp_path))


def test_open_graph_store_rejects_a_bad_lock_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_SPARQL_QUERY, raising=False)
    monkeypatch.delenv(ENV_SPARQL_UPDATE, raising=False)
    monkeypatch.setenv(ENV_LOCK_TIMEOUT, "soon")
    with pytest.raises(GraphStoreError, match=f"{ENV_LOCK_TIMEOUT} must be a number of seconds"):
        open_graph_store(Settings(data_dir=tmp_path))


def test_unreachable_remote_store_raises_a_clear_error() -> None:
    port = free_port()
    store = GraphStore.remote(f"http://127.0.0.1:{port}/query", f"http://127.0.0.1:{port}/update")
    with pytest.raises(
        GraphStoreError, match=f"cannot reach the SPARQL endpoint http://127.0.0.1:{port}/query"
    ):
        store.named_graphs()
