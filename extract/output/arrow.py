"""Rows to Arrow tables that match ``schemas/`` exactly, sorted by each
table's natural key so that the same input always gives the same bytes.
``extract.output.dataset`` writes them to Parquet."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pyarrow as pa

from extract.output.schema import TableSchema

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


def sort_value(row: dict[str, Any], key: str) -> tuple[int, Any]:
    if key == "line_start_key":  # source order: page, then line
        return (0, ((row.get("page_start") or 0), row.get("line_start") or 0))
    value = row.get(key)
    return (1, "") if value is None else (0, value)


def rows_to_table(schema: TableSchema, rows: list[dict[str, Any]]) -> pa.Table:
    keys = SORT_KEYS.get(schema.table, ("report_id",))
    ordered = sorted(rows, key=lambda r: tuple(sort_value(r, k) for k in keys))
    unknown = {k for r in ordered for k in r} - set(schema.names)
    if unknown:
        raise ValueError(f"{schema.table}: columns not in the schema: {sorted(unknown)}")
    arrow = schema.arrow()
    return pa.Table.from_arrays(
        [column(schema.table, field, [r.get(field.name) for r in ordered]) for field in arrow],
        schema=arrow)


# Columns are built from their buffers. pyarrow's converter from Python
# objects (pa.array, Table.from_pydict) first asks pandas whether it was handed
# a pandas object, which imports pandas: a third of a second and 60 MB in
# every worker, for a question whose answer is always no here.
_PYTHON_TYPES: dict[pa.DataType, tuple[type, ...]] = {
    pa.string(): (str,), pa.int32(): (int,), pa.int64(): (int,),
    pa.float64(): (float, int), pa.bool_(): (bool,), pa.list_(pa.string()): (list, tuple),
    pa.date32(): (dt.date,),
}
_EPOCH = dt.date(1970, 1, 1)
_NUMPY = {pa.int32(): np.int32, pa.int64(): np.int64, pa.float64(): np.float64}


def _bitmap(flags: list[bool]) -> pa.Buffer:
    return pa.py_buffer(np.packbits(np.array(flags, dtype=bool), bitorder="little"))


def _strings(values: list[str]) -> pa.Array:
    encoded = [v.encode() for v in values]
    offsets = np.zeros(len(values) + 1, dtype=np.int32)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    return pa.Array.from_buffers(pa.string(), len(values),
                                 [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))])


def column(table: str, field: pa.Field, values: list[Any]) -> pa.Array:
    """One column's values (None for null) as an Arrow array of the field's type."""
    kind = field.type
    present = [v is not None for v in values]
    nulls = len(values) - sum(present)
    wrong = [v for v in values if v is not None and (not isinstance(v, _PYTHON_TYPES[kind])
                                                     or (kind != pa.bool_() and v is True)
                                                     or (kind != pa.bool_() and v is False))]
    if wrong or (nulls and not field.nullable):
        what = f"{type(wrong[0]).__name__} {wrong[0]!r}" if wrong else "null"
        raise TypeError(f"{table}.{field.name}: {what} in a {kind} column")
    validity = _bitmap(present) if nulls else None
    n = len(values)
    if kind == pa.string():
        data = _strings([v if v is not None else "" for v in values])
        return pa.Array.from_buffers(kind, n, [validity, *data.buffers()[1:]], null_count=nulls)
    if kind == pa.bool_():
        return pa.Array.from_buffers(kind, n, [validity, _bitmap([bool(v) for v in values])],
                                     null_count=nulls)
    if kind == pa.date32():   # days since 1970-01-01
        days = np.array([(v - _EPOCH).days if v is not None else 0 for v in values],
                        dtype=np.int32)
        return pa.Array.from_buffers(kind, n, [validity, pa.py_buffer(days)], null_count=nulls)
    if kind in _NUMPY:
        data = np.array([v if v is not None else 0 for v in values], dtype=_NUMPY[kind])
        return pa.Array.from_buffers(kind, n, [validity, pa.py_buffer(data)], null_count=nulls)
    items = [list(v) if v is not None else [] for v in values]   # list<string>
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum([len(v) for v in items], out=offsets[1:])
    child = _strings([x for v in items for x in v])
    return pa.Array.from_buffers(kind, n, [validity, pa.py_buffer(offsets)], null_count=nulls,
                                 children=[child])
