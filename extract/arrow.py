"""Rows to Arrow tables that match ``schemas/`` exactly, sorted by each
table's natural key so that the same input always gives the same bytes.
``extract.batch.dataset`` writes them to Parquet."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from extract.schema import TableSchema

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
