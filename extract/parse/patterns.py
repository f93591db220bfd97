"""Every regular expression the parser uses, named, with an example line.

Patterns are matched against lines after markup is stripped and whitespace is
folded, unless the comment says otherwise. Nothing here names a force: the
force's name is captured, never matched literally.
"""

from __future__ import annotations

import functools

import regex

MONTH = (r"(?:January|February|March|April|May|June|July|August|September"
         r"|October|November|December)")
GRADES = ("Excellent", "Good", "Fair", "Poor")
DIRECTIONS = ("Improved", "Stable", "Declined", "Not Graded")
GRADE = r"(?:Excellent|Good|Fair|Poor)"
DIRECTION = r"(?:Improved|Stable|Declined|Not\s+Graded)"
# Glyphs that open a bullet item ("-" first: the set goes into a character class).
BULLET_MARKERS = ("-\u2022\uf0b7\u27a4\u25aa\u25cf\u2013\u25e6\u27a2\u00b7\uf0a7\uf076"
                  "\ufffd")
# A dash as extractors render it: hyphen, en dash, em dash, minus.
DASH = r"[-\u2013\u2014\u2212]"

_SOURCES = {
    # --- page furniture --------------------------------------------------
    # "Kent Police - Baseline Assessment", "Page 2 Suffolk Constabulary – Baseline
    # Assessment", "Durham Constabulary – Baseline Assessment October 2006"
    "running_header": (
        rf"^(?:Page\s+(?P<page_before>\d+)\s+)?(?P<force>\S.{{1,80}}?)\s+{DASH}\s+"
        rf"Baseline\s+Assessment(?:\s+(?P<month>{MONTH}\s+\d{{4}}))?"
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
    # --- extractor markup (matched on raw text) --------------------------
    # "**bold**", "*italic*", "<u>underlined</u>"
    "markup_bold": r"\*\*(?=\S)(?P<inner>.+?)(?<=\S)\*\*",
    "markup_italic": r"(?<![\w*])\*(?=[^\s*])(?P<inner>[^*]+?)(?<=[^\s*])\*(?![\w*])",
    "markup_tag": r"</?(?:u|b|i|em|strong|sup|sub)>",
    # --- blocks (matched on raw text, leading space kept) ----------------
    # "- item", "• item", "\uf0b7 item", "➤ item", "  - sub-item", "3. item"; U+FFFD
    # is a glyph the PDF engine could not map, in practice a symbol-font bullet
    "bullet": (
        rf"^(?P<indent>[ \t]*)(?P<marker>[{BULLET_MARKERS}]|\d{{1,2}}\.(?=\s+[A-Z]))[ \t]+"
        r"(?P<text>\S.*)$"
    ),
    # --- front matter ----------------------------------------------------
    # "ISBN-13: 978-1-84726-033-8", "ISBN -13: …", "ISBN 13: … ISBN 10: …"
    "isbn13": r"ISBN\s*-?\s*13\s*:?\s*(?P<isbn>97[89][\d\s-]{10,16}\d)",
    "isbn10": r"ISBN\s*-?\s*10\s*:?\s*(?P<isbn>\d[\d\s-]{8,12}[\dX])",
    # 2005: "ISBN 1-84473-718-7" (no 10/13 tag)
    "isbn_plain": r"ISBN\s*:?\s*(?P<isbn>\d[\d-]{8,16}[\dX])(?![\d-])",
    # "Baseline Assessment October 2006", "October 2006"
    "published": rf"(?P<month>{MONTH})\s+(?P<year>(?:19|20)\d\d)",
    # "Kent Police", "Metropolitan Police Service", "Cheshire Constabulary"
    "force_name": (
        r"^(?P<force>(?:[A-Z][\w&'.-]*\s+){0,5}?(?:Police(?:\s+Service)?|Constabulary))"
        r"(?:\s+(?:-|\u2013)?\s*Baseline\s+Assessment.*)?$"
    ),
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
    # "Grade Direction of Travel Good Stable" (cells joined by spaces)
    "grade_table": (
        rf"^Grade\s+Direction\s+of\s+Travel\s+(?P<grade>{GRADE})\s+"
        rf"(?P<direction>{DIRECTION})$"
    ),
    "grade_table_head": r"^Grade(?:\s+Direction\s+of\s+Travel)?$|^Grade\s+Direction",
    "distribution_head": r"^National\s+Grade\s+Distribution$",
    "summary_head": r"^Summary\s+of\s+Judgements\b",
    # "Fairness and Equality in Service Delivery Good Stable"
    "summary_row": rf"^(?P<title>.*?)\s*(?P<grade>{GRADE})\s+(?P<direction>{DIRECTION})$",
    "strengths": r"^Strengths?$",
    "work_in_progress": r"^Work\s+in\s+Progress$",
    "area_for_improvement": r"^Areas?\s+for\s+Improvement$",
    # "GOOD PRACTICE", "Best Practice"
    "good_practice": r"^(?P<label>Good|Best)\s+Practice$",
    # "TITLE: …", "PROBLEM:", "OUTCOME(S):", "FORCE CONTACT: - a@b"
    "gp_field": (
        r"^(?P<field>TITLE|PROBLEMS?|SOLUTIONS?|OUTCOMES?|OUTCOME\(S\)|FORCE\s+CONTACTS?"
        r"|CONTACTS?)\s*:\s*(?:-\s*)?(?P<rest>.*)$"
    ),
    # "Appendix 1: Glossary of Terms and Abbreviations", "Appendix 2 Glossary"
    "glossary_head": r"^Appendix\s+\d+\s*:?\s+Glossary\b.*$",
    "appendix_head": r"^Appendix\s+\d+\s*:?\s+\S.*$",
    # "Key to grades": the key printed under an embedded grid
    "table_key": r"^Key\s+to\b",
    # A glossary letter divider: "A", or a look-alike ("Α", "Т", "0")
    "glossary_divider": r"^\S$",
    # "ACC assistant chief constable", "P&T personnel and training"
    "glossary_entry": r"^(?P<term>\S+)\s+(?P<definition>\S.*)$",
    # A line that ends a sentence: "…at force level." / "…as follows:"
    "sentence_end": r"[.!?:;]['\")\u2019\u201d]?$",
}

PATTERNS: dict[str, regex.Pattern[str]] = {
    name: regex.compile(src, regex.IGNORECASE if name in {
        "strengths", "work_in_progress", "area_for_improvement", "good_practice",
        "contents", "distribution_head", "summary_head", "glossary_head",
        "appendix_head", "grade_table_head", "table_key",
    } else 0)
    for name, src in _SOURCES.items()
}

FINDING_CATEGORIES = ("strength", "work_in_progress", "area_for_improvement")
FINDING_HEADINGS = {
    "strengths": "strength",
    "work_in_progress": "work_in_progress",
    "area_for_improvement": "area_for_improvement",
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


def finding_category(text: str) -> str | None:
    """The findings category a heading line opens, or None."""
    folded = fold(text)
    for name, category in FINDING_HEADINGS.items():
        if PATTERNS[name].match(folded):
            return category
    return None
