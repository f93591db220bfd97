"""Stage 2, clean: raw ``Line`` in, body ``Line`` out (furniture gone, markup gone).

Page furniture (running header, month line, ``Page N``) is found by pattern
*and* repetition, and for PDFs also by position in the page's top and bottom
bands; in text, a bare page number beside it by counting up the pages
(``_bare_page_numbers``). It is removed wherever it falls, including inside a bullet; the page
number it carried is kept as provenance, and the line after it is marked as
opening a page. No force name is matched literally.

Each line's text is also normalised here, once: extractor markup stripped,
ligatures spelled out, invisible characters and mid-line soft hyphens
dropped, no-break spaces made plain, Unicode's hyphens (U+2010, U+2011)
printed as "-". A soft hyphen at a line end stays: it
tells the block stage the word goes on, unbroken, on the next line.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any

import regex

from extract.model import Line, PageInfo
from extract.parse.patterns import (
    FAST,
    HYPHENS,
    INVISIBLE,
    LIGATURES,
    ODD_SPACES,
    PATTERNS,
    SOFT_HYPHEN,
    fold,
)

_FURNITURE_PATTERNS = ("running_header", "month_line", "page_label")
_LINE_FIELD_AT = {f.name: i for i, f in enumerate(fields(Line))}
_LINE_VALUES = attrgetter(*_LINE_FIELD_AT)
# A line repeated in a PDF page's top or bottom band on at least one page in
# this many is furniture even when no pattern names it ...
_BAND_REPEAT_SHARE = 3
# ... and on at least this many pages.
_BAND_REPEAT_MIN = 3
# Bare page numbers in text count only when found on at least this many pages.
PAGE_RUN_MIN = 3
# Wrapped text: lines are measured in buckets of this many characters, the
# common bucket between these lengths is the wrap width, and it counts when at
# least one line in this many falls in it.
WIDTH_BUCKET = 4
WRAP_MIN, WRAP_MAX = 40, 160
WRAP_SHARE = 20
# A line at least this share of the wrap width fills it.
FULL_LINE_SHARE = 0.75
# Every furniture pattern ends in a number or in "Assessment"; body lines
# rarely do, and a look at the last character is far cheaper than three
# failed matches.
_FURNITURE_ENDS = frozenset("0123456789t")
_NEEDS_NORMALISING = FAST["needs_normalising"]
# The three tables as (character, replacement) pairs. A line holds few of
# their characters, and asking for each with ``in`` then replacing it is many
# times cheaper than str.translate, which looks every character of the line
# up in the table. No replacement holds a character of the tables, so the
# order they are made in does not matter.
_PRINTED = tuple((chr(code), to or "") for table in (LIGATURES, INVISIBLE, HYPHENS)
                 for code, to in table.items())

Match = tuple[str, regex.Match[str]]


@dataclass(frozen=True, slots=True)
class CleanText:
    """Body lines plus what the furniture told us."""

    lines: list[Line]
    pages: list[PageInfo]
    furniture_lines: int
    furniture_chars: int
    body_chars: int   # non-whitespace characters of the body lines
    force_in_header: str | None
    month_in_furniture: str | None
    last_page: int | None   # the highest page number known (for text: a label or a form feed)
    wrap_width: int | None  # text input: the width its paragraphs are wrapped at, if they are


def _with(line: Line, **changes: Any) -> Line:
    # dataclasses.replace, but without its per-call introspection, which cost
    # more than the rest of this stage on a long report; the fields are read
    # in one C call and passed by position, cheaper again than by name.
    values = list(_LINE_VALUES(line))
    for name, value in changes.items():
        values[_LINE_FIELD_AT[name]] = value
    return Line(*values)


def strip_markup(text: str) -> str:
    """Remove extractor markup (``**bold**``, ``*italic*``, ``<u>``) keeping the words."""
    if "*" in text:
        text = PATTERNS["markup_bold"].sub(r"\g<inner>", text)
        text = PATTERNS["markup_italic"].sub(r"\g<inner>", text)
    if "<" in text:
        text = PATTERNS["markup_tag"].sub("", text)
    return text


def normalise(text: str) -> str:
    """A line's text as printed: markup, ligatures, invisible characters,
    odd spaces and mid-line soft hyphens dealt with."""
    return _as_printed(text) if _NEEDS_NORMALISING.search(text) else text


def _as_printed(text: str) -> str:
    """``normalise`` for a line the ``needs_normalising`` pattern has found."""
    text = strip_markup(text)
    for char, printed in _PRINTED:
        if char in text:
            text = text.replace(char, printed)
    # Odd spaces are made plain only in a line with other characters than
    # ASCII: an ASCII line keeps its control characters as they were.
    if not text.isascii():
        for char in ODD_SPACES:
            if char in text:
                text = text.replace(char, " ")
    if SOFT_HYPHEN in text:
        body = text.rstrip()
        end = SOFT_HYPHEN if body.endswith(SOFT_HYPHEN) else ""
        text = body.replace(SOFT_HYPHEN, "") + end
    return text


def _match(text: str) -> Match | None:
    """The furniture pattern ``text`` (folded) matches, with its match."""
    if text[-1:] not in _FURNITURE_ENDS or (text[-1] == "t" and not text.endswith("Assessment")):
        return None
    for name in _FURNITURE_PATTERNS:
        m = PATTERNS[name].match(text)
        if m:
            return name, m
    return None


def _is_furniture(line: Line, kind: str, counts: dict[str, int], key: str,
                  page_count: int) -> bool:
    """Pattern plus repetition; in a PDF band, repetition alone is enough."""
    if kind == "page_label":
        return True
    if kind in ("running_header", "month_line"):
        return counts[key] >= 2 or line.band is not None
    if line.band is not None:
        text = fold(line.text)
        if line.band == "bottom" and PATTERNS["bare_number"].match(text):
            return True
        return counts[key] >= max(_BAND_REPEAT_MIN, page_count // _BAND_REPEAT_SHARE)
    return False


def _page_number(m: regex.Match[str] | None) -> int | None:
    if m is None:
        return None
    for group in ("page_before", "page_after"):
        value = m.groupdict().get(group)
        if value:
            return int(value)
    return None


@dataclass(slots=True)
class _Furniture:
    """Which lines are furniture, and what their patterns matched."""

    flags: list[bool]
    at: list[int]                    # indices of the furniture lines, in order
    matches: list[Match | None]


def find_furniture(lines: list[Line], folded: list[str], paged: bool) -> _Furniture:
    """Furniture by pattern and repetition. Only candidates (a pattern match,
    or a line in a PDF page band) are looked at; a repetition key groups
    their repeats whatever the page number in them."""
    matches = [_match(text) if text[-1:] in _FURNITURE_ENDS else None for text in folded]
    candidates = [i for i, (m, line) in enumerate(zip(matches, lines, strict=True))
                  if m is not None or line.band is not None]
    keys = {i: PATTERNS["digits"].sub("#", folded[i]) for i in candidates}
    pages_seen: dict[str, set[int | None]] = {}
    for i in candidates:
        pages_seen.setdefault(keys[i], set()).add(lines[i].page if paged else lines[i].number)
    counts = {key: len(seen) for key, seen in pages_seen.items()}
    page_count = len({line.page for line in lines if line.page is not None}) if paged else 1
    flags = [False] * len(lines)
    at = []
    for i in candidates:
        m = matches[i]
        if _is_furniture(lines[i], m[0] if m else "band", counts, keys[i], page_count):
            flags[i] = True
            at.append(i)
    found = _Furniture(flags, at, matches)
    if not paged:
        _bare_page_numbers(lines, folded, found)
    return found


def _bare_page_numbers(lines: list[Line], folded: list[str], found: _Furniture) -> None:
    """Text input: lines that are only a page number ("12", as pdftotext
    prints a footer) become page labels.

    A candidate is a bare number at one side of a page break: just before
    other furniture or a form feed (a foot), or just after it (a number
    under the running header). A page break is a run of furniture lines,
    candidates among them, or a form feed. Page numbers go up with the page
    breaks: the page numbers are the candidates on the one side, and with
    the one offset (number less the breaks before it), that most breaks
    agree on, at most one per break, if those are at least half the breaks
    (and ``PAGE_RUN_MIN``). A table's figure that a break leaves beside the
    furniture is not among them, nor one equal to its page's number on the
    other side of the break. A number above the running header is read as
    the foot of the page before.
    """
    flags, last = found.flags, len(lines) - 1
    numbers: list[int | None] = []
    marks: dict[int, regex.Match[str]] = {}   # line index -> its bare-number match
    for i, text in enumerate(folded):
        m = PATTERNS["bare_number"].match(text) if text[:1].isdigit() and not flags[i] else None
        beside = m is not None and (
            (i and flags[i - 1]) or i == last or flags[i + 1] or lines[i + 1].breaks_page)
        if m is not None and beside:
            marks[i] = m
        numbers.append(int(m["page_after"]) if m is not None and beside else None)
    edge = [f or n is not None for f, n in zip(flags, numbers, strict=True)]
    # (break, side, number, line index) of each candidate, in order
    candidates: list[tuple[int, str, int, int]] = []
    breaks = 0
    for i, number in enumerate(numbers):
        if (edge[i] or lines[i].breaks_page) and not (i and edge[i - 1]):
            breaks += 1
        if number is not None:
            side = "foot" if i == last or flags[i + 1] or lines[i + 1].breaks_page else "top"
            candidates.append((breaks, side, number, i))
    # Each break votes once for each (side, offset) its candidates have.
    per_break = {(at, side, number - at) for at, side, number, _ in candidates}
    votes = Counter((side, offset) for _, side, offset in per_break)
    if not votes:
        return
    (side, offset), pages = votes.most_common(1)[0]
    if pages < max(PAGE_RUN_MIN, breaks // 2):
        return
    taken: dict[int, int] = {}   # break -> the page number taken there
    chosen = []
    for at, where, number, i in candidates:
        if where != side:
            continue
        # One per break, but for a page with nothing on it but its furniture,
        # whose number follows in the same run ("27", header, "28").
        if (at not in taken and number - at == offset) or taken.get(at) == number - 1:
            taken[at] = number
            chosen.append(i)
    for i in chosen:
        flags[i] = True
        found.matches[i] = ("page_label", marks[i])
    found.at = sorted([*found.at, *chosen])


def _votes(found: _Furniture) -> tuple[str | None, str | None]:
    """The force and the month the furniture names most often."""
    force_votes: Counter[str] = Counter()
    month_votes: Counter[str] = Counter()
    for i in found.at:
        m = found.matches[i]
        if m is not None:
            if m[0] == "running_header":
                force_votes[fold(m[1]["force"])] += 1
            if m[1].groupdict().get("month"):
                month_votes[fold(m[1]["month"])] += 1
    return (force_votes.most_common(1)[0][0] if force_votes else None,
            month_votes.most_common(1)[0][0] if month_votes else None)


def lines_to_clean_text(lines: list[Line], *, paged: bool) -> CleanText:
    """Remove furniture and markup from ``lines``.

    ``paged`` is True for PDF input, whose lines already carry their physical
    page; for text input pages are inferred from the furniture clusters and
    form feeds.
    """
    # normalise() tested inline: on most lines the test fails, and a call
    # per line would cost more than the test.
    texts = [_as_printed(text) if _NEEDS_NORMALISING.search(text) else text
             for text in [line.text for line in lines]]
    # Folded once here; the fold cache serves the blocks stage the same texts.
    folded = list(map(fold, texts))
    found = find_furniture(lines, folded, paged)
    normalised = [_with(line, text=text) if text != line.text else line
                  for line, text in zip(lines, texts, strict=True)]
    if paged:
        body, pages = _pages_from_pdf(normalised, found)
        last_page = len(pages) or None
    else:
        body, pages = _pages_from_clusters(normalised, found)
        labelled = [int(p.label) for p in pages if p.label and p.label.isdigit()]
        last_page = max([p.page for p in pages] + labelled, default=None)
    gone = [lines[i] for i in found.at]
    force, month = _votes(found)
    return CleanText(
        lines=body,
        pages=pages,
        furniture_lines=len(gone),
        furniture_chars=sum(len("".join(line.text.split())) for line in gone),
        body_chars=_non_space([text for text, is_f in zip(folded, found.flags, strict=True)
                               if not is_f]),
        force_in_header=force,
        month_in_furniture=month,
        last_page=last_page,
        wrap_width=None if paged else wrap_width(body),
    )


def is_full_line(length: int, width: int) -> bool:
    """Does a line of ``length`` characters fill a text wrapped at ``width``?
    A wrapped line does (its sentence may go on); a paragraph's last line
    mostly stops short."""
    return length >= FULL_LINE_SHARE * width


def wrap_width(lines: list[Line]) -> int | None:
    """The width (characters) a text's paragraphs are wrapped at: the most
    common length of its long lines, when enough lines share it; None for a
    text whose paragraphs are each one line."""
    lengths = Counter(len(line.text.rstrip()) // WIDTH_BUCKET for line in lines
                      if WRAP_MIN <= len(line.text.rstrip()) <= WRAP_MAX
                      and "\t" not in line.text)
    if not lengths:
        return None
    bucket, n = lengths.most_common(1)[0]
    return (bucket * WIDTH_BUCKET + WIDTH_BUCKET // 2) if n * WRAP_SHARE >= len(lines) else None


def _non_space(folded: list[str]) -> int:
    # A folded line has single spaces only, so its other characters are the count.
    text = "".join(folded)
    return len(text) - text.count(" ")


def _pages_from_pdf(lines: list[Line], found: _Furniture) -> tuple[list[Line], list[PageInfo]]:
    """PDF input: pages are known; furniture gives each page its printed label
    and leaves a paragraph break where it stood. A page's first body line
    opens the page."""
    labels: dict[int, str] = {}
    kept = list(lines)
    for i in found.at:
        line, m = lines[i], found.matches[i]
        number = _page_number(m[1] if m else PATTERNS["bare_number"].match(fold(line.text)))
        if number is not None and line.page is not None:
            labels.setdefault(line.page, str(number))
        after = next((j for j in range(i + 1, len(lines)) if not found.flags[j]), None)
        if after is not None and not lines[after].gap_before:
            kept[after] = _with(lines[after], gap_before=True)
    body = [line for line, is_f in zip(kept, found.flags, strict=True) if not is_f]
    on_page = [line.page for line in body]
    for k in [k for k in range(1, len(body)) if on_page[k] != on_page[k - 1]]:
        body[k] = _with(body[k], breaks_page=True, gap_before=True)
    per_page = Counter(on_page)
    numbers = sorted({line.page for line in lines if line.page is not None})
    return body, [PageInfo(p, labels.get(p), per_page[p]) for p in numbers]


def _pages_from_clusters(lines: list[Line], found: _Furniture
                         ) -> tuple[list[Line], list[PageInfo]]:
    """Text input: each furniture cluster (or form feed) is a page break.

    When the text has form feeds, they count the pages (each line already
    carries its page) and the furniture only gives the labels. Otherwise a
    page number on a running-header line opens the page that follows, and a
    ``Page N`` (alone or on a month line) closes the page before, unless a
    header came earlier in the same cluster, in which case it opens the next.
    """
    segments: list[list[Line]] = [[]]
    opens: list[int | None] = [None]   # label opening segment i
    closes: list[int | None] = [None]  # label closing segment i
    labels: dict[int, int] = {}        # physical page (form feeds) -> printed number
    in_cluster = header_seen = False
    for line, is_f, m in zip(lines, found.flags, found.matches, strict=True):
        if not is_f:
            if (line.breaks_page and not in_cluster and segments[-1]) or \
                    (segments[-1] and line.page is not None
                     and line.page != segments[-1][-1].page):
                segments.append([])   # a form feed with no furniture around it
                opens.append(None)
                closes.append(None)
            in_cluster = False
            segments[-1].append(line)
            continue
        if not in_cluster:
            in_cluster, header_seen = True, False
            segments.append([])
            opens.append(None)
            closes.append(None)
        number = _page_number(m[1]) if m else None
        is_header = m is not None and m[0] == "running_header"
        if number is not None:
            if line.page is not None:
                labels.setdefault(line.page, number)
            elif is_header or header_seen:
                opens[-1] = number
            else:
                closes[-2] = number
        header_seen = header_seen or is_header or (m is not None and m[0] == "month_line")
    if any(line.page is not None for line in lines):
        return _pages_from_feeds(segments, labels)
    known = _segment_pages(opens, closes)
    body: list[Line] = []
    pages: list[PageInfo] = []
    for i, segment in enumerate(segments):
        page = known[i]
        for j, line in enumerate(segment):
            opens_page = j == 0 and i > 0
            body.append(_with(line, page=page, gap_before=line.gap_before or opens_page,
                              breaks_page=opens_page))
        if page is not None:
            pages.append(PageInfo(page, str(page), len(segment)))
    return body, pages


def _pages_from_feeds(segments: list[list[Line]], labels: dict[int, int]
                      ) -> tuple[list[Line], list[PageInfo]]:
    """Text with form feeds: every line knows its page already."""
    body: list[Line] = []
    for i, segment in enumerate(segments):
        for j, line in enumerate(segment):
            opens_page = j == 0 and i > 0
            body.append(_with(line, gap_before=line.gap_before or opens_page,
                              breaks_page=opens_page) if opens_page else line)
    per_page = Counter(line.page for line in body)
    last = max((line.page for line in body if line.page is not None), default=0)
    return body, [PageInfo(p, str(labels[p]) if p in labels else None, per_page[p])
                  for p in range(1, last + 1)]


def _segment_pages(opens: list[int | None], closes: list[int | None]) -> list[int | None]:
    """Each segment's page: its printed label; failing that, filled in where
    two known pages two apart bracket it."""
    known: list[int | None] = [c if c is not None else o for o, c in zip(opens, closes,
                                                                          strict=True)]
    for i in range(1, len(known) - 1):
        before, after = known[i - 1], known[i + 1]
        if known[i] is None and before is not None and after is not None and after - before == 2:
            known[i] = before + 1
    return known
