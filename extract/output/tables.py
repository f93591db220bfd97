"""Reading a written output folder back, and naming its rows in the report's
own terms: shared by ``diff``, ``compare`` and ``validate``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from extract.errors import DamagedOutputError, ExtractError
from extract.output.manifest import MANIFEST, Parts, load
from extract.output.primary import copy_order
from extract.output.schema import TableSchema, load_schemas
from extract.parse.patterns import published_year

Row = dict[str, Any]
Tables = dict[str, list[Row]]
RETRIES = 3   # a writer's commit between reading the manifest and its parts: read again


class NotAnOutputFolder(ExtractError, FileNotFoundError):
    code = "not_an_output_folder"


def read_outputs(folder: Path, tables: list[str] | None = None) -> Tables:
    """Every table of an output folder (or just ``tables``) as lists of rows:
    the parts the manifest names, each checked to be present, readable and
    of its table's declared schema. Raises DamagedOutputError naming the file
    that is not. Never blocks a writer, and is never blocked by one."""
    if not (folder / MANIFEST).is_file() or not (folder / "reports").is_dir():
        raise NotAnOutputFolder("not an hmic-extract output folder (no _manifest.json and "
                                "reports/)", path=str(folder))
    for attempt in range(RETRIES):
        parts = load(folder).parts
        try:
            return _read(folder, parts, tables or list(load_schemas()))
        except DamagedOutputError:
            # A writer may have committed and removed a part since the manifest
            # was read: only damage that stays put is reported.
            if attempt == RETRIES - 1 or load(folder).parts == parts:
                raise
    raise AssertionError("unreachable")


def _read(folder: Path, parts: Parts, names: list[str]) -> Tables:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schemas = load_schemas()
    out: Tables = {}
    for name in names:
        out[name] = []
        for pid in sorted(parts):
            path = folder / name / f"{pid}.parquet"
            try:
                table = pq.read_table(path)
            except FileNotFoundError:
                raise DamagedOutputError("missing: the manifest names it", path=str(path)) \
                    from None
            except (pa.ArrowException, OSError) as exc:
                reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                raise DamagedOutputError(f"cannot be read as Parquet ({reason})",
                                         path=str(path)) from None
            _check_schema(table.schema, schemas[name], path)
            out[name].extend(table.to_pylist())
    return out


def _kind(field: Any) -> str:
    return f"{field.type}{'' if field.nullable else ' not null'}"


def _check_schema(found: Any, schema: TableSchema, path: Path) -> None:
    """The file's columns are the declared ones, with their types and nulls."""
    expected = schema.arrow()
    if found.remove_metadata().equals(expected):
        return
    missing = [f.name for f in expected if f.name not in found.names]
    extra = [n for n in found.names if n not in expected.names]
    changed = [f"{f.name} is {_kind(found.field(f.name))}, not {_kind(f)}" for f in expected
               if f.name in found.names and not found.field(f.name).equals(f)]
    problems = ([f"column {', '.join(missing)} missing"] if missing else []) + \
        ([f"column {', '.join(extra)} not in the schema"] if extra else []) + changed
    raise DamagedOutputError("does not have the declared schema: "
                             + ("; ".join(problems) or "columns out of order"), path=str(path))


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
