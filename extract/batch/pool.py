"""A pool of worker processes with a time limit per document.

Unlike ``concurrent.futures``, a worker that hangs is killed and replaced
without losing the rest of the pool, and a worker that dies (a crash in a
PDF library, the kernel's out-of-memory killer) costs only the document it
was working on.
"""

from __future__ import annotations

import signal
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from extract.batch.messages import Outcome
from extract.batch.server import CONTEXT, main_module_hidden, start_tracker
from extract.batch.stop import signals_blocked

Failure = tuple[str, str]   # (error code, one-line reason)


@dataclass(slots=True)
class Job:
    seq: int
    path: str     # for the file system
    name: str     # for rows and messages
    engine: str
    password: str | None
    timings: bool = True


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection
    job: Job | None = None
    started: float = 0.0
    dismissed: bool = False   # told to exit


def _worker_entry(conn: Connection, memory_mb: int | None) -> None:
    # Imported here, in the worker: the parser stays out of the main process.
    from extract.batch.worker import worker_main
    worker_main(conn, memory_mb)


class WorkerPool:
    def __init__(self, jobs: int, timeout: float, memory_mb: int | None) -> None:
        self.size = max(1, jobs)
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.workers: list[_Worker] = []

    def __enter__(self) -> WorkerPool:
        start_tracker()
        self.workers = [self._spawn() for _ in range(self.size)]
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _spawn(self) -> _Worker:
        parent, child = CONTEXT.Pipe()
        process = CONTEXT.Process(target=_worker_entry, args=(child, self.memory_mb),
                                   daemon=True, name="hmic-extract-worker")
        with main_module_hidden(), signals_blocked():
            process.start()
        child.close()
        return _Worker(process, parent)

    def idle(self) -> list[_Worker]:
        return [w for w in self.workers if w.job is None and not w.dismissed]

    def busy(self) -> int:
        return sum(1 for w in self.workers if w.job is not None)

    def assign(self, worker: _Worker, job: Job) -> None:
        worker.job, worker.started = job, time.monotonic()
        try:
            worker.conn.send((job.seq, job.path, job.name, job.engine, job.password,
                              job.timings))
        except (BrokenPipeError, OSError):
            pass  # the worker is dead; wait() notices and reports the document

    def wait(self, wakeup: int | None = None) -> list[tuple[Job, Outcome | Failure]]:
        """Block until at least one document finishes, or ``wakeup`` (a file
        descriptor) is readable. Returns (job, outcome) pairs; the outcome is
        a (code, reason) pair when the worker hung or died."""
        done: list[tuple[Job, Outcome | Failure]] = []
        while not done:
            busy = [w for w in self.workers if w.job is not None]
            if not busy:
                return done
            now = time.monotonic()
            next_deadline = min(w.started + self.timeout for w in busy)
            waited: list[Connection | int] = [w.conn for w in busy]
            waited += [w.process.sentinel for w in busy] + ([] if wakeup is None else [wakeup])
            ready = set(wait(waited, timeout=max(0.0, min(next_deadline - now, 1.0))))
            for w in busy:
                job = w.job
                assert job is not None
                if w.conn in ready:
                    try:
                        _, outcome = w.conn.recv()
                        w.job = None
                        if outcome.error == "out_of_memory":   # start the next one afresh
                            self._replace(w, ("out_of_memory", ""))
                        done.append((job, outcome))
                        continue
                    except (EOFError, OSError):
                        pass
                if w.conn in ready or w.process.sentinel in ready:
                    done.append((job, self._replace(w, self._death(w))))
                elif time.monotonic() > w.started + self.timeout:
                    done.append((job, self._replace(w, (
                        "timeout", f"no result after {self.timeout:g} s; the worker was stopped"))))
            if wakeup in ready:
                return done
        return done

    def _death(self, w: _Worker) -> Failure:
        w.process.join(timeout=5)
        code = w.process.exitcode
        if code is not None and code < 0:
            name = signal.Signals(-code).name
            if name == "SIGABRT" and self.memory_mb:
                # What C and C++ libraries do when an allocation fails under the cap.
                return ("out_of_memory", f"the worker aborted, most likely out of memory "
                                         f"under its {self.memory_mb} MB cap")
            hint = " (out of memory?)" if name == "SIGKILL" else ""
            return ("crashed", f"the worker died with {name}{hint}")
        return ("crashed", f"the worker exited with code {code}")

    def _replace(self, w: _Worker, reason: Failure) -> Failure:
        if w.process.is_alive():
            w.process.kill()
        w.process.join(timeout=5)
        w.conn.close()
        fresh = self._spawn()
        w.process, w.conn, w.job = fresh.process, fresh.conn, None
        return reason

    def stop(self) -> None:
        """Kill every worker now, busy or not: the batch is stopping, and the
        documents in progress are converted again by the next run."""
        for w in self.workers:
            w.process.kill()
        for w in self.workers:
            w.process.join()
            w.conn.close()
        self.workers = []

    def dismiss(self) -> None:
        """Tell the idle workers to exit, without waiting for them: told as
        soon as nothing is left to convert, they exit while the batch writes
        its last part, and ``close`` finds them gone."""
        for w in self.workers:
            if w.job is None and not w.dismissed:
                w.dismissed = True
                try:
                    w.conn.send(None)
                except (BrokenPipeError, OSError):
                    pass

    def close(self) -> None:
        for w in self.workers:
            if w.job is not None:   # left busy by an error in the batch: no waiting
                w.process.kill()
                w.job = None
        self.dismiss()
        deadline = time.monotonic() + 5
        for w in self.workers:
            w.process.join(timeout=max(0.0, deadline - time.monotonic()))
            if w.process.is_alive():
                w.process.kill()
                w.process.join()
            w.conn.close()
        self.workers = []
