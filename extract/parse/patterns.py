"""Every regular expression the package uses, named, with an example line; and
the report's vocabularies (grades, directions of travel, bullet markers).

Patterns are matched against lines after markup is stripped and whitespace is
folded, unless the comment says otherwise. Nothing here names a force: the
force's name is captured, never matched literally.
"""

from __future__ import annotations

import functools
import re

import regex

MONTH = (r"(?:January|February|March|April|May|June|July|August|September"
         r"|October|November|December)")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

# --- vocabularies ------------------------------------------------------------
# The four service-delivery grades: the columns of every national distribution.
GRADES = ("Excellent", "Good", "Fair", "Poor")
# What a grade table may print instead of a grade or a direction.
UNGRADED = ("Not Graded", "Not Assessed")
GRADE_VALUES = (*GRADES, *UNGRADED)
DIRECTIONS = ("Improved", "Stable", "Declined", *UNGRADED)


def _alternatives(words: tuple[str, ...]) -> str:
    """A vocabulary as a pattern: "Not Graded" matches with any space between."""
    return "(?:" + "|".join(w.replace(" ", r"\s+") for w in words) + ")"


GRADE = _alternatives(GRADE_VALUES)
DIRECTION = _alternatives(DIRECTIONS)
# Roman numerals of a list: "(i)" … "(x)".
ROMAN_NUMERALS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")
# Letters of a lettered list, "(a)" … "(h)": enough for any list in a report,
# and none of them a roman numeral.
LIST_LETTERS = "abcdefgh"
_CANONICAL = {v.lower(): v for v in (*GRADE_VALUES, *DIRECTIONS)}

# Glyphs that open a bullet item, as extractors render them: hyphen, bullet,
# en and em dash, minus, asterisk, squares, circles, arrows, ticks, and any
# private-use character (a symbol-font glyph the extractor could not map,
# e.g. U+F0B7). U+FFFD is a glyph a PDF engine could not map at all, in
# practice a symbol-font bullet. "-" comes first: the set goes into a class.
BULLET_GLYPHS = ("-\u2022\u2023\u2043\u2219\u00b7\u2013\u2014\u2212*\u25aa\u25ab\u25a0\u25a1"
                 "\u25cf\u25cb\u25e6\u25c6\u25c7\u25ba\u27a2\u27a4\u2794\u2713\u2714\u2756"
                 "\ufffd")
_PRIVATE_USE = "\ue000-\uf8ff"
_ROMAN = "(?:" + "|".join(ROMAN_NUMERALS) + ")"
# A dash as extractors render it: hyphen, en dash, em dash, minus.
DASH = r"[-\u2013\u2014\u2212]"
# Ligatures (U+FB00-U+FB06) as the letters they stand for.
LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                           "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"})
# Characters an extractor leaves that print as nothing: zero-width space and
# joiners, a stray byte-order mark.
INVISIBLE = str.maketrans({"\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None,
                           "\u2060": None})
SOFT_HYPHEN = "\u00ad"
# What joins a word's halves at a line end with no hyphen left: a soft hyphen,
# and pdfium's mark for a hyphen it joined (U+FFFE).
SOFT_HYPHENS = (SOFT_HYPHEN, "\ufffe")
# The marks that may end a line in the middle of a word: a hyphen, or one of those.
BREAK_MARKS = ("-", *SOFT_HYPHENS)
# Unicode's own hyphens, printed like "-" and kept like it.
HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-"})
# Every character str.isspace() accepts but the space itself and the tab,
# which parts table cells: printed as a plain space.
ODD_SPACES = ("\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003"
              "\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
# Prefixes British usage joins with a hyphen whatever follows ("co-ordinated",
# "non-crime", "self-assessment"): broken at a line end, they keep it unless
# the report spells the word whole. Prefixes that are also common syllables
# ("re-", "pre-", "inter-") are left to the rest of the rule.
HYPHENATED_PREFIXES = frozenset({"anti", "co", "counter", "cross", "non", "self", "semi",
                                 "well"})

_SOURCES = {
    # --- page furniture --------------------------------------------------
    # "Kent Police - Baseline Assessment", "Page 2 Suffolk Constabulary – Baseline
    # Assessment", "Durham Constabulary – Baseline Assessment October 2006",
    # "2 Wiltshire Constabulary – Baseline Assessment October 2005"
    "running_header": (
        rf"^(?:(?:Page\s+)?(?P<page_before>\d{{1,3}})\s+)?(?P<force>[A-Z]\S*.{{0,80}}?)\s+"
        rf"{DASH}\s+Baseline\s+Assessment(?:\s+(?P<month>{MONTH}\s+\d{{4}}))?"
        rf"(?:\s+Page\s+(?P<page_after>\d+))?$"
    ),
    # "October 2006", "October 2006 Page 7", "Page 7 October 2006"
    "month_line": (
        rf"^(?:Page\s+(?P<page_before>\d+)\s+)?(?P<month>{MONTH}\s+(?:19|20)\d\d)"
        rf"(?:\s+Page\s+(?P<page_after>\d+))?$"
    ),
    # "Page 91", "Page 91 of 94"
    "page_label": r"^Page\s+(?P<page_after>\d+)(?:\s+of\s+\d+)?$",
    # A bare page number in a PDF's bottom band: "91"
    "bare_number": r"^(?P<page_after>\d{1,3})$",
    # Digits, replaced by "#" so that furniture repeated with another page
    # number is recognised as a repeat.
    "digits": r"\d+",
    # --- extractor markup (matched on raw text) --------------------------
    # "**bold**", "*italic*", "<u>underlined</u>"
    "markup_bold": r"\*\*(?=\S)(?P<inner>.+?)(?<=\S)\*\*",
    "markup_italic": r"(?<![\w*])\*(?=[^\s*])(?P<inner>[^*]+?)(?<=[^\s*])\*(?![\w*])",
    "markup_tag": r"</?(?:u|b|i|em|strong|sup|sub)>",
    # --- blocks (matched on raw text, leading space kept) ----------------
    # "- item", "• item", "\uf0b7 item", "o item", "  – sub-item", "3. item",
    # "1) item", "(a) item", "b) item", "(iv) item"; a second glyph after the
    # first ("- ➤ item") is part of the marker, never of the text.
    "bullet": (
        rf"^(?P<indent>[ \t]*)(?P<marker>(?:[{BULLET_GLYPHS}{_PRIVATE_USE}]|o(?=[ \t]))"
        rf"(?:[ \t]+[{BULLET_GLYPHS}{_PRIVATE_USE}](?=[ \t]))?"
        rf"|\d{{1,2}}[.)](?!\d)|\(?[{LIST_LETTERS}]\)|\({_ROMAN}\)|{_ROMAN}\))[ \t]+(?P<text>\S.*)$"
    ),
    # A marker alone: the first cell of a line where a tab follows the marker
    # ("•\tText", as Word and Acrobat write it), which makes it a bullet, not a
    # table row; and the first run of a PDF line set apart by a hanging indent.
    "marker_only": (
        rf"^(?:[{BULLET_GLYPHS}{_PRIVATE_USE}]|o|\d{{1,2}}[.)]|\(?[{LIST_LETTERS}]\)"
        rf"|\({_ROMAN}\)|{_ROMAN}\))$"
    ),
    # --- front matter ----------------------------------------------------
    # "ISBN-13: 978-1-84726-033-8", "ISBN -13: …", "ISBN 13: … ISBN 10: …"
    "isbn13": r"ISBN\s*-?\s*13\s*:?\s*(?P<isbn>97[89][\d\s-]{10,16}\d)",
    "isbn10": r"ISBN\s*-?\s*10\s*:?\s*(?P<isbn>\d[\d\s-]{8,12}[\dX])",
    # 2005: "ISBN 1-84473-718-7" (no 10/13 tag)
    "isbn_plain": r"ISBN\s*:?\s*(?P<isbn>\d[\d-]{8,16}[\dX])(?![\d-])",
    # What is not part of an ISBN's digits: "978-1-84726-033-8" -> "9781847260338"
    "not_isbn_digit": r"[^\dX]",
    # "Baseline Assessment October 2006", "October 2006"
    "published": rf"(?P<month>{MONTH})\s+(?P<year>(?:19|20)\d\d)",
    # A month as written in a reports row: "October 2006", "Oct. 2006", "october 2006"
    "month_year": r"\b(?P<month>[A-Za-z]{3,9})\.?\s+(?P<year>(?:19|20)\d\d)\b",
    # "Kent Police", "Metropolitan Police Service", "City of London Police",
    # "Avon and Somerset Constabulary", "Cheshire Constabulary",
    # "Cheshire Constabulary Baseline Assessment October 2006"
    "force_name": (
        r"^(?P<force>[A-Z][\w&'.-]*(?:\s+(?:[A-Z][\w&'.-]*|of|and|the)){0,5}?"
        r"\s+(?:Police(?:\s+Service)?|Constabulary))"
        r"(?:\s+(?:-|\u2013)?\s*Baseline\s+Assessment.*)?$"
    ),
    # A title-page line naming the inspectorate, not a force
    "inspectorate": r"\bInspectorate\b",
    # "financial year 2005/06", "assessment period 1 April 2005 to 31 March 2006"
    "period_fy": r"financial\s+year\s+(?P<period>(?:19|20)\d\d/\d\d)\b",
    "period_dates": (r"period\s+1\s+April\s+(?P<start>(?:19|20)\d\d)\s+to\s+31\s+March"
                     r"\s+(?P<end>(?:19|20)\d\d)"),
    # --- structure -------------------------------------------------------
    "contents": r"^Contents$",
    # "1 Citizen Focus (Domain A)", "6 Resource Use (PPAF Domain B)",
    # "7 Leadership and Direction"
    "domain": (
        r"^(?P<number>[1-9])\s+(?P<title>[A-Z][A-Za-z ,&'-]{2,60}?)"
        r"(?:\s*\((?:PPAF\s+)?(?:[A-Za-z]+\s+)?Domain\s+(?P<ppaf>[A-Z0-9])\))?$"
    ),
    # "1A Fairness and Equality in Service Delivery", "6B Training, Development…"
    "framework": r"^(?P<code>[1-9][A-H])\s+(?P<title>[A-Z(][^\t]{2,120})$",
    # A grade table's words, any layout and casing, in the order found:
    # "Grade Direction of Travel Good Stable", "Grade Poor Direction of travel
    # Declined", "GRADE", "Not graded"
    "grade_token": (
        rf"(?P<grade_label>\bGrade\b)|(?P<direction_label>\bDirection\s+of\s+Travel\b)"
        rf"|(?P<value>\b(?:{GRADE}|{DIRECTION})\b)"
    ),
    # A block that opens a grade table: "Grade", "Grade Direction of Travel",
    # "Grade Good ...". Any casing.
    "grade_table_head": r"^Grade\b",
    "distribution_head": r"^National\s+Grade\s+Distribution$",
    # A distribution's words: the four grades and the counts under them.
    # "Poor Fair Good Excellent 0 15 28 0", "Poor 0 Fair 15 …", "-15", "n/a"
    "distribution_token": (
        rf"(?P<grade>\b{_alternatives(GRADES)}\b)|(?P<count>(?<![\w.])-?\d{{1,3}}(?![\w.]))"
        r"|(?P<other>[^\s\t|]+)"
    ),
    "summary_head": r"^Summary\s+of\s+Judgements\b",
    # The summary table's header cells: "Summary of Judgements Grade Direction of Travel"
    "summary_header": (
        r"^(?:Summary\s+of\s+Judgements)?\s*(?:Grade)?\s*(?:Direction\s+of\s+Travel)?$|"
        r"^Summary\s+of\s+Judgements\s*(?:Grade\s*)?(?:Direction\s+of\s+Travel)?"
    ),
    # A summary row's grade and direction at the end of its cells:
    # "Fairness and Equality in Service Delivery Good Stable", "Good Not graded"
    "summary_values": rf"(?:^|\s)(?P<grade>{GRADE})\s+(?P<direction>{DIRECTION})$",
    # One grade or direction alone in a cell: "Good", "Not Graded"
    "summary_value": rf"^(?:{GRADE}|{DIRECTION})$",
    # Words of a title, for matching titles whatever their case and punctuation
    "title_word": r"[a-z0-9]+",
    "bracketed": r"\([^)]*\)",
    # "Strengths", "Work in Progress", "Areas for Improvement:", any casing
    "strengths": r"^Strengths?\s*[:.]?$",
    "work_in_progress": r"^Work\s+in\s+Progress\s*[:.]?$",
    "area_for_improvement": r"^Areas?\s+for\s+Improvement\s*[:.]?$",
    # "GOOD PRACTICE", "Best Practice"
    "good_practice": r"^(?P<label>Good|Best)\s+Practice\s*:?$",
    # "TITLE: …", "PROBLEM:", "OUTCOME(S):", "FORCE CONTACT: - a@b"
    "gp_field": (
        r"^(?P<field>TITLE|PROBLEMS?|SOLUTIONS?|OUTCOMES?|OUTCOME\(S\)|FORCE\s+CONTACTS?"
        r"|CONTACTS?)\s*:\s*(?:-\s*)?(?P<rest>.*)$"
    ),
    # "Appendix 1: Glossary of Terms and Abbreviations", "Appendix 2 Glossary"
    "glossary_head": r"^Appendix\s+\d+\s*:?\s+Glossary\b.*$",
    "appendix_head": r"^Appendix\s+\d+\s*:?\s+\S.*$",
    # "Appendix 1 Performance Tables": its tables go to table_cells
    "tables_appendix_head": r"^Appendix\s+\d+\s*:?\s+(?:Performance\s+)?Tables?\b.*$",
    # "Key to grades": the key printed under an embedded grid
    "table_key": r"^Key\s+to\b",
    # "3 Excellent", "1. Inadequate": a row of such a key
    "key_row": r"^(?P<value>\d{1,2})\.?\s+(?P<meaning>\S.*)$",
    # A glossary letter divider: "A", or a look-alike ("Α", "Т", "0")
    "glossary_divider": r"^\S$",
    # "ACC assistant chief constable", "P&T personnel and training"
    "glossary_entry": r"^(?P<term>\S+)\s+(?P<definition>\S.*)$",
    # A line that ends a sentence: "…at force level." / "…as follows:"
    "sentence_end": r"[.!?:;]['\")\u2019\u201d]?$",
}

_CASELESS = {
    "strengths", "work_in_progress", "area_for_improvement", "good_practice",
    "contents", "distribution_head", "summary_head", "summary_header", "glossary_head",
    "appendix_head", "tables_appendix_head", "grade_table_head", "table_key", "grade_token",
    "distribution_token", "summary_values", "summary_value", "inspectorate",
}

PATTERNS: dict[str, regex.Pattern[str]] = {
    name: regex.compile(src, regex.IGNORECASE if name in _CASELESS else 0)
    for name, src in _SOURCES.items()
}

FINDING_CATEGORIES = ("strength", "work_in_progress", "area_for_improvement")
FINDING_HEADINGS = {
    "strengths": "strength",
    "work_in_progress": "work_in_progress",
    "area_for_improvement": "area_for_improvement",
}
# The headings a framework's first rules look for (a grade table, a
# distribution, a findings list, a Good Practice box), as one pattern that
# matches wherever any of them does: "Grade", "National Grade Distribution",
# "Strengths", "GOOD PRACTICE". Most blocks are none of them, and one failed
# match says so for all the rules. All of them ignore case.
FRAMEWORK_HEADS = ("grade_table_head", "distribution_head", *FINDING_HEADINGS, "good_practice")
assert _CASELESS.issuperset(FRAMEWORK_HEADS)
PATTERNS["framework_head"] = regex.compile(
    "|".join(f"(?:{_SOURCES[name]})" for name in FRAMEWORK_HEADS), regex.IGNORECASE)

# The stdlib engine, for patterns run on every word or line of a report: they
# need nothing more, and run faster there.
FAST: dict[str, re.Pattern[str]] = {
    # A word, hyphenated compounds whole: "co-ordinated", "anti-social"
    "word": re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*"),
    # A character that can continue a word
    "word_char": re.compile(r"[\w-]"),
    # A hyphen at a line end, where a word may be broken: "improve-\nment"
    "line_end_break": re.compile(
        "[" + "".join(map(re.escape, BREAK_MARKS)) + "]\n"),
    # A run of spaces in a PDF line, where a table row may be cut into cells
    "spaces": re.compile(" +"),
    # pdfminer's name for a glyph it cannot map to Unicode: "(cid:127)"
    "cid": re.compile(r"\(cid:\d+\)"),
    # Characters that tell a line needs more than folding: markup, ligatures,
    # invisible marks, no-break and other odd spaces, soft hyphens
    "needs_normalising": re.compile(
        r"[*<\u00a0\u00ad\u2000-\u2011\u2060\u202f\ufb00-\ufb06\ufeff]"),
    # What a slug leaves out: "Kent Police" -> "kent-police"
    "not_slug": re.compile(r"[^a-z0-9]+"),
    # The numbers in a version: "0.10.1"
    "number": re.compile(r"\d+"),
}


@functools.lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Collapse runs of whitespace (tabs included) to one space, trim the ends.

    Cached: each stage folds the same block texts again, and a string keeps
    its hash, so a repeat costs a lookup instead of a split of the paragraph.
    """
    # Most texts are folded already (a joined block, a plain line). Every
    # whitespace character but the space is unprintable, so these tests
    # prove it more cheaply than splitting would.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def canonical(value: str) -> str:
    """A grade or direction in the vocabulary's spelling: "Not graded" ->
    "Not Graded". The caller has matched it against GRADE or DIRECTION."""
    return _CANONICAL[" ".join(value.split()).lower()]


def finding_category(text: str) -> str | None:
    """The findings category a heading line opens, or None."""
    folded = fold(text)
    for name, category in FINDING_HEADINGS.items():
        if PATTERNS[name].match(folded):
            return category
    return None


def published_month(published: str | None) -> tuple[int, int] | None:
    """(2006, 10) from "October 2006" (or "Oct 2006"); None when not known.
    The one reader of a report's date, for the parser, the checks and the
    written tables."""
    m = PATTERNS["month_year"].search(published or "")
    if not m:
        return None
    name = m["month"].lower()
    month = next((n for n, full in enumerate(MONTHS, start=1) if full.lower().startswith(name)),
                 None)
    return (int(m["year"]), month) if month else None


def published_year(published: str | None) -> int | None:
    """2006 from "October 2006"; None when not known."""
    date = published_month(published)
    return date[0] if date else None
