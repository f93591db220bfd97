"""Columns an analyst would otherwise compute or join for, derived from one
report's own rows: the report's key, force identity, year and date; grade
and direction ranks; the domain number and framework title beside each row
that names a framework.

``rows_with_analysis_columns`` runs after records become rows and before
rows become Arrow, so every written table carries them.
"""

from __future__ import annotations

from typing import Any

from extract.output.keys import (
    DIRECTION_RANK,
    GRADE_RANK,
    force_id,
    published_date,
    report_key,
)
from extract.parse.patterns import published_month

Row = dict[str, Any]
# Tables whose rows name a framework by code and get its title beside it.
_TITLED = ("findings", "good_practice", "paragraphs", "table_cells")
_GRADED = ("frameworks", "grade_distribution", "summary_judgements")
_DIRECTED = ("frameworks", "summary_judgements")


def domain_number(code: str | None) -> int | None:
    """A framework code's domain: its leading number (``3A`` is in domain 3)."""
    return int(code[0]) if code and code[0].isdigit() else None


def report_columns(row: Row) -> Row:
    """A ``reports`` row with report_key, force_id, year and published_date."""
    ym = published_month(row.get("published"))
    return {**row, "report_key": report_key(row.get("force"), row.get("published")),
            "force_id": force_id(row.get("force")), "year": ym[0] if ym else None,
            "published_date": published_date(row.get("published"))}


def rows_with_analysis_columns(rows: dict[str, list[Row]]) -> dict[str, list[Row]]:
    """Every table's rows with the derived columns its schema lists."""
    titles = {f["code"]: f["title"] for f in rows.get("frameworks", [])}
    out = dict(rows)
    out["reports"] = [report_columns(r) for r in rows.get("reports", [])]
    # dict(row, name=value) copies a row faster than {**row, "name": value}.
    for table in _TITLED:
        out[table] = [dict(r, domain_number=domain_number(r.get("code")),
                           framework_title=titles.get(r.get("code") or ""))
                      for r in rows.get(table, [])]
    for table in _GRADED:
        out[table] = [dict(r, grade_rank=GRADE_RANK.get(r.get("grade") or ""))
                      for r in out.get(table, [])]
    for table in _DIRECTED:
        out[table] = [dict(r, direction_rank=DIRECTION_RANK.get(r.get("direction") or ""))
                      for r in out.get(table, [])]
    out["frameworks"] = [dict(r, domain_number=domain_number(r.get("code")))
                         for r in out.get("frameworks", [])]
    return out
