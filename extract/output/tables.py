"""Reading a written output folder back, and naming its rows in the report's
own terms: shared by ``diff``, ``compare`` and ``validate``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from extract.errors import ExtractError
from extract.output.dataset import MANIFEST
from extract.output.schema import load_schemas
from extract.parse.patterns import published_year

Row = dict[str, Any]
Tables = dict[str, list[Row]]


class NotAnOutputFolder(ExtractError, FileNotFoundError):
    code = "not_an_output_folder"


def read_outputs(folder: Path, tables: list[str] | None = None) -> Tables:
    """Every table of an output folder (or just ``tables``) as lists of rows."""
    import pyarrow.parquet as pq

    if not (folder / MANIFEST).is_file() or not (folder / "reports").is_dir():
        raise NotAnOutputFolder("not an hmic-extract output folder (no _manifest.json and "
                                "reports/)", path=str(folder))
    schemas = load_schemas()
    out: Tables = {}
    for name in tables or list(schemas):
        parts = sorted((folder / name).glob("part-*.parquet"))
        out[name] = [row for part in parts
                     for row in pq.read_table(part, schema=schemas[name].arrow()).to_pylist()]
    return out


def first_rows(reports: list[Row]) -> dict[str, Row]:
    """report_id -> its reports row; a report listed under several paths is
    represented by the first path in sort order."""
    out: dict[str, Row] = {}
    for r in sorted(reports, key=lambda r: (r["report_id"], r.get("source_path") or "")):
        out.setdefault(r["report_id"], r)
    return out


def _file_name(r: Row) -> str:
    return Path(str(r.get("source_path") or "?")).name


def report_year(report: Row) -> str:
    """"2006" from a reports row published "October 2006"; "" when not known."""
    year = published_year(report.get("published"))
    return str(year) if year is not None else ""


def report_labels(reports: list[Row]) -> dict[str, str]:
    """report_id -> "Kent Police 2006" (force and year), or the file name."""
    return {rid: f"{r['force']} {report_year(r)}".strip() if r.get("force") else _file_name(r)
            for rid, r in first_rows(reports).items()}


def report_keys(reports: list[Row]) -> dict[str, tuple[str, ...]]:
    """report_id -> the key that matches one report across inputs: force and
    publication month, so a PDF and its text match although their ids differ.
    A report with neither (a failed input) is keyed by its file name."""
    return {rid: (r["force"], r["published"] or "") if r.get("force") else ("file", _file_name(r))
            for rid, r in first_rows(reports).items()}
