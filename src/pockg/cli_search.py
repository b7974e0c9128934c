"""The `pockg search` command: ranked passages as a table, or JSON with `--json`."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from pockg.config import load_settings

if TYPE_CHECKING:
    from pockg.index.search import SearchResult


def add_search_command(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `pockg search TEXT [--limit N] [--page N] [--json]` to the subcommands."""
    parser = commands.add_parser(
        "search",
        parents=[common],
        help="search passages: ranked, with document, section, page and linked entities",
    )
    parser.add_argument("text", metavar="TEXT", help='words, "a phrase", AND/OR/NOT, field:value')
    parser.add_argument("--limit", type=_positive, default=10, help="hits per page (default 10)")
    parser.add_argument("--page", type=_positive, default=1, help="page of hits (default 1)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def run_search(args: argparse.Namespace) -> int:
    """Search the index and print the hits; return 0 (no hits is not a failure)."""
    settings = load_settings(args.data_dir)
    # Imported here: the index and numpy take a quarter of a second other commands spare.
    from pockg.index.search import search

    result = search(settings, args.text, limit=args.limit, page=getattr(args, "page", 1))
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        console = Console(highlight=False)
        console.print(hits_table(result))
        if result.suggestion:
            console.print(f"did you mean: {result.suggestion}", markup=False)
    return 0


def hits_table(result: SearchResult) -> Table:
    """Return the hits of `result` as a table: rank, score, source, text and entities."""
    shown = f"{len(result.hits)} of {result.total} hits for {result.query!r}"
    table = Table(title=escape(f"pockg search: {shown}"), show_lines=True)
    for name in ("#", "score"):
        table.add_column(name, justify="right")
    for name in ("source", "text", "entities"):
        table.add_column(name, overflow="fold")
    first = (result.page - 1) * result.limit
    for rank, hit in enumerate(result.hits, start=first + 1):
        page = f", p. {hit.page}" if hit.page is not None else ""
        source = f"{hit.file_name}{page}\n{hit.section}"
        entities = ", ".join(e["label"] for e in hit.entities)
        cells = (Text(source), Text(hit.text), Text(entities))
        table.add_row(str(rank), f"{hit.score:.2f}", *cells)
    return table


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number
