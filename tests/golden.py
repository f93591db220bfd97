"""Golden outputs: every fixture report's tables as small, sorted, readable
JSON in ``fixtures/expected/<fixture>/<table>.json``, one row per line, so a
change shows up in review as a plain text diff.

``make golden`` (``python tests/golden.py``) rewrites them; ``test_golden.py``
converts the fixtures again and compares, printing a diff in the report's
own terms when they differ.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.output.arrow import rows_to_table  # noqa: E402
from extract.output.schema import load_schemas  # noqa: E402
from extract.pipeline import convert_path  # noqa: E402

FIXTURES = ROOT / "fixtures"
EXPECTED = FIXTURES / "expected"
# fixture folder name -> (input file, engine)
GOLDEN = {
    "kent-2006.txt": ("kent-2006.txt", "pdfium"),
    "kent-2006.pdf": ("kent-2006.pdf", "pdfium"),
    "variant-2006.txt": ("variant-2006.txt", "pdfium"),
    "variant-2006.pdf": ("variant-2006.pdf", "pdfium"),
    "durham-2006.txt": ("durham-2006.txt", "pdfium"),
    "durham-2006-acrobat.txt": ("durham-2006-acrobat.txt", "pdfium"),
    "durham-2006.pdf": ("durham-2006.pdf", "pdfium"),
    "wiltshire-2005.txt": ("wiltshire-2005.txt", "pdfium"),
    "wiltshire-2005.pdf": ("wiltshire-2005.pdf", "pdfium"),
}
# Columns that name the run or the machine, not what the report says.
VOLATILE = ("source_path", "seconds", "parser_version")


def current(name: str) -> dict[str, list[dict[str, Any]]]:
    """A fixture's tables as converted now: typed, sorted, volatile columns dropped."""
    file, engine = GOLDEN[name]
    rows = convert_path(FIXTURES / file, engine=engine)
    out = {}
    for table, schema in load_schemas().items():
        typed = rows_to_table(schema, rows.get(table, [])).to_pylist()
        out[table] = [{k: v.isoformat() if isinstance(v, dt.date) else v
                       for k, v in r.items() if k not in VOLATILE} for r in typed]
    return out


def render(rows: list[dict[str, Any]]) -> str:
    lines = [json.dumps(r, ensure_ascii=False, sort_keys=False) for r in rows]
    return "[\n" + ",\n".join(lines) + ("\n" if lines else "") + "]\n"


def expected(name: str) -> dict[str, list[dict[str, Any]]]:
    folder = EXPECTED / name
    return {table: json.loads((folder / f"{table}.json").read_text(encoding="utf-8"))
            for table in load_schemas()}


def write_all() -> None:
    if EXPECTED.exists():
        shutil.rmtree(EXPECTED)
    for name in GOLDEN:
        folder = EXPECTED / name
        folder.mkdir(parents=True)
        for table, rows in current(name).items():
            (folder / f"{table}.json").write_text(render(rows), encoding="utf-8")
        print(f"wrote {folder.relative_to(ROOT)}")


if __name__ == "__main__":
    write_all()
