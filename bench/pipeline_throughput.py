"""Full-pipeline ingest throughput: `pockg ingest` against bare spaCy `nlp.pipe`, same text.

Generates a corpus of Protection of Civilians prose with a fixed seed (Markdown and text
documents: headings, numbered paragraphs, bullet lists, footnotes; organisations, UN missions,
countries, Security Council resolutions, recommendations, field practices and challenges),
at the full size (`--words`, default 500,000 whitespace words) and at half that size (the
first documents of the same sequence), then times on the same files in one run:

- bare spaCy: the block texts that pockg's own reader (`read_document`, not timed) makes of
  the files, through `nlp.pipe` with the model pockg loads (`load_pipeline()`), the batch
  size pockg uses and `n_process=2`;
- the whole pipeline: the real command `pockg ingest DIR --data-dir NEW_DIR` with
  `POCKG_WORKERS=2` (parsing, extraction, linking, graph writing), end to end, start-up
  included.

Memory is sampled every 0.2 s over the process tree from /proc (sum of RSS, sum of PSS,
largest single process) and, for `pockg ingest`, also read from `wait4`'s `ru_maxrss` (the
largest single process of its tree). CPU use is user+system CPU seconds over wall seconds.
Each figure is the best (fastest) of `--rounds` rounds. Results go to bench/RESULTS.md.
Run: `make bench-pipeline` (or `.venv/bin/python bench/pipeline_throughput.py [--words N]
[--rounds N]`).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from poc_corpus import SEED, generate_corpus
from results import write_section

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from pockg.config import DEFAULT_ID_BASE  # noqa: E402
from pockg.extract.nlp import _BATCH_SIZE, MAX_PARSED_CHARS, load_pipeline  # noqa: E402
from pockg.ingest.reader import read_document  # noqa: E402

SECTION_TITLE = "## Full-pipeline ingest throughput (`bench/pipeline_throughput.py`)"
POCKG = Path(sys.executable).parent / "pockg"
WORKERS = 2
TARGET_RATIO = 0.5
SAMPLE_SECONDS = 0.2
COLUMNS = (
    "run",
    "words",
    "files",
    "seconds",
    "words/s",
    "CPU s",
    "cores used",
    "words/CPU s",
    "peak tree RSS MB",
    "peak tree PSS MB",
    "largest process MB",
    "ru_maxrss MB",
    "processes",
)
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")

# ---------------------------------------------------------------------------------------------
# Measuring: memory and CPU of a process tree, the two ways of processing the corpus.


def _parent(pid: int) -> int | None:
    """Return the parent pid of a process, or None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return int(fields[1])


def _memory(pid: int) -> tuple[int, int]:
    """Return (RSS, PSS) of a process in bytes; 0 for what cannot be read."""
    rss = pss = 0
    try:
        rss = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_BYTES
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1]) * 1024
                break
    except (OSError, ValueError, IndexError):
        pass
    return rss, pss


def process_tree(root: int) -> list[int]:
    """Return `root` and all its descendants alive now."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (parent := _parent(int(entry.name))) is not None:
            children.setdefault(parent, []).append(int(entry.name))
    tree, frontier = [root], [root]
    while frontier:
        frontier = [child for pid in frontier for child in children.get(pid, [])]
        tree += frontier
    return tree


class TreeSampler(threading.Thread):
    """Samples the memory of a process tree every SAMPLE_SECONDS until stopped."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak_rss = self.peak_pss = self.peak_single = 0
        self.processes: set[int] = set()
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.sample()
            self._halt.wait(SAMPLE_SECONDS)

    def sample(self) -> None:
        """Record the current sums of RSS and PSS over the tree, if they are new peaks."""
        tree = process_tree(self.root)
        self.processes.update(tree)
        measured = [_memory(pid) for pid in tree]
        self.peak_rss = max(self.peak_rss, sum(rss for rss, _ in measured))
        self.peak_pss = max(self.peak_pss, sum(pss for _, pss in measured))
        self.peak_single = max(self.peak_single, *(rss for rss, _ in measured))

    def stop(self) -> None:
        """Stop sampling and wait for the thread."""
        self._halt.set()
        self.join()


@dataclass
class Measure:
    """One timed run over a corpus."""

    name: str
    words: int
    files: int
    seconds: float
    cpu_seconds: float
    peak_rss: int
    peak_pss: int
    peak_single: int
    processes: int
    maxrss: int | None = None  # ru_maxrss of the run's tree (its largest process), bytes
    triples: int | None = None

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds

    @property
    def cores_used(self) -> float:
        return self.cpu_seconds / self.seconds

    @property
    def words_per_cpu_second(self) -> float:
        return self.words / self.cpu_seconds


def _cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def bare_spacy(texts: list[str], words: int, files: int) -> Measure:
    """Time `nlp.pipe` over `texts` in this process with WORKERS worker processes."""
    nlp = load_pipeline()
    sampler = TreeSampler(os.getpid())
    sampler.start()
    cpu_before = _cpu_seconds(resource.RUSAGE_SELF) + _cpu_seconds(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=_BATCH_SIZE, n_process=WORKERS):
        pass
    seconds = time.perf_counter() - start
    cpu_after = _cpu_seconds(resource.RUSAGE_SELF) + _cpu_seconds(resource.RUSAGE_CHILDREN)
    sampler.stop()
    return Measure(
        "bare spaCy nlp.pipe",
        words,
        files,
        seconds,
        cpu_after - cpu_before,
        sampler.peak_rss,
        sampler.peak_pss,
        sampler.peak_single,
        len(sampler.processes),
    )


def _pockg_env() -> dict[str, str]:
    """Return the environment for `pockg`: WORKERS spaCy processes, the embedded store."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("POCKG_")}
    return {**env, "POCKG_WORKERS": str(WORKERS)}


def pockg_ingest(corpus: Path, data_dir: Path, words: int, files: int) -> Measure:
    """Run `pockg ingest corpus --data-dir data_dir` and measure it end to end."""
    log = data_dir.with_suffix(".log")
    command = [str(POCKG), "ingest", str(corpus), "--data-dir", str(data_dir)]
    with log.open("wb") as output:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, env=_pockg_env()
        )
        sampler = TreeSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
    sampler.stop()
    if process.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"error: `{' '.join(command)}` exited {process.returncode}:\n{tail}")
    return Measure(
        "pockg ingest (whole pipeline)",
        words,
        files,
        seconds,
        usage.ru_utime + usage.ru_stime,
        sampler.peak_rss,
        sampler.peak_pss,
        sampler.peak_single,
        len(sampler.processes),
        maxrss=usage.ru_maxrss * 1024,
        triples=count_document_triples(data_dir),
    )


def count_document_triples(data_dir: Path) -> int:
    """Return how many triples the documents' named graphs hold (ontology etc. left out)."""
    query = (
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER(STRSTARTS(STR(?g), "{DEFAULT_ID_BASE}graph/document/")) }}'
    )
    command = [str(POCKG), "query", query, "--format", "csv", "--data-dir", str(data_dir)]
    result = subprocess.run(command, capture_output=True, text=True, check=True, env=_pockg_env())
    return int(result.stdout.split()[-1])


def block_texts(files: list[Path]) -> list[str]:
    """Return the texts pockg's pipeline gives spaCy for `files`, in the same order."""
    texts: list[str] = []
    for path in files:
        document = read_document(path, path.read_bytes())
        texts += [block.text[:MAX_PARSED_CHARS] for block in document.blocks]
    return texts


def best_of(rounds: int, run: Callable[[int], Measure]) -> Measure:
    """Return the fastest of `rounds` runs of `run(round_number)`."""
    return min((run(number) for number in range(rounds)), key=lambda m: m.seconds)


# ---------------------------------------------------------------------------------------------
# Reporting.


def _mb(size: int | None) -> str:
    return "-" if size is None else f"{size / 2**20:,.0f}"


@dataclass
class RunInfo:
    """What the figures depend on besides the measures: arguments, machine load, code."""

    words: int
    rounds: int
    blocks: int
    load: tuple[float, float, float]
    code: str
    code_changed: bool


def code_version() -> str:
    """Return the commit and how many files under src/ differ from it (read-only git)."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True)
        return done.stdout.strip()

    changed = git("status", "--porcelain", "--", "src").splitlines()
    return f"commit {git('rev-parse', '--short', 'HEAD')} with {len(changed)} changed files in src/"


def source_stamp() -> float:
    """Return the newest modification time of pockg's code and patterns."""
    return max(path.stat().st_mtime for path in (REPO / "src" / "pockg").rglob("*.*"))


def _row(m: Measure) -> str:
    return (
        f"| {m.name} | {m.words:,} | {m.files} | {m.seconds:.1f} | {m.words_per_second:,.0f} | "
        f"{m.cpu_seconds:.0f} | {m.cores_used:.2f} | {m.words_per_cpu_second:,.0f} | "
        f"{_mb(m.peak_rss)} | {_mb(m.peak_pss)} | {_mb(m.peak_single)} | {_mb(m.maxrss)} | "
        f"{m.processes} |"
    )


def report(measures: list[tuple[Measure, Measure]], startup: Measure, run: RunInfo) -> str:
    """Return the Markdown results section."""
    rows = "\n".join(_row(m) for pair in [*measures, (startup,)] for m in pair)
    header = "| " + " | ".join(COLUMNS) + " |\n" + "|---" * len(COLUMNS) + "|"
    (half_bare, half_pipe), (bare, pipe) = measures
    ratio = pipe.words_per_second / bare.words_per_second
    half_ratio = half_pipe.words_per_second / half_bare.words_per_second
    cpu_ratio = pipe.words_per_cpu_second / bare.words_per_cpu_second
    half_cpu_ratio = half_pipe.words_per_cpu_second / half_bare.words_per_cpu_second
    growth = pipe.peak_pss / half_pipe.peak_pss
    word_growth = pipe.words / half_pipe.words
    verdict = "met" if ratio >= TARGET_RATIO else "NOT met"
    bounded = "bounded" if growth < 1 + (word_growth - 1) / 2 else "NOT bounded"
    command = f".venv/bin/python bench/pipeline_throughput.py --words {run.words}"
    warning = (
        "\n**Warning:** pockg's code under src/ changed while this ran, so the rows may "
        "come from different versions of the extraction code.\n"
        if run.code_changed
        else ""
    )
    return f"""{SECTION_TITLE}

Run on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, Python {platform.python_version()},
{platform.machine()}, `nproc` {os.cpu_count()}, load average {run.load[0]:.2f} /
{run.load[1]:.2f} / {run.load[2]:.2f} (1 / 5 / 15 min) at the start, best of {run.rounds}
round(s), {run.code}. Command: `{command} --rounds {run.rounds}`.
{warning}
Corpus: generated with seed {SEED}, {pipe.files} Markdown and text documents of
{pipe.words:,} whitespace words ({run.blocks:,} blocks as pockg reads them); the half-size
corpus is its first {half_pipe.files} documents. Bare spaCy: `nlp.pipe(block_texts,
batch_size={_BATCH_SIZE}, n_process={WORKERS})` with `pockg.extract.nlp.load_pipeline()`, model
loaded before timing, texts from `read_document` (not timed). Whole pipeline:
`POCKG_WORKERS={WORKERS} pockg ingest CORPUS --data-dir NEW_DIR`, end to end (interpreter
start, imports, model load, static graphs, parsing, extraction, linking, graph and document
writing); "start-up" is the same command on one generated document (one spaCy process).

{header}
{rows}

Whole pipeline at **{ratio:.2f}x** bare spaCy throughput (words per wall-clock second) on the
full corpus (target: at least {TARGET_RATIO}x, {verdict}); {half_ratio:.2f}x on the half-size
corpus. Per CPU second, which depends less on what else the machine runs, the pipeline does
{cpu_ratio:.2f}x the words of bare spaCy ({half_cpu_ratio:.2f}x on the half size). The
pipeline wrote {pipe.triples:,} triples into the documents' named graphs
({half_pipe.triples:,} for the half size). Peak memory of the whole pipeline's process tree
(PSS, shared pages counted once) grows {growth:.2f}x for {word_growth:.2f}x the words
({bounded}: it is held to grow by less than half as fast as the corpus). "Cores used" is
user+system CPU seconds over wall seconds. Memory is sampled every {SAMPLE_SECONDS} s; tree
RSS counts a page shared by several processes (the forked spaCy workers) once in each;
`ru_maxrss` is the largest single process of the tree, from `wait4`; the bare spaCy rows
include the benchmark process, which holds the corpus text.
"""


def measure_size(workspace: Path, words: int, rounds: int) -> tuple[tuple[Measure, Measure], int]:
    """Generate a corpus of `words` words; return (bare spaCy, whole pipeline) and its blocks."""
    corpus = workspace / f"corpus-{words}"
    files, total = generate_corpus(corpus, words)
    texts = block_texts(files)
    print(f"{words:,}: {len(files)} files, {total:,} words, {len(texts):,} blocks", flush=True)
    bare = best_of(rounds, lambda _: bare_spacy(texts, total, len(files)))
    print(f"  bare spaCy: {bare.seconds:.1f} s, {bare.cores_used:.2f} cores", flush=True)
    pipe = best_of(
        rounds,
        lambda n: pockg_ingest(corpus, workspace / f"data-{words}-{n}", total, len(files)),
    )
    print(f"  pockg ingest: {pipe.seconds:.1f} s, {pipe.cores_used:.2f} cores", flush=True)
    return (bare, pipe), len(texts)


def main() -> int:
    """Generate the corpora, measure bare spaCy and the whole pipeline, write RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=500_000, help="full corpus size")
    parser.add_argument("--rounds", type=int, default=1, help="best of N rounds")
    args = parser.parse_args()
    load, stamp = os.getloadavg(), source_stamp()
    with tempfile.TemporaryDirectory(prefix="pockg-bench-") as temporary:
        workspace = Path(temporary)
        one = workspace / "one"
        files, words = generate_corpus(one, 1)
        startup = pockg_ingest(one, workspace / "data-one", words, len(files))
        startup.name = "start-up: pockg ingest of 1 document"
        half, _ = measure_size(workspace, args.words // 2, args.rounds)
        full, blocks = measure_size(workspace, args.words, args.rounds)
    run = RunInfo(args.words, args.rounds, blocks, load, code_version(), source_stamp() != stamp)
    section = report([half, full], startup, run)
    write_section(SECTION_TITLE, section)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
