"""The output folder: one Parquet dataset per table, committed in parts.

    DIR/<table>/part-<id>.parquet   one file per table for each part
    DIR/_manifest.json (and .log)   the committed parts and the reports in each
    DIR/.lock                       held by the one run writing here

A part holds the rows of every table for up to ``PART_REPORTS`` reports, so
a thousand reports make a few hundred files, not tens of thousands. A part's
files are written under hidden temporary names, a row group per few reports
as their turn comes, and renamed into place when the part is full; the part
counts only once the manifest names it (``extract.output.manifest``: one
appended line per commit, whatever the size of the dataset).

A run killed at any moment leaves complete Parquet files. The next run
checks that every part the manifest names is whole (a part that is not is
dropped, with a warning naming its inputs, which are then converted again),
removes files the manifest does not name, then converts what is missing.
Only names this tool gives are ever removed, only inside the table folders,
and never through a symbolic link.

The part files themselves are written and read by ``extract.output.parts``,
the one module of the dataset that loads pyarrow, imported on first use.

The caller holds the folder's lock (``extract.output.lock``) from ``open``
to ``close``. pandas, pyarrow and DuckDB read ``DIR/<table>/`` (or
``DIR/<table>/*.parquet``) as one table, skipping names that start with
``_`` or ``.``.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extract import PARSER_VERSION
from extract.errors import DamagedOutputError, OutputError
from extract.output.files import is_temp, parquet_intact, part_file, remove
from extract.output.manifest import FORMAT, MANIFEST, Entry, Journal, Parts, load
from extract.output.schema import load_schemas

if TYPE_CHECKING:
    import pyarrow as pa

    from extract.output.parts import PartWriter

__all__ = ["FORMAT", "MANIFEST", "PART_REPORTS", "SMALL_PART", "Dataset", "Doc", "Entry"]

PART_REPORTS = 32          # reports per part written during a run
SMALL_PART = PART_REPORTS // 4  # parts smaller than this are merged at the end of a run
WARN_NAMES = 5             # inputs named in a warning before "and N more"


@dataclass(slots=True)
class Doc:
    """One report's rows, ready to be committed: tables plus its entries."""

    entries: list[Entry]
    tables: dict[str, pa.Table]


def _part_id(entries: Iterable[Entry]) -> str:
    key = "\n".join(sorted(f"{e.report_id}\t{e.source_path}\t{e.has_rows}" for e in entries))
    return "part-" + hashlib.sha256(key.encode()).hexdigest()[:16]


class Dataset:
    """The output folder. ``open()`` it, ``commit()`` parts, then ``compact()``
    and ``close()``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.parts: Parts = {}
        self._part_of: dict[str, str] = {}   # source path -> the part listing it
        self._rows_in: dict[str, str] = {}   # report id -> the part holding its rows
        self._journal = Journal(root, b"")

    # --- opening and recovery ---------------------------------------------
    def open(self) -> list[str]:
        """Check the folder and its manifest, drop parts whose files are not
        whole, remove what an interrupted run left. Returns warnings, one line
        each. Raises DamagedOutputError (naming the file) or OutputError."""
        try:
            return self._open()
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror or exc}",
                              path=str(exc.filename or self.root)) from None

    def _open(self) -> list[str]:
        self.root.mkdir(parents=True, exist_ok=True)
        manifest = load(self.root)
        for name in load_schemas():
            self._table_folder(name)
        if manifest.snapshot is None and self._part_files():
            raise DamagedOutputError(f"is missing, but {self.root} holds part files; move "
                                     f"them away or choose another folder",
                                     path=str(self.root / MANIFEST))
        warnings = []
        for pid, entries in sorted(manifest.parts.items()):
            broken = next((f for f in self._files(pid) if not parquet_intact(f)), None)
            if broken is None:
                self._add(pid, entries)
            else:
                warnings.append(_dropped_warning(broken, entries))
        self.recover()
        self._journal = Journal(self.root, manifest.snapshot or b"")
        if manifest.snapshot is None or manifest.journal or warnings:
            self._journal.fold(self.parts)
        return warnings

    def _table_folder(self, name: str) -> None:
        folder = self.root / name
        try:
            mode = os.lstat(folder).st_mode
        except FileNotFoundError:
            folder.mkdir()
            return
        if not stat.S_ISDIR(mode):   # a link could lead writes and removals elsewhere
            raise DamagedOutputError("is not a folder (a file or a symbolic link); refusing "
                                     "to write through it", path=str(folder))

    def _part_files(self) -> list[Path]:
        return [self.root / name / entry.name for name in load_schemas()
                for entry in os.scandir(self.root / name) if part_file(entry.name)]

    def recover(self) -> list[Path]:
        """Remove what an interrupted run left: temporary files, and parts the
        manifest does not name."""
        removed = []
        for folder in [self.root / name for name in load_schemas()] + [self.root]:
            for entry in os.scandir(folder):
                if folder == self.root:   # the folder may hold the user's own files too
                    stray = is_temp(entry.name) and entry.name.startswith(f".{MANIFEST}.")
                else:
                    pid = part_file(entry.name)
                    stray = is_temp(entry.name) or (pid is not None and pid not in self.parts)
                if stray and not entry.is_dir(follow_symlinks=False):
                    remove(folder / entry.name)
                    removed.append(folder / entry.name)
        return removed

    # --- what is there ----------------------------------------------------
    def entries(self) -> list[Entry]:
        return [e for entries in self.parts.values() for e in entries]

    def converted(self, engine: str) -> dict[str, Entry]:
        """sha256 -> the entry holding its rows, for reports this parser
        version converted, a PDF with ``engine`` (failed inputs are tried
        again; a PDF read by another engine is read again by this one)."""
        return {e.sha256: e for e in self.entries()
                if e.has_rows and e.parser_version == PARSER_VERSION and e.status != "failed"
                and e.engine in ("", "text", engine)}

    def report_row(self, entry: Entry) -> dict[str, Any]:
        """The ``reports`` row of a committed entry."""
        from extract.output.parts import report_rows
        rows = report_rows(self._file("reports", self._part_of[entry.source_path]),
                           entry.report_id, entry.source_path)
        return dict(rows[0])

    # --- writing ------------------------------------------------------------
    def begin(self) -> PartWriter:
        """Start a new part; add reports to it as they come, then ``finish`` it."""
        from extract.output.parts import PartWriter
        return PartWriter(self.root)

    def commit(self, docs: list[Doc]) -> str:
        part = self.begin()
        for doc in docs:
            part.add(doc)
        return self.finish(part)

    def finish(self, part: PartWriter) -> str:
        """Put a written part in place and commit it. Older parts that list the
        same paths, or hold rows of the same reports, are rewritten without them
        in the same commit. Only those parts are touched: the cost of a commit
        does not grow with the dataset."""
        entries = part.entries
        pid = _part_id(entries)
        for name, tmp in part.close().items():
            os.replace(tmp, self._file(name, pid))
        paths = {e.source_path for e in entries}
        moved = {e.report_id for e in entries if e.has_rows}
        affected = ({self._part_of[p] for p in paths if p in self._part_of}
                    | {self._rows_in[r] for r in moved if r in self._rows_in})
        rewritten: dict[str, tuple[list[Entry], dict[str, pa.Table]]] = {}
        dropped = []
        for old_id in sorted(affected):
            old = self.parts[old_id]
            kept = [replace(e, has_rows=e.has_rows and e.report_id not in moved)
                    for e in old if e.source_path not in paths]
            if kept == old:
                continue
            dropped.append(old_id)
            if kept:
                rewritten[_part_id(kept)] = (kept, self._filtered(old_id, kept))
        self._write_parts(rewritten)
        added = {pid: entries, **{new_id: kept for new_id, (kept, _) in rewritten.items()}}
        self._apply(added, dropped)
        return pid

    def compact(self) -> int:
        """Merge parts smaller than ``SMALL_PART`` reports (left by resumed or
        small runs) with other parts that have room, up to ``PART_REPORTS``
        reports each. Returns the number of parts merged away."""
        if not any(len(es) < SMALL_PART for es in self.parts.values()):
            return 0
        room = sorted((p for p, es in self.parts.items() if len(es) < PART_REPORTS),
                      key=lambda p: (len(self.parts[p]), p))
        groups: list[list[str]] = []
        size = 0
        for pid in room:
            n = len(self.parts[pid])
            if groups and size + n <= PART_REPORTS:
                groups[-1].append(pid)
                size += n
            else:
                groups.append([pid])
                size = n
        groups = [g for g in groups if len(g) > 1
                  and any(len(self.parts[p]) < SMALL_PART for p in g)]
        for group in groups:
            entries = [e for p in group for e in self.parts[p]]
            from extract.output.parts import merged
            tables = {name: merged(name, [self._file(name, p) for p in group])
                      for name in load_schemas()}
            pid = _part_id(entries)
            self._write_parts({pid: (entries, tables)})
            self._apply({pid: entries}, group)
        return sum(len(g) - 1 for g in groups)

    def close(self) -> None:
        """Fold this run's commits into the snapshot: once per run, so a
        finished folder has one manifest file, the same for the same inputs."""
        self._journal.fold(self.parts)

    # --- the manifest and its indexes ----------------------------------------
    def _apply(self, added: Parts, dropped: list[str]) -> None:
        """Commit: one journal line; then the dropped parts' files go."""
        self._journal.append(added, dropped)
        for old_id in dropped:
            self._remove(old_id)
        for pid, entries in added.items():
            self._add(pid, entries)
        self._delete_parts(p for p in dropped if p not in added)

    def _add(self, pid: str, entries: list[Entry]) -> None:
        for e in entries:
            if self._part_of.get(e.source_path, pid) != pid or (
                    e.has_rows and self._rows_in.get(e.report_id, pid) != pid):
                raise DamagedOutputError(f"damaged: {e.source_path!r} (report "
                                         f"{e.report_id}) is listed by two parts; move it "
                                         f"away to start afresh", path=str(self.root / MANIFEST))
            self._part_of[e.source_path] = pid
            if e.has_rows:
                self._rows_in[e.report_id] = pid
        self.parts[pid] = entries

    def _remove(self, pid: str) -> None:
        for e in self.parts.pop(pid):
            if self._part_of.get(e.source_path) == pid:
                del self._part_of[e.source_path]
            if e.has_rows and self._rows_in.get(e.report_id) == pid:
                del self._rows_in[e.report_id]

    # --- files --------------------------------------------------------------
    def _file(self, table: str, pid: str) -> Path:
        return self.root / table / f"{pid}.parquet"

    def _files(self, pid: str) -> list[Path]:
        return [self._file(name, pid) for name in load_schemas()]

    def _filtered(self, pid: str, kept: list[Entry]) -> dict[str, pa.Table]:
        from extract.output.parts import filtered
        return filtered({name: self._file(name, pid) for name in load_schemas()}, kept)

    def _write_parts(self, parts: dict[str, tuple[list[Entry], dict[str, pa.Table]]]) -> None:
        from extract.output.parts import write
        for pid, (_, tables) in parts.items():
            for name, table in tables.items():
                write(table, self._file(name, pid))

    def _delete_parts(self, pids: Iterable[str]) -> None:
        for pid in pids:
            for path in self._files(pid):
                remove(path)


def _dropped_warning(broken: Path, entries: list[Entry]) -> str:
    names = sorted({e.source_path for e in entries})
    listed = ", ".join(names[:WARN_NAMES])
    more = f" and {len(names) - WARN_NAMES} more" if len(names) > WARN_NAMES else ""
    return (f"warning: {broken} is missing or damaged; the {len(names)} input(s) of its part "
            f"are converted again when given: {listed}{more}")
