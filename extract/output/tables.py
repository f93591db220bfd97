"""Reading a written output folder back, and naming its rows in the report's
own terms: shared by ``diff``, ``compare`` and ``validate``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from extract.errors import ExtractError
from extract.output.dataset import MANIFEST
from extract.output.primary import copy_order
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


def report_groups(reports: list[Row]) -> dict[str, tuple[str, ...]]:
    """report_id -> the key that matches one report across inputs: its
    report_key (force and publication month), so a PDF and its text match
    although their ids differ. A report with none (a failed input) is keyed
    by its file name."""
    return {rid: (r["report_key"],) if r.get("report_key") else ("file", _file_name(r))
            for rid, r in first_rows(reports).items()}


def pair_reports(old: list[Row], new: list[Row]
                 ) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """report_id -> pairing key, for each side. Reports with one key are
    paired one to one: the same content first, then the same kind of input
    (PDF with PDF), then in primary order (PDF before text). The first pair of
    a key is keyed by the report's key alone, so a PDF on one side and its
    text on the other pair up; copies left over on one side stay unpaired."""
    firsts = {**first_rows(new), **first_rows(old)}
    members: dict[tuple[str, ...], tuple[list[str], list[str]]] = {}
    for side, reports in enumerate((old, new)):
        for rid, group in report_groups(reports).items():
            members.setdefault(group, ([], []))[side].append(rid)
    old_keys: dict[str, tuple[str, ...]] = {}
    new_keys: dict[str, tuple[str, ...]] = {}
    for group, (a, b) in members.items():
        a.sort(key=lambda rid: copy_order(firsts[rid]))
        b.sort(key=lambda rid: copy_order(firsts[rid]))
        pairs = [*_match(a, b, lambda x, y: x == y),
                 *_match(a, b, lambda x, y: firsts[x].get("source_kind")
                         == firsts[y].get("source_kind")),
                 *_match(a, b, lambda x, y: True)]
        pairs.sort(key=lambda pair: copy_order(firsts[pair[0]]))
        for n, (x, y) in enumerate(pairs):
            old_keys[x] = new_keys[y] = group if n == 0 else (*group, f"copy {n + 1}")
        for keys, rest, side_name in ((old_keys, a, "old"), (new_keys, b, "new")):
            for n, rid in enumerate(rest, start=1):
                keys[rid] = (*group, f"{side_name} copy {n}")
    return old_keys, new_keys


def _match(a: list[str], b: list[str],
           same: Callable[[str, str], bool]) -> list[tuple[str, str]]:
    """Pairs (x from a, y from b) with ``same(x, y)``, each taken out of its list."""
    pairs = []
    for x in list(a):
        y = next((y for y in b if same(x, y)), None)
        if y is not None:
            pairs.append((x, y))
            a.remove(x)
            b.remove(y)
    return pairs
