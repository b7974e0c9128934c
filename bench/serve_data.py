"""The data of the serving benchmark (a pockg data directory, built once and cached), what
the benchmark asks of it (SPARQL queries and searches) and the two servers it asks.

How it is made (`build_data`):

1. a corpus of `words` words is generated with `poc_corpus` (the pipeline benchmark's
   generator, same seed) and ingested with the real pipeline (`pockg.pipeline.ingest_paths`:
   parsing, spaCy extraction, linking, graph, document store, search index);
2. each ingested document is replicated under new document ids (`report-0001-r02.md` ...)
   until the documents hold at least `passages` passages and `triples` triples: its named
   graph is copied with the IRIs it minted (document, passages, statements, graph name) and
   its `pockg:fileName` rewritten, and the shared IRIs (organisations, countries, missions,
   resolutions, themes, the extraction run) kept, so joins across documents stay realistic;
   the copies are written with pockg's own loader (`GraphStore.load_file`, as `pockg load`),
   one N-Quads file per round, and each copy is saved in the document store under its new
   id and file name;
3. the search index gets the copies' passages and statements through the real indexing
   code (`pockg.index.update_index`), one call per copy round (as one ingest run each).

`oxigraph serve-read-only` reads pockg's own store (`pockg/graph`), so both servers read the
very same quads from the very same RocksDB files.
"""

from __future__ import annotations

import contextlib
import dataclasses
import http.client
import json
import math
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from poc_corpus import SEED, generate_corpus

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from pockg.config import DEFAULT_ID_BASE, Settings  # noqa: E402
from pockg.docstore import DocumentStore  # noqa: E402
from pockg.graph.store import GraphStore  # noqa: E402
from pockg.index import update_index  # noqa: E402
from pockg.ingest.reader import document_id  # noqa: E402

CACHE = REPO / ".bench-data"
_DOCUMENT_GRAPHS = f"<{DEFAULT_ID_BASE}graph/document/"
_FILE_NAME = "<https://w3id.org/pockg/ontology#fileName>"


@dataclass(frozen=True)
class DataInfo:
    """Where the benchmark data lives and how large it is."""

    folder: Path
    words: int
    base_documents: int
    copies: int
    documents: int
    passages: int
    statements: int
    document_triples: int
    triples: int
    index_records: int
    build_seconds: float

    @property
    def pockg_dir(self) -> Path:
        """Return pockg's data directory."""
        return self.folder / "pockg"

    @property
    def store_dir(self) -> Path:
        """Return pockg's graph store, which the Oxigraph server reads too."""
        return self.folder / "pockg" / "graph"


def load_or_build(words: int, passages: int, triples: int, *, rebuild: bool) -> DataInfo:
    """Return the cached data for these sizes, building it first if missing or `rebuild`."""
    folder = CACHE / f"serve-w{words}-p{passages}-t{triples}-s{SEED}"
    record = folder / "built.json"
    if record.exists() and not rebuild:
        fields = json.loads(record.read_text(encoding="utf-8"))
        return DataInfo(folder=folder, **fields)
    shutil.rmtree(folder, ignore_errors=True)
    info = build_data(folder, words, passages, triples)
    fields = {k: v for k, v in dataclasses.asdict(info).items() if k != "folder"}
    record.write_text(json.dumps(fields, indent=1), encoding="utf-8")
    return info


def build_data(folder: Path, words: int, passages: int, triples: int) -> DataInfo:
    """Build the pockg data directory in `folder` (see the module doc)."""
    start = time.perf_counter()
    settings = Settings(data_dir=folder / "pockg", workers=2)
    base_ids = _ingest_corpus(folder / "corpus", settings, words)
    documents = DocumentStore(settings.documents_db)
    base_passages = sum(s.block_count for s in documents.summaries())
    with GraphStore.local(settings.data_dir) as store:
        base_triples = _document_triples(store)
    copies = max(math.ceil(passages / base_passages), math.ceil(triples / base_triples))
    print(f"base: {len(base_ids)} documents, {base_passages:,} passages, ", end="")
    print(f"{base_triples:,} triples; making {copies} copies in all", flush=True)
    quads = _document_quads(settings)
    for copy in range(2, copies + 1):
        _add_copy(settings, documents, quads, copy, folder / "copy.nq")
        print(f"  copy {copy}/{copies} written", flush=True)
    records = _index_copies(settings, documents, base_ids)
    with GraphStore.local(settings.data_dir) as store:
        counts = _counts(store)
    return DataInfo(
        folder=folder,
        words=words,
        base_documents=len(base_ids),
        copies=copies,
        documents=len(documents.document_ids()),
        passages=counts["passages"],
        statements=counts["statements"],
        document_triples=counts["document_triples"],
        triples=counts["triples"],
        index_records=records,
        build_seconds=round(time.perf_counter() - start, 1),
    )


def _ingest_corpus(corpus: Path, settings: Settings, words: int) -> list[str]:
    """Generate the corpus and ingest it with the real pipeline; return the document ids."""
    from pockg.pipeline import ingest_paths

    files, total = generate_corpus(corpus, words)
    print(f"ingesting {len(files)} generated documents ({total:,} words)", flush=True)
    started = time.perf_counter()
    report = ingest_paths([corpus], settings)
    failures = report.failures
    if failures:
        raise SystemExit(f"error: ingest failed for {failures[0].path}: {failures[0].reason}")
    print(f"  ingested in {time.perf_counter() - started:.0f} s", flush=True)
    return [document_id(path.name) for path in files]


def _document_triples(store: GraphStore) -> int:
    """Return how many triples the documents' named graphs hold."""
    query = (
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER(STRSTARTS(STR(?g), "{_DOCUMENT_GRAPHS[1:]}")) }}'
    )
    return int(next(iter(store.query(query)))[0])


def _document_quads(settings: Settings) -> dict[str, list[str]]:
    """Return the N-Quads lines of each document graph, by document id."""
    path = settings.data_dir.parent / "base.nq"
    with GraphStore.local(settings.data_dir) as store, path.open("wb") as out:
        store.export("nquads", out)
    by_document: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            start = line.rfind(_DOCUMENT_GRAPHS)
            if start > 0:
                doc_id = line[start + len(_DOCUMENT_GRAPHS) : line.rindex(">")]
                by_document.setdefault(doc_id, []).append(line)
    path.unlink()
    return by_document


def copy_name(file_name: str, copy: int) -> str:
    """Return the file name of copy number `copy` of `file_name` (report-0001-r02.md)."""
    stem, dot, suffix = file_name.rpartition(".")
    return f"{stem}-r{copy:02d}{dot}{suffix}"


def _add_copy(
    settings: Settings,
    documents: DocumentStore,
    quads: dict[str, list[str]],
    copy: int,
    scratch: Path,
) -> None:
    """Write copy number `copy` of every base document into the graph and document stores."""
    copied = []
    with scratch.open("w", encoding="utf-8") as out:
        for doc_id, lines in quads.items():
            document = documents.load(doc_id)
            assert document is not None, f"{doc_id} is in the graph and the document store"
            new_name = copy_name(document.file_name, copy)
            new_id = document_id(new_name)
            out.writelines(_rewritten(lines, doc_id, new_id, document.file_name, new_name))
            copied.append(dataclasses.replace(document, doc_id=new_id, file_name=new_name))
    with GraphStore.local(settings.data_dir, write=True) as store:
        store.load_file(scratch, format="nquads")
    scratch.unlink()
    source = settings.data_dir.parent / "corpus"
    for document in copied:
        documents.save(document, source / document.file_name, "bench-copy")


def _rewritten(
    lines: list[str], old_id: str, new_id: str, old_name: str, new_name: str
) -> list[str]:
    """Return a document graph's N-Quads lines with the IRIs it minted and its file name
    moved to the copy (document ids are path segments: `/ID/` inside an IRI, `/ID>` at its end)."""
    old_segment, new_segment = f"/{old_id}", f"/{new_id}"
    rewritten = []
    for line in lines:
        line = line.replace(old_segment + "/", new_segment + "/")
        line = line.replace(old_segment + ">", new_segment + ">")
        if _FILE_NAME in line:
            line = line.replace(f'"{old_name}"', f'"{new_name}"')
        rewritten.append(line)
    return rewritten


def _index_copies(settings: Settings, documents: DocumentStore, base_ids: list[str]) -> int:
    """Index the copies' passages and statements with pockg's indexer, one `update_index`
    per copy round (as one ingest run each); return the records the index holds."""
    base = set(base_ids)
    rounds: dict[str, list[str]] = {}
    for doc_id in documents.document_ids():
        if doc_id not in base:
            rounds.setdefault(doc_id.rsplit("-", 2)[-2], []).append(doc_id)
    for name, doc_ids in sorted(rounds.items()):
        started = time.perf_counter()
        written = update_index(settings, doc_ids)
        seconds = time.perf_counter() - started
        print(f"  indexed copy {name}: {written:,} records in {seconds:.0f} s", flush=True)
    from whoosh import index as whoosh_index

    from pockg.index.schema import index_dir

    return int(whoosh_index.open_dir(index_dir(settings)).doc_count())


def _counts(store: GraphStore) -> dict[str, int]:
    """Return the passages, statements and triples the store holds."""
    prefix = "PREFIX pockg: <https://w3id.org/pockg/ontology#> "
    queries = {
        "passages": "SELECT (COUNT(*) AS ?n) WHERE { ?x a pockg:Passage }",
        "statements": "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?t { pockg:Recommendation "
        "pockg:FieldPractice pockg:Challenge } ?x a ?t }",
        "triples": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    }
    counts = {name: int(next(iter(store.query(prefix + q)))[0]) for name, q in queries.items()}
    counts["document_triples"] = _document_triples(store)
    return counts


# ---------------------------------------------------------------------------------------------
# What the benchmark asks of the data: four SPARQL queries, the searches, and checking that
# two servers answer a query with the same rows.

PREFIXES = """PREFIX pockg: <https://w3id.org/pockg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
_ID = "https://w3id.org/pockg/id/"
SPARQL_QUERIES = {
    # the label and types of one entity (typed again in every document graph naming it)
    "lookup": PREFIXES
    + f"""SELECT DISTINCT ?label ?type WHERE {{
  <{_ID}mission/minusma> rdfs:label ?label ; a ?type }}
ORDER BY ?label ?type""",
    # field practices in Mali -> the UN mission they involve -> the resolution mandating it
    "two-hop linkage join": PREFIXES
    + f"""SELECT DISTINCT ?practice ?mission ?resolution WHERE {{
  ?practice a pockg:FieldPractice ; pockg:country <{_ID}country/mli> ;
            pockg:involves ?mission .
  ?mission pockg:mandatedBy ?resolution }}
ORDER BY ?practice ?resolution LIMIT 100""",
    # passages naming OCHA whose text says "early warning"
    "text FILTER": PREFIXES
    + f"""SELECT ?passage ?text WHERE {{
  ?passage pockg:mentions <{_ID}organisation/office-for-the-coordination-of-humanitarian-affairs> ;
           pockg:text ?text .
  FILTER(CONTAINS(LCASE(?text), "early warning")) }}
ORDER BY ?passage LIMIT 20""",
    # the 20 organisations named in the most passages
    "GROUP BY count": PREFIXES
    + """SELECT ?organisation (COUNT(?passage) AS ?mentions) WHERE {
  { SELECT DISTINCT ?organisation WHERE { ?organisation a pockg:Organisation } }
  ?passage pockg:mentions ?organisation }
GROUP BY ?organisation ORDER BY DESC(?mentions) ?organisation LIMIT 20""",
}
SEARCHES = (
    "information sharing with the UN mission",
    "early warning",
    "community protection committees",
    "OCHA humanitarian access",
    "sexual violence Security Council resolution",
)
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _term(term: dict[str, str]) -> tuple[str, ...]:
    """Return a SPARQL JSON term in one spelling (blank nodes compare by kind only)."""
    kind = "literal" if term["type"] == "typed-literal" else term["type"]
    if kind == "bnode":
        return (kind,)
    datatype = term.get("datatype", "")
    return (
        kind,
        term["value"],
        "" if datatype == _XSD_STRING else datatype,
        term.get("xml:lang", ""),
    )


def same_answer(ours: dict[str, Any], theirs: dict[str, Any], *, ordered: bool) -> str | None:
    """Return why two SPARQL JSON SELECT results differ, or None when they hold the same rows
    (in the same order when `ordered`)."""
    rows = [
        [
            tuple(sorted((k, _term(v)) for k, v in row.items()))
            for row in result["results"]["bindings"]
        ]
        for result in (ours, theirs)
    ]
    if len(rows[0]) != len(rows[1]):
        return f"{len(rows[0])} rows against {len(rows[1])}"
    if not rows[0]:
        return "no rows: a query that finds nothing measures nothing"
    if not ordered:
        rows = [sorted(r) for r in rows]
    for number, (mine, other) in enumerate(zip(*rows, strict=True)):
        if mine != other:
            return f"row {number + 1}: {mine} against {other}"
    return None


# ---------------------------------------------------------------------------------------------
# The two servers, as subprocesses on loopback ports.

POCKG = Path(sys.executable).with_name("pockg")
OXIGRAPH = Path(sys.executable).with_name("oxigraph")
STARTUP_SECONDS = 120.0
Request = tuple[str, dict[str, str]]  # path with query string, headers


@dataclass
class Server:
    """A running HTTP server: its name, port, SPARQL endpoint path and version."""

    name: str
    port: int
    sparql_path: str
    version: str = ""

    def connect(self) -> http.client.HTTPConnection:
        """Return a new keep-alive connection to the server."""
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)

    def get_json(self, request: Request) -> Any:
        """Return the JSON body of a GET; exit with the server's message on an error."""
        connection = self.connect()
        try:
            connection.request("GET", request[0], headers=request[1])
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        if response.status != 200:
            raise SystemExit(f"error: {self.name} answered {response.status}: {body[:500]!r}")
        return json.loads(body)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def _running(
    command: list[str], server: Server, probe: str, env: dict[str, str]
) -> Iterator[Server]:
    """Run `command`, yield `server` once `probe` answers 200, stop the process afterwards."""
    log = Path(f"/tmp/pockg-bench-{server.name.split()[0].lower()}-{server.port}.log")
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            with contextlib.suppress(OSError, http.client.HTTPException):
                connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
                connection.request("GET", probe)
                if connection.getresponse().status == 200:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"error: {server.name} did not start: {log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)


def start_oxigraph(store: Path) -> contextlib.AbstractContextManager[Server]:
    """Return a context running `oxigraph serve-read-only --union-default-graph` on `store`."""
    version = subprocess.run([str(OXIGRAPH), "--version"], capture_output=True, text=True)
    server = Server("Oxigraph server", _free_port(), "/query", version.stdout.split()[-1])
    command = [str(OXIGRAPH), "serve-read-only", "--location", str(store)]
    command += ["--union-default-graph", "--bind", f"127.0.0.1:{server.port}"]
    return _running(command, server, "/query?query=ASK%7B%7D", dict(os.environ))


def start_pockg(data_dir: Path) -> contextlib.AbstractContextManager[Server]:
    """Return a context running `pockg serve` on `data_dir` with its default settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("POCKG_")}
    env["POCKG_DATA_DIR"] = str(data_dir)
    server = Server("pockg", _free_port(), "/sparql")
    command = [str(POCKG), "serve", "--host", "127.0.0.1", "--port", str(server.port)]
    return _running(command, server, "/api/health", env)


def code_version() -> str:
    """Return the commit and how many files under src/ and api/ differ from it (read-only git)."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True)
        return done.stdout.strip()

    changed = git("status", "--porcelain", "--", "src", "api").splitlines()
    head = git("rev-parse", "--short", "HEAD")
    return f"commit {head} with {len(changed)} changed files in src/ and api/"
