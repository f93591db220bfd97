"""Whole-pipeline speed of both PDF engines against each library's own raw
text extraction over the same files in the same run, and peak memory while
converting a 100-page report.

Batches, read one file after another (one job):
- ``real``: the Kent PDF ten times, the one real report we hold;
- ``mixed``: Kent and the variant typeset by reportlab, five of each. The
  reportlab pages carry a third of Kent's text, so raw extraction is cheap
  there and the parser's per-line work weighs more in the ratio.
The pipeline and its baseline read each file in turn, and each round over
the batch gives a ratio; the median ratio is reported, because these
machines are noisy and a ratio taken file by file cancels most of the noise.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

from extract.parse.read import read_source
from extract.pipeline import parse_source

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
REPORTS = [FIXTURES / "kent-2006.pdf", FIXTURES / "variant-2006.pdf"]
BATCHES = {"real": [REPORTS[0]] * 10, "mixed": REPORTS * 5}
ROUNDS = {"pdfium": 9, "pdfplumber": 1}
BIG_PAGES = 100


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


def pipeline(engine: str) -> Callable[[Path], int]:
    def run(path: Path) -> int:
        source = read_source(path, engine=engine)
        parse_source(source)
        return source.page_count or 0
    return run


def compare(engine: str, raw: Callable[[Path], int], batch: list[Path],
            rounds: int) -> tuple[float, float, float]:
    """(median pipeline pages/s, median raw pages/s, median per-round ratio).

    Within a round each file is read by both, one straight after the other
    and in turn which goes first, so a slow spell of the machine weighs on
    both sides of the ratio instead of on one.
    """
    run = pipeline(engine)
    run(REPORTS[0])  # warm up imports and caches
    raw(REPORTS[0])
    pipe_rates, raw_rates, ratios = [], [], []
    for _ in range(rounds):
        spent = {run: 0.0, raw: 0.0}
        pages = 0
        for i, path in enumerate(batch):
            for fn in ((run, raw) if i % 2 == 0 else (raw, run)):
                start = time.perf_counter()
                count = fn(path)
                spent[fn] += time.perf_counter() - start
            pages += count
        pipe_rates.append(pages / spent[run])
        raw_rates.append(pages / spent[raw])
        ratios.append(spent[run] / spent[raw])
    return statistics.median(pipe_rates), statistics.median(raw_rates), statistics.median(ratios)


def big_report(folder: Path) -> Path:
    """A 100-page report PDF: Kent's pages, then as many again as needed."""
    out = pdfium.PdfDocument.new()
    kent = pdfium.PdfDocument(str(REPORTS[0]))
    while len(out) < BIG_PAGES:
        take = min(len(kent), BIG_PAGES - len(out))
        out.import_pages(kent, list(range(take)))
    path = folder / "report-100-pages.pdf"
    out.save(str(path))
    return path


def peak_memory_mb(report: Path, engine: str, out: Path) -> tuple[float, float]:
    """Peak memory while ``hmic-extract convert`` turns ``report`` into Parquet,
    polled every 5 ms over the command, its fork server and its worker (the
    parse happens in the worker, the writing in the command): the largest RSS
    of any one of them, and the largest sum of their proportional set sizes,
    which counts the pages a forked worker shares with its server once."""
    import psutil
    proc = subprocess.Popen([sys.executable, "-m", "extract", "convert", str(report), "--out",
                             str(out), "--engine", engine, "--jobs", "1", "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent = psutil.Process(proc.pid)
    one = total = 0
    while proc.poll() is None:
        try:
            infos = [p.memory_full_info() for p in [parent, *parent.children(recursive=True)]]
            one = max(one, *(i.rss for i in infos))
            total = max(total, sum(i.pss for i in infos))
        except psutil.Error:
            pass
        time.sleep(0.005)
    if proc.returncode != 0:
        raise SystemExit(f"converting {report} failed")
    return one / 2**20, total / 2**20


def main() -> None:
    for name, batch in BATCHES.items():
        pages = sum(len(pdfium.PdfDocument(str(f))) for f in batch)
        rate, raw_rate, ratio = compare("pdfium", raw_pdfium, batch, ROUNDS["pdfium"])
        print(f"pdfium engine, {name} batch ({len(batch)} PDFs, {pages} pages): {rate:.0f} "
              f"pages/s end to end (target >= 120); raw pypdfium2 text layer {raw_rate:.0f} "
              f"pages/s; ratio {ratio:.2f} (target <= 1.5; median of {ROUNDS['pdfium']} rounds)")
    batch = BATCHES["mixed"]
    pages = sum(len(pdfium.PdfDocument(str(f))) for f in batch)
    rate, raw_rate, ratio = compare("pdfplumber", raw_plumber, batch, ROUNDS["pdfplumber"])
    print(f"pdfplumber engine, mixed batch ({len(batch)} PDFs, {pages} pages): {rate:.1f} "
          f"pages/s end to end; pdfplumber extract_text {raw_rate:.1f} pages/s; ratio "
          f"{ratio:.2f} (target <= 1.2)")
    with tempfile.TemporaryDirectory() as tmp:
        big = big_report(Path(tmp))
        for engine in ("pdfium", "pdfplumber"):
            one, total = peak_memory_mb(big, engine, Path(tmp) / engine)
            print(f"converting a {BIG_PAGES}-page report to Parquet ({engine}): peak RSS of "
                  f"any one process {one:.0f} MB, of all together (PSS) {total:.0f} MB "
                  f"(target < 300 MB)")


if __name__ == "__main__":
    main()
