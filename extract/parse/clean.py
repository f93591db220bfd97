"""Stage 2, clean: raw ``Line`` in, body ``Line`` out (furniture gone, markup gone).

Page furniture (running header, month line, ``Page N``) is found by pattern
*and* repetition, and for PDFs also by position in the page's top and bottom
bands. It is removed wherever it falls, including inside a bullet; the page
number it carried is kept as provenance. No force name is matched literally.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import regex

from extract.model import Line, PageInfo
from extract.parse.patterns import PATTERNS, fold

_DIGITS = regex.compile(r"\d+")
_FURNITURE_PATTERNS = ("running_header", "month_line", "page_label")
_LINE_FIELDS = frozenset(Line.__slots__)


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


def _with(line: Line, **changes: Any) -> Line:
    # dataclasses.replace, but without its per-call introspection, which cost
    # more than the rest of this stage on a long report.
    values = {name: getattr(line, name) for name in _LINE_FIELDS}
    values.update(changes)
    return Line(**values)


def strip_markup(text: str) -> str:
    """Remove extractor markup (``**bold**``, ``*italic*``, ``<u>``) keeping the words."""
    if "*" in text:
        text = PATTERNS["markup_bold"].sub(r"\g<inner>", text)
        text = PATTERNS["markup_italic"].sub(r"\g<inner>", text)
    if "<" in text:
        text = PATTERNS["markup_tag"].sub("", text)
    return text.replace("\u00a0", " ")


# Every furniture pattern ends in a number or in "Assessment"; body lines
# rarely do, and a look at the last character is far cheaper than three
# failed matches.
_FURNITURE_ENDS = frozenset("0123456789t")


def _match(text: str) -> tuple[str, regex.Match[str]] | None:
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
        return counts[key] >= max(3, page_count // 3)
    return False


def _page_number(m: regex.Match[str] | None) -> int | None:
    if m is None:
        return None
    for group in ("page_before", "page_after"):
        value = m.groupdict().get(group)
        if value:
            return int(value)
    return None


def lines_to_clean_text(lines: list[Line], *, paged: bool) -> CleanText:
    """Remove furniture and markup from ``lines``.

    ``paged`` is True for PDF input, whose lines already carry their physical
    page; for text input pages are inferred from the furniture clusters.
    """
    stripped = [strip_markup(text) if "*" in text or "<" in text or "\u00a0" in text else text
                for text in (line.text for line in lines)]
    # Folded once here; the fold cache serves the blocks stage the same texts.
    folded = [fold(text) for text in stripped]
    # The cheap half of _match's test first: most lines fail it.
    matches = [_match(text) if text[-1:] in _FURNITURE_ENDS else None for text in folded]
    # Only furniture candidates (a pattern match, or a line in a PDF page
    # band) are looked at further; a repetition key groups their repeats.
    candidates = [i for i, (m, line) in enumerate(zip(matches, lines, strict=True))
                  if m is not None or line.band is not None]
    keys = {i: _DIGITS.sub("#", folded[i]) for i in candidates}
    pages_seen: dict[str, set[int | None]] = {}
    for i in candidates:
        pages_seen.setdefault(keys[i], set()).add(lines[i].page if paged else lines[i].number)
    counts = {key: len(seen) for key, seen in pages_seen.items()}
    page_numbers = sorted({line.page for line in lines if line.page is not None})
    page_count = len(page_numbers) if paged else 1

    gone_at: list[int] = []
    furniture = [False] * len(lines)
    for i in candidates:
        m = matches[i]
        if _is_furniture(lines[i], m[0] if m else "band", counts, keys[i], page_count):
            gone_at.append(i)
            furniture[i] = True
    force_votes: Counter[str] = Counter()
    month_votes: Counter[str] = Counter()
    for i in gone_at:
        m = matches[i]
        if m is not None:
            if m[0] == "running_header":
                force_votes[m[1]["force"]] += 1
            if m[1].groupdict().get("month"):
                month_votes[fold(m[1]["month"])] += 1

    if paged:
        body, pages = _pages_from_pdf(lines, furniture, gone_at, matches, page_numbers)
    else:
        body, pages = _pages_from_clusters(lines, furniture, matches)
    gone = [lines[i] for i in gone_at]
    # Body lines keep their order, so they pair with the stripped texts of the
    # lines that are not furniture.
    texts = [text for text, is_f in zip(stripped, furniture, strict=True) if not is_f]
    cleaned = [_with(line, text=text) if text != line.text else line
               for line, text in zip(body, texts, strict=True)]
    return CleanText(
        lines=cleaned,
        pages=pages,
        furniture_lines=len(gone),
        furniture_chars=sum(len("".join(line.text.split())) for line in gone),
        body_chars=_non_space([text for text, is_f in zip(folded, furniture, strict=True)
                               if not is_f]),
        force_in_header=force_votes.most_common(1)[0][0] if force_votes else None,
        month_in_furniture=month_votes.most_common(1)[0][0] if month_votes else None,
    )


def _non_space(folded: list[str]) -> int:
    # A folded line has single spaces only, so its other characters are the count.
    text = "".join(folded)
    return len(text) - text.count(" ")


def _pages_from_pdf(lines: list[Line], furniture: list[bool], gone_at: list[int],
                    matches: list[tuple[str, regex.Match[str]] | None], page_numbers: list[int]
                    ) -> tuple[list[Line], list[PageInfo]]:
    """PDF input: pages are known; furniture gives each page its printed
    label and leaves a paragraph break where it stood."""
    labels: dict[int, str] = {}
    kept = list(lines)
    for i in gone_at:
        line, m = lines[i], matches[i]
        number = _page_number(m[1] if m else PATTERNS["bare_number"].match(fold(line.text)))
        if number is not None and line.page is not None:
            labels.setdefault(line.page, str(number))
        after = next((j for j in range(i + 1, len(lines)) if not furniture[j]), None)
        if after is not None and not lines[after].gap_before:
            kept[after] = _with(lines[after], gap_before=True)
    body = [line for line, is_f in zip(kept, furniture, strict=True) if not is_f]
    per_page = Counter(line.page for line in body)
    return body, [PageInfo(p, labels.get(p), per_page[p]) for p in page_numbers]


def _pages_from_clusters(lines: list[Line], furniture: list[bool],
                         matches: list[tuple[str, regex.Match[str]] | None]
                         ) -> tuple[list[Line], list[PageInfo]]:
    """Text input: each furniture cluster is a page break.

    A page number on a running-header line opens the page that follows. A
    ``Page N`` (alone or on a month line) closes the page before, unless a
    header came earlier in the same cluster, in which case it opens the next.
    """
    segments: list[list[Line]] = [[]]
    opens: list[int | None] = [None]   # label opening segment i
    closes: list[int | None] = [None]  # label closing segment i
    in_cluster = False
    header_seen = False
    for line, is_f, m in zip(lines, furniture, matches, strict=True):
        if not is_f:
            if in_cluster:
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
            if is_header or header_seen:
                opens[-1] = number
            else:
                closes[-2] = number
        header_seen = header_seen or is_header or (m is not None and m[0] == "month_line")

    known: list[int | None] = []
    for i in range(len(segments)):
        page = closes[i] if closes[i] is not None else opens[i]
        known.append(page)
    # Fill a segment bracketed by two known pages exactly two apart.
    for i in range(1, len(segments) - 1):
        before, after = known[i - 1], known[i + 1]
        if known[i] is None and before is not None and after is not None and after - before == 2:
            known[i] = before + 1

    body: list[Line] = []
    pages: list[PageInfo] = []
    for i, segment in enumerate(segments):
        page = known[i]
        for j, line in enumerate(segment):
            body.append(_with(line, page=page, gap_before=line.gap_before or (j == 0 and i > 0)))
        if page is not None:
            pages.append(PageInfo(page, str(page), len(segment)))
    return body, pages
