"""One batch: take the output folder's lock, plan the inputs, convert them in
worker processes, commit the results to the dataset in input order,
compact, and say how it went.

A stop request (a signal, or the reader of the output gone) ends the batch
early: the workers are killed, the documents already converted are
committed, and the next run converts the rest.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extract import PARSER_VERSION
from extract.batch.inputs import Input, hash_input
from extract.batch.messages import Outcome
from extract.batch.options import Options
from extract.batch.pool import Failure, Job, WorkerPool
from extract.batch.preload import load_writer_in_background
from extract.batch.progress import Progress
from extract.batch.stop import Stop
from extract.errors import (
    ExtractError,
    InputError,
    OutputError,
    UnreadableInputError,
    WorkerCrashed,
)
from extract.output.dataset import PART_REPORTS, Dataset, Doc, Entry
from extract.output.lock import OutputLock
from extract.output.reports import NO_CONTENT, failed_rows, report_id
from extract.output.schema import load_schemas

if TYPE_CHECKING:
    import pyarrow as pa

    from extract.output.parts import PartWriter

__all__ = ["BatchResult", "InputResult", "Options", "convert_batch"]


@dataclass(slots=True)
class InputResult:
    """How one input fared, for the end-of-run summary."""

    path: str            # as displayed: bytes that are not UTF-8 written \xNN
    status: str          # ok | warning | failed | skipped
    error: str | None = None
    message: str | None = None
    seconds: float = 0.0
    pages: int | None = None
    report: str | None = None     # "Kent Police, October 2006"
    placed: float | None = None   # share of the text placed in tables


@dataclass(slots=True)
class BatchResult:
    out: Path
    results: list[InputResult] = field(default_factory=list)
    write_errors: list[str] = field(default_factory=list)
    committed: int = 0               # inputs whose rows this run committed
    stopped: int | None = None       # the signal that stopped the batch early

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> bool:
        return bool(self.write_errors) or any(r.status == "failed" for r in self.results)


@dataclass(slots=True)
class _Group:
    """Inputs with the same bytes: converted once, listed under every path."""

    sha256: str
    inputs: list[Input]

    @property
    def names(self) -> list[str]:
        return [i.name for i in self.inputs]


def _tables(rows: dict[str, list[dict[str, Any]]]) -> dict[str, pa.Table]:
    from extract.output.arrow import rows_to_table
    return {name: rows_to_table(schema, rows[name])
            for name, schema in load_schemas().items() if rows.get(name)}


def _listed(report: dict[str, Any], sha: str, status: str, names: list[str],
            has_rows: bool, tables: dict[str, pa.Table]) -> Doc:
    """One report listed under each of ``names``: a reports row per name, the
    other tables' rows (if any) once, carried by the first name's entry."""
    rows = [{**report, "source_path": n, "report_id": report_id(sha, n)} for n in names]
    entries = [Entry(report_id(sha, n), n, sha, PARSER_VERSION, status, has_rows and i == 0,
                     report.get("engine") or "") for i, n in enumerate(names)]
    return Doc(entries, {**tables, **_tables({"reports": rows})})


def _failure(code: str, reason: str, name: str) -> ExtractError:
    """The error a worker reported by its code (timeout, crashed, out_of_memory)."""
    error = ExtractError(reason, path=name)
    error.code = code
    return error


def _failed_doc(sha: str, names: list[str], engine: str, error: ExtractError,
                seconds: float | None) -> Doc:
    rows = failed_rows(names[0], sha, engine, error)
    report = {**rows.pop("reports")[0], "seconds": seconds}
    has_content = sha != NO_CONTENT
    if not has_content:   # nothing was read, so there is no report to hang rows on
        del rows["diagnostics"]
    return _listed(report, sha, "failed", names, has_content, _tables(rows))


def _converted_doc(sha: str, names: list[str], outcome: Outcome, engine: str,
                   timings: bool) -> Doc:
    """The document a worker sent. Rows the schemas refuse (a parser bug the
    worker cannot see: its rows become tables here) fail that document alone,
    as a bug in the worker would."""
    try:
        return _tabled_doc(sha, names, outcome, engine, timings)
    except (TypeError, ValueError) as exc:   # pyarrow's own errors subclass these too
        error = WorkerCrashed(f"its rows do not fit the schemas ({type(exc).__name__}: {exc}); "
                              f"please report this file", path=names[0])
        outcome.status, outcome.error, outcome.message = "failed", error.code, error.reason
        return _failed_doc(sha, names, engine, error, outcome.seconds if timings else None)


def _tabled_doc(sha: str, names: list[str], outcome: Outcome, engine: str,
                timings: bool) -> Doc:
    if not outcome.rows or sha == NO_CONTENT:
        # The worker could not build its failed rows, or could not read the
        # file at all (gone since the plan): recorded as a failure found here.
        return _failed_doc(sha, names, engine,
                           _failure(outcome.error or "crashed", outcome.message or "failed",
                                    names[0]), outcome.seconds if timings else None)
    if len(names) == 1:   # the worker already wrote this path's row
        engine_used = outcome.rows["reports"][0].get("engine") or ""
        return Doc([Entry(report_id(sha), names[0], sha, PARSER_VERSION, outcome.status,
                          True, engine_used)], _tables(outcome.rows))
    report = outcome.rows.pop("reports")[0]
    return _listed(report, sha, outcome.status, names, True, _tables(outcome.rows))


class _Batch:
    def __init__(self, inputs: list[Input], out: Path, options: Options, progress: Progress,
                 stop: Stop, warn: Callable[[str], None]) -> None:
        self.inputs, self.options, self.progress = inputs, options, progress
        self.stop, self.warn = stop, warn
        self.dataset = Dataset(out)
        self.result = BatchResult(out)
        self.extra: list[Doc] = []     # aliases and inputs that cannot be read, committed first
        self.groups: list[_Group] = []
        self.pending: deque[int] = deque()
        self.carried: set[str] = set()  # reports whose rows this run has written
        self.next_seq = 0               # the next document to go into a part
        self.part: _Part | None = None

    def run(self) -> BatchResult:
        for warning in self.dataset.open():
            self.warn(warning)
        skipped = self.plan()
        if not self.stop.requested:
            self.progress.start(len(self.groups), skipped)
            try:
                self._convert()
            finally:
                self.progress.stop()
            if not self.stop.requested:
                self.dataset.compact()
        self.dataset.close()
        self.result.stopped = self.stop.signum
        return self.result

    # --- planning -------------------------------------------------------------
    def plan(self) -> int:
        """Hash every input; decide what to convert. Returns inputs skipped."""
        by_sha: dict[str, _Group] = {}
        current: dict[str, str] = {}   # name -> sha256 of what it holds now
        for inp in self.inputs:
            if self.stop.requested:
                return 0
            if inp.problem is not None:
                self._failed_early(inp, inp.problem)
                continue
            try:
                sha = hash_input(inp.path, lambda: self.stop.requested)
            except InputError as exc:
                self._failed_early(inp, exc)
                continue
            except OSError as exc:
                self._failed_early(inp, UnreadableInputError(
                    f"cannot read: {exc.strerror or exc}", path=inp.name))
                continue
            if sha is None:
                return 0
            current[inp.name] = sha
            by_sha.setdefault(sha, _Group(sha, [])).inputs.append(inp)
        converted = {} if self.options.force else self.dataset.converted(self.options.engine)
        listed = {(e.report_id, e.source_path) for e in self.dataset.entries()}
        skipped = 0
        for group in by_sha.values():
            done = converted.get(group.sha256)
            if done is not None and current.get(done.source_path, group.sha256) != group.sha256:
                done = None   # its rows go with a path that now holds other bytes
            if done is None:
                self._queue(group)
                continue
            new = [n for n in group.names if (done.report_id, n) not in listed]
            if new:   # the same report under a new name: list it, do not convert it
                self.extra.append(_listed(self.dataset.report_row(done), group.sha256,
                                          done.status, new, False, {}))
            for name in group.names:
                skipped += 1
                self.result.results.append(InputResult(name, "skipped"))
        return skipped

    def _failed_early(self, inp: Input, error: ExtractError) -> None:
        seconds = 0.0 if self.options.timings else None
        self.extra.append(_failed_doc(NO_CONTENT, [inp.name], self.options.engine, error,
                                      seconds))
        self.result.results.append(InputResult(inp.name, "failed", error.code, error.reason))

    def _queue(self, group: _Group) -> None:
        self.groups.append(group)
        self.pending.append(len(self.groups) - 1)

    # --- converting -----------------------------------------------------------
    def _convert(self) -> None:
        opts = self.options
        finished: dict[int, Doc] = {}   # done, waiting for the documents before them
        if self.groups:
            with WorkerPool(min(opts.jobs, len(self.groups)), opts.timeout,
                            opts.memory_mb) as pool:
                while (self.pending or pool.busy()) and not self.stop.requested:
                    self._feed(pool)
                    load_writer_in_background()   # needed for the first commit, not before
                    done = pool.wait(self.stop.fileno())
                    self._feed(pool)   # workers first: the main process's own work can wait
                    for job, outcome in done:
                        finished[job.seq] = self._finish(job.seq, outcome)
                    if not self.pending and not pool.busy():
                        pool.dismiss()   # all converted: let them go before the last commit
                    while self.next_seq in finished:
                        self._add(finished.pop(self.next_seq))
                        self.next_seq += 1
                        if self.next_seq % PART_REPORTS == 0 or \
                                self.next_seq == len(self.groups):
                            self._commit_part()
                if self.stop.requested:
                    pool.stop()
        for seq in sorted(finished):   # after a stop: what finished out of order too
            self._add(finished.pop(seq))
        self._commit_part()

    def _feed(self, pool: WorkerPool) -> None:
        for worker in pool.idle():
            # Documents go to disk in input order. Run at most a part's worth
            # ahead, so a slow document cannot make results pile up.
            if not self.pending or self.pending[0] >= self.next_seq + PART_REPORTS:
                return
            seq = self.pending.popleft()
            first = self.groups[seq].inputs[0]
            opts = self.options
            pool.assign(worker, Job(seq, first.path, first.name, opts.engine, opts.password,
                                    opts.timings))

    def _finish(self, seq: int, outcome: Outcome | Failure) -> Doc:
        group, opts = self.groups[seq], self.options
        seconds, report, placed, pages = 0.0, None, None, None
        if isinstance(outcome, Outcome):
            sha = outcome.sha256 or NO_CONTENT
            if sha != group.sha256 and len(group.inputs) > 1:
                # The first path changed after the plan read it; the others still
                # hold the bytes planned, and get a conversion of their own.
                self._queue(_Group(group.sha256, group.inputs[1:]))
                group = self.groups[seq] = _Group(sha, group.inputs[:1])
            doc = _converted_doc(sha, group.names, outcome, opts.engine, opts.timings)
            status, error, message = outcome.status, outcome.error, outcome.message
            pages, seconds = outcome.pages, outcome.seconds
            report, placed = outcome.report, outcome.placed
        else:
            code, reason = outcome
            exc = _failure(code, reason, group.names[0])
            seconds = opts.timeout if code == "timeout" else 0.0
            doc = _failed_doc(group.sha256, group.names, opts.engine, exc,
                              round(seconds, 3) if opts.timings else None)
            status, error, message = "failed", exc.code, exc.reason
        for name in group.names:
            self.result.results.append(InputResult(name, status, error, message, seconds,
                                                   pages, report, placed))
        self.progress.advance(group.names[0], status, pages, seconds)
        return self._once(doc)

    def _once(self, doc: Doc) -> Doc:
        """A report's rows are written once per run, even when an input was
        changed during the run into a copy of another."""
        rows_of = next((e.report_id for e in doc.entries if e.has_rows), None)
        if rows_of is None:
            return doc
        if rows_of not in self.carried:
            self.carried.add(rows_of)
            return doc
        return Doc([replace(e, has_rows=False) for e in doc.entries],
                   {"reports": doc.tables["reports"]})

    # --- committing -----------------------------------------------------------
    def _add(self, doc: Doc) -> None:
        if self.part is None:
            self.part = _Part(self, self._take_extra())
        self.part.add(doc)

    def _take_extra(self) -> list[Doc]:
        extra, self.extra = self.extra, []
        return extra

    def _commit_part(self) -> None:
        if self.part is None and self.extra:
            self.part = _Part(self, self._take_extra())
        if self.part is not None:
            self.part.finish()
            self.part = None

    def _write_failed(self, names: set[str], exc: OSError) -> None:
        error = OutputError(f"cannot write: {exc.strerror or exc}", path=str(exc.filename))
        self.result.write_errors.append(str(error))
        for r in self.result.results:
            if r.path in names:
                r.status, r.error, r.message = "failed", error.code, error.reason


class _Part:
    """The part being filled; a write error fails its documents, not the batch."""

    def __init__(self, batch: _Batch, first: list[Doc]) -> None:
        self.batch = batch
        self.names: set[str] = set()
        self.writer: PartWriter | None = None
        self.error: OSError | None = None
        try:
            self.writer = batch.dataset.begin()
        except OSError as exc:
            self.error = exc
        for doc in first:
            self.add(doc)

    def add(self, doc: Doc) -> None:
        self.names.update(e.source_path for e in doc.entries)
        if self.writer is not None and self.error is None:
            try:
                self.writer.add(doc)
            except OSError as exc:
                self.error = exc

    def finish(self) -> None:
        if self.writer is not None and self.error is None:
            try:
                self.batch.dataset.finish(self.writer)
                self.batch.result.committed += len(self.names)
                return
            except OSError as exc:
                self.error = exc
        if self.writer is not None:
            self.writer.abort()
        assert self.error is not None
        self.batch._write_failed(self.names, self.error)


def convert_batch(inputs: list[Input], out: Path, options: Options, progress: Progress,
                  stop: Stop, warn: Callable[[str], None]) -> BatchResult:
    """Convert ``inputs`` into the dataset at ``out``, holding its lock.
    Raises OutputError when the folder cannot be used at all (OutputBusyError
    when another run holds it and ``options.wait`` is off), and
    DamagedOutputError when its manifest is damaged."""
    lock = OutputLock(out)

    def waiting(holder: int | None) -> None:
        who = f" (process {holder})" if holder else ""
        warn(f"{out}: waiting for another run{who} to finish writing here")

    if not lock.acquire(wait=options.wait, waiting=waiting, stopped=lambda: stop.requested):
        return BatchResult(out, stopped=stop.signum)
    try:
        return _Batch(inputs, out, options, progress, stop, warn).run()
    finally:
        lock.release()
