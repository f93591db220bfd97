"""``validate DIR``: the reports' own arithmetic, re-checked on written tables.

Within a report, the checks the parser runs (``extract.parse.validate``): every
framework present, each distribution summing to 43, the Summary of
Judgements agreeing with each framework's table, known grades. Across
reports of one year: the grades the forces were given must fit each
framework's national grade distribution, exactly when all 43 forces are
present, and never above it otherwise.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from extract.model import Diagnostic
from extract.output.keys import force_id
from extract.output.tables import Row, Tables, first_rows, report_labels
from extract.parse.patterns import published_year
from extract.parse.validate import FORCES, ReportFacts, check_report


@dataclass(frozen=True, slots=True)
class Problem:
    where: str          # "Kent Police 2006", or "2006" for a check across reports
    severity: str
    check: str
    message: str


def _by_report(rows: list[Row]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        out[row["report_id"]].append(row)
    return out


def _year(report: Row) -> int | None:
    return published_year(report.get("published"))


def facts_from_rows(report: Row, tables: dict[str, list[Row]]) -> ReportFacts:
    """The same facts the parser checks, built from one report's written rows."""
    distributions: dict[str, dict[str, int]] = defaultdict(dict)
    for row in tables.get("grade_distribution", []):
        distributions[row["code"]][row["grade"]] = row["forces"]
    frameworks = sorted(tables.get("frameworks", []), key=lambda r: r["code"])
    contents = sorted(tables.get("contents", []), key=lambda r: r["entry_no"])
    summary = sorted(tables.get("summary_judgements", []), key=lambda r: r["ordinal"])
    return ReportFacts(
        _year(report),
        [(f["code"], f["title"], f["grade"], f["direction"]) for f in frameworks],
        dict(distributions),
        [(r["title"], r["code"], r["grade"], r["direction"]) for r in summary],
        [c["text"] for c in contents],
        report.get("placed_share"))


def check_written_report(report: Row, tables: dict[str, list[Row]]) -> list[Diagnostic]:
    """One report's checks, from its rows."""
    if report["status"] == "failed":
        return [Diagnostic("error", "input", f"the input failed: {report['error']}: "
                                             f"{report['message']}")]
    return check_report(facts_from_rows(report, tables))


def check_collection(reports: list[Row], tables: Tables) -> list[Problem]:
    """Grades across the forces of each year against the national distributions."""
    frameworks = _by_report(tables.get("frameworks", []))
    distributions = _by_report(tables.get("grade_distribution", []))
    by_year: dict[int, dict[str, Row]] = defaultdict(dict)   # year -> force_id -> report
    for r in reports:
        year = _year(r)
        force = r.get("force_id") or force_id(r.get("force"))
        if r["status"] != "failed" and force and year is not None:
            # A force's PDF and text, or two forms of its name, count once.
            by_year[year].setdefault(force, r)
    problems: list[Problem] = []
    for year, forces in sorted(by_year.items()):
        if len(forces) < 2:
            continue
        given: dict[str, Counter[str]] = defaultdict(Counter)
        printed: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        for report in forces.values():
            for f in frameworks.get(report["report_id"], []):
                if f["grade"]:
                    given[f["code"]][f["grade"]] += 1
            for d in distributions.get(report["report_id"], []):
                printed[d["code"]][d["grade"]].add(d["forces"])
        complete = len(forces) == FORCES
        for code in sorted(given):
            problems.extend(_check_framework(str(year), code, given[code], printed.get(code),
                                             len(forces), complete))
    return problems


def _check_framework(year: str, code: str, given: Counter[str],
                     printed: dict[str, set[int]] | None, forces: int,
                     complete: bool) -> list[Problem]:
    if not printed:
        return []
    out = []
    for grade, values in sorted(printed.items()):
        if len(values) > 1:
            out.append(Problem(year, "error", "distribution_agrees",
                               f"{code}: the reports print different counts for {grade}: "
                               f"{sorted(values)}"))
    for grade in sorted(set(printed) | set(given)):
        expected = min(printed.get(grade, {0}))
        got = given.get(grade, 0)
        if complete and got != expected:
            out.append(Problem(year, "error", "distribution_matches_grades",
                               f"{code}: {got} of all {FORCES} forces graded {grade}, but the "
                               f"national distribution counts {expected}"))
        elif not complete and got > expected:
            out.append(Problem(year, "error", "distribution_matches_grades",
                               f"{code}: {got} of these {forces} forces graded {grade}, more "
                               f"than the {expected} the national distribution counts"))
    return out


def validate_outputs(tables: Tables) -> list[Problem]:
    reports = first_rows(tables.get("reports", []))
    labels = report_labels(list(reports.values()))
    per_table: dict[str, dict[str, list[Row]]] = {
        name: _by_report(rows) for name, rows in tables.items() if name != "reports"}
    problems: list[Problem] = []
    for rid, report in sorted(reports.items(), key=lambda kv: labels[kv[0]]):
        mine: dict[str, list[Any]] = {name: rows.get(rid, []) for name, rows in per_table.items()}
        problems.extend(Problem(labels[rid], d.severity, d.check, d.message)
                        for d in check_written_report(report, mine) if d.severity != "info")
    problems.extend(check_collection(list(reports.values()), tables))
    return problems
