"""Positioned text runs into ``Line`` records, shared by both PDF engines.

An engine hands over runs (a word or a stretch of text with its box) per
page; this module groups them into lines, marks paragraph gaps from the
vertical spacing, marks lines in the page's top and bottom bands (furniture
candidates), and turns a wide horizontal gap into a tab so a grid table's
cells arrive as they do in a text file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from operator import attrgetter
from typing import Any

from extract.model import Line

# A line whose middle sits in the top or bottom 8% of the page may be furniture.
BAND = 0.08
# A gap wider than this many line heights between runs separates table cells.
CELL_GAP = 1.8
# A line starting further below the previous one than this many times the page's
# usual line pitch follows a paragraph break.
PARAGRAPH_GAP = 1.3
# Steps smaller than this (points) are rows of one line set slightly apart.
_MIN_STEP = 3.0
# A wrapped cell's next line starts within this many points of the cell's edge.
_ALIGN = 3.0
_COMMON_SHARE = 0.25
_BULLET_GLYPHS = frozenset("\ufffd\uf0b7\u2022\u27a4\u25aa\u25cf\u25e6\u27a2\u00b7\uf0a7\uf076"
                           "-\u2013o")


@dataclass(slots=True)
class Run:
    """Text with its box, in top-down page coordinates (points)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float | None = None
    bold: bool | None = None


def _row_cells(runs: list[Run]) -> list[list[Any]]:
    """A row's runs as cells, [x0, text], cut where runs sit a cell gap apart."""
    first = runs[0]
    cells: list[list[Any]] = [[first.x0, first.text.rstrip("\r\n")]]
    height = max(r.bottom - r.top for r in runs) or 10.0
    for prev, run in zip(runs, runs[1:], strict=False):
        text = run.text.rstrip("\r\n")
        gap = run.x0 - prev.x1
        out = cells[-1][1]
        if prev.text.strip() in _BULLET_GLYPHS:
            sep = " "  # a bullet glyph is set apart by its indent, not a cell edge
        elif gap > CELL_GAP * height:
            cells.append([run.x0, text])
            continue
        elif gap > 0.15 * height and not out.endswith(" ") and not text.startswith(" "):
            sep = " "
        else:
            sep = ""
        cells[-1][1] = out + sep + text
    return cells


def _cells_text(cells: list[list[Any]]) -> str:
    return "\t".join(text.rstrip(" ") for _, text in cells).rstrip()


def _wrapped_column(cells: list[list[Any]], table: list[list[Any]], step: float,
                    pitch: float) -> int | None:
    """The column of ``table`` (the table row above) whose cell ``cells``
    continues, or None when ``cells`` is a row of its own.

    A cell whose text wraps leaves a line holding only that cell's next words,
    set at the cell's left edge. Only a line of one cell, under a later
    column, is joined this way: a line at the first column's edge may as well
    be a row of one cell (a domain name in the summary table), which the
    summary reader pairs itself, and a line of several cells is a row.
    """
    if len(cells) != 1 or len(table) < 2 or step > PARAGRAPH_GAP * pitch:
        return None
    x0 = cells[0][0]
    return next((j for j, (col, _) in enumerate(table) if j and abs(col - x0) <= _ALIGN), None)


# A row: the runs on one line of the page (left to right) and the line's
# vertical extent. A plain tuple, as a page has dozens and a report thousands.
_Row = tuple[float, float, list[Run]]   # top, bottom, runs

_TOP_LEFT = attrgetter("top", "x0")
_LEFT = attrgetter("x0")


def runs_to_rows(runs: list[Run]) -> list[_Row]:
    """Group one page's runs into rows (top to bottom, left to right)."""
    rows: list[_Row] = []
    row: list[Run] = []
    top = bottom = 0.0
    for run in sorted([r for r in runs if r.text and not r.text.isspace()], key=_TOP_LEFT):
        if row and top - 1 <= (run.top + run.bottom) / 2 <= bottom + 1:
            row.append(run)
            top, bottom = min(top, run.top), max(bottom, run.bottom)
            continue
        if row:
            rows.append((top, bottom, row))
        row, top, bottom = [run], run.top, run.bottom
    if row:
        rows.append((top, bottom, row))
    for _, _, row in rows:
        if len(row) > 1:
            row.sort(key=_LEFT)
    return rows


def line_pitch(pages: list[list[_Row]]) -> float | None:
    """The document's usual distance between consecutive lines of a paragraph.

    Measured over the whole document, since a page of headings alone has no
    paragraph lines to measure. It is the smallest step (to half a point)
    that is common, at least a quarter as frequent as the most frequent one:
    in a report of short paragraphs the step between paragraphs or list items
    can outnumber the step inside a paragraph, but it is never the smaller.
    """
    steps = []
    for rows in pages:
        middles = [(top + bottom) / 2 for top, bottom, _ in rows]
        steps += [b - a for a, b in zip(middles, middles[1:], strict=False)]
    counts = Counter(round(2 * step) / 2 for step in steps if step >= _MIN_STEP)
    if not counts:
        return None
    common = max(counts.values()) * _COMMON_SHARE
    return min(step for step, n in counts.items() if n >= common)


def rows_to_lines(rows: list[_Row], page: int, height: float,
                  pitch: float | None) -> list[Line]:
    """One ``Line`` per row, except that a table cell's wrapped words join
    their cell. Glyph boxes are tight, so gaps between boxes are noisy; the
    distance between line middles against the usual pitch is not."""
    lines: list[Line] = []
    prev_middle: float | None = None
    table: list[list[Any]] | None = None   # the cells of the table row above, if any
    top_band, bottom_band = height * BAND, height * (1 - BAND)
    for top, bottom, runs in rows:
        middle = (top + bottom) / 2
        band = "top" if middle < top_band else "bottom" if middle > bottom_band else None
        step = middle - prev_middle if prev_middle is not None else None
        prev_middle = middle
        first = runs[0]
        # Most rows are one run of prose; they need no cells unless a table is above.
        cells = None if len(runs) == 1 and table is None else _row_cells(runs)
        if table is not None and cells and step is not None and pitch is not None \
                and band is None:
            column = _wrapped_column(cells, table, step, pitch)
            if column is not None:
                table[column][1] = f"{str(table[column][1]).rstrip()} {str(cells[0][1]).strip()}"
                lines[-1] = replace(lines[-1], text=_cells_text(table))
                continue
        gap = step is not None and pitch is not None and step > PARAGRAPH_GAP * pitch
        if first.size is None:   # the pdfium engine gives no font, only boxes
            size, bold = bottom - top, None
        else:
            size = max(r.size or 0.0 for r in runs)
            bold = any(r.bold for r in runs)
        if cells is None or len(cells) == 1:
            text = (first.text if cells is None else str(cells[0][1])).rstrip()
            table = None
        else:
            text = _cells_text(cells)
            table = cells
        lines.append(Line(len(lines) + 1, text, page, gap, first.x0, top, size, bold, band))
    return lines


def pages_to_lines(pages: list[tuple[list[Run], float]]) -> list[Line]:
    """All pages' runs (with each page's height) into the document's lines."""
    rows = [runs_to_rows(runs) for runs, _ in pages]
    pitch = line_pitch(rows)
    lines: list[Line] = []
    for number, (page_rows, (_, height)) in enumerate(zip(rows, pages, strict=True), start=1):
        lines.extend(rows_to_lines(page_rows, number, height, pitch))
    return lines
