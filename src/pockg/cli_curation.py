"""`pockg curation export`: the curators' graphs as TriG. `pockg load FILE` brings them
back (each graph keeps its name), for instance into a store rebuilt from scratch."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from pockg.cli_brief import write_output
from pockg.config import load_settings
from pockg.curation import export_curations
from pockg.graph.store import open_graph_store


def add_curation_command(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `pockg curation export` to the command's subparsers."""
    parser = commands.add_parser("curation", help="export the curators' graphs")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = actions.add_parser(
        "export", parents=[common], help="write every curator's graph as TriG"
    )
    export.add_argument("--output", type=Path, help="write here (default: stdout)")


def run_curation(args: argparse.Namespace) -> int:
    """Write the curations to stdout or `--output`."""
    settings = load_settings(args.data_dir)
    with open_graph_store(settings) as store:
        data = export_curations(store, settings.id_base)
    return write_output(data, args.output)
