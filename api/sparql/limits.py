"""The limits of `/sparql`: a time limit per query and a row limit per result, and the pool
of worker processes that enforces the first.

A pyoxigraph query cannot be interrupted from another thread, so queries run in worker
processes, each with its own read-only view of the store. A worker that passes the time limit
is killed and replaced, so runaway work never outlives its request. Settings are read from
the environment at every request: `POCKG_SPARQL_TIMEOUT` (seconds, default 30),
`POCKG_SPARQL_MAX_ROWS` (default 10000) and, when the pool starts, `POCKG_SPARQL_WORKERS`
(default: one per core, at most 4).
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection

from api.sparql.protocol import Answer, SparqlRequest, answer, error_answer
from pockg.config import Settings
from pockg.graph.store import open_graph_store

ENV_TIMEOUT = "POCKG_SPARQL_TIMEOUT"
ENV_MAX_ROWS = "POCKG_SPARQL_MAX_ROWS"
ENV_WORKERS = "POCKG_SPARQL_WORKERS"
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 10_000
# A new worker imports rdflib and opens the store; that is not the query's time.
STARTUP_TIMEOUT = 120.0
_READY = "ready"


# A worker process's main function: it answers the requests that come through the pipe.
Serve = Callable[[Connection, Settings], None]
# What a worker does with one request, given the most rows an answer may keep.
Handler = Callable[[object, int], Answer]


class LimitError(Exception):
    """A query could not be answered within the limits; the message says why."""


@dataclass(frozen=True)
class Limits:
    """The time limit per query (seconds) and the most rows or triples a result keeps."""

    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS

    @classmethod
    def from_env(cls) -> Limits:
        """Return the limits set by POCKG_SPARQL_TIMEOUT and POCKG_SPARQL_MAX_ROWS."""
        timeout = _env_number(ENV_TIMEOUT, DEFAULT_TIMEOUT)
        return cls(timeout=timeout, max_rows=int(_env_number(ENV_MAX_ROWS, DEFAULT_MAX_ROWS)))


def _env_number(name: str, default: float) -> float:
    """Return the positive number in environment variable `name`, else `default`."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if number <= 0:
        raise LimitError(f"{name} must be a positive number, got {value!r}")
    return number


class QueryPool:
    """Worker processes that answer requests, each under a time limit: SPARQL queries by
    default, or whatever `serve` (a worker's main function, see `serve_requests`) answers."""

    def __init__(self, settings: Settings, size: int | None = None, serve: Serve | None = None):
        self._settings = settings
        self._serve = serve or _serve
        self._idle: queue.Queue[_Worker] = queue.Queue()
        for _ in range(size or _pool_size()):
            self._idle.put(_Worker(settings, self._serve))

    def run(self, request: object, limits: Limits) -> Answer:
        """Return a worker's answer to `request`; raise LimitError when no worker is free or
        the answer takes longer than `limits.timeout` (the worker is then replaced)."""
        try:
            worker = self._idle.get(timeout=limits.timeout)
        except queue.Empty:
            raise LimitError("all query workers are busy; try again shortly") from None
        try:
            return worker.ask(request, limits)
        except BaseException:
            worker.stop()
            worker = _Worker(self._settings, self._serve)
            raise
        finally:
            self._idle.put(worker)

    def close(self) -> None:
        """Stop every idle worker (busy ones are stopped when they are next handed back)."""
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                return


def _pool_size() -> int:
    """Return the number of workers: POCKG_SPARQL_WORKERS, else one per core up to 4."""
    return int(_env_number(ENV_WORKERS, min(4, os.cpu_count() or 1)))


class _Worker:
    """One query process and the pipe to it."""

    def __init__(self, settings: Settings, serve: Serve) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(
            target=serve, args=(child, settings), name="pockg-query-worker", daemon=True
        )
        self._process.start()
        child.close()
        self._ready = False

    def ask(self, request: object, limits: Limits) -> Answer:
        """Return the worker's answer, or raise LimitError after `limits.timeout` seconds."""
        self._wait_until_ready()
        self._conn.send((request, limits.max_rows))
        if not self._conn.poll(limits.timeout):
            raise LimitError(f"the query ran over the time limit of {limits.timeout:g} s")
        reply = self._receive()
        assert isinstance(reply, Answer), "workers reply with an Answer"
        return reply

    def stop(self) -> None:
        """Kill the process at once, whatever it is doing, and close the pipe."""
        self._process.kill()
        self._process.join(timeout=5)
        self._conn.close()

    def _wait_until_ready(self) -> None:
        if not self._ready:
            if not self._conn.poll(STARTUP_TIMEOUT):
                raise LimitError("a query worker did not start; try again shortly")
            self._ready = self._receive() == _READY

    def _receive(self) -> object:
        try:
            return self._conn.recv()
        except (EOFError, OSError):
            raise LimitError("a query worker stopped unexpectedly; try again") from None


def _serve(conn: Connection, settings: Settings) -> None:
    """Answer SPARQL requests from `conn` until the server closes it (a worker's main loop)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which kills us
    store = open_graph_store(settings)

    def handle(request: object, max_rows: int) -> Answer:
        assert isinstance(request, SparqlRequest), "the SPARQL pool is sent SparqlRequests"
        return answer(request, store, settings, max_rows)

    serve_requests(conn, handle)


def serve_requests(conn: Connection, handle: Handler) -> None:
    """Say the worker is ready, then answer each request from `conn` with `handle` until the
    server closes it. A worker's main function sets itself up, then calls this."""
    conn.send(_READY)
    while True:
        try:
            request, max_rows = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = handle(request, max_rows)
        except Exception as error:  # a bug must cost one answer, not the worker
            reply = error_answer(500, f"the query failed: {type(error).__name__}: {error}")
        conn.send(reply)
