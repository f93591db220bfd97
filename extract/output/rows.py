"""Records to plain rows, one dict per output row, keyed by schema column.

This is the only place records meet column names: the writer turns these
rows into Arrow tables checked against ``schemas/``.
"""

from __future__ import annotations

from dataclasses import asdict, fields, is_dataclass
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


def record_to_row(report_id: str, record: object) -> Row:
    assert is_dataclass(record)
    row: Row = {"report_id": report_id}
    for f in fields(record):
        value = getattr(record, f.name)
        if isinstance(value, Span):
            row.update(asdict(value))
        elif isinstance(value, tuple):
            row[f.name] = list(value)
        else:
            row[f.name] = value
    return row


def records_to_rows(report_id: str, recs: Records) -> dict[str, list[Row]]:
    return {table: [record_to_row(report_id, r) for r in getattr(recs, attr)]
            for attr, table in _RECORD_TABLES.items()}


def diagnostic_rows(report_id: str, diagnostics: list[Diagnostic]) -> list[Row]:
    return [{"report_id": report_id, **asdict(d)} for d in diagnostics]


def page_rows(report_id: str, pages: list[PageInfo]) -> list[Row]:
    return [{"report_id": report_id, **asdict(p)} for p in pages]
