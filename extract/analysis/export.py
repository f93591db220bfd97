"""``hmic-extract export DIR --to TARGET``: a dataset as a DuckDB database
(every table plus the views), a folder of CSV files, or an Excel workbook
(one sheet per table and per view).

DuckDB and the Excel writer are optional extras; without them the export
stops with one line saying what to install.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from extract.analysis.dataset import Dataset
from extract.analysis.views import findings_detail, framework_vs_nation, grades_by_year
from extract.errors import ExtractError, OutputError

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("duckdb", "csv", "xlsx")
VIEWS: dict[str, Callable[[Dataset], pd.DataFrame]] = {
    "findings_detail": findings_detail, "framework_vs_nation": framework_vs_nation,
    "grades_by_year": grades_by_year,
}
# Excel's limit on rows per sheet, header included.
_EXCEL_ROWS = 1_048_576
_LIST_JOIN = " > "   # heading paths in flat files


class MissingExtraError(ExtractError, ImportError):
    code = "missing_extra"


def format_for(target: Path, fmt: str | None) -> str:
    """The export format: given, or read from the target's suffix."""
    if fmt:
        return fmt
    suffix = target.suffix.lower()
    if suffix in (".duckdb", ".db"):
        return "duckdb"
    if suffix == ".xlsx":
        return "xlsx"
    raise ExtractError("cannot tell the format from the name: use a .duckdb or .xlsx "
                       "file, or --format csv with a folder", path=str(target))


def export(ds: Dataset, target: Path, fmt: str) -> list[str]:
    """Write ``ds`` to ``target``; returns what was written (tables and views)."""
    writers = {"duckdb": to_duckdb, "csv": to_csv, "xlsx": to_excel}
    return writers[fmt](ds, target)


def _need(module: str, extra: str, what: str) -> None:
    import importlib
    try:
        importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(f"{what} needs the {module} package: "
                                f"pip install 'hmic-extract[{extra}]'") from None


def _replace_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Write to a temporary name beside ``target``, then rename over it, so
    a failed export never leaves half a file under the target's name."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    tmp.unlink()    # the writers want to create the file themselves
    try:
        write(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def to_duckdb(ds: Dataset, target: Path) -> list[str]:
    _need("duckdb", "duckdb", "exporting to DuckDB")
    import duckdb

    from extract.analysis.sql import view_statements
    codes = sorted(set(ds.arrow("frameworks").column("code").to_pylist()))

    def write(path: Path) -> None:
        with duckdb.connect(str(path)) as con:
            for name in ds.names:
                con.register("incoming", ds.arrow(name))
                con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM incoming')
                con.unregister("incoming")
            for _, statement in view_statements(codes):
                con.execute(statement)
    try:
        _replace_atomically(target, write)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=str(target)) from None
    return [*ds.names, *VIEWS]


def _flat(ds: Dataset) -> dict[str, pd.DataFrame]:
    """Every table and view as a DataFrame whose cells a flat file can hold."""
    out = {}
    for name in ds.names:
        table = ds.arrow(name)
        frame = ds.frame(name)
        for field in table.schema:
            if pa.types.is_list(field.type):
                frame[field.name] = frame[field.name].map(
                    lambda v: _LIST_JOIN.join(v) if v is not None else None)
        out[name] = frame
    out.update({name: view(ds) for name, view in VIEWS.items()})
    return out


def to_csv(ds: Dataset, target: Path) -> list[str]:
    frames = _flat(ds)
    try:
        target.mkdir(parents=True, exist_ok=True)
        for name, frame in frames.items():
            _replace_atomically(target / f"{name}.csv", _csv_writer(frame))
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=str(target)) from None
    return list(frames)


def _csv_writer(frame: pd.DataFrame) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        frame.to_csv(path, index=False, encoding="utf-8")
    return write


def to_excel(ds: Dataset, target: Path) -> list[str]:
    _need("openpyxl", "excel", "exporting to Excel")
    import pandas as pd
    frames = _flat(ds)
    for name, frame in frames.items():
        if len(frame) >= _EXCEL_ROWS:
            raise ExtractError(f"the {name} table has {len(frame)} rows, more than an Excel "
                               f"sheet holds; export to DuckDB or CSV instead", path=str(target))

    def write(path: Path) -> None:
        with pd.ExcelWriter(path, engine="openpyxl") as book:
            for name, frame in frames.items():
                # Excel has no time zones or categories: plain values.
                frame.to_excel(book, sheet_name=name[:31], index=False)
    try:
        _replace_atomically(target, write)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=str(target)) from None
    return list(frames)
