"""The graph commands of `pockg`: export, query, load, validate, eval (thin: call, print)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import IO

from rdflib import Literal, Variable
from rdflib.query import Result
from rdflib.term import Node
from rich.console import Console
from rich.table import Table

from pockg.config import load_settings
from pockg.graph.iri import corpus_graph_iri
from pockg.graph.namespace import PREFIXES
from pockg.graph.store import (
    EXPORT_FORMATS,
    LOAD_FORMATS,
    GraphStoreError,
    InvalidQueryError,
    open_graph_store,
)

QUERY_FORMATS = ("table", "json", "csv", "tsv")
_TSV_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def add_graph_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """Add the export, query, load, validate and eval subcommands to `commands`."""
    export = commands.add_parser("export", parents=[common], help="write the whole graph as RDF")
    export.add_argument("--format", choices=sorted(EXPORT_FORMATS), default="trig")
    export.add_argument("--output", type=Path, help="write to FILE instead of stdout")
    query = commands.add_parser("query", parents=[common], help="run a SPARQL 1.1 query")
    query.add_argument("sparql", metavar="SPARQL", help="the query, or @FILE to read it from FILE")
    query.add_argument("--format", choices=QUERY_FORMATS, default="table")
    load = commands.add_parser("load", parents=[common], help="import an RDF file into a graph")
    load.add_argument("file", type=Path, metavar="FILE")
    load.add_argument("--graph", help="the named graph for triples outside a named graph")
    load.add_argument("--format", choices=sorted(LOAD_FORMATS), help="default: from the extension")
    commands.add_parser("validate", parents=[common], help="SHACL-validate the store")
    evaluate = commands.add_parser("eval", parents=[common], help="score extraction against gold")
    evaluate.add_argument("--gold", type=Path, required=True, help="folder of gold JSON files")
    evaluate.add_argument("--json", action="store_true", help="print the scores as JSON")


def run_graph_command(args: argparse.Namespace) -> int:
    """Run one graph command; print a one-line error and return 1 when the store refuses."""
    runners = {
        "export": run_export,
        "query": run_query,
        "load": run_load,
        "validate": run_validate,
        "eval": run_eval_command,
    }
    try:
        return runners[args.command](args)
    except InvalidQueryError as error:
        print(f"error: malformed SPARQL: {error}", file=sys.stderr)
        return 1
    except GraphStoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def run_export(args: argparse.Namespace) -> int:
    """Write every graph (documents, curations, ontology, reference) to FILE or stdout."""
    with open_graph_store(load_settings(args.data_dir)) as store:
        if args.output is None:
            store.export(args.format, sys.stdout.buffer, prefixes=PREFIXES)
            return 0
        partial = args.output.with_name(args.output.name + ".partial")
        with partial.open("wb") as out:
            store.export(args.format, out, prefixes=PREFIXES)
        partial.replace(args.output)  # a reader of FILE never sees half an export
    return 0


def run_query(args: argparse.Namespace) -> int:
    """Print the result of a SPARQL query in the chosen format."""
    sparql = _query_text(args.sparql)
    with open_graph_store(load_settings(args.data_dir)) as store:
        result = store.query(sparql)
    write_result(result, args.format, sys.stdout)
    return 0


def _query_text(argument: str) -> str:
    if not argument.startswith("@"):
        return argument
    path = Path(argument[1:])
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise GraphStoreError(f"{path}: cannot read the query file ({error})") from None


def write_result(result: Result, fmt: str, out: IO[str]) -> None:
    """Write a query result: a graph as Turtle, a boolean as true/false, rows as `fmt`."""
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        out.write(result.graph.serialize(format="turtle"))
    elif result.type == "ASK":
        out.write("true\n" if result.askAnswer else "false\n")
    elif fmt in ("json", "csv"):
        out.write(result.serialize(format=fmt).decode("utf-8"))  # type: ignore[union-attr]
        out.write("\n" if fmt == "json" else "")
    elif fmt == "tsv":
        _write_tsv(result, out)
    else:
        Console(file=out, highlight=False, width=200).print(_table(result))


def _write_tsv(result: Result, out: IO[str]) -> None:
    """Write rows as SPARQL 1.1 TSV: `?var` headers, terms in Turtle syntax, tabs and newlines
    inside literals escaped."""
    variables = list(result.vars or [])
    out.write("\t".join(f"?{v}" for v in variables) + "\n")
    for values in _rows(result):
        cells = [_tsv_term(values[v]) if v in values else "" for v in variables]
        out.write("\t".join(cells) + "\n")


def _tsv_term(term: Node) -> str:
    """Return a term in N-Triples syntax on one line (SPARQL TSV forbids raw tabs, newlines)."""
    if not isinstance(term, Literal):
        return str(term.n3())
    escaped = str(term).translate(_TSV_ESCAPES)
    if term.language:
        return f'"{escaped}"@{term.language}'
    if term.datatype:
        return f'"{escaped}"^^<{term.datatype}>'
    return f'"{escaped}"'


def _rows(result: Result) -> list[dict[Variable, Node]]:
    """Return the solutions of a SELECT result as dicts of the bound variables."""
    return [{Variable(k): v for k, v in row.asdict().items()} for row in result]  # type: ignore[union-attr]


def _table(result: Result) -> Table:
    variables = list(result.vars or [])
    table = Table(*[str(v) for v in variables])
    for values in _rows(result):
        table.add_row(*[str(values[v]) if v in values else "" for v in variables])
    return table


def run_load(args: argparse.Namespace) -> int:
    """Import an RDF file into the store and print the triple count of each graph written;
    apply the curators' merges it brings to the document graphs (or those of the
    documents it brings), and bring the search records the curations change up to date."""
    # Imported here: the other commands need neither the curations nor the search index.
    from pockg.curation import documents_to_reindex
    from pockg.graph.merges import apply_merges, read_merges
    from pockg.index import index_exists, update_index

    settings = load_settings(args.data_dir)
    graph = args.graph or str(corpus_graph_iri(f"loaded-{args.file.name}", base=settings.id_base))
    with open_graph_store(settings) as store:
        counts = store.load_file(args.file, graph, args.format)
        merged = apply_merges(store, settings.id_base, read_merges(store, settings.id_base))
        stale = []
        if index_exists(settings):
            loaded = [str(g) for g in counts]
            stale = sorted({*documents_to_reindex(store, settings.id_base, loaded), *merged})
    for graph, count in counts.items():
        print(f"{graph}\t{count} triples")
    if merged:
        print(f"merges: {len(merged)} document graph(s) now name the entities kept")
    if stale:
        update_index(settings, stale)
        print(f"search index: {len(stale)} document(s) brought up to date with the curations")
    return 0


def run_validate(args: argparse.Namespace) -> int:
    """Print the SHACL report; exit 1 on any violation."""
    from pockg.graph.validate import validate_store  # pySHACL is slow to import

    with open_graph_store(load_settings(args.data_dir)) as store:
        report = validate_store(store)
    if report.conforms:
        print("the store conforms to ontology/shapes.ttl")
        return 0
    print(report.text)
    print(f"{report.violations} violation(s)", file=sys.stderr)
    return 1


def run_eval_command(args: argparse.Namespace) -> int:
    """Score the store's extraction against the gold files in --gold."""
    from pockg.evaluate.command import run_eval

    return run_eval(load_settings(args.data_dir), args.gold, as_json=args.json, out=sys.stdout)
