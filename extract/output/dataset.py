"""The output folder: one Parquet dataset per table, committed in parts.

    DIR/<table>/part-<id>.parquet   one file per table for each part
    DIR/_manifest.json              the committed parts and the reports in each

A part holds the rows of every table for up to ``PART_REPORTS`` reports, so
a thousand reports make a few hundred files, not tens of thousands. A part's
files are written under temporary names, a row group per few reports as
their turn comes, and renamed into place when the part is full; the part
counts only once the manifest, itself replaced atomically, names it. A run killed
at any moment leaves complete Parquet files; the next run first removes files
the manifest does not name, then converts what is missing.

pandas, pyarrow and DuckDB read ``DIR/<table>/`` (or ``DIR/<table>/*.parquet``)
as one table; names starting with ``_`` or ``.`` are skipped by all three.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from extract import PARSER_VERSION
from extract.errors import OutputError
from extract.output.schema import load_schemas

MANIFEST = "_manifest.json"
FORMAT = 1
PART_REPORTS = 32          # reports per part written during a run
SMALL_PART = PART_REPORTS // 4  # parts smaller than this are merged at the end of a run
ROW_GROUP_REPORTS = 8      # reports per row group: fewer, larger writes


@dataclass(frozen=True, slots=True)
class Entry:
    """One input listed in a part: a report under one source path."""

    report_id: str
    source_path: str
    sha256: str
    parser_version: str
    status: str
    has_rows: bool   # False when another path's entry carries the report's rows


@dataclass(slots=True)
class Doc:
    """One report's rows, ready to be committed: tables plus its entries."""

    entries: list[Entry]
    tables: dict[str, pa.Table]


def _part_id(entries: Iterable[Entry]) -> str:
    key = "\n".join(sorted(f"{e.report_id}\t{e.source_path}\t{e.has_rows}" for e in entries))
    return "part-" + hashlib.sha256(key.encode()).hexdigest()[:16]


def write_atomic(write: Any, path: Path) -> None:
    """Call ``write(tmp_path)`` and rename the result to ``path``."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _sorted(name: str, table: pa.Table) -> pa.Table:
    """Reports by id then path; other tables by id, keeping each report's order."""
    import pyarrow.compute as pc  # loaded on first use: a tenth of the start-up time
    keys = [("report_id", "ascending")]
    if name == "reports":
        keys.append(("source_path", "ascending"))
    return table.take(pc.sort_indices(table, sort_keys=keys))


class PartWriter:
    """A part being written: one Parquet writer per table and a row group
    for every ``ROW_GROUP_REPORTS`` reports, so rows go to disk soon after
    their turn comes and the main process holds only a few reports."""

    def __init__(self, root: Path) -> None:
        self.entries: list[Entry] = []
        self.pending: list[Doc] = []
        self.tmp: dict[str, Path] = {}
        self.writers: dict[str, pq.ParquetWriter] = {}
        try:
            for name, schema in load_schemas().items():
                fd, tmp = tempfile.mkstemp(prefix=".part-", suffix=".tmp", dir=root / name)
                os.close(fd)
                self.tmp[name] = Path(tmp)
                self.writers[name] = pq.ParquetWriter(tmp, schema.arrow(), compression="zstd",
                                                      write_statistics=True)
        except BaseException:
            self.abort()
            raise

    def add(self, doc: Doc) -> None:
        self.entries.extend(doc.entries)
        self.pending.append(doc)
        if len(self.pending) >= ROW_GROUP_REPORTS:
            self._flush()

    def _flush(self) -> None:
        for name, writer in self.writers.items():
            tables = [d.tables[name] for d in self.pending if name in d.tables]
            if any(t.num_rows for t in tables):
                writer.write_table(pa.concat_tables(tables))
        self.pending = []

    def close(self) -> dict[str, Path]:
        self._flush()
        for writer in self.writers.values():
            writer.close()
        return self.tmp

    def abort(self) -> None:
        for writer in self.writers.values():
            try:
                writer.close()
            except Exception:  # noqa: BLE001 - a half-written file is removed anyway
                pass
        for tmp in self.tmp.values():
            tmp.unlink(missing_ok=True)


class Dataset:
    """The output folder. ``open()`` it, ``commit()`` parts, ``compact()`` at the end."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.parts: dict[str, list[Entry]] = {}

    # --- opening and recovery ---------------------------------------------
    def open(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            manifest = self.root / MANIFEST
            if manifest.exists():
                doc = json.loads(manifest.read_text(encoding="utf-8"))
                if doc.get("format") != FORMAT:
                    raise OutputError(f"{MANIFEST} has format {doc.get('format')}, "
                                      f"this version reads {FORMAT}", path=str(manifest))
                self.parts = {pid: [Entry(**e) for e in entries]
                              for pid, entries in doc["parts"].items()}
            for name in load_schemas():
                (self.root / name).mkdir(exist_ok=True)
            self._write_manifest()
            self.recover()
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror or exc}", path=str(self.root)) \
                from None
        except (ValueError, KeyError, TypeError) as exc:
            raise OutputError(f"{MANIFEST} is damaged ({exc}); remove the folder or the "
                              f"file to start afresh", path=str(self.root)) from None

    def recover(self) -> list[Path]:
        """Remove what an interrupted run left: temporary files and parts the
        manifest does not name."""
        removed = []
        for name in load_schemas():
            for path in (self.root / name).iterdir():
                committed = path.suffix == ".parquet" and path.stem in self.parts
                if not committed and (path.name.startswith((".", "part-"))):
                    path.unlink()
                    removed.append(path)
        return removed

    # --- what is there ----------------------------------------------------
    def entries(self) -> list[Entry]:
        return [e for entries in self.parts.values() for e in entries]

    def converted(self) -> dict[str, Entry]:
        """sha256 -> the entry holding its rows, for reports this parser
        version converted (failed inputs are tried again)."""
        return {e.sha256: e for e in self.entries()
                if e.has_rows and e.parser_version == PARSER_VERSION and e.status != "failed"}

    def report_row(self, entry: Entry) -> dict[str, Any]:
        """The ``reports`` row of a committed entry."""
        pid = next(p for p, es in self.parts.items() if entry in es)
        table = pq.read_table(self._file("reports", pid))
        rows = [r for r in table.to_pylist()
                if r["report_id"] == entry.report_id and r["source_path"] == entry.source_path]
        return dict(rows[0])

    # --- writing ------------------------------------------------------------
    def begin(self) -> PartWriter:
        """Start a new part; add reports to it as they come, then ``finish`` it."""
        return PartWriter(self.root)

    def commit(self, docs: list[Doc]) -> str:
        part = self.begin()
        for doc in docs:
            part.add(doc)
        return self.finish(part)

    def finish(self, part: PartWriter) -> str:
        """Put a written part in place and commit it. Older parts that list the
        same paths, or hold rows of the same reports, are rewritten without them
        in the same commit."""
        entries = part.entries
        pid = _part_id(entries)
        for name, tmp in part.close().items():
            os.replace(tmp, self._file(name, pid))
        new_paths = {e.source_path for e in entries}
        moved = {e.report_id for e in entries if e.has_rows}
        keep_pairs = {(e.report_id, e.source_path) for es in self.parts.values() for e in es
                      if e.source_path not in new_paths}
        listed = {rid for rid, _ in keep_pairs} | {e.report_id for e in entries}

        rewritten: dict[str, tuple[list[Entry], dict[str, pa.Table]]] = {}
        replaced = []
        for old_id, old in self.parts.items():
            kept = []
            for e in old:
                if (e.report_id, e.source_path) not in keep_pairs:
                    continue
                drop_rows = e.has_rows and (e.report_id in moved or e.report_id not in listed)
                kept.append(Entry(**{**asdict(e), "has_rows": e.has_rows and not drop_rows}))
            if kept == old:
                continue
            replaced.append(old_id)
            if kept:
                rewritten[_part_id(kept)] = (kept, self._filtered(old_id, kept))
        self._write_parts(rewritten)
        for old_id in replaced:
            del self.parts[old_id]
        self.parts[pid] = entries
        for new_id, (kept, _) in rewritten.items():
            self.parts[new_id] = kept
        self._write_manifest()
        self._delete_parts(p for p in replaced if p != pid and p not in rewritten)
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
        merged = 0
        for group in groups:
            entries = [e for p in group for e in self.parts[p]]
            tables = {name: _sorted(name, pa.concat_tables(
                [pq.read_table(self._file(name, p), schema=load_schemas()[name].arrow())
                 for p in group])) for name in load_schemas()}
            pid = _part_id(entries)
            self._write_parts({pid: (entries, tables)})
            for p in group:
                del self.parts[p]
            self.parts[pid] = entries
            self._write_manifest()
            self._delete_parts(p for p in group if p != pid)
            merged += len(group) - 1
        return merged

    # --- files --------------------------------------------------------------
    def _file(self, table: str, pid: str) -> Path:
        return self.root / table / f"{pid}.parquet"

    def _filtered(self, pid: str, kept: list[Entry]) -> dict[str, pa.Table]:
        import pyarrow.compute as pc
        with_rows = pa.array(sorted({e.report_id for e in kept if e.has_rows}), pa.string())
        out = {}
        for name, schema in load_schemas().items():
            table = pq.read_table(self._file(name, pid), schema=schema.arrow())
            if name == "reports":
                pairs = {(e.report_id, e.source_path) for e in kept}
                mask = pa.array([(r, p) in pairs for r, p in zip(
                    table["report_id"].to_pylist(), table["source_path"].to_pylist(),
                    strict=True)], pa.bool_())
            else:
                mask = pc.is_in(table["report_id"], value_set=with_rows)
            out[name] = table.filter(mask)
        return out

    def _write_parts(self, parts: dict[str, tuple[list[Entry], dict[str, pa.Table]]]) -> None:
        for pid, (_, tables) in parts.items():
            for name, table in tables.items():
                write_atomic(lambda tmp, t=table: pq.write_table(
                    t, tmp, compression="zstd", write_statistics=True), self._file(name, pid))

    def _delete_parts(self, pids: Iterable[str]) -> None:
        for pid in pids:
            for name in load_schemas():
                self._file(name, pid).unlink(missing_ok=True)

    def _write_manifest(self) -> None:
        doc = {"format": FORMAT, "parts": {pid: [asdict(e) for e in sorted(
            es, key=lambda e: (e.report_id, e.source_path))] for pid, es in sorted(
            self.parts.items())}}
        text = json.dumps(doc, indent=1, sort_keys=True) + "\n"
        write_atomic(lambda tmp: Path(tmp).write_text(text, encoding="utf-8"),
                     self.root / MANIFEST)
