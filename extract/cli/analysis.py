"""The analysis commands: ``export`` a dataset to DuckDB, CSV or Excel, and
``report`` it as an HTML page.
Loaded only when used: they need pandas, which ``convert`` does not."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO


def cmd_export(folder: Path, target: Path, fmt: str | None, all_copies: bool,
               out: TextIO | None = None) -> int:
    """Exit 0 when written; errors (raised as ExtractError) are one line from ``main``."""
    from extract.analysis.dataset import open_dataset
    from extract.analysis.export import export, format_for
    out = out or sys.stdout
    chosen = format_for(target, fmt)
    ds = open_dataset(folder, duplicates=all_copies)
    written = export(ds, target, chosen)
    reports = ds.arrow("reports").num_rows
    print(f"{target}: {len(written)} tables and views from {reports} report(s) "
          f"({'every copy' if all_copies else 'primary copies'})", file=out)
    return 0


def cmd_report(folder: Path, output: str, all_copies: bool, out: TextIO | None = None) -> int:
    """Write the HTML summary to the file ``output`` names, or, for "-", to
    standard output (the name as typed: "./-" is a file)."""
    from extract.errors import ExtractError, OutputError
    from extract.report.render import write_summary
    out = out or sys.stdout
    if output == "-":   # the page on standard output, as other tools take "-"
        write_summary(folder, out, all_copies=all_copies)
        return 0
    target = Path(output)
    try:
        summary = write_summary(folder, target, all_copies=all_copies)
    except ExtractError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=str(target)) from None
    print(f"{target}: {len(summary.reports)} report(s), {target.stat().st_size:,} bytes",
          file=out)
    return 0
