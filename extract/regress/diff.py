"""Table-by-table differences between two sets of outputs, in the report's
own terms.

Rows are matched by natural keys, never by position: the report (its
report_key, force and publication month, so a PDF and its text match
although their report_ids differ), then the table's own key (framework
code, category, item number...). A changed value reads like ``Kent Police 2006 3A Managing Critical
Incidents…: grade Fair -> Poor``; changed prose is shown as a word diff.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any, TextIO

from extract.output.schema import TABLES
from extract.output.tables import Row, Tables, pair_reports, report_labels

# Each table's natural key, after the report.
KEYS: dict[str, tuple[str, ...]] = {
    "reports": (),
    "frameworks": ("code",),
    "grade_distribution": ("code", "grade"),
    "summary_judgements": ("ordinal",),
    "findings": ("code", "category", "item_no"),
    "paragraphs": ("section", "code", "heading_path", "paragraph_no"),
    "good_practice": ("code", "box_no"),
    "table_cells": ("code", "table", "row_no", "col_no"),
    "glossary": ("term",),
    "contents": ("text",),          # by heading: one entry split in two shifts no others
    "domains": ("number",),
    "pages": ("page",),
    "diagnostics": ("severity", "check", "message"),
    "residue": ("reason", "text"),
}
# Never compared: they name the run or the file, not what the report says.
IDENTITY = frozenset({"report_id", "source_path", "source_sha256", "seconds", "parser_version",
                      "is_primary", "duplicate_of"})
# Where a value came from; differs between a PDF and its text by nature.
PROVENANCE = frozenset({"page_start", "page_end", "line_start", "line_end", "page", "line"})
# What differs between a PDF and its text by nature, in the reports table.
SOURCE = frozenset({"source_kind", "engine", "pages", "source_chars", "residue_chars",
                    "placed_share"})
_WORDY = 8   # a string of more words than this is shown as a word diff
_TITLE = 28  # characters of a framework title kept in a label


@dataclass(slots=True)
class Change:
    column: str
    old: Any
    new: Any
    words: str | None = None   # the word diff, for prose


@dataclass(slots=True)
class RowDiff:
    label: str
    key: dict[str, Any]
    changes: list[Change] = field(default_factory=list)
    row: Row | None = None     # the whole row, for an added or removed one


@dataclass(slots=True)
class TableDiff:
    table: str
    old_rows: int
    new_rows: int
    added: list[RowDiff] = field(default_factory=list)
    removed: list[RowDiff] = field(default_factory=list)
    changed: list[RowDiff] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return not (self.added or self.removed or self.changed)


def word_diff(old: str, new: str) -> str:
    """``[-removed-]`` and ``{+added+}`` words, with long unchanged runs cut short."""
    a, b = old.split(), new.split()
    out: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            same = a[i1:i2]
            out.append(" ".join(same) if len(same) <= 8 else
                       " ".join([*same[:3], "…", *same[-3:]]))
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)


def _key_value(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _keyed(table: str, rows: list[Row], keys: dict[str, tuple[str, ...]]
           ) -> dict[tuple[Any, ...], Row]:
    out: dict[tuple[Any, ...], Row] = {}
    seen: Counter[tuple[Any, ...]] = Counter()
    for row in rows:
        key = (keys.get(row["report_id"], ("?", row["report_id"])),
               *(_key_value(row.get(k)) for k in KEYS[table]))
        if table == "reports" and key in out:
            continue     # a report listed under a second path
        seen[key] += 1
        out[key + ((seen[key],) if seen[key] > 1 else ())] = row
    return out


def _label(table: str, row: Row, labels: dict[str, str]) -> str:
    report = str(labels.get(row["report_id"], row["report_id"]))
    if table == "frameworks":
        title = str(row.get("title") or "")
        if len(title) > _TITLE:
            title = title[:_TITLE].rsplit(" ", 1)[0] + "…"
        return f"{report} {row['code']} {title}"
    if table == "findings":
        return f"{report} {row['code']} {row['category']} {row['item_no']}"
    if table == "paragraphs":
        heading = str((row.get("heading_path") or [""])[-1])
        return f"{report} {row.get('code') or row['section']} > {heading} #{row['paragraph_no']}"
    parts = [str(_key_value(row.get(k))) for k in KEYS[table] if row.get(k) is not None]
    return " ".join([report, table, *parts]) if parts else f"{report} {table}"


def _changes(old: Row, new: Row, ignore: frozenset[str]) -> list[Change]:
    out = []
    for column in old:
        if column in ignore or old[column] == new.get(column):
            continue
        a, b = old[column], new.get(column)
        words = word_diff(a, b) if isinstance(a, str) and isinstance(b, str) and \
            max(len(a.split()), len(b.split())) > _WORDY else None
        out.append(Change(column, a, b, words))
    return out


def diff_tables(old: Tables, new: Tables, *, tables: list[str] | None = None,
                ignore: frozenset[str] = frozenset()) -> list[TableDiff]:
    """Compare two sets of tables; ``ignore`` names columns left out."""
    old_keys, new_keys = pair_reports(old.get("reports", []), new.get("reports", []))
    labels = {**report_labels(old.get("reports", [])), **report_labels(new.get("reports", []))}
    skip = IDENTITY | ignore
    out = []
    for table in tables or list(TABLES):
        a = _keyed(table, old.get(table, []), old_keys)
        b = _keyed(table, new.get(table, []), new_keys)
        result = TableDiff(table, len(a), len(b))
        key_columns = set(KEYS[table])
        for key in a.keys() - b.keys():
            result.removed.append(RowDiff(_label(table, a[key], labels), _key_dict(table, key),
                                          row=a[key]))
        for key in b.keys() - a.keys():
            result.added.append(RowDiff(_label(table, b[key], labels), _key_dict(table, key),
                                        row=b[key]))
        for key in a.keys() & b.keys():
            changes = _changes(a[key], b[key], skip | key_columns)
            if changes:
                result.changed.append(RowDiff(_label(table, b[key], labels),
                                              _key_dict(table, key), changes))
        for rows in (result.added, result.removed, result.changed):
            rows.sort(key=lambda d: (str(d.key), d.label))
        out.append(result)
    return out


def _key_dict(table: str, key: tuple[Any, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {"report": list(key[0])}
    for name, value in zip(KEYS[table], key[1:], strict=False):
        out[name] = list(value) if isinstance(value, tuple) else value
    return out


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def print_text(diffs: list[TableDiff], out: TextIO) -> None:
    for d in diffs:
        if d.equal:
            continue
        print(f"{d.table}: {len(d.changed)} changed, {len(d.added)} added, "
              f"{len(d.removed)} removed ({d.old_rows} -> {d.new_rows} rows)", file=out)
        for r in d.changed:
            for c in r.changes:
                if c.words is not None:
                    print(f"  {r.label}: {c.column}: {c.words}", file=out)
                else:
                    print(f"  {r.label}: {c.column} {_short(c.old)} -> {_short(c.new)}",
                          file=out)
        for sign, rows in (("-", d.removed), ("+", d.added)):
            for r in rows:
                assert r.row is not None
                text = r.row.get("text") or r.row.get("title") or r.row.get("message") or ""
                print(f"  {sign} {r.label}" + (f": {_short(text)}" if text else ""), file=out)
    differing = [d.table for d in diffs if not d.equal]
    print(f"{len(differing)} of {len(diffs)} tables differ" + (
        f": {', '.join(differing)}" if differing else ""), file=out)


def to_json(diffs: list[TableDiff]) -> dict[str, Any]:
    def row(r: RowDiff) -> dict[str, Any]:
        out: dict[str, Any] = {"label": r.label, "key": r.key}
        if r.row is not None:
            out["row"] = r.row
        if r.changes:
            out["changes"] = [{"column": c.column, "old": c.old, "new": c.new,
                               **({"word_diff": c.words} if c.words else {})}
                              for c in r.changes]
        return out
    return {
        "equal": all(d.equal for d in diffs),
        "tables": {d.table: {"old_rows": d.old_rows, "new_rows": d.new_rows,
                             "changed": [row(r) for r in d.changed],
                             "added": [row(r) for r in d.added],
                             "removed": [row(r) for r in d.removed]} for d in diffs},
    }
