"""Per-commit cost as the dataset grows: 100, 2,000 and 10,000 small reports,
measured in one run, the commits to the three taken in turn, and the ratio
of the largest to the smallest.

A commit is what the batch's main process does with a part of 32 converted
reports: write its row groups, rename its files into place and record it in
the manifest. It should not grow with the dataset (target: the cost at
10,000 reports within 1.5x of the cost at 100). Once per run, opening the
folder (checking every part) and closing it (folding the manifest's journal
into its snapshot) do grow with it; they are printed too.

The reports are the small variant fixture's tables under new ids, so no
parsing is timed.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import pyarrow as pa

from extract import PARSER_VERSION
from extract.output.arrow import rows_to_table
from extract.output.dataset import PART_REPORTS, Dataset, Doc, Entry
from extract.output.schema import load_schemas
from extract.pipeline import convert_path

VARIANT = Path(__file__).resolve().parent.parent / "fixtures" / "variant-2006.txt"
SIZES = (100, 2_000, 10_000)
MEASURED = 9          # commits timed at each size; the median is reported


def template() -> dict[str, pa.Table]:
    rows = convert_path(VARIANT)
    return {name: rows_to_table(schema, rows.get(name, []))
            for name, schema in load_schemas().items()}


def relabelled(table: pa.Table, columns: dict[str, str]) -> pa.Table:
    for name, value in columns.items():
        i = table.schema.get_field_index(name)
        table = table.set_column(i, table.schema.field(i),
                                 pa.array([value] * table.num_rows, pa.string()))
    return table


def doc(tables: dict[str, pa.Table], n: int) -> Doc:
    sha = f"{n:064x}"
    rid, path = sha[:16], f"reports/small-{n:05d}.txt"
    out = {name: relabelled(t, {"report_id": rid}) for name, t in tables.items()}
    out["reports"] = relabelled(out["reports"], {"source_path": path, "source_sha256": sha})
    return Doc([Entry(rid, path, sha, PARSER_VERSION, "ok", True)], out)


def commit(dataset: Dataset, tables: dict[str, pa.Table], first: int) -> float:
    """Seconds to write and commit one part of PART_REPORTS reports."""
    docs = [doc(tables, n) for n in range(first, first + PART_REPORTS)]
    began = time.perf_counter()
    part = dataset.begin()
    for d in docs:
        part.add(d)
    dataset.finish(part)
    return time.perf_counter() - began


def main() -> None:
    tables = template()
    with tempfile.TemporaryDirectory() as tmp:
        datasets: dict[int, Dataset] = {}
        reports: dict[int, int] = {}
        for size in SIZES:                                # grow each, untimed
            datasets[size] = Dataset(Path(tmp) / f"out-{size}")
            datasets[size].open()
            reports[size] = 0
            while reports[size] + PART_REPORTS <= size:
                commit(datasets[size], tables, reports[size])
                reports[size] += PART_REPORTS
        # The timed commits take the three datasets in turn, each round
        # starting from the next, so that the machine's drift falls on all
        # three alike.
        timed: dict[int, list[float]] = {size: [] for size in SIZES}
        for r in range(MEASURED):
            for size in SIZES[r % len(SIZES):] + SIZES[:r % len(SIZES)]:
                timed[size].append(commit(datasets[size], tables, reports[size]))
                reports[size] += PART_REPORTS
        costs = {size: statistics.median(values) for size, values in timed.items()}
        for size in SIZES:
            print(f"per-commit cost at {size:>6,} reports: {costs[size] * 1000:6.1f} ms "
                  f"(median of {MEASURED} commits of {PART_REPORTS} reports, taken in turn "
                  f"with the other sizes)")
        largest = SIZES[-1]
        for size in SIZES[:-1]:
            datasets[size].close()
        began = time.perf_counter()
        datasets[largest].close()
        closed = time.perf_counter() - began
        began = time.perf_counter()
        Dataset(Path(tmp) / f"out-{largest}").open()
        opened = time.perf_counter() - began
    ratio = costs[largest] / costs[SIZES[0]]
    print(f"ratio {largest:,} / {SIZES[0]:,} reports: {ratio:.2f}x (target <= 1.5x)")
    print(f"once per run at {reports[largest]:,} reports: open {opened * 1000:.0f} ms, "
          f"close {closed * 1000:.0f} ms")


if __name__ == "__main__":
    main()
