"""Batch conversion: speed-up of ``--jobs 2`` over ``--jobs 1`` on 40 report
PDFs, and the main process's peak memory for 10 and for 40 reports.

The 40 PDFs are the two fixture reports (Kent, and the variant typeset by
reportlab), each copied 20 times with a distinct comment after the end of
file, so every copy is a document of its own and none is skipped as a
duplicate. Each configuration runs in a fresh process into a fresh folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
REPORTS = [FIXTURES / "kent-2006.pdf", FIXTURES / "variant-2006.pdf"]
ROUNDS = 5

_RUN = """
import sys
from extract.cli import main
code = main(["convert", sys.argv[1], "--out", sys.argv[2], "--jobs", sys.argv[3], "--quiet"])
status = open("/proc/self/status").read()
print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))
sys.exit(code)
"""


def make_inputs(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True)
    for i in range(n):
        source = REPORTS[i % len(REPORTS)]
        data = source.read_bytes() + f"\n% copy {i}\n".encode()
        (folder / f"{source.stem}-{i:03d}.pdf").write_bytes(data)
    return folder


def convert(inputs: Path, out: Path, jobs: int) -> tuple[float, float]:
    """(seconds, main-process peak RSS in MB) of one run in a fresh process."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _RUN, str(inputs), str(out), str(jobs)],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"batch failed: {done.stderr.strip()[-500:]}")
    return seconds, int(done.stdout.split()[-1]) / 1024


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        many = make_inputs(root / "in40", 40)
        few = make_inputs(root / "in10", 10)
        times: dict[int, list[float]] = {1: [], 2: []}
        for r in range(ROUNDS):   # alternate, so drift hits both alike
            for jobs in (1, 2):
                seconds, _ = convert(many, root / f"out-{jobs}-{r}", jobs)
                times[jobs].append(seconds)
        one, two = min(times[1]), min(times[2])
        print(f"batch of 40 report PDFs (best of {ROUNDS}, process start included): "
              f"--jobs 1 {one:.2f} s, --jobs 2 {two:.2f} s; speed-up {one / two:.2f}x "
              f"(target >= 1.7x on {os.cpu_count()} cores)")
        _, rss10 = convert(few, root / "rss10", 2)
        _, rss40 = convert(many, root / "rss40", 2)
        print(f"main process peak RSS: 10 reports {rss10:.0f} MB, 40 reports {rss40:.0f} MB; "
              f"difference {abs(rss40 - rss10) / rss10:.0%} (target within 20%)")


if __name__ == "__main__":
    main()
