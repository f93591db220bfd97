"""Report metadata: force, month published, assessment period and ISBNs.

Each fact has its own small reader. The title page decides the force's name
(a running header may carry a page number or a shorter form); the header is
the fallback. The first month and year on the front pages is the
publication date.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extract.model import Block, Diagnostic
from extract.parse.patterns import PATTERNS, fold, published_year
from extract.parse.records.types import Metadata


@dataclass(slots=True)
class Front:
    """What the metadata readers look at."""

    lines: list[str]                 # the front pages' lines, folded
    header_force: str | None         # the force the running header names
    furniture_month: str | None      # the month the furniture names
    body_text: str                   # the narrative, where the period is stated
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def read_force(front: Front) -> str | None:
    title = next((m["force"] for line in front.lines
                  if (m := PATTERNS["force_name"].match(line))
                  and not PATTERNS["inspectorate"].search(line)), None)
    if title and front.header_force and title != front.header_force:
        front.diagnostics.append(Diagnostic(
            "warning", "force_name", f"title page names {title!r}, running header "
                                     f"{front.header_force!r}; using the title page"))
    return title or front.header_force


def read_published(front: Front) -> str | None:
    m = PATTERNS["published"].search(front.text)
    return f"{m['month']} {m['year']}" if m else front.furniture_month


def _digits(isbn: str) -> str:
    return str(PATTERNS["not_isbn_digit"].sub("", isbn))


def isbn_valid(isbn: str) -> bool:
    """Check digit test for ISBN-10 and ISBN-13."""
    d = _digits(isbn)
    if len(d) == 13 and d.isdigit():
        return sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(d)) % 10 == 0
    if len(d) == 10 and d[:9].isdigit():
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(d))
        return total % 11 == 0
    return False


def read_isbns(front: Front) -> tuple[str | None, str | None]:
    """(ISBN-13, ISBN-10) as printed, hyphens kept; 2005 reports print one
    untagged ISBN, whose length says which it is."""
    text = front.text
    isbn13 = isbn10 = None
    if m := PATTERNS["isbn13"].search(text):
        isbn13 = "".join(m["isbn"].split())
    if m := PATTERNS["isbn10"].search(text):
        isbn10 = "".join(m["isbn"].split())
    if isbn13 is None and isbn10 is None:
        for m in PATTERNS["isbn_plain"].finditer(text):
            value = "".join(m["isbn"].split())
            if len(_digits(value)) == 13:
                isbn13 = value
            elif len(_digits(value)) == 10:
                isbn10 = value
    for name, isbn in (("isbn13", isbn13), ("isbn10", isbn10)):
        if isbn is not None and not isbn_valid(isbn):
            front.diagnostics.append(Diagnostic("warning", "isbn_checksum",
                                                f"{name} {isbn} fails its check digit"))
    return isbn13, isbn10


def read_period(front: Front, published: str | None) -> str | None:
    """The financial year assessed: as stated by its dates ("the period 1 April
    2005 to 31 March 2006"), else as a financial year, else the year before
    publication. The dates come first: a report may mention other financial
    years (a budget's, last year's) but states its own period once."""
    if m := PATTERNS["period_dates"].search(front.body_text):
        return f"{m['start']}/{m['end'][2:]}"
    if m := PATTERNS["period_fy"].search(front.body_text):
        return str(m["period"])
    year = published_year(published)
    if year is None:
        return None
    period = f"{year - 1}/{str(year)[2:]}"
    front.diagnostics.append(Diagnostic("info", "period", f"assessment period not stated; "
                                                          f"taken as {period} from the "
                                                          f"publication date"))
    return period


def front_to_metadata(blocks: list[Block], header_force: str | None,
                      furniture_month: str | None,
                      body_text: str) -> tuple[Metadata, list[Diagnostic]]:
    front = Front([fold(line.text) for block in blocks for line in block.lines],
                  header_force, furniture_month, body_text)
    force = read_force(front)
    published = read_published(front)
    isbn13, isbn10 = read_isbns(front)
    period = read_period(front, published)
    for name, found in (("force", force), ("published", published)):
        if found is None:
            front.diagnostics.append(Diagnostic("warning", "metadata", f"no {name} found"))
    return Metadata(force, published, period, isbn13, isbn10), front.diagnostics
