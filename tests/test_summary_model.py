"""The HTML summary's content and bytes, without a browser."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import KENT_PDF, KENT_TXT, VARIANT_TXT

from extract.analysis.dataset import from_rows, open_dataset
from extract.cli import main
from extract.pipeline import convert_path
from extract.report.model import CATEGORIES, TABLES, build_summary
from extract.report.pack import unpack
from extract.report.render import summary_html

GRADES = ["Poor", "Fair", "Good", "Excellent"]


def as_a_year_before(text: str, code: str, grade: str) -> str:
    """A report's text as if published a year before under the force's older
    name, with one framework's grade changed in its table and in the Summary
    of Judgements."""
    fw = next(f for f in convert_path(KENT_TXT)["frameworks"] if f["code"] == code)
    old, direction = f"{fw['grade']}\t{fw['direction']}", f"\t{fw['direction']}"
    heading = re.search(rf"^{code} {re.escape(fw['title'])}\n(?:.*\n){{1,4}}?{old}$", text, re.M)
    summary = f"{fw['title']}\t{old}"
    assert heading and text.count(summary) == 1
    text = text[:heading.end() - len(old)] + grade + direction + text[heading.end():]
    return (text.replace(summary, f"{fw['title']}\t{grade}{direction}")
            .replace("October 2006", "October 2005")
            .replace("Kent Police", "Kent County Constabulary"))


def test_years_side_by_side_mark_changes(tmp_path: Path) -> None:
    # Kent's 2006 text and an edited copy as Kent County Constabulary's 2005
    # report, 2A graded differently: one force (force_id "kent"), two years.
    now = {f["code"]: f for f in convert_path(KENT_TXT)["frameworks"]}
    before = "Poor" if now["2A"]["grade"] != "Poor" else "Excellent"
    older = tmp_path / "kent-2005.txt"
    older.write_text(as_a_year_before(KENT_TXT.read_text(encoding="utf-8"), "2A", before),
                     encoding="utf-8")
    out = tmp_path / "out"
    assert main(["convert", str(KENT_TXT), str(older), str(VARIANT_TXT), "--out", str(out),
                 "--quiet", "--no-timings"]) == 0    # the copy is flagged: 23 frameworks in 2005
    assert main(["report", str(out), "-o", str(tmp_path / "s.html")]) == 0

    summary = build_summary(open_dataset(out, tables=TABLES))
    assert [(r.force, r.year) for r in summary.reports if r.force_id == "kent"] == [
        ("Kent County Constabulary", 2005), ("Kent Police", 2006)]
    assert [m.year for m in summary.matrices] == [2005, 2006]
    (history,) = summary.histories          # only Kent has two years
    assert (history.force, history.years) == ("Kent Police", [2005, 2006])
    up = GRADES.index(now["2A"]["grade"]) > GRADES.index(before)
    marks = {row.title: row.cells for row in history.rows}
    assert marks[now["2A"]["title"]] == [(before, ""), (now["2A"]["grade"],
                                                        "up" if up else "down")]
    assert [t for t, cells in marks.items() if cells[1][1]] == [now["2A"]["title"]]

    # The page marks that one change: outlined, with an arrow and "better" or "worse".
    html = (tmp_path / "s.html").read_text(encoding="utf-8")
    years = re.search(r'<section id="years">(.*?)</section>', html, re.S)
    assert years and "Kent Police: grades by year" in years[1]
    marked = re.findall(r'<tr><th scope="row">([^<]+)</th>.*?class="g\d (up|down)"', years[1])
    assert marked == [(now["2A"]["title"], "up" if up else "down")]


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


def test_findings_and_boxes_travel_packed_and_whole() -> None:
    rows = convert_path(KENT_PDF)
    html = summary_html(from_rows(rows))
    (blob,) = re.findall(r'<script type="application/gzip" class="packed" '
                         r'data-encoding="base64">([A-Za-z0-9+/=]+)</script>', html)
    payload = unpack(blob)
    # Every finding with its pages and level, in the order of its report.
    got = [(code, i, item) for code, fw in payload["frameworks"].items()
           for i, items in enumerate(fw["findings"]) for item in items]
    order = [c for c, _ in CATEGORIES]
    want = sorted(rows["findings"], key=lambda f: (f["code"], order.index(f["category"]),
                                                   f["item_no"]))
    assert [(c, order[i], text, sub) for c, i, (text, _, sub) in got] == [
        (f["code"], f["category"], f["text"], f["parent_item_no"] is not None) for f in want]
    printed = [f"p. {f['page_start']}" if f["page_end"] == f["page_start"]
               else f"pp. {f['page_start']}\u2013{f['page_end']}" for f in want]
    assert [pages for _, _, (_, pages, _) in got] == printed
    boxes = [b for fw in payload["frameworks"].values() for b in fw["boxes"]]
    assert len(boxes) == len(rows["good_practice"]) > 0
    assert {dict(b["fields"])["Solution"] for b in boxes} == {
        b["solution"] for b in rows["good_practice"]}
    # Not also in the page as text: that is the weight saved.
    assert not [f for f in rows["findings"] if len(f["text"]) > 40 and f["text"] in html]
