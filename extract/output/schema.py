"""``schemas/<table>.json`` is the single source of column names, types and
docs. The writer, the README's data dictionary and the tests all read it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyarrow as pa

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"

_TYPES = {
    "string": pa.string(),
    "int32": pa.int32(),
    "int64": pa.int64(),
    "float64": pa.float64(),
    "bool": pa.bool_(),
    "list<string>": pa.list_(pa.string()),
}


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str
    nullable: bool
    description: str


@dataclass(frozen=True, slots=True)
class TableSchema:
    table: str
    description: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def arrow(self) -> pa.Schema:
        return pa.schema([pa.field(c.name, _TYPES[c.type], nullable=c.nullable)
                          for c in self.columns])


@cache
def load_schemas() -> dict[str, TableSchema]:
    """Every table's schema, keyed by table name, in a stable order."""
    out: dict[str, TableSchema] = {}
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        out[doc["table"]] = TableSchema(doc["table"], doc["description"], tuple(
            Column(c["name"], c["type"], c["nullable"], c["description"]) for c in doc["columns"]))
    return out


TABLES = ("reports", "frameworks", "grade_distribution", "summary_judgements", "findings",
          "paragraphs", "good_practice", "table_cells", "glossary", "contents", "domains",
          "pages", "diagnostics", "residue")
