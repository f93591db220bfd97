"""A dataset opened for analysis: every table as Arrow and as a pandas
DataFrame with analysis dtypes, primary copies only unless asked.

``open_dataset(folder)`` reads an output folder written by ``convert``;
``convert(path)`` converts one report in memory. Both give a ``Dataset``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from extract.errors import ExtractError
from extract.output.arrow import rows_to_table
from extract.output.columns import report_columns
from extract.output.dataset import MANIFEST
from extract.output.keys import DIRECTION_CATEGORIES, GRADE_CATEGORIES
from extract.output.primary import mark_primary
from extract.output.schema import TABLES, load_schemas

if TYPE_CHECKING:
    import pandas as pd

Row = dict[str, Any]

# Columns read as ordered categories, lowest first. A value outside the
# vocabulary (a misprint in a damaged dataset) is kept, sorted before the rest.
ORDERED = {"grade": GRADE_CATEGORIES, "modal_grade": GRADE_CATEGORIES,
           "direction": DIRECTION_CATEGORIES}


class NotADataset(ExtractError, FileNotFoundError):
    code = "not_an_output_folder"


@dataclass(frozen=True, slots=True)
class Dataset:
    """Tables by name. ``ds["findings"]`` is a DataFrame; ``ds.arrow("findings")``
    the Arrow table. ``reports`` has a row per input (per path), with
    ``is_primary`` and ``duplicate_of``; with ``duplicates=False`` (the default
    when opening) only primary copies and their rows are kept."""

    tables: dict[str, pa.Table]

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.frame(name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.tables)

    def arrow(self, name: str) -> pa.Table:
        if name not in self.tables:
            raise KeyError(f"no table {name!r}; the tables are {', '.join(self.tables)}")
        return self.tables[name]

    def frame(self, name: str) -> pd.DataFrame:
        """The table as a DataFrame: nullable integers, booleans and strings,
        dates as datetime64, grades and directions as ordered categories."""
        return to_frame(self.arrow(name))


def to_frame(table: pa.Table) -> pd.DataFrame:
    """An Arrow table as a DataFrame with the analysis dtypes (see ``Dataset.frame``)."""
    import pandas as pd
    mapping = {pa.int32(): pd.Int32Dtype(), pa.int64(): pd.Int64Dtype(),
               pa.bool_(): pd.BooleanDtype(), pa.string(): pd.StringDtype()}
    frame = table.to_pandas(types_mapper=mapping.get, date_as_object=False)
    for column, order in ORDERED.items():
        if column in frame.columns:
            frame[column] = ordered(frame[column], order)
    return frame


def ordered(values: pd.Series, order: tuple[str, ...]) -> pd.Series:
    """``values`` as an ordered categorical, ``order`` lowest first; other
    values found sort before them, so that none is lost."""
    import pandas as pd
    others = sorted(set(values.dropna()) - set(order))
    return values.astype(pd.CategoricalDtype([*others, *order], ordered=True))


def open_dataset(folder: str | Path, *, duplicates: bool = False,
                 tables: list[str] | None = None) -> Dataset:
    """Read an output folder's committed parts. Only primary copies of each
    report (and their rows) unless ``duplicates`` is true; only ``tables``
    (and ``reports``, always) when given."""
    import pyarrow.parquet as pq
    root = Path(folder)
    try:
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
        parts = sorted(manifest["parts"])
    except FileNotFoundError:
        raise NotADataset("not an hmic-extract output folder (no _manifest.json)",
                          path=str(root)) from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise NotADataset(f"cannot read {MANIFEST}: {exc}", path=str(root)) from None
    schemas = load_schemas()
    wanted = [t for t in TABLES if tables is None or t in tables or t == "reports"]
    unknown = sorted(set(tables or ()) - set(TABLES))
    if unknown:
        raise KeyError(f"no table {unknown[0]!r}; the tables are {', '.join(TABLES)}")
    read: dict[str, pa.Table] = {}
    for name in wanted:
        schema = schemas[name].arrow()
        try:
            pieces = [pq.read_table(root / name / f"{pid}.parquet", schema=schema)
                      for pid in parts]
        except (OSError, pa.ArrowException) as exc:
            raise NotADataset(f"cannot read the {name} table: {exc}", path=str(root)) from None
        read[name] = pa.concat_tables(pieces) if pieces else schema.empty_table()
    return _with_primary(read, duplicates)


def convert(path: str | Path, *, engine: str = "pdfium", password: str | None = None) -> Dataset:
    """Convert one report in memory (nothing written) into a ``Dataset``.
    Raises ``ExtractError`` (one line naming the file and the reason) when
    the input cannot be read or is not a baseline report."""
    from extract.pipeline import convert_path
    rows = convert_path(path, engine=engine, password=password)
    return from_rows(rows)


def from_rows(rows: dict[str, list[Row]], *, duplicates: bool = False) -> Dataset:
    """A ``Dataset`` from rows per table, as ``convert_path`` returns them."""
    tables = {name: rows_to_table(schema, rows.get(name, []))
              for name, schema in load_schemas().items()}
    return _with_primary({name: tables[name] for name in TABLES}, duplicates)


def _with_primary(tables: dict[str, pa.Table], duplicates: bool) -> Dataset:
    """Add the computed reports columns; keep primary copies unless ``duplicates``."""
    import pyarrow.compute as pc
    reports = [r if r.get("report_key") or not r.get("force") else report_columns(r)
               for r in tables["reports"].to_pylist()]   # a folder written before the key
    marked = mark_primary(reports)
    if not duplicates:
        marked = [r for r in marked if r["is_primary"]]
        keep = pa.array(sorted({r["report_id"] for r in marked}), pa.string())
        tables = {name: table if name == "reports" else
                  table.filter(pc.is_in(table["report_id"], value_set=keep))
                  for name, table in tables.items()}
    schema = load_schemas()["reports"].arrow_with_computed()
    return Dataset({**tables, "reports": pa.Table.from_pylist(marked, schema=schema)})
