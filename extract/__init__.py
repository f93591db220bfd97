"""hmic-extract: HMIC Baseline Assessment reports (PDF or text) into Parquet tables.

The analysis API, loaded on first use (a batch's worker processes never
need pandas)::

    import extract
    ds = extract.open_dataset("out")          # primary copies only
    ds["findings"]                            # a DataFrame
    extract.framework_vs_nation(ds)           # a view
    extract.convert("report.pdf")             # one file, in memory
"""

from __future__ import annotations

from typing import Any

__version__ = "0.2.0"
PARSER_VERSION = __version__

_API = ("Dataset", "convert", "open_dataset", "findings_detail", "framework_vs_nation",
        "grades_by_year")
__all__ = ["PARSER_VERSION", "__version__", *_API]


def __getattr__(name: str) -> Any:
    if name in _API:
        import extract.analysis
        return getattr(extract.analysis, name)
    raise AttributeError(f"module 'extract' has no attribute {name!r}")
