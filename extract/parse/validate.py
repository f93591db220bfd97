"""Stage 5, validate: a report's facts in, ``Diagnostic`` list out.

The report's own arithmetic and its own index: every framework present and
once, each national grade distribution summing to the number of forces, the
Summary of Judgements and the contents list agreeing with the frameworks
found, values from the vocabularies, and little text left unplaced.

The checks run over ``ReportFacts``, a small summary of one report that the
pipeline builds from its records (``facts_from_records``) and ``validate
DIR`` builds from written tables, so both run the very same checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from extract.model import Diagnostic
from extract.parse.patterns import DIRECTIONS, GRADE_VALUES, PATTERNS, published_year
from extract.parse.records.build import Records
from extract.parse.records.summary import norm_title

# Home Office forces in England and Wales, counted by every distribution.
FORCES = 43
# Frameworks per baseline year (2006: 1A-7B; 2005 had 27).
FRAMEWORKS_BY_YEAR = {2006: 23, 2005: 27}
# Below this share of the text placed in tables, a report gets a warning.
MIN_PLACED_SHARE = 0.995
# Words left over in a domain's contents entries once the frameworks found
# are taken out, from which on something listed was not found.
MIN_UNFOUND_WORDS = 2


@dataclass(slots=True)
class ReportFacts:
    """What the checks need to know about one report."""

    year: int | None
    frameworks: list[tuple[str, str, str | None, str | None]]   # code, title, grade, direction
    distributions: dict[str, dict[str, int]] = field(default_factory=dict)
    summary: list[tuple[str, str | None, str, str]] = field(default_factory=list)
    contents: list[str] = field(default_factory=list)
    placed_share: float | None = None
    source_chars: int | None = None
    residue_chars: int | None = None


def facts_from_records(recs: Records) -> ReportFacts:
    distributions: dict[str, dict[str, int]] = {}
    for row in recs.grade_distribution:
        distributions.setdefault(row.code, {})[row.grade] = row.forces
    return ReportFacts(
        published_year(recs.metadata.published),
        [(f.code, f.title, f.grade, f.direction) for f in recs.frameworks],
        distributions,
        [(s.title, s.code, s.grade, s.direction) for s in recs.summary_judgements],
        [c.text for c in recs.contents],
        recs.placed_share, recs.source_chars, recs.residue_chars)


# --- the checks ------------------------------------------------------------------------
def frameworks_present(facts: ReportFacts) -> Iterable[Diagnostic]:
    seen: set[str] = set()
    for code, *_ in facts.frameworks:
        if code in seen:
            yield Diagnostic("error", "frameworks_unique",
                             f"{code}: the framework heading appears twice")
        seen.add(code)
    expected = FRAMEWORKS_BY_YEAR.get(facts.year or 0)
    if expected is not None and len(seen) != expected:
        yield Diagnostic("error", "frameworks_present",
                         f"{len(seen)} frameworks found; a {facts.year} baseline has {expected}")
    if not seen:
        yield Diagnostic("error", "frameworks_present", "no frameworks found")


def distributions_sum(facts: ReportFacts) -> Iterable[Diagnostic]:
    for code, *_ in facts.frameworks:
        if code not in facts.distributions:
            yield Diagnostic("error", "distribution_present",
                             f"{code}: no national grade distribution")
    for code, per_grade in facts.distributions.items():
        total = sum(per_grade.values())
        if total != FORCES:
            yield Diagnostic("error", "distribution_sum",
                             f"{code}: national grade distribution sums to {total}, not {FORCES}")


def summary_agrees(facts: ReportFacts) -> Iterable[Diagnostic]:
    """The Summary of Judgements is the report's own index of grades: every
    row names a framework found, every framework has a row, and they agree."""
    if not facts.summary:
        if facts.frameworks:
            yield Diagnostic("error", "summary_present", "no Summary of Judgements table")
        return
    rows = {code: (grade, direction) for _, code, grade, direction in facts.summary if code}
    for title, code, _, _ in facts.summary:
        if code is None:
            yield Diagnostic("error", "summary_matches",
                             f"summary row {title!r} names no framework found in the report")
    for code, _, grade, direction in facts.frameworks:
        if code not in rows:
            yield Diagnostic("error", "summary_matches", f"{code}: missing from the summary table")
        elif grade is not None and direction is not None and rows[code] != (grade, direction):
            yield Diagnostic("error", "summary_matches",
                             f"{code}: summary says {rows[code][0]}/{rows[code][1]}, "
                             f"framework table says {grade}/{direction}")


def contents_agrees(facts: ReportFacts) -> Iterable[Diagnostic]:
    """Where the contents list names the frameworks, each framework found is
    listed, and nothing listed under a domain is left unfound."""
    text = f" {' '.join(norm_title(e) for e in facts.contents)} "
    titles = {code: norm_title(title) for code, title, _, _ in facts.frameworks}
    listed = [code for code, title in titles.items() if f" {title} " in text]
    if len(listed) * 2 < len(titles):
        return   # this contents list does not name the frameworks
    for code, title in titles.items():
        if code not in listed:
            yield Diagnostic("error", "contents_matches",
                             f"{code}: {title!r} is not listed in the contents")
    for domain, words in _unfound_in_contents(facts.contents, list(titles.values())):
        yield Diagnostic("error", "contents_matches",
                         f"the contents list {words!r} under domain {domain}, but no such "
                         f"framework was found")


def _unfound_in_contents(entries: list[str], titles: list[str]) -> Iterable[tuple[str, str]]:
    """(domain number, words) for each domain's contents entries that are left
    once the titles found are taken out."""
    groups: list[tuple[str, list[str]]] = []
    for entry in entries:
        m = PATTERNS["domain"].match(entry)
        if m:
            groups.append((m["number"], []))
        elif PATTERNS["appendix_head"].match(entry):
            groups.append(("", []))
        elif groups:
            groups[-1][1].append(norm_title(entry))
    for domain, texts in groups:
        left = f" {' '.join(texts)} "
        for title in sorted(titles, key=len, reverse=True):
            left = left.replace(f" {title} ", " ")
        words = [w for w in left.split() if not w.isdigit()]
        if domain and len(words) >= MIN_UNFOUND_WORDS:
            yield domain, " ".join(words)


def known_values(facts: ReportFacts) -> Iterable[Diagnostic]:
    for code, _, grade, direction in facts.frameworks:
        if grade is not None and grade not in GRADE_VALUES:
            yield Diagnostic("error", "grade_vocabulary", f"{code}: unknown grade {grade!r}")
        if direction is not None and direction not in DIRECTIONS:
            yield Diagnostic("error", "direction_vocabulary",
                             f"{code}: unknown direction {direction!r}")


def residue_share(facts: ReportFacts) -> Iterable[Diagnostic]:
    share = facts.placed_share
    if share is None:
        return
    severity = "info" if share >= MIN_PLACED_SHARE else "warning"
    if facts.source_chars is None:
        message = f"{share:.2%} of the text placed in tables"
    else:
        message = (f"{share:.2%} of {facts.source_chars} non-furniture characters placed in "
                   f"tables; {facts.residue_chars} in residue")
    yield Diagnostic(severity, "residue_share", message)


CHECKS: list[tuple[str, Callable[[ReportFacts], Iterable[Diagnostic]]]] = [
    ("frameworks_present", frameworks_present),
    ("distributions_sum", distributions_sum),
    ("summary_agrees", summary_agrees),
    ("contents_agrees", contents_agrees),
    ("known_values", known_values),
    ("residue_share", residue_share),
]


def check_report(facts: ReportFacts) -> list[Diagnostic]:
    """Every check, in order, over one report's facts."""
    return [d for _, check in CHECKS for d in check(facts)]


def validate_records(recs: Records) -> list[Diagnostic]:
    return check_report(facts_from_records(recs))
