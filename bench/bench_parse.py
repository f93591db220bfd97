"""Parse + validate time for the Kent text (no interpreter start-up, no I/O).

Target: median at most 50 ms. The baseline measured in the same run is the
time to read the file's lines alone, so the ratio is machine-independent.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from extract.parse.read import read_source
from extract.parse.read.text import text_to_lines
from extract.pipeline import parse_source

KENT = Path(__file__).resolve().parent.parent / "fixtures" / "kent-2006.txt"
RUNS = 30


def median_ms(fn: object) -> float:
    assert callable(fn)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    source = read_source(KENT)
    text = KENT.read_text(encoding="utf-8")
    parse_source(source)  # warm up regex caches
    parse = median_ms(lambda: parse_source(source))
    baseline = median_ms(lambda: text_to_lines(text))
    print(f"parse+validate Kent text: median {parse:.1f} ms over {RUNS} runs "
          f"(target <= 50 ms); line splitting alone {baseline:.2f} ms; "
          f"ratio {parse / baseline:.1f}x")


if __name__ == "__main__":
    main()
