"""Batch conversion: the speed-up of ``--jobs 2`` over ``--jobs 1`` on 24
report PDFs, and the peak memory of every process of a batch, at 100 and at
2,000 reports.

The 24 PDFs are the four fixture reports in turn (Kent, 73 pages; Wiltshire,
35; Durham, 20; the reportlab variant, 16), as bench_process.py takes them;
the memory batches are copies of the variant. Each copy carries a comment of
its own after the end of file, so none is skipped as a duplicate. Every run
is a fresh process writing into a fresh folder, process start included.

Speed: each round runs both settings and, in the same round, the raw
pypdfium2 script of bench_process.py, all 24 files in one process against two
processes at once on 12 each: what two cores give this machine's pdfium work,
the ceiling of --jobs 2. The order turns from round to round. Each speed-up,
and --jobs 2's as a share of the raw script's, is taken within a round; the
medians are reported. Memory: every process of the batch is polled
every 10 ms: the command itself, the fork server its workers come from,
multiprocessing's resource tracker, and the workers (the largest of them).
"""

from __future__ import annotations

import compileall
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
from copies import copies

ROOT = Path(__file__).resolve().parent.parent
RAW = Path(__file__).resolve().parent / "raw_read.py"
FIXTURES = ROOT / "fixtures"
MIX = [FIXTURES / "kent-2006.pdf", FIXTURES / "wiltshire-2005.pdf",
       FIXTURES / "durham-2006.pdf", FIXTURES / "variant-2006.pdf"]
SMALL = [FIXTURES / "variant-2006.pdf"]
SPEED_REPORTS, ROUNDS = 24, 8
MEMORY_REPORTS = (100, 2_000)




def command(inputs: Path, out: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "extract", "convert", str(inputs), "--out", str(out),
            "--jobs", str(jobs), "--quiet"]


def seconds(inputs: Path, out: Path, jobs: int) -> float:
    """Wall time of one batch, to the exit of the command's own process (its
    standard error goes to a file: a pipe would be held open by the fork server)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        done = subprocess.run(command(inputs, out, jobs), stdout=subprocess.DEVNULL, stderr=err)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            err.seek(0)
            raise SystemExit(f"batch failed: {err.read().decode()[-500:]}")
    return elapsed


def raw_seconds(folders: list[Path]) -> float:
    """Wall time of the raw script run on each of ``folders`` at once."""
    start = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, str(RAW), str(f)]) for f in folders]
    if any(p.wait() != 0 for p in procs):
        raise SystemExit("the raw script failed")
    return time.perf_counter() - start


def role(proc: psutil.Process, main: int) -> str:
    if proc.pid == main:
        return "command"
    if "resource_tracker" in " ".join(proc.cmdline()):
        return "resource tracker"
    return "fork server" if proc.ppid() == main else "worker"


def peaks(inputs: Path, out: Path) -> dict[str, float]:
    """Peak RSS (MB) of each kind of process while ``--jobs 2`` converts ``inputs``."""
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(command(inputs, out, 2), stdout=subprocess.DEVNULL, stderr=err)
        top: dict[str, float] = {}
        main = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                for p in [main, *main.children(recursive=True)]:
                    kind = role(p, proc.pid)
                    top[kind] = max(top.get(kind, 0.0), p.memory_info().rss / 2**20)
            except psutil.Error:
                pass   # a worker came or went while it was looked at
            time.sleep(0.01)
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"batch failed: {err.read().decode()[-500:]}")
    return top


def main() -> None:
    compileall.compile_dir(ROOT / "extract", quiet=1)   # as bench_process.py explains
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        inputs = copies(root / "speed", SPEED_REPORTS, MIX)
        halves = [root / "half-0", root / "half-1"]
        for i, path in enumerate(sorted(inputs.iterdir())):   # each half: the four, three times
            half = halves[i // len(MIX) % 2]
            half.mkdir(exist_ok=True)
            (half / path.name).symlink_to(path)
        # Each round times all four (ours with one and two workers, the raw
        # script in one and two processes), so that each speed-up and their
        # quotient come from one round.
        runs = {
            "ours 1": lambda r: seconds(inputs, root / f"out-1-{r}", 1),
            "ours 2": lambda r: seconds(inputs, root / f"out-2-{r}", 2),
            "raw 1": lambda r: raw_seconds([inputs]),
            "raw 2": lambda r: raw_seconds(halves),
        }
        pairs = [["ours 1", "ours 2"], ["raw 1", "raw 2"]]
        times: dict[str, list[float]] = {name: [] for name in runs}
        ours, raws, shares = [], [], []
        for r in range(ROUNDS):
            # Which pair goes first turns every round; within each pair, which
            # setting goes first turns every two rounds: over 8 rounds, each
            # of the four orders twice.
            first, second = pairs if r % 2 == 0 else pairs[::-1]
            order = [*(first if r // 2 % 2 == 0 else first[::-1]),
                     *(second if r // 2 % 2 == 0 else second[::-1])]
            took = {}
            for name in order:
                took[name] = runs[name](r)
                times[name].append(took[name])
            ours.append(took["ours 1"] / took["ours 2"])
            raws.append(took["raw 1"] / took["raw 2"])
            shares.append(ours[-1] / raws[-1])
        median = statistics.median
        print(f"batch of {SPEED_REPORTS} report PDFs, process start included: --jobs 1 "
              f"{median(times['ours 1']):.2f} s, --jobs 2 {median(times['ours 2']):.2f} s; "
              f"speed-up {median(ours):.2f}x (target >= 1.75x on 2 cores; median of "
              f"{ROUNDS} rounds)")
        print(f"the raw pypdfium2 script on the same files, two processes at once (12 files "
              f"each) vs one: {median(raws):.2f}x, the ceiling of --jobs 2 here; --jobs 2's "
              f"speed-up is {median(shares):.2f} of it (medians of the same {ROUNDS} rounds)")
        found = {n: peaks(copies(root / f"memory-{n}", n, SMALL), root / f"memory-out-{n}")
                 for n in MEMORY_REPORTS}
        few, many = (found[n] for n in MEMORY_REPORTS)
        for kind in ("command", "fork server", "worker", "resource tracker"):
            print(f"peak RSS, {kind}: {MEMORY_REPORTS[0]:,} reports {few[kind]:.0f} MB, "
                  f"{MEMORY_REPORTS[1]:,} reports {many[kind]:.0f} MB; "
                  f"{many[kind] / few[kind]:.2f}x (target: flat, within 1.2x)")


if __name__ == "__main__":
    main()
