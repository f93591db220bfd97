"""Each fixture report still converts to its golden tables (``make golden``
rewrites them after an intended change)."""

from __future__ import annotations

import io
import json

import pytest
from golden import EXPECTED, GOLDEN, VOLATILE, current, expected, render

from extract.output.arrow import SORT_KEYS, sort_value
from extract.output.schema import load_schemas
from extract.regress.diff import diff_tables, print_text


@pytest.mark.parametrize("name", list(GOLDEN))
def test_matches_golden(name: str) -> None:
    want, got = expected(name), current(name)
    if want == got:
        return
    # Rows carry their report in report_id; give diff the reports it keys on.
    out = io.StringIO()
    print_text(diff_tables(want, got), out)
    pytest.fail(f"{name} no longer matches fixtures/expected/{name}/ (run `make golden` "
                f"if the change is intended):\n{out.getvalue()}")


def test_golden_files_are_sorted_readable_json() -> None:
    """Each file's own text: one row per line, keys in column order, rows in
    the table's sort order, so that a change is a plain line diff."""
    for name in GOLDEN:
        for table, schema in load_schemas().items():
            path = EXPECTED / name / f"{table}.json"
            text = path.read_text(encoding="utf-8")
            rows = json.loads(text)
            assert text == render(rows), f"{path}: not one row per line as `make golden` writes"
            lines = text.splitlines()
            assert len(lines) == len(rows) + 2 and lines[0] == "[" and lines[-1] == "]", path
            columns = [c for c in schema.names if c not in VOLATILE]
            assert all(list(row) == columns for row in rows), f"{path}: columns out of order"
            keys = [tuple(sort_value(r, k) for k in SORT_KEYS[table]) for r in rows]
            assert keys == sorted(keys), f"{path}: rows not in sort order"
