"""Worker processes: each converts one document at a time, isolated from the
batch. PDF engines are not thread-safe, so parallelism is by process only.

A worker receives ``(seq, path, name, engine, password, timings)`` on its
pipe and answers ``(seq, Outcome)``, the document's rows in plain Python
values: the worker loads neither pyarrow nor numpy. It runs under an address-space cap, so
a document that needs too much memory fails on its own instead of taking
the machine down. The parent enforces the time limit, and stops workers on
a signal, by killing them: workers ignore SIGINT and SIGTERM, and die with
the fork server (hence with the batch) when it goes.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import resource
import signal
import time
from multiprocessing.connection import Connection
from typing import Any

from extract.batch.messages import Outcome, Rows
from extract.errors import (
    ExtractError,
    OutOfMemoryError,
    UnreadableInputError,
    WorkerCrashed,
)
from extract.model import gc_paused
from extract.output.reports import NO_CONTENT, failed_rows
from extract.parse.read import kind_or_none
from extract.parse.read.input_file import read_input
from extract.pipeline import convert_bytes

# Set to "hang:NAME", "crash:NAME", "raise:NAME", "hog:NAME" or "abort:NAME"
# (several separated by commas) to make the worker hang, die, hit a bug, run
# out of memory or abort on an input whose file name contains NAME: how the
# tests show that such a document costs only itself.
FAULT_ENV = "HMIC_EXTRACT_FAULT"
_PR_SET_PDEATHSIG = 1
# glibc's mallopt parameters, and the bytes freed memory may reach before it
# goes back to the system (see _keep_freed_memory).
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
KEEP_FREED_BYTES = 64 << 20


def _inject_fault(name: str) -> None:
    for spec in os.environ.get(FAULT_ENV, "").split(","):
        kind, _, part = spec.partition(":")
        if not part or part not in os.path.basename(name):
            continue
        if kind == "hang":
            while True:
                time.sleep(60)
        if kind == "crash":
            os.kill(os.getpid(), signal.SIGSEGV)
        if kind == "abort":       # what a C++ library does when an allocation fails
            os.abort()
        if kind == "raise":
            raise RuntimeError("a fault injected for testing")
        if kind == "hog":
            hoard = [bytearray(64 << 20) for _ in range(1024)]   # 64 GB, past any cap
            del hoard


def out_of_memory(name: str, memory_mb: int | None) -> OutOfMemoryError:
    where = f"the worker's {memory_mb} MB cap" if memory_mb else "the memory available"
    return OutOfMemoryError(f"the document needed more memory than {where}", path=name)


def _outcome(rows: Rows, sha: str, error: ExtractError | None, started: float,
             timings: bool) -> Outcome:
    seconds = round(time.perf_counter() - started, 3)
    report = rows["reports"][0]
    report["seconds"] = seconds if timings else None
    return Outcome(report["status"], report.get("pages"), seconds,
                   error.code if error else None, error.reason if error else None, rows,
                   ", ".join(report[k] for k in ("force", "published") if report.get(k))
                   or None, report.get("placed_share"), sha)


def _convert(path: str, name: str, engine: str, password: str | None, timings: bool,
             started: float, hashed: list[str]) -> Outcome:
    """Read, hash (into ``hashed``) and convert one file. MemoryError (Python's
    or Arrow's) propagates, taking this frame's large locals with it."""
    sha, kind = "", None
    try:
        data = read_input(path)
        sha = hashlib.sha256(data).hexdigest()   # of the bytes parsed: the one hash recorded
        hashed.append(sha)
        kind = kind_or_none(data)   # for the row, should the conversion fail
        _inject_fault(name)
        rows = convert_bytes(data, name, engine=engine, password=password, sha256=sha)
        del data
        return _outcome(rows, sha, None, started, timings)
    except MemoryError:
        raise
    except ExtractError as exc:
        error: ExtractError = exc
    except OSError as exc:
        error = UnreadableInputError(f"cannot read: {exc.strerror or exc}", path=name)
    except Exception as exc:  # noqa: BLE001 - a parser bug must cost one document, quietly
        error = WorkerCrashed(f"the parser failed ({type(exc).__name__}: {exc}); "
                              f"please report this file", path=name)
    return _outcome(failed_rows(name, sha or NO_CONTENT, engine, error, kind), sha, error,
                    started, timings)


def convert_document(path: str, name: str, engine: str, password: str | None,
                     timings: bool = True, memory_mb: int | None = None) -> Outcome:
    """Convert one file to rows; never raises for a bad input. Memory
    exhaustion, wherever it strikes, is out_of_memory."""
    started = time.perf_counter()
    hashed: list[str] = []
    try:
        return _convert(path, name, engine, password, timings, started, hashed)
    except MemoryError:
        pass   # leaving the handler frees what the failed conversion held
    error = out_of_memory(name, memory_mb)
    sha = hashed[0] if hashed else ""
    return _outcome(failed_rows(name, sha or NO_CONTENT, engine, error), sha, error, started,
                    timings)


def _die_with_the_server() -> None:
    """Have the kernel kill this worker when the fork server exits, which it
    does when the batch ends, however it ends: after SIGKILL the batch has no
    chance to stop its workers, and one stuck in a document would run on."""
    parent = os.getppid()
    try:
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):   # not Linux: the batch stops its workers itself
        return
    if os.getppid() != parent:          # the server went before the request was made
        os._exit(0)


def _keep_freed_memory() -> None:
    """Have glibc keep the memory pdfium frees after each page, up to
    ``KEEP_FREED_BYTES``, instead of handing it back to the system at once.
    pdfium allocates and frees much the same memory for every page; given
    back, it has to be faulted in again, several thousand page faults per
    report: a tenth of the time pdfium spends on a report's text. The
    worker's peak memory stays the same."""
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt(_M_MMAP_THRESHOLD, KEEP_FREED_BYTES)
        libc.mallopt(_M_TRIM_THRESHOLD, KEEP_FREED_BYTES)
    except (OSError, AttributeError):   # not glibc: the default behaviour
        pass


def worker_main(conn: Connection, memory_mb: int | None) -> None:
    """The loop a worker process runs until its pipe closes."""
    _die_with_the_server()
    _keep_freed_memory()
    for sig in (signal.SIGINT, signal.SIGTERM):   # the batch handles them, and stops us
        signal.signal(sig, signal.SIG_IGN)
    if memory_mb:
        cap = memory_mb * 1024 * 1024            # checked against the system's limit
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    while True:
        try:
            job: Any = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            # Nothing is left to flush; skipping interpreter shutdown saves a
            # tenth of a second per worker at the end of every batch.
            os._exit(0)
        seq, path, name, engine, password, timings = job
        # The collector is paused for the whole document, its rows and their
        # message included: tens of thousands of objects that form no cycles
        # are alive until the message is sent, and each pass over them would
        # be wasted. It runs again between documents, when they are gone.
        with gc_paused():
            if not _answer(conn, seq, path, name, engine, password, timings, memory_mb):
                return


def _answer(conn: Connection, seq: int, path: str, name: str, engine: str,
            password: str | None, timings: bool, memory_mb: int | None) -> bool:
    """Convert one document and send its outcome; False when the batch is gone."""
    try:
        outcome = convert_document(path, name, engine, password, timings, memory_mb)
    except MemoryError:     # even the failed rows did not fit
        error = out_of_memory(name, memory_mb)
        outcome = Outcome("failed", None, 0.0, error.code, error.reason)
    except Exception as exc:  # noqa: BLE001 - a bug past the parser, still one line
        outcome = Outcome("failed", None, 0.0, "crashed",
                          f"the worker failed ({type(exc).__name__}: {exc}); "
                          f"please report this file")
    try:
        try:
            conn.send((seq, outcome))
        except MemoryError:   # the tables did not fit in a message
            error = out_of_memory(name, memory_mb)
            conn.send((seq, Outcome("failed", None, 0.0, error.code, error.reason)))
    except OSError:   # the batch is gone (killed): nobody to tell
        return False
    return True
