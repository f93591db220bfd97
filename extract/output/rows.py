"""Records to plain rows, one dict per output row, keyed by schema column.

This is the only place records meet column names: the writer turns these
rows into Arrow tables checked against ``schemas/``.

A report has about a thousand records. Each record type's columns are
worked out once, from its fields, into one ``attrgetter`` (reaching into
the ``span`` for its four columns), so a row costs one call and one
``dict``, not a walk over the dataclass fields per record.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any

from extract.model import Diagnostic, PageInfo, Span
from extract.parse.records.build import Records

Row = dict[str, Any]

# Record list attribute on ``Records`` -> output table.
_RECORD_TABLES = {
    "domains": "domains", "frameworks": "frameworks",
    "grade_distribution": "grade_distribution", "summary_judgements": "summary_judgements",
    "findings": "findings", "paragraphs": "paragraphs", "good_practice": "good_practice",
    "table_cells": "table_cells", "glossary": "glossary", "contents": "contents",
    "residue": "residue",
}
_SPAN_COLUMNS = tuple(f.name for f in fields(Span))


@dataclass(frozen=True, slots=True)
class _Layout:
    """A record type's row: its columns, the getter of their values in that
    order (the ``span`` field gives four), and its tuple fields (list columns)."""

    keys: tuple[str, ...]
    values: Callable[[Any], tuple[Any, ...]]
    lists: tuple[str, ...]


_LAYOUTS: dict[type, _Layout] = {}


def _layout(kind: type) -> _Layout:
    if kind in _LAYOUTS:
        return _LAYOUTS[kind]
    keys = ["report_id"]
    paths: list[str] = []
    for f in fields(kind):
        if f.name == "span":
            keys += _SPAN_COLUMNS
            paths += [f"span.{name}" for name in _SPAN_COLUMNS]
        else:
            keys.append(f.name)
            paths.append(f.name)
    assert len(paths) > 1   # attrgetter of one name returns the value, not a tuple
    lists = tuple(f.name for f in fields(kind) if str(f.type).startswith("tuple"))
    layout = _LAYOUTS[kind] = _Layout(tuple(keys), attrgetter(*paths), lists)
    return layout


def _rows(report_id: str, records: Sequence[object]) -> list[Row]:
    if not records:
        return []
    layout = _layout(type(records[0]))
    keys, values = layout.keys, layout.values
    rows = [dict(zip(keys, (report_id, *values(r)), strict=True)) for r in records]
    for name in layout.lists:
        for row in rows:
            row[name] = list(row[name])
    return rows


def records_to_rows(report_id: str, recs: Records) -> dict[str, list[Row]]:
    return {table: _rows(report_id, getattr(recs, attr))
            for attr, table in _RECORD_TABLES.items()}


def diagnostic_rows(report_id: str, diagnostics: list[Diagnostic]) -> list[Row]:
    return _rows(report_id, diagnostics)


def page_rows(report_id: str, pages: list[PageInfo]) -> list[Row]:
    return _rows(report_id, pages)
