"""Stage 6, write: rows in, Parquet files out, matching ``schemas/`` exactly.

Files are written under a temporary name in the same folder and renamed into
place, so a reader never sees a half-written file. Rows are sorted by the
table's natural key before writing, so the same input always gives
byte-identical files.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from extract.errors import OutputError
from extract.schema import TableSchema, load_schemas

# Sort keys: the natural order of each table (report, then source order).
SORT_KEYS = {
    "reports": ("report_id", "source_path"),
    "frameworks": ("report_id", "code"),
    "grade_distribution": ("report_id", "code", "grade"),
    "summary_judgements": ("report_id", "ordinal"),
    "findings": ("report_id", "code", "category", "item_no"),
    "paragraphs": ("report_id", "line_start_key", "paragraph_no"),
    "good_practice": ("report_id", "box_no"),
    "table_cells": ("report_id", "code", "table", "row_no", "col_no"),
    "glossary": ("report_id", "line_start_key", "term"),
    "contents": ("report_id", "entry_no"),
    "domains": ("report_id", "number"),
    "pages": ("report_id", "page"),
    "diagnostics": ("report_id", "severity", "check", "message"),
    "residue": ("report_id", "line_start_key", "text"),
}


def _sort_value(row: dict[str, Any], key: str) -> tuple[int, Any]:
    if key == "line_start_key":  # source order: page, then line
        return (0, ((row.get("page_start") or 0), row.get("line_start") or 0))
    value = row.get(key)
    return (1, "") if value is None else (0, value)


def rows_to_table(schema: TableSchema, rows: list[dict[str, Any]]) -> pa.Table:
    keys = SORT_KEYS.get(schema.table, ("report_id",))
    ordered = sorted(rows, key=lambda r: tuple(_sort_value(r, k) for k in keys))
    unknown = {k for r in ordered for k in r} - set(schema.names)
    if unknown:
        raise ValueError(f"{schema.table}: columns not in the schema: {sorted(unknown)}")
    columns = {name: [r.get(name) for r in ordered] for name in schema.names}
    return pa.Table.from_pydict(columns, schema=schema.arrow())


def write_table_atomic(table: pa.Table, path: Path) -> None:
    """Write ``table`` to ``path`` via a temporary file and an atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression="zstd", write_statistics=True)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_tables(rows: dict[str, list[dict[str, Any]]], out_dir: Path) -> list[Path]:
    """Write one ``<table>.parquet`` per schema (empty tables too)."""
    written = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, schema in load_schemas().items():
            path = out_dir / f"{name}.parquet"
            write_table_atomic(rows_to_table(schema, rows.get(name, [])), path)
            written.append(path)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=str(out_dir)) from None
    return written
