"""One batch: take the output folder's lock, plan the inputs, convert them in
worker processes, commit the results to the dataset in input order, compact,
and say how it went."""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from extract import PARSER_VERSION
from extract.batch.messages import Outcome, from_ipc
from extract.batch.options import Options
from extract.batch.pool import Failure, Job, WorkerPool
from extract.batch.progress import Progress
from extract.errors import (
    ExtractError,
    OutputError,
    TimeoutExpired,
    UnreadableInputError,
    WorkerCrashed,
)
from extract.output.arrow import rows_to_table
from extract.output.dataset import PART_REPORTS, Dataset, Doc, Entry, PartWriter
from extract.output.lock import OutputLock
from extract.output.reports import failed_rows, report_id
from extract.output.schema import load_schemas

__all__ = ["BatchResult", "InputResult", "Options", "convert_batch"]


@dataclass(slots=True)
class InputResult:
    """How one input fared, for the end-of-run summary."""

    path: str
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

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> bool:
        return bool(self.write_errors) or any(r.status == "failed" for r in self.results)


@dataclass(slots=True)
class _Group:
    """Inputs with the same bytes: converted once, listed under every path."""

    sha256: str
    paths: list[str]


def _hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _tables(rows: dict[str, list[dict[str, Any]]]) -> dict[str, pa.Table]:
    return {name: rows_to_table(schema, rows.get(name, []))
            for name, schema in load_schemas().items() if rows.get(name)}


def _listed(report: dict[str, Any], sha: str, status: str, paths: list[str],
            has_rows: bool, tables: dict[str, pa.Table]) -> Doc:
    """One report listed under each of ``paths``: a reports row per path, the
    other tables' rows (if any) once, carried by the first path's entry."""
    rows = [{**report, "source_path": p} for p in paths]
    entries = [Entry(report_id(sha), p, sha, PARSER_VERSION, status, has_rows and i == 0)
               for i, p in enumerate(paths)]
    return Doc(entries, {**tables, "reports": rows_to_table(load_schemas()["reports"], rows)})


def _failed_doc(group: _Group, engine: str, error: ExtractError, seconds: float | None,
                has_content: bool = True) -> Doc:
    rows = failed_rows(group.paths[0], group.sha256, engine, error)
    report = {**rows.pop("reports")[0], "seconds": seconds}
    if not has_content:   # nothing was read, so there is no report to hang rows on
        del rows["diagnostics"]
    return _listed(report, group.sha256, "failed", group.paths, has_content, _tables(rows))


def _converted_doc(group: _Group, outcome: Outcome, engine: str) -> Doc:
    if not outcome.tables:   # the worker could not even build its failed rows
        return _failed_doc(group, engine, WorkerCrashed(outcome.message or "failed",
                                                        path=group.paths[0]), None)
    tables = {name: from_ipc(data) for name, data in outcome.tables.items()}
    if len(group.paths) == 1:   # the worker already wrote this path's row
        rid = report_id(group.sha256)
        return Doc([Entry(rid, group.paths[0], group.sha256, PARSER_VERSION, outcome.status,
                          True)], tables)
    report = tables["reports"].to_pylist()[0]
    return _listed(report, group.sha256, outcome.status, group.paths, True, tables)


class _Batch:
    def __init__(self, files: list[Path], out: Path, options: Options,
                 progress: Progress, warn: Callable[[str], None]) -> None:
        self.files, self.options, self.progress, self.warn = files, options, progress, warn
        self.dataset = Dataset(out)
        self.result = BatchResult(out)
        self.extra: list[Doc] = []     # aliases and unreadable inputs, committed first
        self.groups: list[_Group] = []

    def plan(self) -> int:
        """Hash every input; decide what to convert. Returns inputs skipped."""
        by_sha: dict[str, _Group] = {}
        for path in self.files:
            try:
                sha = _hash(path)
            except OSError as exc:
                error = UnreadableInputError(f"cannot read: {exc.strerror or exc}",
                                             path=str(path))
                self.extra.append(_failed_doc(_Group("0" * 64, [str(path)]),
                                              self.options.engine, error,
                                              0.0 if self.options.timings else None, False))
                self.result.results.append(InputResult(str(path), "failed", error.code,
                                                       error.reason))
                continue
            if sha in by_sha:
                by_sha[sha].paths.append(str(path))
            else:
                by_sha[sha] = _Group(sha, [str(path)])
        converted = {} if self.options.force else self.dataset.converted()
        listed = {(e.report_id, e.source_path) for e in self.dataset.entries()}
        skipped = 0
        for group in by_sha.values():
            done = converted.get(group.sha256)
            if done is None:
                self.groups.append(group)
                continue
            new = [p for p in group.paths if (done.report_id, p) not in listed]
            if new:   # the same report under a new name: list it, do not convert it
                self.extra.append(_listed(self.dataset.report_row(done), group.sha256,
                                          done.status, new, False, {}))
            for p in group.paths:
                skipped += 1
                self.result.results.append(InputResult(p, "skipped"))
        return skipped

    def _finish(self, group: _Group, outcome: Outcome | Failure) -> Doc:
        seconds, report, placed = 0.0, None, None
        if isinstance(outcome, Outcome):
            doc = _converted_doc(group, outcome, self.options.engine)
            status, error, message = outcome.status, outcome.error, outcome.message
            pages, seconds = outcome.pages, outcome.seconds
            report, placed = outcome.report, outcome.placed
        else:
            code, reason = outcome
            seconds = self.options.timeout if code == "timeout" else 0.0
            exc: ExtractError = (TimeoutExpired(reason, path=group.paths[0]) if code == "timeout"
                                 else WorkerCrashed(reason, path=group.paths[0]))
            doc = _failed_doc(group, self.options.engine, exc,
                              round(seconds, 3) if self.options.timings else None)
            status, error, message, pages = "failed", exc.code, exc.reason, None
        for p in group.paths:
            self.result.results.append(InputResult(p, status, error, message, seconds, pages,
                                                   report, placed))
        self.progress.advance(group.paths[0], status, pages, seconds)
        return doc

    def _write_failed(self, docs_paths: set[str], exc: OSError) -> None:
        error = OutputError(f"cannot write: {exc.strerror or exc}", path=str(exc.filename))
        self.result.write_errors.append(str(error))
        for r in self.result.results:
            if r.path in docs_paths:
                r.status, r.error, r.message = "failed", error.code, error.reason

    def run(self) -> BatchResult:
        for warning in self.dataset.open():
            self.warn(warning)
        skipped = self.plan()
        self.progress.start(len(self.groups), skipped)
        try:
            self._convert()
            self.dataset.compact()
        finally:
            self.progress.stop()
        self.dataset.close()
        return self.result

    def _convert(self) -> None:
        opts = self.options
        if not self.groups:
            if self.extra:
                _Part(self, self.extra).finish()
            return
        pending = deque(enumerate(self.groups))
        finished: dict[int, Doc] = {}   # done, waiting for the documents before them
        part: _Part | None = None
        next_seq = 0                    # the next document to go into a part
        with WorkerPool(min(opts.jobs, len(self.groups)), opts.timeout, opts.memory_mb) as pool:
            def feed() -> None:
                for worker in pool.idle():
                    # Documents go to disk in input order. Run at most a part's
                    # worth ahead, so a slow document cannot make results pile up.
                    if not pending or pending[0][0] >= next_seq + PART_REPORTS:
                        return
                    seq, group = pending.popleft()
                    pool.assign(worker, Job(seq, group.paths[0], opts.engine, opts.password,
                                            opts.timings))

            while pending or pool.busy():
                feed()
                done = pool.wait()
                feed()   # workers first: the main process's own work can wait
                for job, outcome in done:
                    finished[job.seq] = self._finish(self.groups[job.seq], outcome)
                while next_seq in finished:
                    if part is None:
                        part = _Part(self, self.extra if next_seq == 0 else [])
                    part.add(finished.pop(next_seq))
                    next_seq += 1
                    if next_seq % PART_REPORTS == 0 or next_seq == len(self.groups):
                        part.finish()
                        part = None


class _Part:
    """The part being filled; a write error fails its documents, not the batch."""

    def __init__(self, batch: _Batch, first: list[Doc]) -> None:
        self.batch = batch
        self.paths: set[str] = set()
        self.writer: PartWriter | None = None
        self.error: OSError | None = None
        try:
            self.writer = batch.dataset.begin()
        except OSError as exc:
            self.error = exc
        for doc in first:
            self.add(doc)

    def add(self, doc: Doc) -> None:
        self.paths.update(e.source_path for e in doc.entries)
        if self.writer is not None and self.error is None:
            try:
                self.writer.add(doc)
            except OSError as exc:
                self.error = exc

    def finish(self) -> None:
        if self.writer is not None and self.error is None:
            try:
                self.batch.dataset.finish(self.writer)
                return
            except OSError as exc:
                self.error = exc
        if self.writer is not None:
            self.writer.abort()
        assert self.error is not None
        self.batch._write_failed(self.paths, self.error)


def convert_batch(files: list[Path], out: Path, options: Options, progress: Progress,
                  warn: Callable[[str], None]) -> BatchResult:
    """Convert ``files`` into the dataset at ``out``, holding its lock.
    Raises OutputError when the folder cannot be used at all (OutputBusyError
    when another run holds it and ``options.wait`` is off), and
    DamagedOutputError when its manifest is damaged."""
    lock = OutputLock(out)

    def waiting(holder: int | None) -> None:
        who = f" (process {holder})" if holder else ""
        warn(f"{out}: waiting for another run{who} to finish writing here")

    lock.acquire(wait=options.wait, waiting=waiting, stopped=lambda: False)
    try:
        return _Batch(files, out, options, progress, warn).run()
    finally:
        lock.release()
