"""Serving latency: pockg's `/sparql` against the Oxigraph server over the same store, and
pockg's `/api/search`, one request at a time and with 8 concurrent clients.

The data (built once and cached under `.bench-data/`; see `bench/serve_data.py`): a
generated corpus ingested with the real pipeline, its documents copied under new ids until
they hold at least 1,000,000 triples and 100,000 passages, the copies written with pockg's
loader and indexed by pockg's indexer.

Both servers run as subprocesses on loopback: `pockg serve` on the data directory with its
defaults (`/sparql` in worker processes under its time and row limits, each query scoped to
the graphs anonymous readers may see), and `oxigraph serve-read-only --union-default-graph`
on pockg's own store directory (its default graph is the union of the named graphs, as
pockg's is), so both read the very same RocksDB files. Each SPARQL query is sent with the
same text to both, and their answers are checked to be the same rows (in the same order for
ordered queries) before anything is timed. A request's latency is client-side wall time from
sending it to having read the whole answer, over a keep-alive connection (`http.client`), one
per client thread. The two servers take turns in blocks of BLOCK requests per client (A B B
A A B ...), so a change in the machine's load falls on both. The engine pockg embeds
(pyoxigraph, in this process, no HTTP) is timed against the Oxigraph server too, to show
what part of the ratio comes before any serving. Results go to bench/RESULTS.md.
Run: `make bench-serve` (or `.venv/bin/python bench/serve_latency.py [--rebuild]`; `--help`
lists the sizes and counts).
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox

from results import write_section
from serve_data import (
    PREFIXES,
    SEARCHES,
    SPARQL_QUERIES,
    DataInfo,
    Request,
    Server,
    code_version,
    load_or_build,
    same_answer,
    start_oxigraph,
    start_pockg,
)

SECTION_TITLE = "## Serving latency (`bench/serve_latency.py`)"
SPARQL_TARGET = 1.5  # pockg's /sparql latency at most this many times Oxigraph server's
SEARCH_TARGET_MS = 100.0  # /api/search p95 with `--clients` concurrent clients
JSON_RESULTS = "application/sparql-results+json"
SPARQL_WARMUP = 3
BLOCK = 5  # requests per client before switching servers
SEARCH_WARMUP = 3  # rounds of the search queries (each worker process warms up)

# ---------------------------------------------------------------------------------------------
# Measuring.


@dataclass
class Latency:
    """Latencies in seconds, each with the number of the request kind it was for."""

    samples: list[tuple[int, float]] = field(default_factory=list)

    def of(self, kind: int) -> Latency:
        """Return the latencies of one request kind."""
        return Latency([s for s in self.samples if s[0] == kind])

    def percentile(self, share: float) -> float:
        """Return the `share` percentile in milliseconds (nearest rank)."""
        ordered = sorted(seconds for _, seconds in self.samples)
        rank = max(1, math.ceil(share * len(ordered) - 1e-9))
        return 1000 * ordered[rank - 1]

    @property
    def p50(self) -> float:
        return self.percentile(0.50)

    @property
    def p95(self) -> float:
        return self.percentile(0.95)


def timed_requests(
    server: Server, requests: Sequence[Request], count: int, first: int = 0
) -> list[tuple[int, float]]:
    """Send `count` requests on one connection, cycling through `requests` from `first`;
    return (request number, latency) pairs."""
    connection = server.connect()
    latencies = []
    try:
        for number in range(count):
            kind = (first + number) % len(requests)
            path, headers = requests[kind]
            start = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            latencies.append((kind, time.perf_counter() - start))
            if response.status != 200:
                raise SystemExit(f"error: {server.name} answered {response.status} to {path}")
    finally:
        connection.close()
    return latencies


def measure(server: Server, requests: Sequence[Request], clients: int, count: int) -> Latency:
    """Return the latencies of `clients` concurrent clients each sending `count` requests
    (each client starting at another request, so that a mix is sent at every moment)."""
    if clients == 1:
        return Latency(timed_requests(server, requests, count))
    results: list[list[tuple[int, float]]] = [[] for _ in range(clients)]
    barrier = threading.Barrier(clients)

    def client(number: int) -> None:
        barrier.wait()
        results[number] = timed_requests(server, requests, count, first=number)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if any(len(r) != count for r in results):
        raise SystemExit(f"error: a client of {server.name} failed")
    return Latency([s for r in results for s in r])


def measure_pair(
    servers: tuple[Server, Server], requests: tuple[Request, Request], clients: int, count: int
) -> tuple[Latency, Latency]:
    """Return the latencies of the same query on two servers, `count` requests per client
    each, measured in alternating blocks of BLOCK (A B B A A B ...) so that a change in the
    machine's load falls on both, after SPARQL_WARMUP untimed requests each."""
    for server, request in zip(servers, requests, strict=True):
        timed_requests(server, [request], SPARQL_WARMUP)
    latencies = (Latency(), Latency())
    for block in range(math.ceil(count / BLOCK)):
        size = min(BLOCK, count - block * BLOCK)
        for which in (0, 1) if block % 2 == 0 else (1, 0):
            found = measure(servers[which], [requests[which]], clients, size)
            latencies[which].samples.extend(found.samples)
    return latencies


def sparql_request(server: Server, query: str) -> Request:
    """Return the GET request of `query` to `server`'s SPARQL endpoint, asking for JSON."""
    return f"{server.sparql_path}?{urlencode({'query': query})}", {"Accept": JSON_RESULTS}


def search_request(text: str) -> Request:
    """Return the GET request of `/api/search` for `text` (first page, 10 hits)."""
    return f"/api/search?{urlencode({'q': text})}", {"Accept": "application/json"}


@dataclass
class Row:
    """One line of the results table: a request kind in one mode, on pockg and Oxigraph."""

    name: str
    mode: str
    pockg: Latency
    oxigraph: Latency | None = None
    rows: str = "-"

    def ratios(self) -> tuple[float, float]:
        """Return pockg's p50 and p95 over Oxigraph's."""
        assert self.oxigraph is not None
        return self.pockg.p50 / self.oxigraph.p50, self.pockg.p95 / self.oxigraph.p95


def check_answers(pockg: Server, oxigraph: Server) -> dict[str, int]:
    """Return the row count of each query, after checking both servers give the same rows."""
    counts = {}
    for name, query in SPARQL_QUERIES.items():
        ours = pockg.get_json(sparql_request(pockg, query))
        theirs = oxigraph.get_json(sparql_request(oxigraph, query))
        problem = same_answer(ours, theirs, ordered="ORDER BY" in query)
        if problem:
            raise SystemExit(f"error: {name}: pockg and Oxigraph answer differently: {problem}")
        counts[name] = len(ours["results"]["bindings"])
        print(f"{name}: {counts[name]} rows, the same from both servers", flush=True)
    for text in SEARCHES:
        found = pockg.get_json(search_request(text))
        print(f"search {text!r}: {found['total']:,} hits", flush=True)
    return counts


@dataclass
class Samples:
    """Every latency of a run: by (request name, mode) for pockg and for Oxigraph, and the
    engine-alone times by query (pyoxigraph in this process, Oxigraph server)."""

    pockg: dict[tuple[str, str], Latency] = field(default_factory=dict)
    oxigraph: dict[tuple[str, str], Latency] = field(default_factory=dict)
    engine: dict[str, tuple[list[float], list[float]]] = field(default_factory=dict)


def _add(to: dict[tuple[str, str], Latency], key: tuple[str, str], found: Latency) -> None:
    to.setdefault(key, Latency()).samples.extend(found.samples)


def measure_round(
    pockg: Server, oxigraph: Server, args: argparse.Namespace, samples: Samples
) -> None:
    """Time every SPARQL query on both servers and the searches on pockg, in both modes:
    this round's share (1 / `args.rounds`) of the requests."""
    searches = [search_request(text) for text in SEARCHES]
    for clients, total in ((1, args.requests), (args.clients, args.client_requests)):
        mode = "sequential" if clients == 1 else f"{clients} clients"
        count = math.ceil(total / args.rounds)
        for name, query in SPARQL_QUERIES.items():
            pair = (sparql_request(pockg, query), sparql_request(oxigraph, query))
            ours, theirs = measure_pair((pockg, oxigraph), pair, clients, count)
            _add(samples.pockg, (name, mode), ours)
            _add(samples.oxigraph, (name, mode), theirs)
            print(f"  {mode} {name}: p50 pockg {ours.p50:.1f} ms, Oxigraph {theirs.p50:.1f} ms")
        timed_requests(pockg, searches, SEARCH_WARMUP * len(searches))
        rounds_of_searches = math.ceil(2 * count / len(searches))  # about twice as many
        mix = measure(pockg, searches, clients, rounds_of_searches * len(searches))
        _add(samples.pockg, ("/api/search", mode), mix)
        print(f"  {mode} search: p50 {mix.p50:.1f} ms, p95 {mix.p95:.1f} ms", flush=True)


def engine_alone(store: Path, oxigraph: Server, count: int, samples: Samples) -> None:
    """Time each query `count` times with pyoxigraph in this process (the engine pockg
    embeds; query and SPARQL JSON, no HTTP) and on the Oxigraph server, in turns."""
    engine = ox.Store.read_only(str(store))
    connection = oxigraph.connect()
    for name, query in SPARQL_QUERIES.items():
        path, headers = sparql_request(oxigraph, query)
        times = samples.engine.setdefault(name, ([], []))
        for number in range(SPARQL_WARMUP + count):
            for which in (0, 1) if number % 2 == 0 else (1, 0):
                start = time.perf_counter()
                if which == 0:
                    result = engine.query(query, use_default_graph_as_union=True)
                    result.serialize(format=ox.QueryResultsFormat.JSON)
                else:
                    connection.request("GET", path, headers=headers)
                    connection.getresponse().read()
                if number >= SPARQL_WARMUP:
                    times[which].append(time.perf_counter() - start)
    connection.close()


def table(samples: Samples, counts: dict[str, int], clients: int) -> list[Row]:
    """Return the rows of the results table, in the order they were measured."""
    rows = []
    for mode in ("sequential", f"{clients} clients"):
        for name in SPARQL_QUERIES:
            ours, theirs = samples.pockg[(name, mode)], samples.oxigraph[(name, mode)]
            rows.append(Row(name, mode, ours, theirs, str(counts[name])))
        mix = samples.pockg[("/api/search", mode)]
        rows.append(Row("/api/search, all queries", mode, mix))
        each = [(text, mix.of(n)) for n, text in enumerate(SEARCHES)]
        rows += [Row(f"/api/search {text!r}", mode, found) for text, found in each if found.samples]
    return rows


# ---------------------------------------------------------------------------------------------
# Reporting.


def _line(row: Row) -> str:
    ours = f"{row.pockg.p50:.1f} | {row.pockg.p95:.1f}"
    if row.oxigraph is None:
        return f"| {row.name} | {row.mode} | {row.rows} | {ours} | - | - | - | - |"
    theirs = f"{row.oxigraph.p50:.1f} | {row.oxigraph.p95:.1f}"
    p50, p95 = row.ratios()
    return f"| {row.name} | {row.mode} | {row.rows} | {ours} | {theirs} | {p50:.2f} | {p95:.2f} |"


def report(
    samples: Samples,
    counts: dict[str, int],
    data: DataInfo,
    args: argparse.Namespace,
    run: dict[str, str],
) -> str:
    """Return the Markdown results section."""
    rows = table(samples, counts, args.clients)
    header = (
        "| request | mode | rows | pockg p50 ms | pockg p95 ms | Oxigraph p50 ms | "
        "Oxigraph p95 ms | ratio p50 | ratio p95 |\n|---|---|---|---|---|---|---|---|---|"
    )
    medians = {
        name: (1000 * statistics.median(ours), 1000 * statistics.median(theirs))
        for name, (ours, theirs) in samples.engine.items()
    }
    engine_rows = "\n".join(
        f"| {name} | {ours:.1f} | {theirs:.1f} | {ours / theirs:.2f} |"
        for name, (ours, theirs) in medians.items()
    )
    worst = max(max(row.ratios()) for row in rows if row.oxigraph is not None)
    search = next(r for r in rows if r.oxigraph is None and r.mode != "sequential")
    sparql_verdict = "met" if worst <= SPARQL_TARGET else "NOT met"
    search_verdict = "met" if search.pockg.p95 < SEARCH_TARGET_MS else "NOT met"
    command = (
        f".venv/bin/python bench/serve_latency.py --words {args.words} --passages "
        f"{args.passages} --triples {args.triples} --requests {args.requests} "
        f"--clients {args.clients} --client-requests {args.client_requests} "
        f"--rounds {args.rounds}"
    )
    sequential = math.ceil(args.requests / args.rounds) * args.rounds
    per_client = math.ceil(args.client_requests / args.rounds) * args.rounds
    queries = "\n".join(
        f"- {name}: `{' '.join(query.removeprefix(PREFIXES).split())}`"
        for name, query in SPARQL_QUERIES.items()
    )
    searches = ", ".join(f'"{text}"' for text in SEARCHES)
    return f"""{SECTION_TITLE}

Run on {run["date"]} UTC, Python {platform.python_version()}, {platform.machine()}, `nproc`
{os.cpu_count()}, load average {run["load"]} (1 / 5 / 15 min) at the start and
{run["load_end"]} at the end, {run["code"]}. Command: `{command}` (`make bench-serve`).
The clients, both servers and whatever else runs on the machine share its cores.

Data: {data.documents:,} documents, {data.passages:,} passages, {data.statements:,}
statements, {data.triples:,} triples in all ({data.document_triples:,} in the documents'
named graphs), {data.index_records:,} search records (passages and statements), built in
{data.build_seconds / 60:.0f} min and cached in `.bench-data/` (`--rebuild` builds it again).
A generated corpus of {data.words:,} words ({data.base_documents} Markdown and text documents
from `bench/poc_corpus.py`, seed 2026) was ingested with the real pipeline
(`pockg.pipeline.ingest_paths`: spaCy extraction, graph, document store, search index). Then
each document was copied {data.copies - 1} times under new document ids: its named graph
with the IRIs it minted (document, passages, statements, graph name) and its file name
rewritten, the shared IRIs (organisations, countries, missions, resolutions, themes) kept,
written with `GraphStore.load_file` (what `pockg load` does), and its structured document
saved under the new id. The copies were indexed with `pockg.index.update_index`, one call
per copy round, so the index has as many segments as after {data.copies} ingests.

Servers: `pockg serve` with its defaults (`/sparql` and `/api/search` each run in
{min(4, os.cpu_count() or 1)} worker processes) and `oxigraph serve-read-only
--union-default-graph` (Oxigraph {run["oxigraph"]}, the version of pockg's pyoxigraph) on
pockg's store directory: both read the same RocksDB files. Every query gave the same rows on
both servers before timing. Latency is client-side wall time per request, from sending it to
having read the whole body, over keep-alive `http.client` connections, SPARQL results as
SPARQL JSON. "sequential": {sequential} requests one after another; "{args.clients}
clients": {args.clients} threads, each with its own connection, each sending {per_client}
requests; the servers take turns every {BLOCK} requests per client, after {SPARQL_WARMUP}
untimed requests each. The requests are spread over {args.rounds} rounds, each with both
servers started afresh: on this machine the same query in a new process can run up to twice
as fast or as slow, for the whole life of the process. `/api/search` (the first page of 10
hits, with facets, snippets and the spelling suggestion): about twice as many requests
(whole rounds of the queries), cycling
through {len(SEARCHES)} queries ({searches}), each client starting at another, after
{SEARCH_WARMUP} untimed rounds. Percentiles are nearest-rank.

SPARQL queries (the same text to both servers, after the `pockg:` and `rdfs:` prefixes):

{queries}

{header}
{chr(10).join(_line(row) for row in rows)}

pockg's `/sparql` is at most **{worst:.2f}x** Oxigraph server's latency, over all queries,
both modes, p50 and p95 (target: at most {SPARQL_TARGET}x, {sparql_verdict}). `/api/search`
p95 with {args.clients} concurrent clients: **{search.pockg.p95:.0f} ms** (target: under
{SEARCH_TARGET_MS:.0f} ms, {search_verdict}).

The engine alone: pyoxigraph in the benchmark's process (the engine pockg embeds: query and
SPARQL JSON, no HTTP, no worker) against the Oxigraph server, {sequential} requests each, in
turns (medians):

| query | pyoxigraph in-process ms | Oxigraph server ms | ratio |
|---|---|---|---|
{engine_rows}
"""


def main() -> int:
    """Build or load the data, start both servers, check and time the queries, write results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=500_000, help="generated corpus size")
    parser.add_argument("--passages", type=int, default=100_000, help="at least this many")
    parser.add_argument("--triples", type=int, default=1_000_000, help="at least this many")
    parser.add_argument("--requests", type=int, default=40, help="sequential requests")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    parser.add_argument("--client-requests", type=int, default=20, help="requests per client")
    parser.add_argument("--rounds", type=int, default=3, help="server restarts to spread over")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached data")
    args = parser.parse_args()
    data = load_or_build(args.words, args.passages, args.triples, rebuild=args.rebuild)
    run = {"date": f"{datetime.now(UTC):%Y-%m-%d %H:%M}", "load": _load(), "code": code_version()}
    samples, counts = Samples(), {}
    for number in range(args.rounds):
        print(f"round {number + 1} of {args.rounds}: both servers started afresh", flush=True)
        with start_oxigraph(data.store_dir) as oxigraph, start_pockg(data.pockg_dir) as pockg:
            run["oxigraph"] = oxigraph.version
            counts = check_answers(pockg, oxigraph)
            measure_round(pockg, oxigraph, args, samples)
            engine_alone(data.store_dir, oxigraph, math.ceil(args.requests / args.rounds), samples)
    run["load_end"] = _load()
    section = report(samples, counts, data, args, run)
    write_section(SECTION_TITLE, section)
    print(section)
    return 0


def _load() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
