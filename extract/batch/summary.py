"""The end-of-run summary: counts by status, the slowest files, failures."""

from __future__ import annotations

from typing import TextIO

from extract.batch.run import BatchResult

SLOWEST = 5
LIST_UP_TO = 20   # inputs listed one per line when there are no more than this


def print_summary(result: BatchResult, out: TextIO) -> None:
    counts = ", ".join(f"{result.count(s)} {s}" for s in ("ok", "warning", "failed", "skipped"))
    print(f"{len(result.results)} input(s) into {result.out}: {counts}", file=out)
    converted = sorted((r for r in result.results if r.status in ("ok", "warning")),
                       key=lambda r: r.path)
    if converted and len(result.results) <= LIST_UP_TO:
        for r in converted:
            placed = f", {r.placed:.2%} of its text placed" if r.placed is not None else ""
            print(f"  {r.status:8} {r.path}: {r.report or 'report not named'}; "
                  f"{r.pages or 0} pages{placed}", file=out)
    timed = sorted((r for r in result.results if r.status != "skipped" and r.seconds),
                   key=lambda r: -r.seconds)[:SLOWEST]
    if timed:
        print("slowest:", file=out)
        for r in timed:
            # A failed input's pages are not known; it is listed as failed.
            pages = f"{r.pages:4} pages" if r.pages else " " * 10
            failed = f" (failed: {r.error})" if r.status == "failed" else ""
            print(f"  {r.seconds:8.2f} s  {pages}  {r.path}{failed}", file=out)
    failures = sorted((r for r in result.results if r.status == "failed"), key=lambda r: r.path)
    if failures:
        print("failed:", file=out)
        for r in failures:
            print(f"  {r.path}: {r.error}: {r.message}", file=out)
    for message in result.write_errors:
        print(f"  {message}", file=out)
