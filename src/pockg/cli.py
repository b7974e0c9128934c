"""The `pockg` command: parse arguments, call one pockg function, print the result.

Exit codes: 0 success, 1 the command ran but something failed, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pockg import __version__
from pockg.cli_brief import add_brief_command, run_brief
from pockg.cli_curation import add_curation_command, run_curation
from pockg.cli_graph import add_graph_commands, run_graph_command
from pockg.cli_search import add_search_command, run_search
from pockg.cli_users import add_user_command, run_user
from pockg.config import load_settings

if TYPE_CHECKING:
    from pockg.pipeline import IngestReport

DEFAULT_CORPUS = Path("corpus")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the `pockg` command and its subcommands."""
    parser = argparse.ArgumentParser(prog="pockg", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"pockg {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        help="where the store and everything derived live (default: $POCKG_DATA_DIR or .pockg)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    ingest = commands.add_parser(
        "ingest",
        parents=[common],
        help="ingest .pdf, .txt, .md and .docx files and folders (default: corpus/)",
    )
    ingest.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    ingest.add_argument(
        "--max-file-mb",
        type=float,
        help="refuse files larger than this (default: $POCKG_MAX_FILE_MB or 100)",
    )
    serve = commands.add_parser("serve", parents=[common], help="serve the web UI and the JSON API")
    serve.add_argument("--host", default="127.0.0.1", help="interface to listen on")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on")
    add_graph_commands(commands, common)
    add_search_command(commands, common)
    add_user_command(commands, common)
    add_brief_command(commands, common)
    add_curation_command(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `pockg` command and return its exit code."""
    args = build_parser().parse_args(argv)
    if args.command == "ingest":
        return run_ingest(args)
    if args.command == "serve":
        return run_serve(args)
    if args.command == "search":
        return run_search(args)
    if args.command == "user":
        return run_user(args)
    if args.command == "brief":
        return run_brief(args)
    if args.command == "curation":
        return run_curation(args)
    return run_graph_command(args)


def run_serve(args: argparse.Namespace) -> int:
    """Serve the web UI and API until interrupted."""
    import uvicorn

    from api.main import create_app

    uvicorn.run(create_app(load_settings(args.data_dir)), host=args.host, port=args.port)
    return 0


def run_ingest(args: argparse.Namespace) -> int:
    """Ingest the given paths, print failures to stderr and a summary table to stdout."""
    # Imported here: spaCy takes seconds to load and other commands do not need it.
    from pockg.pipeline import collect_files, ingest_paths

    settings = load_settings(args.data_dir, args.max_file_mb)
    paths = args.paths or [DEFAULT_CORPUS]
    errors = Console(stderr=True, highlight=False)
    file_count = len(collect_files(paths)[0])
    with Progress(
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=errors,
        transient=True,
        disable=file_count < 2,
    ) as progress:
        task = progress.add_task("", total=file_count)
        report = ingest_paths(
            paths, settings, lambda path: progress.update(task, advance=1, description=path.name)
        )
    for failure in report.failures:
        errors.print(f"error: {failure.path}: {failure.reason}", soft_wrap=True, markup=False)
    Console(highlight=False).print(summary_table(report))
    return 1 if report.failures else 0


def summary_table(report: IngestReport) -> Table:
    """Return the per-file table of a batch with a totals row."""
    from pockg.pipeline import Status

    table = Table(title="pockg ingest", show_footer=True)
    outcomes = report.outcomes
    ingested = [o for o in outcomes if o.status is Status.INGESTED]
    totals = (
        f"{len(ingested)} ingested, {report.count(Status.UNCHANGED)} unchanged, "
        f"{report.count(Status.FAILED)} failed"
    )
    table.add_column("file", footer=totals, overflow="fold")
    table.add_column("status")
    for name, values in (
        ("pages", [o.pages or 0 for o in ingested]),
        ("blocks", [o.blocks for o in ingested]),
        ("words", [o.words for o in ingested]),
        ("entities", [o.entities for o in ingested]),
        ("statements", [o.statements for o in ingested]),
        ("warnings", [len(o.warnings) for o in ingested]),
    ):
        table.add_column(name, justify="right", footer=str(sum(values)))
    for o in outcomes:
        detail = o.reason or "; ".join(o.warnings)
        status = f"{o.status.value}: {detail}" if detail else o.status.value
        pages = "" if o.pages is None else str(o.pages)
        counts = [pages, str(o.blocks), str(o.words), str(o.entities), str(o.statements)]
        counts.append(str(len(o.warnings)))
        blank = [""] * len(counts)
        table.add_row(o.path.name, status, *(counts if o.status is Status.INGESTED else blank))
    return table


if __name__ == "__main__":
    sys.exit(main())
