"""Write docs/summary.png: the HTML summary of the bundled Kent report (PDF
and text, one report), the variant report (Suffolk, 2006) and Wiltshire's
2005 report (PDF and text), each converted with the command line as a user
would, opened in headless Chromium.

Run: python docs/make_summary_png.py (needs /usr/bin/chromium and playwright,
both installed by `make setup` and `make browser`).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from extract.cli import main as cli

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
INPUTS = ["kent-2006.pdf", "kent-2006.txt", "variant-2006.txt", "wiltshire-2005.pdf",
          "wiltshire-2005.txt"]
OUT = ROOT / "docs" / "summary.png"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]


def main() -> None:
    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory() as tmp:
        out, page_file = Path(tmp) / "out", Path(tmp) / "summary.html"
        if cli(["convert", *(str(FIXTURES / name) for name in INPUTS), "--out", str(out),
                "--quiet", "--no-timings"]) != 0:
            raise SystemExit("converting the fixtures failed")
        if cli(["report", str(out), "-o", str(page_file)]) != 0:
            raise SystemExit("writing the summary failed")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=LAUNCH_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1500})
            page.goto(page_file.as_uri())
            page.wait_for_function(
                "!document.querySelector('section.report:not([data-unpacked])')")
            page.screenshot(path=str(OUT))
            browser.close()
    print(OUT)


if __name__ == "__main__":
    main()
