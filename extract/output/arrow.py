"""Rows to Arrow tables that match ``schemas/`` exactly, sorted by each
table's natural key so that the same input always gives the same bytes.
``extract.output.dataset`` writes them to Parquet.

Only the batch's main process (and the library's own callers) build tables:
workers send plain rows, and this module, with pyarrow, is loaded in the
main process alone.
"""

from __future__ import annotations

import datetime as dt
from itertools import chain, repeat
from typing import Any

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
    """A row's place on one sort key: a null after every value."""
    if key == "line_start_key":  # source order: page, then line
        return (0, ((row.get("page_start") or 0), row.get("line_start") or 0))
    value = row.get(key)
    return (1, "") if value is None else (0, value)


def _sorted(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """``rows`` in the order of ``sort_value`` on ``keys``, each row's key
    built a column at a time (a stable sort, as ``sorted`` is)."""
    columns = []
    for key in keys:
        if key == "line_start_key":
            columns.append(list(zip(
                [v or 0 for v in map(dict.get, rows, repeat("page_start"))],
                [v or 0 for v in map(dict.get, rows, repeat("line_start"))], strict=True)))
        else:   # None last: (False, value) before (True, None)
            columns.append([(v is None, v) for v in map(dict.get, rows, repeat(key))])
    order = sorted(range(len(rows)), key=list(zip(*columns, strict=True)).__getitem__)
    return [rows[i] for i in order]


def rows_to_table(schema: TableSchema, rows: list[dict[str, Any]]) -> pa.Table:
    ordered = _sorted(rows, SORT_KEYS.get(schema.table, ("report_id",)))
    unknown = set().union(*rows) - set(schema.names)
    if unknown:
        raise ValueError(f"{schema.table}: columns not in the schema: {sorted(unknown)}")
    arrow = schema.arrow()
    return pa.Table.from_arrays(
        [column(schema.table, field, list(map(dict.get, ordered, repeat(field.name))))
         for field in arrow], schema=arrow)


# Columns are built by pyarrow from the plain values; the types are checked
# first by the set of types in each column (one pass of a builtin, not a
# Python loop per value), since pyarrow alone would let a float truncate into
# an integer column or a string split into a list column. pyarrow's converter
# asks pandas whether it was handed a pandas object, which imports pandas (a
# fifth of a second and 60 MB), unless pyarrow runs without numpy: the batch's
# main process loads it so (extract.batch.preload); elsewhere the caller has
# pandas loaded already to read the tables.
#
# The exact Python types each column takes (a bool is not an int here, a
# datetime not a date):
_TYPES: dict[pa.DataType, frozenset[type]] = {
    pa.string(): frozenset({str}), pa.int32(): frozenset({int}), pa.int64(): frozenset({int}),
    pa.float64(): frozenset({float, int}), pa.bool_(): frozenset({bool}),
    pa.list_(pa.string()): frozenset({list, tuple}), pa.date32(): frozenset({dt.date}),
}
_LIST = pa.list_(pa.string())
_NONE = type(None)


def _check(table: str, field: pa.Field, values: list[Any]) -> None:
    """Every value of the field's Python type (None where the field is nullable)."""
    kinds = set(map(type, values))
    nulls = _NONE in kinds
    kinds.discard(_NONE)
    allowed = _TYPES[field.type]
    wrong = next((v for v in values if type(v) not in allowed and v is not None), None) \
        if not kinds <= allowed else None
    if field.type == _LIST and wrong is None:
        items = list(chain.from_iterable(v for v in values if v is not None))
        if not set(map(type, items)) <= {str}:
            wrong = next(x for x in items if type(x) is not str)
    if wrong is not None or (nulls and not field.nullable):
        what = f"{type(wrong).__name__} {wrong!r}" if wrong is not None else "null"
        raise TypeError(f"{table}.{field.name}: {what} in a {field.type} column")


def column(table: str, field: pa.Field, values: list[Any]) -> pa.Array:
    """One column's values (None for null) as an Arrow array of the field's type."""
    _check(table, field, values)
    return pa.array(values, type=field.type)
