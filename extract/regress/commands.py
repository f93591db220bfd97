"""The regression commands: ``diff`` two output folders, ``compare`` a PDF
with its known text, ``validate`` a folder against the reports' arithmetic.
Exit codes: 0 equal or valid, 1 different or invalid, 2 error."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from extract.errors import ExtractError

if TYPE_CHECKING:
    from extract.output.tables import Tables
    from extract.regress.diff import TableDiff

SUPPRESS_IN_COMPARE = ("pages", "diagnostics")   # differ between a PDF and its text by nature


def _fail(message: str) -> int:
    print(f"hmic-extract: {message}", file=sys.stderr)
    return 2


def cmd_diff(old: Path, new: Path, table: str | None, fmt: str,
             ignore_provenance: bool, out: TextIO | None = None) -> int:
    from extract.output.schema import TABLES
    from extract.output.tables import read_outputs
    from extract.regress.diff import PROVENANCE, diff_tables
    out = out or sys.stdout
    if table is not None and table not in TABLES:
        return _fail(f"unknown table {table!r}; choose from {', '.join(TABLES)}")
    tables = [table] if table else None
    # The reports table always comes along: rows are paired by their report's key.
    wanted = sorted({table, "reports"}) if table else None
    try:
        a, b = read_outputs(old, wanted), read_outputs(new, wanted)
    except ExtractError as exc:
        return _fail(str(exc))
    diffs = diff_tables(a, b, tables=tables,
                        ignore=PROVENANCE if ignore_provenance else frozenset())
    _print(diffs, fmt, out)
    return 0 if all(d.equal for d in diffs) else 1


def _print(diffs: list[TableDiff], fmt: str, out: TextIO) -> None:
    from extract.regress.diff import print_text, to_json
    if fmt == "json":
        json.dump(to_json(diffs), out, indent=1, ensure_ascii=False, default=str)
        print(file=out)
    else:
        print_text(diffs, out)


def convert_one(path: Path, engine: str, password: str | None) -> Tables:
    """One input's tables, converted in this process (nothing written)."""
    from extract.pipeline import convert_path
    return convert_path(path, engine=engine, password=password)


def cmd_compare(pdf: Path, text: Path, engine: str, password: str | None, fmt: str,
                out: TextIO | None = None) -> int:
    """Convert both and diff them, leaving out what differs by nature between
    a PDF and its text: provenance, source facts, pages and diagnostics.

    Each side is named by what its file is, not by its place on the command
    line: given the text first, the two are swapped; two files of one kind
    are "the first" and "the second"."""
    out = out or sys.stdout
    from extract.output.schema import TABLES
    from extract.regress.diff import PROVENANCE, SOURCE, diff_tables
    try:
        a = convert_one(text, engine, password)   # a text ignores the password
        b = convert_one(pdf, engine, password)
    except ExtractError as exc:
        return _fail(str(exc))
    first, second = b, a   # in the order given
    kinds = (_kind(first), _kind(second))
    if kinds == ("pdf", "text"):
        old, new, names = second, first, ("text", "PDF")
    elif kinds == ("text", "pdf"):
        old, new, names = first, second, ("text", "PDF")
    else:
        old, new, names = first, second, ("first", "second")
    _note_other_reports(old, new)
    tables = [t for t in TABLES if t not in SUPPRESS_IN_COMPARE]
    diffs = diff_tables(old, new, tables=tables, ignore=PROVENANCE | SOURCE)
    if fmt == "text":
        before, after = names
        for d in diffs:
            # Each old row is equal, changed or gone; so is each new row, or added.
            same = d.old_rows - len(d.changed) - len(d.removed)
            print(f"{d.table:20} {before} {d.old_rows:5} rows, {after} {d.new_rows:5} rows: "
                  f"{same} equal, {len(d.changed)} changed, {len(d.added)} only in "
                  f"the {after}, {len(d.removed)} only in the {before}", file=out)
        print(file=out)
    _print(diffs, fmt, out)
    return 0 if all(d.equal for d in diffs) else 1


def _kind(tables: Tables) -> str:
    return str(tables["reports"][0].get("source_kind") or "")


def _note_other_reports(a: Tables, b: Tables) -> None:
    """Two different reports differ in every row: say so first, on one line."""
    from extract.output.tables import report_labels
    first, second = a["reports"][0], b["reports"][0]
    if first.get("report_key") and second.get("report_key") and \
            first["report_key"] != second["report_key"]:
        (one,), (other,) = report_labels([first]).values(), report_labels([second]).values()
        print(f"hmic-extract: note: these are two different reports ({one}; {other})",
              file=sys.stderr)


def cmd_validate(folder: Path, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    from extract.output.tables import read_outputs
    from extract.regress.validate import validate_outputs
    try:
        tables = read_outputs(folder)
    except ExtractError as exc:
        return _fail(str(exc))
    problems = validate_outputs(tables)
    for p in problems:
        print(f"{p.where}: {p.severity} {p.check}: {p.message}", file=out)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    reports = len({r["report_id"] for r in tables["reports"]})
    print(f"{reports} report(s) checked: {errors} error(s), {warnings} warning(s)", file=out)
    return 1 if errors else 0
