"""The whole process, start to exit: ``hmic-extract convert --jobs 1`` against
a plain pypdfium2 script (``bench/raw_read.py``) that opens each PDF and
reads every page's text, run as a process of its own on the same files.

Batches of 1, 12 and 400 reports. One report is Kent's (73 pages); the
larger batches take the four fixture PDFs in turn (Kent; Wiltshire, 35
pages; Durham, 20; the reportlab variant, 16), each copy with a comment of
its own after the end of file, so that no copy is a duplicate of another.
Each round runs both commands one straight after the other, in turn which
goes first, and gives a ratio; the median ratio is reported, since a ratio
taken within a round cancels most of a shared machine's drift. Every
convert writes into a fresh folder. Process start and exit are included:
the clock stops when the command's own process ends.

The package's bytecode is compiled first, as installing a package does:
an editable install under ``PYTHONDONTWRITEBYTECODE`` would otherwise
compile every module from source in each new process.

Targets: 12 reports at most 1.3x the raw read, one report at most 2x.
"""

from __future__ import annotations

import compileall
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from copies import copies

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
KENT = FIXTURES / "kent-2006.pdf"
MIX = [KENT, FIXTURES / "wiltshire-2005.pdf", FIXTURES / "durham-2006.pdf",
       FIXTURES / "variant-2006.pdf"]
RAW = Path(__file__).resolve().parent / "raw_read.py"
# (reports, rounds, target ratio or None)
BATCHES = ((1, 11, 2.0), (12, 7, 1.3), (400, 3, None))




def seconds(command: list[str]) -> float:
    """Wall time of ``command``, from its start to its own process's exit.
    Its standard error goes to a file, not a pipe: a pipe is read to its end,
    which comes only when the fork server, holding it too, has gone."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=err)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            err.seek(0)
            raise SystemExit(f"{command[:4]} failed: {err.read().decode()[-500:]}")
    return elapsed


def compare(inputs: Path, out: Path, rounds: int) -> tuple[float, float, float]:
    """(median convert seconds, median raw seconds, median per-round ratio)."""
    raw = [sys.executable, str(RAW), str(inputs)]
    ours, theirs, ratios = [], [], []
    for r in range(rounds):
        convert = [sys.executable, "-m", "extract", "convert", str(inputs), "--out",
                   str(out / str(r)), "--jobs", "1", "--quiet"]
        if r % 2:
            b, a = seconds(raw), seconds(convert)
        else:
            a, b = seconds(convert), seconds(raw)
        ours.append(a)
        theirs.append(b)
        ratios.append(a / b)
    return statistics.median(ours), statistics.median(theirs), statistics.median(ratios)


def main() -> None:
    compileall.compile_dir(ROOT / "extract", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for n, rounds, target in BATCHES:
            inputs = copies(root / f"in-{n}", n, [KENT] if n == 1 else MIX)
            seconds([sys.executable, str(RAW), str(inputs)])   # warm the page cache
            ours, raw, ratio = compare(inputs, root / f"out-{n}", rounds)
            goal = f"target <= {target}x" if target else "no target"
            what = "Kent" if n == 1 else "the four fixture PDFs in turn"
            print(f"whole process, {n} report(s) ({what}), convert --jobs 1: {ours:.2f} s; "
                  f"raw pypdfium2 read {raw:.2f} s; ratio {ratio:.2f}x ({goal}; median of "
                  f"{rounds} rounds)")


if __name__ == "__main__":
    main()
