"""``schemas/<table>.json`` is the single source of column names, types and
docs. The writer, the README's data dictionary and the tests all read it.

A column marked ``computed`` is not stored in the Parquet files: it depends on
the whole dataset (which copy of a report is primary) and is added when a
dataset is opened (``extract.analysis``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str
    nullable: bool
    description: str
    computed: bool = False


@dataclass(frozen=True, slots=True)
class TableSchema:
    table: str
    description: str
    columns: tuple[Column, ...]

    @property
    def stored(self) -> tuple[Column, ...]:
        """The columns written to Parquet, in order."""
        return tuple(c for c in self.columns if not c.computed)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.stored]

    def arrow(self) -> pa.Schema:
        """The stored columns' Arrow schema, as written and read back."""
        return _arrow_schema(self.stored)

    def arrow_with_computed(self) -> pa.Schema:
        """Every column's Arrow schema, computed ones included."""
        return _arrow_schema(self.columns)


@cache
def _arrow_schema(columns: tuple[Column, ...]) -> pa.Schema:
    # Made once per table: each report's tables are checked against it.
    import pyarrow as pa
    return pa.schema([_field(c) for c in columns], metadata=_pandas_metadata(columns))


def arrow_type(name: str) -> pa.DataType:
    """The Arrow type of a schema file's type name. pyarrow is imported here,
    on first use: the batch's workers read the schemas' column names only,
    and never load pyarrow (nor numpy, which pyarrow loads)."""
    import pyarrow as pa
    return {"string": pa.string(), "int32": pa.int32(), "int64": pa.int64(),
            "float64": pa.float64(), "bool": pa.bool_(), "date32": pa.date32(),
            "list<string>": pa.list_(pa.string())}[name]


def _field(c: Column) -> pa.Field:
    import pyarrow as pa
    return pa.field(c.name, arrow_type(c.type), nullable=c.nullable)


# pandas reads integer columns that may hold nulls as float64, so 3 becomes
# 3.0. pyarrow restores the dtypes named in a file's ``pandas`` metadata, so
# naming pandas' nullable integer dtypes there keeps a plain
# ``pd.read_parquet`` on integers (``<NA>`` for null).
_PANDAS_DTYPES = {"int32": ("int32", "Int32"), "int64": ("int64", "Int64")}


def _pandas_metadata(columns: tuple[Column, ...]) -> dict[bytes, bytes]:
    described = [{"name": c.name, "field_name": c.name, "pandas_type": _PANDAS_DTYPES[c.type][0],
                  "numpy_type": _PANDAS_DTYPES[c.type][1], "metadata": None}
                 for c in columns if c.type in _PANDAS_DTYPES]
    doc = {"index_columns": [], "column_indexes": [], "columns": described}
    return {b"pandas": json.dumps(doc, separators=(",", ":")).encode()}


@cache
def load_schemas() -> dict[str, TableSchema]:
    """Every table's schema, keyed by table name, in a stable order."""
    out: dict[str, TableSchema] = {}
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        out[doc["table"]] = TableSchema(doc["table"], doc["description"], tuple(
            Column(c["name"], c["type"], c["nullable"], c["description"],
                   c.get("computed", False)) for c in doc["columns"]))
    return out


TABLES = ("reports", "frameworks", "grade_distribution", "summary_judgements", "findings",
          "paragraphs", "good_practice", "table_cells", "glossary", "contents", "domains",
          "pages", "diagnostics", "residue")
