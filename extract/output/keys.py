"""Names that identify a report and a force across inputs and years, and the
order of grades and directions: pure functions of what a report prints.

- ``report_key("Kent Police", "October 2006")`` is ``kent-police/2006-10``:
  the same for a report's PDF and its text, whose ``report_id``s differ.
- ``force_id("Kent County Constabulary")`` is ``kent``, as is
  ``force_id("Kent Police")``: forces change the form of their printed name
  between years ("… Police", "… Constabulary", "… Police Service"), and an
  analyst following a force across years needs one name for it.
"""

from __future__ import annotations

import datetime as dt

from extract.parse.patterns import FAST, UNGRADED, published_month

GRADE_ORDER = ("Poor", "Fair", "Good", "Excellent")
DIRECTION_ORDER = ("Declined", "Stable", "Improved")
# Every value a grade or direction column can hold, lowest first: a framework
# not graded (or not assessed) sorts before Poor and before Declined, and
# every table read has the same categories, so columns compare.
GRADE_CATEGORIES = (*reversed(UNGRADED), *GRADE_ORDER)
DIRECTION_CATEGORIES = (*reversed(UNGRADED), *DIRECTION_ORDER)
# Poor 1 … Excellent 4, so that a higher rank is a better grade.
GRADE_RANK = {g: i for i, g in enumerate(GRADE_ORDER, start=1)}
# Declined -1, Stable 0, Improved +1; "Not Graded" has no rank.
DIRECTION_RANK = {d: i for i, d in enumerate(DIRECTION_ORDER, start=-1)}

# Words that give a force's name its form, not its identity; dropped from the
# end of the name ("Metropolitan Police Service" -> "metropolitan").
_FORM_WORDS = frozenset({"police", "constabulary", "service", "force", "county"})


def slug(text: str) -> str:
    """Lower case, ``&`` as ``and``, runs of other characters as one hyphen."""
    text = text.lower().replace("&", " and ")
    return FAST["not_slug"].sub("-", text).strip("-")


def published_date(published: str | None) -> dt.date | None:
    """The first day of the month of publication."""
    ym = published_month(published)
    return dt.date(ym[0], ym[1], 1) if ym else None


def force_id(force: str | None) -> str | None:
    """One name for a force whatever the form printed: the slug of its name
    without the trailing words that only give the name its form."""
    words = slug(force or "").split("-")
    while len(words) > 1 and words[-1] in _FORM_WORDS:
        words.pop()
    return "-".join(words) or None


def report_key(force: str | None, published: str | None) -> str | None:
    """``kent-police/2006-10``: the force as printed and the month of
    publication. None when either is unknown (a failed input, say)."""
    ym = published_month(published)
    name = slug(force or "")
    return f"{name}/{ym[0]}-{ym[1]:02d}" if name and ym else None
