"""Synthetic collections for the HTML summary's benchmark: one converted
report's rows relabelled as other forces (and years), each with grades of
its own, written as a real output folder."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract import PARSER_VERSION  # noqa: E402
from extract.output.arrow import rows_to_table  # noqa: E402
from extract.output.columns import rows_with_analysis_columns  # noqa: E402
from extract.output.dataset import Dataset, Doc, Entry  # noqa: E402
from extract.output.keys import GRADE_ORDER  # noqa: E402
from extract.output.schema import load_schemas  # noqa: E402

Row = dict[str, Any]
# The 43 Home Office forces of England and Wales.
FORCES = [
    "Avon and Somerset Constabulary", "Bedfordshire Police", "Cambridgeshire Constabulary",
    "Cheshire Constabulary", "City of London Police", "Cleveland Police", "Cumbria Constabulary",
    "Derbyshire Constabulary", "Devon and Cornwall Constabulary", "Dorset Police",
    "Durham Constabulary", "Dyfed-Powys Police", "Essex Police", "Gloucestershire Constabulary",
    "Greater Manchester Police", "Gwent Police", "Hampshire Constabulary",
    "Hertfordshire Constabulary", "Humberside Police", "Kent Police", "Lancashire Constabulary",
    "Leicestershire Constabulary", "Lincolnshire Police", "Merseyside Police",
    "Metropolitan Police Service", "Norfolk Constabulary", "Northamptonshire Police",
    "Northumbria Police", "North Wales Police", "North Yorkshire Police",
    "Nottinghamshire Police", "South Wales Police", "South Yorkshire Police",
    "Staffordshire Police", "Suffolk Constabulary", "Surrey Police", "Sussex Police",
    "Thames Valley Police", "Warwickshire Police", "West Mercia Constabulary",
    "West Midlands Police", "West Yorkshire Police", "Wiltshire Constabulary",
]


def relabel(rows: dict[str, list[Row]], force: str, published: str,
            shift: int) -> dict[str, list[Row]]:
    """``rows`` as another force's report: new id, name and month, every
    grade moved ``shift`` steps round the scale (frameworks and summary)."""
    sha = hashlib.sha256(f"{force}/{published}".encode()).hexdigest()
    rid = sha[:16]
    out: dict[str, list[Row]] = {}
    for table, table_rows in rows.items():
        fresh = []
        for r in table_rows:
            r = {**r, "report_id": rid}
            if table == "reports":
                r.update(force=force, published=published, source_sha256=sha,
                         source_path=f"{force.lower().replace(' ', '-')}-{published[-4:]}.pdf")
            if table in ("frameworks", "summary_judgements") and r.get("grade") in GRADE_ORDER:
                step = (GRADE_ORDER.index(r["grade"]) + shift * (1 + len(r["code"] or "") % 2))
                r["grade"] = GRADE_ORDER[step % len(GRADE_ORDER)]
            fresh.append(r)
        out[table] = fresh
    return rows_with_analysis_columns(out)


def write_collection(folder: Path, reports: list[dict[str, list[Row]]]) -> Path:
    """Write ``reports`` (rows per table, one dict each) as an output folder."""
    schemas = load_schemas()
    ds = Dataset(folder)
    ds.open()
    docs = []
    for rows in reports:
        report = rows["reports"][0]
        tables = {name: rows_to_table(schema, rows.get(name, []))
                  for name, schema in schemas.items()}
        docs.append(Doc([Entry(report["report_id"], report["source_path"],
                               report["source_sha256"], PARSER_VERSION, report["status"],
                               True)], tables))
    for start in range(0, len(docs), 32):      # parts of at most 32 reports, as convert writes
        ds.commit(docs[start:start + 32])
    ds.close()   # the commits' journal folded into the manifest, as convert ends
    return folder
