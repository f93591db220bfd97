"""Which copy of a report counts: one ``reports`` row per ``report_key`` is
primary, the others say which report they duplicate.

A collection often holds one report twice, as its PDF and as text extracted
from it, and counting both doubles every figure. The primary copy is the
PDF before the text (the text is derived from it), then the one converted by
the newest parser version, then the first path in sort order. A row with no
key (a failed input) is its own report. A second path with the same content
is a duplicate of the first whatever its key.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from extract.parse.patterns import FAST

Row = dict[str, Any]
_KIND_ORDER = {"pdf": 0, "text": 1}


def version_order(version: str | None) -> tuple[int, ...]:
    """``0.10.1`` -> (0, 10, 1), so that versions compare as numbers."""
    return tuple(int(n) for n in FAST["number"].findall(version or ""))


def copy_order(row: Row) -> tuple[Any, ...]:
    """Sort key among copies of one report: the primary copy sorts first."""
    return (_KIND_ORDER.get(row.get("source_kind") or "", 2),
            tuple(-n for n in version_order(row.get("parser_version"))),
            str(row.get("source_path") or ""), str(row["report_id"]))


def copy_group(row: Row) -> tuple[str, str]:
    """The rows that are copies of one report share this."""
    key = row.get("report_key")
    return ("key", key) if key else ("id", row["report_id"])


def mark_primary(reports: list[Row]) -> list[Row]:
    """``reports`` rows with ``is_primary`` and ``duplicate_of`` set, in the order given."""
    groups: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in reports:
        groups[copy_group(row)].append(row)
    first = {group: min(rows, key=copy_order) for group, rows in groups.items()}
    out = []
    for row in reports:
        chosen = first[copy_group(row)]
        primary = row is chosen
        out.append({**row, "is_primary": primary,
                    "duplicate_of": None if primary else chosen["report_id"]})
    return out


def primary_ids(reports: list[Row]) -> set[str]:
    """The report_ids of primary copies: the rows of other tables that count."""
    return {r["report_id"] for r in mark_primary(reports) if r["is_primary"]}
