"""Write docs/summary.png: the HTML summary of Kent (PDF and text), the
variant report and a 2005-style Kent report, opened in headless Chromium.

No 2005 fixture exists yet, so the 2005 report is made here from Kent's 2006
rows: published November 2005 under the force's older name (Kent County
Constabulary), grades moved, and four frameworks of the 2005 baseline added,
which had 27. Run: python docs/make_summary_png.py (needs /usr/bin/chromium
and playwright, both installed by `make setup` and `make browser`).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from collection import relabel, write_collection  # noqa: E402

from extract.output.columns import rows_with_analysis_columns  # noqa: E402
from extract.pipeline import convert_path  # noqa: E402
from extract.report.render import write_summary  # noqa: E402

FIXTURES = ROOT / "fixtures"
OUT = ROOT / "docs" / "summary.png"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
# Frameworks of the 2005 baseline that 2006 dropped or merged: (code, title, grade).
ONLY_2005 = [("1E", "Reducing Hate Crime and Crimes against Vulnerable Victims", "Good"),
             ("5D", "Call Management", "Fair"), ("6G", "Science and Technology Management",
                                                 "Good"), ("7C", "Strategic Management", "Fair")]


def report_2005(kent: dict[str, list[dict[str, object]]]) -> dict[str, list[dict[str, object]]]:
    rows = relabel(kent, "Kent County Constabulary", "November 2005", 1, period="2004/05")
    rid = rows["reports"][0]["report_id"]
    # A year earlier most grades were as in 2006; one framework in four differed.
    kept = {f["code"]: f["grade"] for i, f in enumerate(kent["frameworks"]) if i % 4}
    for table in ("frameworks", "summary_judgements"):
        for r in rows[table]:
            r["grade"] = kept.get(r["code"], r["grade"])
    template, band = rows["frameworks"][0], rows["grade_distribution"][0]
    for code, title, grade in ONLY_2005:
        rows["frameworks"].append({**template, "code": code, "title": title, "grade": grade,
                                   "direction": "Not Graded"})
        for g, n in (("Excellent", 3), ("Good", 20), ("Fair", 17), ("Poor", 3)):
            rows["grade_distribution"].append({**band, "report_id": rid, "code": code,
                                               "grade": g, "forces": n})
    return rows_with_analysis_columns(rows)


def main() -> None:
    from playwright.sync_api import sync_playwright
    kent = convert_path(FIXTURES / "kent-2006.pdf")
    with tempfile.TemporaryDirectory() as tmp:
        out = write_collection(Path(tmp) / "out", [
            kent, convert_path(FIXTURES / "kent-2006.txt"),
            convert_path(FIXTURES / "variant-2006.txt"), report_2005(kent)])
        page_file = Path(tmp) / "summary.html"
        write_summary(out, page_file)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=LAUNCH_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1500})
            page.goto(page_file.as_uri())
            page.screenshot(path=str(OUT))
            browser.close()
    print(OUT)


if __name__ == "__main__":
    main()
