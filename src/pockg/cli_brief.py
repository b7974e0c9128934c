"""`pockg brief`: a cited briefing pack for a country, a UN mission, a theme or a combination.

The command line reads the whole store, as the operator of the data directory may; the web
service's briefings are scoped to what their reader may see.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from pockg.briefing import (
    FORMATS,
    BriefingRequestError,
    StoreReader,
    UnknownSubjectError,
    build_briefing,
    render_pack,
)
from pockg.config import load_settings
from pockg.graph.store import open_graph_store


def add_brief_command(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `pockg brief` to the command's subparsers."""
    parser = commands.add_parser(
        "brief",
        parents=[common],
        help="write a cited briefing pack for a country, a UN mission or a theme",
    )
    parser.add_argument("--country", help="a country: name, alias or IRI")
    parser.add_argument("--mission", help="a UN mission: acronym, name or IRI")
    parser.add_argument("--theme", help="a theme: name or IRI")
    parser.add_argument("--format", choices=FORMATS, default="md", help="default: md")
    parser.add_argument("--output", type=Path, help="write here (default: stdout)")
    parser.add_argument(
        "--link-base",
        default="",
        help="put before the passage links, e.g. http://127.0.0.1:8000 (default: none)",
    )


def run_brief(args: argparse.Namespace) -> int:
    """Write the pack; exit 1 with the closest known names for an unknown subject."""
    if not (args.country or args.mission or args.theme):
        print("Error: name a --country, a --mission or a --theme", file=sys.stderr)
        return 2
    if args.format == "docx" and args.output is None and sys.stdout.isatty():
        print("Error: a Word file needs --output FILE (or redirect stdout)", file=sys.stderr)
        return 2
    settings = load_settings(args.data_dir)
    try:
        with open_graph_store(settings) as store:
            pack = build_briefing(
                StoreReader(store, id_base=settings.id_base),
                country=args.country,
                mission=args.mission,
                theme=args.theme,
                id_base=settings.id_base,
            )
    except (UnknownSubjectError, BriefingRequestError) as error:
        print(f"Error: {error.args[0]}", file=sys.stderr)
        return 1
    return write_output(render_pack(pack, args.format, link_base=args.link_base), args.output)


def write_output(data: bytes, output: Path | None) -> int:
    """Write `data` to stdout, or atomically to `output`; return the exit code."""
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    try:
        write_atomically(output, data)
    except OSError as error:
        print(f"Error: cannot write {output}: {error.strerror}", file=sys.stderr)
        return 1
    return 0


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a partial file, so a failed run leaves no half file."""
    partial = path.with_name(f".{path.name}.partial")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        partial.write_bytes(data)
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
