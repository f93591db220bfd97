"""The HTML summary's content and bytes, without a browser."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from conftest import KENT_TXT, VARIANT_TXT

from extract.analysis.dataset import from_rows
from extract.cli import main
from extract.output.columns import rows_with_analysis_columns
from extract.pipeline import convert_path
from extract.report.model import build_summary
from extract.report.render import summary_html

Rows = dict[str, list[dict[str, Any]]]


def earlier_year(rows: Rows, code: str, grade: str) -> Rows:
    """The report as if published a year before, with one grade changed."""
    out: Rows = {}
    for table, table_rows in rows.items():
        out[table] = [{**r, "report_id": "2005" + r["report_id"][4:]} for r in table_rows]
    out["reports"][0].update(published="October 2005", source_path="kent-2005.txt")
    for r in out["frameworks"]:
        if r["code"] == code:
            r["grade"] = grade
    return rows_with_analysis_columns(out)


def merged(*reports: Rows) -> Rows:
    return {t: [r for rows in reports for r in rows.get(t, [])] for t in reports[0]}


def test_years_side_by_side_mark_changes() -> None:
    now = convert_path(KENT_TXT)
    grades = {f["code"]: f["grade"] for f in now["frameworks"]}
    before = "Poor" if grades["2A"] != "Poor" else "Excellent"
    summary = build_summary(from_rows(merged(now, earlier_year(now, "2A", before),
                                             convert_path(VARIANT_TXT))))
    assert [m.year for m in summary.matrices] == [2005, 2006]
    (history,) = summary.histories          # only Kent has two years
    assert history.years == [2005, 2006]
    marks = {row.title: row.cells for row in history.rows}
    title = next(f["title"] for f in now["frameworks"] if f["code"] == "2A")
    order = ["Poor", "Fair", "Good", "Excellent"]
    up = order.index(grades["2A"]) > order.index(before)
    assert marks[title] == [(before, ""), (grades["2A"], "up" if up else "down")]
    assert sum(1 for cells in marks.values() if cells[1][1]) == 1   # nothing else changed


def test_failed_input_listed_with_its_reason(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n% truncated")
    out = tmp_path / "out"
    assert main(["convert", str(KENT_TXT), str(bad), "--out", str(out), "--quiet"]) == 1
    assert main(["report", str(out), "-o", str(tmp_path / "s.html")]) == 0
    html = (tmp_path / "s.html").read_text(encoding="utf-8")
    row = next(r for r in re.findall(r"<tr>.*?</tr>", html, re.S) if "broken.pdf" in r)
    assert "failed" in row and "malformed" in row


def test_same_dataset_same_bytes(tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert main(["convert", str(VARIANT_TXT), str(KENT_TXT), "--out",
                     str(tmp_path / name), "--quiet", "--jobs", "1" if name == "a" else "2",
                     "--no-timings"]) == 0
        assert main(["report", str(tmp_path / name), "-o", str(tmp_path / f"{name}.html")]) == 0
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_self_contained() -> None:
    html = summary_html(from_rows(convert_path(VARIANT_TXT)))
    # Nothing to fetch: no external scripts, styles, images or fonts.
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?!#|data:)""", html)
    assert "@import" not in html and "url(" not in html
    assert html.count("<details") == 23 and "<details open" not in html
