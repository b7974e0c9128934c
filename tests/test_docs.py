"""The README is the user's manual: every command and every route is documented in it."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path

from api.main import create_app
from pockg.cli import build_parser
from pockg.config import Settings
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def subcommands() -> list[str]:
    parser = build_parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return sorted(actions[0].choices)


def test_readme_documents_every_command() -> None:
    missing = [name for name in subcommands() if f"`pockg {name}" not in README]
    assert missing == []


def route_paths(routes: Iterable[object]) -> set[str]:
    """Return the paths of routes, looking inside included routers."""
    paths: set[str] = set()
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            paths |= route_paths(included.routes)
        elif isinstance(getattr(route, "path", None), str):
            paths.add(str(route.path))
    return paths


def test_readme_documents_every_route(tmp_path: Path) -> None:
    app = create_app(Settings(data_dir=tmp_path))
    hidden = {"/static", "/redoc", "/docs/oauth2-redirect"}
    paths = sorted(route_paths(app.routes) - hidden)
    assert "/api/documents/{doc_id}" in paths
    missing = [path for path in paths if f"`{path}`" not in README]
    assert missing == []


def test_readme_starts_with_the_two_quick_start_commands() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("##", 1)[0]
    assert "make run" in quick_start and "make test" in quick_start
