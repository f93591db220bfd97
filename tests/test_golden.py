"""Each fixture report still converts to its golden tables (``make golden``
rewrites them after an intended change)."""

from __future__ import annotations

import io
import json

import pytest
from golden import GOLDEN, current, expected, render

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
    for name in GOLDEN:
        for table, rows in expected(name).items():
            path = f"fixtures/expected/{name}/{table}.json"
            assert render(rows) == render(json.loads(render(rows))), path
