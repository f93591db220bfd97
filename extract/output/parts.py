"""A part's Parquet files: written a row group at a time, read back, merged
and filtered. The only module of the dataset that loads pyarrow, so a batch
opens its folder, plans and hands out its first documents before pyarrow
(a tenth of a second) is loaded; ``extract.output.dataset`` imports this
module when it first writes or reads a part.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from extract.output.files import create_temp, remove, write_atomic
from extract.output.schema import load_schemas

if TYPE_CHECKING:
    from extract.output.dataset import Doc
    from extract.output.manifest import Entry

ROW_GROUP_REPORTS = 8      # reports per row group: fewer, larger writes


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
                self.tmp[name] = create_temp(root / name, "part")
                self.writers[name] = pq.ParquetWriter(str(self.tmp[name]), schema.arrow(),
                                                      compression="zstd",
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
            remove(tmp)


def _sorted(name: str, table: pa.Table) -> pa.Table:
    """Reports by id then path; other tables by id, keeping each report's order."""
    import pyarrow.compute as pc  # loaded on first use: a tenth of the start-up time
    keys = [("report_id", "ascending")]
    if name == "reports":
        keys.append(("source_path", "ascending"))
    return table.take(pc.sort_indices(table, sort_keys=keys))


def merged(name: str, files: Iterable[Path]) -> pa.Table:
    """One table of several parts, in the order a single part would hold it."""
    schema = load_schemas()[name].arrow()
    return _sorted(name, pa.concat_tables([pq.read_table(f, schema=schema) for f in files]))


def filtered(files: dict[str, Path], kept: list[Entry]) -> dict[str, pa.Table]:
    """A part's tables (``files``: table -> file) with only the rows of ``kept``."""
    import pyarrow.compute as pc
    with_rows = pa.array(sorted({e.report_id for e in kept if e.has_rows}), pa.string())
    out = {}
    for name, schema in load_schemas().items():
        table = pq.read_table(files[name], schema=schema.arrow())
        if name == "reports":
            pairs = {(e.report_id, e.source_path) for e in kept}
            mask = pa.array([(r, p) in pairs for r, p in zip(
                table["report_id"].to_pylist(), table["source_path"].to_pylist(),
                strict=True)], pa.bool_())
        else:
            mask = pc.is_in(table["report_id"], value_set=with_rows)
        out[name] = table.filter(mask)
    return out


def write(table: pa.Table, path: Path) -> None:
    """One table of a part, written under a temporary name and renamed into place."""
    write_atomic(partial(pq.write_table, table, compression="zstd", write_statistics=True),
                 path)


def report_rows(path: Path, report_id: str, source_path: str) -> list[dict[str, Any]]:
    """The rows of a ``reports`` file for one report under one path."""
    return [r for r in pq.read_table(path).to_pylist()
            if r["report_id"] == report_id and r["source_path"] == source_path]
