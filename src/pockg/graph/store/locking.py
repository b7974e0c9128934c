"""How processes share the embedded store's directory: the writer `flock`, opening RocksDB
around its own lock, and the generation token that tells readers a write batch ended (see
pockg.graph.store.local for the whole scheme)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from pockg.graph.store.errors import GraphStoreError

ENV_LOCK_TIMEOUT = "POCKG_GRAPH_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 60.0
_POLL_SECONDS = 0.05
_READ_ONLY_OPEN_SECONDS = 5.0


@contextlib.contextmanager
def _exclusive_lock(path: Path, deadline: float, timeout: float) -> Iterator[None]:
    """Hold an exclusive flock on `path`, waiting until `deadline` for another process."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _lock_holder(path)
                    raise GraphStoreError(_busy_message(path.parent, holder, timeout)) from None
                time.sleep(_POLL_SECONDS)
        # Record who holds the lock so that a waiting process can say whom it waited for.
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(descriptor)  # closing the only descriptor releases the flock


def _lock_holder(path: Path) -> str:
    """Return a description of the process that holds the writer lock at `path`."""
    with contextlib.suppress(OSError):
        pid = path.read_text(encoding="ascii").strip()
        if pid.isdigit():
            return f"another pockg process (pid {pid})"
    return "another pockg process"


def _busy_message(data_dir: Path, holder: str, timeout: float) -> str:
    """Return the error shown to a writer that gave up waiting for the writer lock."""
    return (
        f"{holder} is writing to the graph store in {data_dir}; waited {timeout:g} s. "
        f"Try again when it has finished, or wait longer with {ENV_LOCK_TIMEOUT}=SECONDS."
    )


def _open_read_write(path: Path, deadline: float, timeout: float) -> ox.Store:
    """Return the read-write store at `path`, retrying while RocksDB's own lock is taken.

    The flock normally guarantees RocksDB's lock is free; it can still be held briefly by a
    handle not yet garbage-collected, or by a process that does not use the flock (for
    example `oxigraph serve` started by hand on the same directory).
    """
    while True:
        try:
            return ox.Store(str(path))
        except OSError as error:
            if "lock" not in str(error).lower():
                raise GraphStoreError(f"cannot open the graph store in {path}: {error}") from None
            if time.monotonic() >= deadline:
                raise GraphStoreError(_busy_message(path, "another process", timeout)) from None
            time.sleep(_POLL_SECONDS)


def _open_read_only(path: Path) -> ox.Store:
    """Return a read-only snapshot of the store at `path`.

    Opening can race with a writer that replaces RocksDB's MANIFEST file (pyoxigraph calls
    reading during a write undefined behaviour); the race is brief, so opening is retried.
    """
    deadline = time.monotonic() + _READ_ONLY_OPEN_SECONDS
    while True:
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as error:
            if time.monotonic() >= deadline:
                raise GraphStoreError(f"cannot open the graph store in {path}: {error}") from None
            time.sleep(_POLL_SECONDS)


def _read_generation(path: Path) -> str:
    """Return the token of the last finished write batch ('' before the first one)."""
    try:
        return path.read_text(encoding="ascii")
    except FileNotFoundError:
        return ""


def _bump_generation(path: Path) -> None:
    """Replace the generation token atomically, so a reader never reads a partial token."""
    token = f"{time.time_ns()}-{os.getpid()}-{threading.get_ident()}"
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_text(token, encoding="ascii")
    os.replace(temporary, path)
