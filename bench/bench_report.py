"""The HTML summary (``hmic-extract report``): page weight for 10 reports and
build time for 100, each report the size of Kent's (73 pages, 338 findings).

The page packs each report's findings and boxes (gzip, base64: see
extract/report/pack.py) one report at a time, so the copies of one report
here compress no better than different reports would.

Targets: under 1 MB for 10 reports; under 1 s to read the folder, build and
render the page for 100 reports (median of 5; the interpreter's start-up and
the first import of pandas and Jinja2 are left out, as they are paid once).
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from collection import FORCES, relabel, write_collection  # noqa: E402

from extract.pipeline import convert_path  # noqa: E402
from extract.report.render import summary_html, write_summary  # noqa: E402

KENT = Path(__file__).resolve().parent.parent / "fixtures" / "kent-2006.pdf"
# A report's findings and Good Practice boxes as the page carries them.
PACKED = re.compile(r'<script type="application/gzip"[^>]*>([^<]*)</script>')
RUNS = 5


def collection(folder: Path, n: int) -> Path:
    kent = convert_path(KENT)
    # Each force once per year: 100 reports are 2006, 2005 and part of 2004.
    years = ("October 2006", "November 2005", "December 2004")
    return write_collection(folder, [
        relabel(kent, FORCES[i % len(FORCES)], years[i // len(FORCES)], i)
        for i in range(n)])


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ten = collection(Path(tmp) / "ten", 10)
        page = Path(tmp) / "ten.html"
        write_summary(ten, page)
        size = page.stat().st_size
        packed = sum(len(blob) for blob in PACKED.findall(page.read_text(encoding="utf-8")))
        print(f"report: page weight, 10 reports: {size / 1e6:.3f} MB, of which findings "
              f"and boxes packed {packed / 1e6:.3f} MB "
              f"({'ok' if size < 1_000_000 else 'OVER'} target < 1 MB)")

        hundred = collection(Path(tmp) / "hundred", 100)
        import extract
        extract.open_dataset(hundred)       # imports paid once, outside the timing
        summary_html(extract.convert(KENT))
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            write_summary(hundred, Path(tmp) / "hundred.html")
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        weight = (Path(tmp) / "hundred.html").stat().st_size / 1e6
        print(f"report: build, 100 reports: {median:.3f} s median of {RUNS} "
              f"(min {min(times):.3f}, page {weight:.1f} MB) "
              f"({'ok' if median < 1.0 else 'OVER'} target < 1 s)")


if __name__ == "__main__":
    main()
