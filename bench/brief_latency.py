"""How long a briefing pack takes to build on the serving benchmark's graph (issue 5's target:
a country pack in under 2 seconds on the one-million-triple generated graph).

The data is `serve_data`'s (built once and cached in `.bench-data/`; see that module): a
generated corpus ingested with the real pipeline and copied until it holds at least 1M
triples and 100k passages. Three ways of building a pack are timed:

1. in process: `build_briefing` over the whole store, as `pockg brief` runs it once started
   (the first build of the process, then `--repeats` more), and the Word file's rendering;
2. `pockg brief --country ... --format docx --output FILE`, the whole command in a new
   process (Python start-up and imports included);
3. `GET /api/briefings?country=...` on a running `pockg serve`, as the web page asks.

Run: `.venv/bin/python bench/brief_latency.py` (`make bench-brief`); the figures go to
bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from pockg.briefing import BriefingPack, StoreReader, build_briefing, render_pack
from pockg.config import DEFAULT_ID_BASE, Settings
from pockg.graph.store import GraphStore
from results import write_section
from serve_data import POCKG, DataInfo, code_version, load_or_build, start_pockg

T = TypeVar("T")
SECTION_TITLE = "## Briefing pack build time (`bench/brief_latency.py`)"
TARGET_SECONDS = 2.0
SUBJECTS: list[dict[str, str]] = [
    {"country": "Mali"},
    {"country": "South Sudan"},
    {"country": "Democratic Republic of the Congo"},
    {"mission": "MINUSMA"},
    {"theme": "Information sharing"},
    {"country": "Mali", "theme": "Community-based protection"},
]
"""What the benchmark asks packs for: the issue's country first."""


@dataclass
class Timing:
    """The build times of one subject, in seconds, and what its pack held."""

    subject: dict[str, str]
    first: float = 0.0
    repeats: list[float] = field(default_factory=list)
    word: float = 0.0
    items: int = 0
    sources: int = 0

    @property
    def name(self) -> str:
        """Return how the table names the subject: `country Mali + theme ...`."""
        return " + ".join(f"{kind} {value}" for kind, value in self.subject.items())


def timed(action: Callable[[], T]) -> tuple[float, T]:
    """Return the wall time of `action()` in seconds and what it returned."""
    start = time.perf_counter()
    value = action()
    return time.perf_counter() - start, value


def in_process(data: DataInfo, repeats: int) -> list[Timing]:
    """Time `build_briefing` over the whole store for each subject, and its Word file."""
    found = []
    with GraphStore.local(data.pockg_dir) as store:
        reader = StoreReader(store, id_base=DEFAULT_ID_BASE)
        for subject in SUBJECTS:
            timing = Timing(subject)

            def build(subject: dict[str, str] = subject) -> BriefingPack:
                return build_briefing(reader, id_base=DEFAULT_ID_BASE, **subject)

            timing.first, pack = timed(build)
            timing.repeats = [timed(build)[0] for _ in range(repeats)]
            timing.word = timed(lambda: render_pack(pack, "docx"))[0]  # noqa: B023 (used at once)
            timing.items = sum(len(s.items) for s in pack.sections)
            timing.sources = len(pack.sources)
            print(f"{timing.name}: first {timing.first:.2f} s, then {timing.repeats}", flush=True)
            found.append(timing)
    return found


def command_line(data: DataInfo, runs: int) -> list[float]:
    """Time `pockg brief --country Mali --format docx --output FILE` in new processes."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("POCKG_")}
    times = []
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "mali.docx"
        command = [str(POCKG), "brief", "--data-dir", str(data.pockg_dir), "--country", "Mali"]
        command += ["--format", "docx", "--output", str(output)]
        for _ in range(runs):
            seconds, _ = timed(lambda: subprocess.run(command, env=env, check=True))
            times.append(seconds)
    return times


def over_http(data: DataInfo, runs: int) -> dict[str, list[float]]:
    """Time `GET /api/briefings?country=Mali` (JSON and Word) on a running `pockg serve`."""
    found: dict[str, list[float]] = {"json": [], "docx": []}
    with start_pockg(data.pockg_dir) as server:
        for kind in found:
            query = {"country": "Mali"} | ({"format": "docx"} if kind == "docx" else {})
            path = "/api/briefings?" + urllib.parse.urlencode(query)
            connection = server.connect()
            for attempt in range(runs + 1):
                start = time.perf_counter()
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    raise SystemExit(f"error: {path} answered {response.status}")
                if attempt:  # the first request of each kind warms the server's caches
                    found[kind].append(time.perf_counter() - start)
            connection.close()
    return found


def report(
    data: DataInfo,
    timings: list[Timing],
    cli: list[float],
    http: dict[str, list[float]],
    run: dict[str, str],
) -> str:
    """Return the Markdown results section."""
    rows = "\n".join(
        f"| {t.name} | {t.first:.2f} | {statistics.median(t.repeats):.2f} | "
        f"{max(t.repeats):.2f} | {t.word:.2f} | {t.items} | {t.sources} |"
        for t in timings
    )
    mali = timings[0]
    worst = max(mali.first, *mali.repeats)
    verdict = "met" if worst < TARGET_SECONDS else "NOT met"
    countries = [t for t in timings if list(t.subject) == ["country"]]
    slowest = max(max(t.first, *t.repeats) for t in countries)
    return f"""{SECTION_TITLE}

Run on {run["date"]} UTC, Python {platform.python_version()}, {platform.machine()}, `nproc`
{os.cpu_count()}, load average {run["load"]} (1 / 5 / 15 min) at the start, {run["code"]}.
Command: `.venv/bin/python bench/brief_latency.py --repeats {run["repeats"]}`
(`make bench-brief`).

Data: the serving benchmark's graph (`bench/serve_data.py`): {data.documents:,} documents,
{data.passages:,} passages, {data.statements:,} statements, {data.triples:,} triples, all
public, so a pack reads the union of the graphs, as `pockg brief` does.

In process (`build_briefing` over the whole store, then `render_pack(pack, "docx")`),
seconds:

| pack | first | median of {run["repeats"]} more | slowest | Word file | items | sources |
|---|---|---|---|---|---|---|
{rows}

`pockg brief --country Mali --format docx --output FILE`, a new process each time (Python
start-up, imports and opening the store included): {_seconds(cli)}.

`GET /api/briefings?country=Mali` on `pockg serve` (after one request of each kind):
JSON {_seconds(http["json"])}; `format=docx` {_seconds(http["docx"])}.

A country pack (Mali) took at most **{worst:.2f} s** to build (target: under
{TARGET_SECONDS:.0f} s, {verdict}); the slowest country pack, **{slowest:.2f} s**.
"""


def _seconds(values: list[float]) -> str:
    return f"median {statistics.median(values):.2f} s, slowest {max(values):.2f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=500_000, help="generated corpus size")
    parser.add_argument("--passages", type=int, default=100_000, help="at least this many")
    parser.add_argument("--triples", type=int, default=1_000_000, help="at least this many")
    parser.add_argument("--repeats", type=int, default=5, help="builds after the first")
    parser.add_argument("--runs", type=int, default=3, help="command-line and HTTP runs")
    args = parser.parse_args()
    data = load_or_build(args.words, args.passages, args.triples, rebuild=False)
    Settings(data_dir=data.pockg_dir)  # fails early on a data directory pockg cannot use
    run = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M"),
        "load": " / ".join(f"{x:.2f}" for x in os.getloadavg()),
        "code": code_version(),
        "repeats": str(args.repeats),
    }
    timings = in_process(data, args.repeats)
    cli = command_line(data, args.runs)
    http = over_http(data, args.runs)
    section = report(data, timings, cli, http, run)
    write_section(SECTION_TITLE, section)
    print(section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
