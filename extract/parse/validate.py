"""Stage 5, validate: ``Records`` in, ``Diagnostic`` list out.

The report's own arithmetic: every framework present, each national grade
distribution summing to the number of forces, the Summary of Judgements
agreeing with each framework's grade table, values from the vocabularies,
and little text left unplaced. ``validate DIR`` re-runs the same checks on
written tables (see ``extract.regress.validate``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from extract.model import Diagnostic
from extract.parse.patterns import DIRECTIONS, GRADES
from extract.parse.records.build import Records

# Home Office forces in England and Wales, counted by every distribution.
FORCES = 43
# Frameworks per baseline year (2006: 1A-7B; 2005 had 27).
FRAMEWORKS_BY_YEAR = {2006: 23, 2005: 27}
MIN_PLACED_SHARE = 0.995


def check_frameworks(codes: list[str], year: int | None) -> Iterable[Diagnostic]:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            yield Diagnostic("error", "frameworks_unique", f"framework {code} appears twice")
        seen.add(code)
    expected = FRAMEWORKS_BY_YEAR.get(year or 0)
    if expected is not None and len(seen) != expected:
        yield Diagnostic("error", "frameworks_present",
                         f"{len(seen)} frameworks found; a {year} baseline has {expected}")
    if not seen:
        yield Diagnostic("error", "frameworks_present", "no frameworks found")


def check_distributions(counts: dict[str, dict[str, int]],
                        codes: list[str]) -> Iterable[Diagnostic]:
    for code in codes:
        if code not in counts:
            yield Diagnostic("error", "distribution_present",
                             f"{code}: no national grade distribution")
    for code, per_grade in counts.items():
        total = sum(per_grade.values())
        if total != FORCES:
            yield Diagnostic("error", "distribution_sum",
                             f"{code}: national grade distribution sums to {total}, not {FORCES}")


def check_summary(summary: dict[str, tuple[str, str]], frameworks: dict[str, tuple[str, str]],
                  unmatched: list[str]) -> Iterable[Diagnostic]:
    for title in unmatched:
        yield Diagnostic("error", "summary_matches",
                         f"summary row {title!r} names no framework in the report")
    for code, (grade, direction) in frameworks.items():
        if code not in summary:
            yield Diagnostic("error", "summary_matches", f"{code}: missing from the summary table")
            continue
        s_grade, s_direction = summary[code]
        if (s_grade, s_direction) != (grade, direction):
            yield Diagnostic("error", "summary_matches",
                             f"{code}: summary says {s_grade}/{s_direction}, "
                             f"framework table says {grade}/{direction}")


def check_vocabulary(values: Iterable[tuple[str, str | None, str | None]]) -> Iterable[Diagnostic]:
    for code, grade, direction in values:
        if grade is not None and grade not in GRADES:
            yield Diagnostic("error", "grade_vocabulary", f"{code}: unknown grade {grade!r}")
        if direction is not None and direction not in DIRECTIONS:
            yield Diagnostic("error", "direction_vocabulary",
                             f"{code}: unknown direction {direction!r}")


def validate_records(recs: Records) -> list[Diagnostic]:
    year = int(recs.metadata.published.split()[-1]) if recs.metadata.published else None
    codes = [f.code for f in recs.frameworks]
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for row in recs.grade_distribution:
        counts[row.code][row.grade] = row.forces
    summary = {r.code: (r.grade, r.direction) for r in recs.summary_judgements if r.code}
    unmatched = [r.title for r in recs.summary_judgements if not r.code]
    graded = {f.code: (f.grade, f.direction) for f in recs.frameworks
              if f.grade is not None and f.direction is not None}
    out = [*check_frameworks(codes, year), *check_distributions(counts, codes)]
    if recs.summary_judgements:
        out.extend(check_summary(summary, graded, unmatched))
    elif recs.frameworks:
        out.append(Diagnostic("error", "summary_present", "no Summary of Judgements table"))
    out.extend(check_vocabulary((f.code, f.grade, f.direction) for f in recs.frameworks))
    share = recs.placed_share
    out.append(Diagnostic(
        "info" if share >= MIN_PLACED_SHARE else "warning", "residue_share",
        f"{share:.2%} of {recs.source_chars} non-furniture characters placed in tables; "
        f"{recs.residue_chars} in residue"))
    return out
