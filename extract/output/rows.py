"""Records to plain rows, one dict per output row, keyed by schema column.

This is the only place records meet column names: the writer turns these
rows into Arrow tables checked against ``schemas/``.

A report has about a thousand records. Each record type's columns are
worked out once, from its fields, into one ``attrgetter`` (and one more for
the four columns of the ``span``, which is always a record's last field), so
a row costs two calls and one ``dict``, not a walk over the dataclass fields
per record.
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
_SPAN_VALUES = attrgetter(*_SPAN_COLUMNS)


@dataclass(frozen=True, slots=True)
class _Layout:
    """A record type's row: its columns, the getter of their values in that
    order (all but the ``span``'s), whether a ``span`` ends the record (its
    four columns end the row), and its tuple fields (list columns)."""

    keys: tuple[str, ...]
    values: Callable[[Any], tuple[Any, ...]]
    spanned: bool
    lists: tuple[str, ...]


_LAYOUTS: dict[type, _Layout] = {}


def _layout(kind: type) -> _Layout:
    if kind in _LAYOUTS:
        return _LAYOUTS[kind]
    names = [f.name for f in fields(kind)]
    spanned = "span" in names
    assert not spanned or names[-1] == "span"
    paths = names[:-1] if spanned else names
    assert len(paths) > 1   # attrgetter of one name returns the value, not a tuple
    keys = ("report_id", *paths, *(_SPAN_COLUMNS if spanned else ()))
    lists = tuple(f.name for f in fields(kind) if str(f.type).startswith("tuple"))
    layout = _LAYOUTS[kind] = _Layout(keys, attrgetter(*paths), spanned, lists)
    return layout


def _rows(report_id: str, records: Sequence[Any]) -> list[Row]:
    if not records:
        return []
    layout = _layout(type(records[0]))
    keys, values = layout.keys, layout.values
    # Every tuple is as long as ``keys`` by construction, so zip need not check.
    if layout.spanned:
        rows = [dict(zip(keys, (report_id, *values(r), *_SPAN_VALUES(r.span)), strict=False))
                for r in records]
    else:
        rows = [dict(zip(keys, (report_id, *values(r)), strict=False)) for r in records]
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
