"""Report metadata (force, month published, period, ISBNs) and the Summary of
Judgements table."""

from __future__ import annotations

from collections.abc import Iterable

import regex

from extract.model import Block, Diagnostic, Line, Span
from extract.parse.patterns import PATTERNS, fold
from extract.parse.records.types import Metadata, SummaryRow

_HEADER = regex.compile(
    r"^(?:Summary\s+of\s+Judgements)?\s*(?:Grade)?\s*(?:Direction\s+of\s+Travel)?$|"
    r"^Summary\s+of\s+Judgements\s*(?:Grade\s*)?(?:Direction\s+of\s+Travel)?",
    regex.IGNORECASE)
_NOT_A_FORCE = regex.compile(r"\bInspectorate\b", regex.IGNORECASE)
_NOT_ISBN_DIGIT = regex.compile(r"[^\dX]")
_SPACE = regex.compile(r"\s+")
_BRACKETED = regex.compile(r"\([^)]*\)")
_TITLE_WORD = regex.compile(r"[a-z0-9]+")


def _digits(isbn: str) -> str:
    return str(_NOT_ISBN_DIGIT.sub("", isbn))


def isbn_valid(isbn: str) -> bool:
    """Check digit test for ISBN-10 and ISBN-13."""
    d = _digits(isbn)
    if len(d) == 13 and d.isdigit():
        return sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(d)) % 10 == 0
    if len(d) == 10 and d[:9].isdigit():
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(d))
        return total % 11 == 0
    return False


def _isbn_text(isbn: str) -> str:
    return str(_SPACE.sub("", isbn))


def front_to_metadata(front: list[Block], header_force: str | None, furniture_month: str | None,
                      body_text: str) -> tuple[Metadata, list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    lines = [fold(line.text) for block in front for line in block.lines]
    text = "\n".join(lines)

    title_force = next((m["force"] for t in lines
                        if (m := PATTERNS["force_name"].match(t)) and not _NOT_A_FORCE.search(t)),
                       None)
    force = header_force or title_force
    if header_force and title_force and header_force != title_force:
        diagnostics.append(Diagnostic("warning", "force_name",
                                      f"title page names {title_force!r}, running header "
                                      f"{header_force!r}; using the header"))
    published_m = PATTERNS["published"].search(text)
    published = f"{published_m['month']} {published_m['year']}" if published_m else furniture_month

    isbn13 = isbn10 = None
    if m := PATTERNS["isbn13"].search(text):
        isbn13 = _isbn_text(m["isbn"])
    if m := PATTERNS["isbn10"].search(text):
        isbn10 = _isbn_text(m["isbn"])
    if isbn13 is None and isbn10 is None:
        for m in PATTERNS["isbn_plain"].finditer(text):
            value = _isbn_text(m["isbn"])
            if len(_digits(value)) == 13:
                isbn13 = value
            elif len(_digits(value)) == 10:
                isbn10 = value
    for name, isbn in (("isbn13", isbn13), ("isbn10", isbn10)):
        if isbn is not None and not isbn_valid(isbn):
            diagnostics.append(Diagnostic("warning", "isbn_checksum",
                                          f"{name} {isbn} fails its check digit"))

    period = None
    if m := PATTERNS["period_fy"].search(body_text):
        period = m["period"]
    elif m := PATTERNS["period_dates"].search(body_text):
        period = f"{m['start']}/{m['end'][2:]}"
    elif published:
        year = int(published.split()[-1])
        period = f"{year - 1}/{str(year)[2:]}"
        diagnostics.append(Diagnostic("info", "period",
                                      f"assessment period not stated; taken as {period} "
                                      f"from the publication date"))
    for name, found in (("force", force), ("published", published)):
        if found is None:
            diagnostics.append(Diagnostic("warning", "metadata", f"no {name} found"))
    return Metadata(force, published, period, isbn13, isbn10), diagnostics


def _norm_title(text: str) -> str:
    return " ".join(_TITLE_WORD.findall(_BRACKETED.sub(" ", text.lower())))


def summary_rows(lines: Iterable[Line], domains: list[str],
                 frameworks: list[tuple[str, str]]) -> tuple[list[SummaryRow], list[Line]]:
    """Read the Summary of Judgements from its lines, in any cell layout.

    A PDF grid centres the grade cells against a wrapped title, so a row's
    grade and direction can sit on the title's first, middle or last line.
    Title fragments accumulate until they spell a framework title known from
    the framework headings; the grades waiting by then belong to that row.
    Where no title matches, a new grade pair closes the previous row. A line
    naming a domain (known from the domain headings) opens that domain.
    Returns the rows and the lines that could not be placed.
    """
    domain_names = {_norm_title(d): d for d in domains}
    codes = {_norm_title(title): code for code, title in frameworks}
    rows: list[SummaryRow] = []
    texts: list[str] = []
    grades: list[tuple[str, str]] = []
    used: list[Line] = []
    domain: str | None = None

    def emit() -> None:
        nonlocal texts, grades, used
        if texts and grades:
            title = fold(" ".join(texts))
            grade, direction = grades.pop(0)
            rows.append(SummaryRow(len(rows) + 1, domain, title, codes.get(_norm_title(title)),
                                   grade, direction, Span.of(used)))
            texts, used = [], []

    for line in lines:
        text = _HEADER.sub("", fold(line.text)).strip()
        if not text:
            continue
        m = PATTERNS["summary_row"].match(text)
        title_part = m["title"].strip() if m else text
        if m and grades:
            emit()  # a second grade pair: the row before it is complete
        if not texts and not grades and _norm_title(title_part) in domain_names:
            domain = domain_names[_norm_title(title_part)]
            continue
        used.append(line)
        if title_part:
            texts.append(title_part)
        if m:
            grades.append((m["grade"], " ".join(m["direction"].split())))
        if _norm_title(" ".join(texts)) in codes:
            emit()
    emit()
    return rows, used if texts else []
