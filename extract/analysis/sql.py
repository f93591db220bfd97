"""The views of ``extract.analysis.views`` in SQL, for the DuckDB export.
Each gives the same rows as its Python twin (a test checks this)."""

from __future__ import annotations

from extract.output.keys import GRADE_ORDER

_REPORTS = """SELECT DISTINCT report_id, report_key, force, force_id, year
        FROM reports WHERE status <> 'failed'"""

FINDINGS_DETAIL = f"""
CREATE VIEW findings_detail AS
WITH r AS ({_REPORTS})
SELECT r.report_id, r.report_key, r.force, r.force_id, r.year, f.domain_number, fw.domain,
       f.code, f.framework_title, fw.grade, fw.direction, f.category, f.item_no,
       f.parent_item_no, f.text, f.page_start, f.page_end
FROM findings f
JOIN r ON r.report_id = f.report_id
LEFT JOIN frameworks fw ON fw.report_id = f.report_id AND fw.code = f.code
ORDER BY r.force_id, r.year, r.report_key, f.code, f.category, f.item_no
"""

_NATIONAL_COUNTS = ",\n".join(
    f"        CAST(coalesce(sum(forces) FILTER (WHERE grade = '{g}'), 0) AS INTEGER)"
    f" AS national_{g.lower()}" for g in GRADE_ORDER)
_POSITION = {
    "forces_better": ">", "forces_same": "=", "forces_worse": "<",
}
_POSITIONS = ",\n".join(
    f"""       CASE WHEN f.grade_rank IS NULL OR n.national_forces IS NULL THEN NULL ELSE
           CAST(coalesce((SELECT sum(d.forces) FROM grade_distribution d
                          WHERE d.report_id = f.report_id AND d.code = f.code
                            AND d.grade_rank {op} f.grade_rank), 0) AS INTEGER) END AS {name}"""
    for name, op in _POSITION.items())

FRAMEWORK_VS_NATION = f"""
CREATE VIEW framework_vs_nation AS
WITH r AS ({_REPORTS}),
national AS (
    SELECT report_id, code,
{_NATIONAL_COUNTS},
        CAST(sum(forces) AS INTEGER) AS national_forces
    FROM grade_distribution GROUP BY report_id, code),
modal AS (   -- the grade most forces got; of a tie, the lower
    SELECT report_id, code, grade AS modal_grade, grade_rank AS modal_grade_rank
    FROM grade_distribution WHERE grade_rank IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY report_id, code
                               ORDER BY forces DESC, grade_rank) = 1)
SELECT r.report_id, r.report_key, r.force, r.force_id, r.year, f.domain_number, f.domain,
       f.code, f.title, f.grade, f.grade_rank, f.direction, f.direction_rank,
       {", ".join(f"n.national_{g.lower()}" for g in GRADE_ORDER)}, n.national_forces,
       m.modal_grade, m.modal_grade_rank,
{_POSITIONS},
       CASE WHEN f.grade_rank < m.modal_grade_rank THEN 'below'
            WHEN f.grade_rank = m.modal_grade_rank THEN 'at'
            WHEN f.grade_rank > m.modal_grade_rank THEN 'above' END AS vs_modal
FROM frameworks f
JOIN r ON r.report_id = f.report_id
LEFT JOIN national n ON n.report_id = f.report_id AND n.code = f.code
LEFT JOIN modal m ON m.report_id = f.report_id AND m.code = f.code
ORDER BY r.force_id, r.year, r.report_key, f.code
"""


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def grades_by_year(codes: list[str]) -> str:
    """One column per framework code found in the data: SQL needs them named."""
    columns = "".join(
        f",\n       arg_min(g.grade, g.report_key) FILTER (WHERE g.code = '{code}')"
        f" AS {_quoted(code)}" for code in sorted(codes) if "'" not in code)
    return f"""
CREATE VIEW grades_by_year AS
WITH r AS ({_REPORTS}),
g AS (SELECT r.force_id, r.year, r.force, r.report_key, f.code, f.grade
      FROM frameworks f JOIN r ON r.report_id = f.report_id)
SELECT g.force_id, g.year, arg_min(g.force, g.report_key) AS force,
       min(g.report_key) AS report_key{columns}
FROM g GROUP BY g.force_id, g.year
ORDER BY g.force_id, g.year
"""


def view_statements(codes: list[str]) -> list[tuple[str, str]]:
    """(view name, CREATE VIEW statement), in creation order."""
    return [("findings_detail", FINDINGS_DETAIL), ("framework_vs_nation", FRAMEWORK_VS_NATION),
            ("grades_by_year", grades_by_year(codes))]
