"""Whole-pipeline speed of both PDF engines, against each library's own raw
text extraction over the same pages in the same run, plus peak memory.

Batch: the Kent PDF taken N times (one job). Ratios, not absolute times, are
the figures to compare across machines.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

from extract.pipeline import parse_source
from extract.read import read_source

KENT = Path(__file__).resolve().parent.parent / "fixtures" / "kent-2006.pdf"
BATCH = 10          # report PDFs for the pdfium engine
PLUMBER_BATCH = 2   # pdfplumber is ~50x slower; two reports keep the run short


def raw_pdfium(path: Path) -> int:
    pdf = pdfium.PdfDocument(str(path))
    for i in range(len(pdf)):
        pdf[i].get_textpage().get_text_range()
    return len(pdf)


def raw_plumber(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.flush_cache()
        return len(pdf.pages)


def pipeline(path: Path, engine: str) -> int:
    source = read_source(path, engine=engine)
    parse_source(source)
    return source.page_count or 0


def timed(fn: object, files: list[Path], *args: str) -> tuple[float, int]:
    assert callable(fn)
    start = time.perf_counter()
    pages = sum(fn(f, *args) for f in files)
    return time.perf_counter() - start, pages


def peak_rss_mb() -> float:
    """Peak RSS of converting one report in a fresh process."""
    code = ("import resource; from extract.pipeline import convert_path; "
            f"convert_path({str(KENT)!r}); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def main() -> None:
    files = [KENT] * BATCH
    pipeline(KENT, "pdfium")  # warm up
    t_pipe, pages = timed(pipeline, files, "pdfium")
    t_raw, _ = timed(raw_pdfium, files)
    print(f"pdfium engine: {pages} pages in {t_pipe:.2f} s = {pages / t_pipe:.0f} pages/s "
          f"end to end; raw pypdfium2 text {pages / t_raw:.0f} pages/s; "
          f"ratio {t_pipe / t_raw:.2f} (target <= 1.5, >= 120 pages/s)")
    files = [KENT] * PLUMBER_BATCH
    t_pipe, pages = timed(pipeline, files, "pdfplumber")
    t_raw, _ = timed(raw_plumber, files)
    print(f"pdfplumber engine: {pages} pages in {t_pipe:.2f} s = {pages / t_pipe:.1f} pages/s; "
          f"pdfplumber extract_text {pages / t_raw:.1f} pages/s; ratio {t_pipe / t_raw:.2f} "
          f"(target <= 1.2)")
    print(f"peak RSS converting one {pdfium.PdfDocument(str(KENT)).__len__()}-page report "
          f"(pdfium): {peak_rss_mb():.0f} MB (target < 300 MB); this process "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
