"""What the HTML summary shows, built from a dataset: plain, sorted records
that the template only lays out. No dates or clocks, so the same dataset
gives the same page."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from extract.analysis.dataset import Dataset
from extract.output.keys import GRADE_ORDER, GRADE_RANK, slug

Row = dict[str, Any]
# The tables and columns the page shows.
COLUMNS = {
    "frameworks": ["report_id", "code", "title", "grade", "grade_rank", "direction"],
    "grade_distribution": ["report_id", "code", "grade", "forces"],
    "findings": ["report_id", "code", "category", "item_no", "parent_item_no", "text",
                 "page_start", "page_end"],
    "good_practice": ["report_id", "code", "box_no", "label", "title", "problem", "solution",
                      "outcome", "contact"],
    "diagnostics": ["report_id", "severity", "message"],
}
TABLES = list(COLUMNS)
CATEGORIES = (("strength", "Strengths"), ("work_in_progress", "Work in Progress"),
              ("area_for_improvement", "Areas for Improvement"))
ARROWS = {"Improved": ("\u2191", "improved"), "Stable": ("\u2192", "stable"),
          "Declined": ("\u2193", "declined")}


class Finding(NamedTuple):
    """A tuple, as tens of thousands are made for a large collection; it
    goes into the page as the JSON list ``[text, pages, sub]``."""
    text: str
    pages: str            # "p. 27", "pp. 27-28", or "" when not known
    sub: bool             # a sub-bullet


@dataclass(frozen=True, slots=True)
class Band:
    grade: str
    forces: int
    percent: float        # width in the bar
    mine: bool            # the force's own grade


@dataclass(slots=True)
class Framework:
    code: str
    title: str
    grade: str | None
    rank: int             # 0 when ungraded, for sorting
    direction: str | None
    arrow: str
    direction_word: str    # "improved", ... for screen readers
    bands: list[Band] = field(default_factory=list)
    modal: str | None = None
    position: str | None = None      # below, at or above the modal grade
    findings: list[tuple[str, list[Finding]]] = field(default_factory=list)
    boxes: list[Row] = field(default_factory=list)


@dataclass(slots=True)
class Report:
    anchor: str
    label: str             # "Kent Police 2006"
    force: str
    force_id: str
    year: int | None
    published: str
    file: str
    status: str
    placed: str            # "100.0%"
    problems: list[tuple[str, str]]          # (severity, message)
    frameworks: list[Framework] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Matrix:
    year: int | None
    columns: list[tuple[str, str]]                       # (code, title)
    rows: list[tuple[Report, list[Framework | None]]]    # a cell per column


@dataclass(frozen=True, slots=True)
class Change:
    title: str
    cells: list[tuple[str | None, str]]      # per year: (grade, change mark: up, down or "")


@dataclass(frozen=True, slots=True)
class ForceYears:
    force: str
    years: list[int]
    rows: list[Change]


@dataclass(frozen=True, slots=True)
class Summary:
    reports: list[Report]
    matrices: list[Matrix]
    histories: list[ForceYears]
    forces: int
    years: list[int]


def _group(rows: list[Row]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        out[row["report_id"]].append(row)
    return out


def _pages(row: Row) -> str:
    start, end = row.get("page_start"), row.get("page_end")
    if start is None:
        return ""
    return f"p. {start}" if end in (None, start) else f"pp. {start}\u2013{end}"


def _anchor(report: Row) -> str:
    base = slug(str(report.get("report_key") or report["report_id"]))
    return f"r-{base}"


def _framework(fw: Row, dist: list[Row], findings: list[Row], boxes: list[Row]) -> Framework:
    arrow, css = ARROWS.get(fw.get("direction") or "", ("\u2013", "not graded"))
    counts = {d["grade"]: d["forces"] for d in dist}
    total = sum(counts.values())
    out = Framework(fw["code"], fw["title"], fw.get("grade"), fw.get("grade_rank") or 0,
                    fw.get("direction"), arrow, css)
    if total:
        out.bands = [Band(g, counts.get(g, 0), round(100 * counts.get(g, 0) / total, 2),
                          g == out.grade) for g in GRADE_ORDER]
        top = max(counts.get(g, 0) for g in GRADE_ORDER)
        out.modal = next(g for g in GRADE_ORDER if counts.get(g, 0) == top)  # ties: the lower
        if out.rank:
            step = out.rank - GRADE_RANK[out.modal]
            out.position = "below" if step < 0 else "above" if step > 0 else "at"
    per_category: dict[str, list[Finding]] = defaultdict(list)
    for f in sorted(findings, key=itemgetter("category", "item_no")):
        per_category[f["category"]].append(
            Finding(f["text"], _pages(f), f.get("parent_item_no") is not None))
    out.findings = [(heading, per_category.get(category, [])) for category, heading in CATEGORIES]
    out.boxes = sorted(boxes, key=lambda b: b["box_no"])
    return out


def build_summary(ds: Dataset) -> Summary:
    """The page's content from a dataset (opened with at least ``TABLES``)."""
    tables = {name: _group(ds.arrow(name).select(columns).to_pylist())
              for name, columns in COLUMNS.items()}
    seen: set[str] = set()
    reports: list[Report] = []
    for r in sorted(ds.arrow("reports").to_pylist(),
                    key=lambda r: (r.get("force_id") or "~", r.get("year") or 0,
                                   r.get("report_key") or "", r["source_path"])):
        if r["report_id"] in seen:     # the same content under a second path
            continue
        seen.add(r["report_id"])
        reports.append(_report(r, {name: rows.get(r["report_id"], [])
                                   for name, rows in tables.items()}))
    years = sorted({r.year for r in reports if r.year is not None and r.frameworks})
    return Summary(reports, _matrices(reports), _histories(reports),
                   len({r.force_id for r in reports if r.force_id}), years)


def _report(r: Row, rows: dict[str, list[Row]]) -> Report:
    failed = r["status"] == "failed"
    file = Path(str(r["source_path"])).name
    force = r.get("force") or file
    share = r.get("placed_share")
    problems = sorted((d["severity"], d["message"]) for d in rows["diagnostics"]
                      if d["severity"] in ("error", "warning"))
    if failed and not problems:
        problems = [("error", f"{r.get('error')}: {r.get('message')}")]
    report = Report(_anchor(r), f"{force} {r.get('year') or ''}".strip(), force,
                    r.get("force_id") or "", r.get("year"), r.get("published") or "", file,
                    r["status"], f"{share:.1%}" if share is not None else "", problems)
    by_code: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for name in ("grade_distribution", "findings", "good_practice"):
        for row in rows[name]:
            by_code[row.get("code") or ""][name].append(row)
    for fw in sorted(rows["frameworks"], key=lambda f: f["code"]):
        mine = by_code[fw["code"]]
        report.frameworks.append(_framework(fw, mine["grade_distribution"], mine["findings"],
                                            mine["good_practice"]))
    return report


def _matrices(reports: list[Report]) -> list[Matrix]:
    """One grades matrix per year: frameworks differ between years."""
    out = []
    for year in sorted({r.year for r in reports if r.frameworks}, key=lambda y: y or 0):
        mine = [r for r in reports if r.year == year and r.frameworks]
        titles: dict[str, str] = {}
        for r in mine:
            for f in r.frameworks:
                titles.setdefault(f.code, f.title)
        columns = sorted(titles.items())
        rows = [(r, [{f.code: f for f in r.frameworks}.get(code) for code, _ in columns])
                for r in mine]
        out.append(Matrix(year, columns, rows))
    return out


def _histories(reports: list[Report]) -> list[ForceYears]:
    """For each force with reports of several years, its grades side by side,
    frameworks matched by title (codes were renumbered between years)."""
    by_force: dict[str, dict[int, Report]] = defaultdict(dict)
    for r in reports:
        if r.force_id and r.year is not None and r.frameworks:
            by_force[r.force_id].setdefault(r.year, r)
    out = []
    for _, per_year in sorted(by_force.items()):
        if len(per_year) < 2:
            continue
        years = sorted(per_year)
        titles: dict[str, str] = {}      # folded title -> title as printed, latest year first
        found: dict[int, dict[str, Framework]] = {
            y: {_fold(f.title): f for f in per_year[y].frameworks} for y in years}
        for year in reversed(years):
            for key, f in found[year].items():
                titles.setdefault(key, f.title)
        rows = []
        for key, title in titles.items():
            grades = [found[y].get(key) for y in years]
            cells: list[tuple[str | None, str]] = []
            previous: int | None = None
            for fw in grades:
                rank = fw.rank if fw and fw.rank else None
                mark = ("up" if rank > previous else "down" if rank < previous else "") \
                    if rank is not None and previous is not None else ""
                cells.append((fw.grade if fw else None, mark))
                previous = rank if rank is not None else previous
            rows.append(Change(title, cells))
        latest = per_year[years[-1]]
        out.append(ForceYears(latest.force, years, rows))
    return out


def _fold(title: str) -> str:
    return " ".join(title.lower().replace("&", "and").split())
