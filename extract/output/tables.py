"""Reading a written output folder back, and naming its rows in the report's
own terms: shared by ``diff``, ``compare`` and ``validate``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from extract.errors import DamagedOutputError, ExtractError
from extract.output.manifest import MANIFEST, Parts, load
from extract.output.schema import TableSchema, load_schemas

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
    return ((report.get("published") or "").split()[-1:] or [""])[0]


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
