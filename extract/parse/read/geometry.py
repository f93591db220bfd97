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
from extract.parse.patterns import BULLET_GLYPHS

# A line whose middle sits in the top or bottom 8% of the page may be furniture.
BAND = 0.08
# A gap wider than this many line heights between runs separates table cells.
CELL_GAP = 1.8
# A paragraph or list break: a step between lines more than the page's line
# pitch plus this many points, or this share of the pitch if that is more.
# Measured between baselines, which are exact, so 3 pt of paragraph spacing
# shows as well as 12 pt does.
PARAGRAPH_EXTRA_PT = 1.5
PARAGRAPH_EXTRA_SHARE = 0.1
# Where only box middles are known (they move with ascenders and descenders),
# a break is a step more than this many times the pitch.
PARAGRAPH_GAP_NOISY = 1.3
# Steps smaller than this (points) are rows of one line set slightly apart.
MIN_STEP_PT = 3.0
# A size's pitch above this many times the size cannot be lines of one
# paragraph (leading is 1.1 to 1.35 times the size): the size's lines are all
# set apart (headings, table rows), and the document's pitch is used instead.
MAX_LEADING = 1.45
# Lines whose font sizes differ by more than this (points) are never one paragraph.
SIZE_CHANGE_PT = 0.5
# Points either side within which two lines start "at the same place": a
# wrapped cell's next line at the cell's edge, a continuation at its item's indent.
ALIGN_PT = 3.0
# The pitch is the smallest step at least this share as frequent as the most
# frequent one.
COMMON_SHARE = 0.25
# A gap between runs wider than this share of the line height is a space
# between words (narrower: one word in pieces).
WORD_GAP = 0.15
# Points of slack when a run is put on a row: its middle within the row's extent.
ROW_SLACK_PT = 1.0
# A run with no height is taken to be on a line this many points high.
DEFAULT_LINE_HEIGHT_PT = 10.0
_BULLET_GLYPHS = frozenset(BULLET_GLYPHS) | frozenset("o\ufffd")


def _is_glyph(text: str) -> bool:
    """A bullet glyph on its own: from the list, or a private-use (symbol-font) one."""
    return text in _BULLET_GLYPHS or (len(text) == 1 and "\ue000" <= text <= "\uf8ff")


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
    baseline: float | None = None   # where known: exact, unlike the box's middle


def _row_cells(runs: list[Run]) -> list[list[Any]]:
    """A row's runs as cells, [x0, text], cut where runs sit a cell gap apart."""
    first = runs[0]
    cells: list[list[Any]] = [[first.x0, first.text.rstrip("\r\n")]]
    if len(runs) == 1:
        return cells   # a line under a table row, to be checked for a wrapped cell
    height = max([r.bottom - r.top for r in runs]) or DEFAULT_LINE_HEIGHT_PT
    for prev, run in zip(runs, runs[1:], strict=False):
        text = run.text.rstrip("\r\n")
        gap = run.x0 - prev.x1
        out = cells[-1][1]
        if _is_glyph(prev.text.strip()):
            sep = " "  # a bullet glyph is set apart by its indent, not a cell edge
        elif gap > CELL_GAP * height:
            cells.append([run.x0, text])
            continue
        elif gap > WORD_GAP * height and not out.endswith(" ") and not text.startswith(" "):
            sep = " "
        else:
            sep = ""
        cells[-1][1] = out + sep + text
    return cells


def _cells_text(cells: list[list[Any]]) -> str:
    return "\t".join(text.rstrip(" ") for _, text in cells).rstrip()


def _wrapped_column(cells: list[list[Any]], table: list[list[Any]], step: float,
                    pitch: float, exact: bool) -> int | None:
    """The column of ``table`` (the table row above) whose cell ``cells``
    continues, or None when ``cells`` is a row of its own.

    A cell whose text wraps leaves a line holding only that cell's next words,
    set at the cell's left edge. Only a line of one cell, under a later
    column, is joined this way: a line at the first column's edge may as well
    be a row of one cell (a domain name in the summary table), which the
    summary reader pairs itself, and a line of several cells is a row.
    """
    if len(cells) != 1 or len(table) < 2 or is_break(step, pitch, exact):
        return None
    x0 = cells[0][0]
    return next((j for j, (col, _) in enumerate(table) if j and abs(col - x0) <= ALIGN_PT),
                None)


# A row: the runs on one line of the page (left to right), the line's vertical
# extent, where its lines are measured from (the baseline where the engine
# gives one, the middle otherwise) and its font size where known. A plain
# tuple: a report has thousands.
_Row = tuple[float, float, float, float | None, list[Run]]   # top, bottom, y, size, runs

_TOP_LEFT = attrgetter("top", "x0")
_LEFT = attrgetter("x0")


def _text_length(run: Run) -> int:
    return len(run.text)


def _rows(groups: list[tuple[float, float, list[Run]]]) -> list[_Row]:
    """Each group of runs on one line (top, bottom, runs) as a row. One loop
    over a page's groups rather than a call per row: a page has dozens."""
    rows: list[_Row] = []
    for top, bottom, runs in groups:
        # The longest run's baseline and size: a bullet glyph from a symbol font
        # can sit on a baseline of its own.
        if len(runs) == 1:
            main = runs[0]
        else:
            main = max(runs, key=_text_length)   # the first longest, top to bottom
            runs.sort(key=_LEFT)
        baseline, size = main.baseline, main.size
        rows.append((top, bottom, (top + bottom) / 2 if baseline is None else baseline,
                     round(2 * size) / 2 if size else None, runs))
    return rows


def runs_to_rows(runs: list[Run]) -> list[_Row]:
    """Group one page's runs into rows (top to bottom, left to right)."""
    groups: list[tuple[float, float, list[Run]]] = []
    row: list[Run] = []
    top = bottom = 0.0
    baseline: float | None = None
    slack = ROW_SLACK_PT
    kept = [r for r in runs if r.text and not r.text.isspace()]
    kept.sort(key=_TOP_LEFT)
    for run in kept:
        run_top, run_bottom = run.top, run.bottom
        # On the row when its middle is within the row's extent, or when it
        # sits on the row's baseline: a raised glyph ("*") alone has a box
        # too small for the text beside it to be within.
        if row and (top - slack <= (run_top + run_bottom) / 2 <= bottom + slack or (
                baseline is not None and run.baseline is not None
                and abs(run.baseline - baseline) <= slack)):
            row.append(run)
            if run_top < top:
                top = run_top
            if run_bottom > bottom:
                bottom = run_bottom
            continue
        if row:
            groups.append((top, bottom, row))
        row, top, bottom, baseline = [run], run_top, run_bottom, run.baseline
    if row:
        groups.append((top, bottom, row))
    return _rows(groups)


Steps = dict[float | None, list[float]]   # font size -> steps onto lines of that size


def _steps(rows: list[_Row]) -> Steps:
    """Steps between consecutive lines of one font size. A step onto a line
    of another size (a heading after body text) says nothing of either
    size's pitch: headings are always set apart."""
    out: Steps = {}
    least = MIN_STEP_PT
    for (_, _, a, size_a, _), (_, _, b, size, _) in zip(rows, rows[1:], strict=False):
        if b - a >= least and size == size_a:
            # Not setdefault, which would make a list for every step.
            same = out.get(size)
            if same is None:
                same = out[size] = []
            same.append(round(2 * (b - a)) / 2)
    return out


def line_pitch(steps: list[float]) -> float | None:
    """The usual distance between consecutive lines of a paragraph.

    It is the smallest step (to half a point) that is common, at least a
    quarter as frequent as the most frequent one: in a report of short
    paragraphs the step between paragraphs or list items can outnumber the
    step inside a paragraph, but it is never the smaller.
    """
    counts = Counter(steps)
    if not counts:
        return None
    common = max(counts.values()) * COMMON_SHARE
    return min(step for step, n in counts.items() if n >= common)


@dataclass(slots=True)
class Pitches:
    """The document's line pitch for each font size, and overall."""

    by_size: dict[float | None, float | None]
    overall: float | None

    @staticmethod
    def of(pages: list[Steps]) -> Pitches:
        merged: Steps = {}
        for steps in pages:
            for size, values in steps.items():
                merged.setdefault(size, []).extend(values)
        by_size = {size: line_pitch(values) for size, values in merged.items()}
        return Pitches({size: pitch for size, pitch in by_size.items()
                        if pitch is not None and (size is None or pitch <= MAX_LEADING * size)},
                       line_pitch([v for values in merged.values() for v in values]))

    def pitch(self, size: float | None) -> float | None:
        return self.by_size.get(size) or self.overall


def local_pitches(rows: list[_Row], pitches: Pitches) -> list[float | None]:
    """The pitch each step of a page is judged against: the smallest of the
    steps beside it and the document's pitch for its font size. A paragraph's
    lines step by the same amount, so the steps beside a break show the page's
    own pitch, however tight; a page of one-line entries, whose steps are all
    paragraph steps, falls back on the document's pitch."""
    ys = [row[2] for row in rows]
    steps = [b - a for a, b in zip(ys, ys[1:], strict=False)]
    by_size, overall = pitches.by_size.get, pitches.overall
    least = MIN_STEP_PT
    out: list[float | None] = []
    # Each step with the one before and after it, 0.0 (never a step) past the ends.
    befores, afters = [0.0, *steps[:-1]], [*steps[1:], 0.0]
    for step, before, after, row in zip(steps, befores, afters, rows[1:], strict=False):
        pitch = by_size(row[3]) or overall   # the document's, as Pitches.pitch
        if step >= least:
            if before >= least and (pitch is None or before < pitch):
                pitch = before
            if after >= least and (pitch is None or after < pitch):
                pitch = after
        out.append(pitch)
    return out


def is_break(step: float, pitch: float, exact: bool) -> bool:
    """Is a step between lines a paragraph or list break at this pitch?"""
    if exact:
        return step > pitch + max(PARAGRAPH_EXTRA_PT, PARAGRAPH_EXTRA_SHARE * pitch)
    return step > PARAGRAPH_GAP_NOISY * pitch


def rows_to_lines(rows: list[_Row], page: int, height: float,
                  pitches: Pitches) -> list[Line]:
    """One ``Line`` per row, except that a table cell's wrapped words join
    their cell. Glyph boxes are tight, so gaps between boxes are noisy; the
    distance between baselines (or line middles) against the pitch around
    it (``local_pitches``) is not."""
    lines: list[Line] = []
    prev_y: float | None = None
    prev_font: float | None = None
    local = [None, *local_pitches(rows, pitches)]
    table: list[list[Any]] | None = None   # the cells of the table row above, if any
    top_band, bottom_band = height * BAND, height * (1 - BAND)
    append = lines.append
    for (top, bottom, y, font, runs), pitch in zip(rows, local, strict=False):
        middle = (top + bottom) / 2
        band = "top" if middle < top_band else "bottom" if middle > bottom_band else None
        step = y - prev_y if prev_y is not None else None
        resized = font is not None and prev_font is not None \
            and abs(font - prev_font) > SIZE_CHANGE_PT
        prev_y, prev_font = y, font
        first = runs[0]
        exact = first.baseline is not None
        # Most rows are one run of prose; they need no cells unless a table is above.
        cells = None if len(runs) == 1 and table is None else _row_cells(runs)
        if table is not None and cells and step is not None and pitch is not None \
                and band is None:
            column = _wrapped_column(cells, table, step, pitch, exact)
            if column is not None:
                table[column][1] = f"{str(table[column][1]).rstrip()} {str(cells[0][1]).strip()}"
                lines[-1] = replace(lines[-1], text=_cells_text(table))
                continue
        gap = step is not None and (resized or (pitch is not None
                                                and is_break(step, pitch, exact)))
        bold = any(r.bold for r in runs) if first.bold is not None else None
        if cells is None or len(cells) == 1:
            text = (first.text if cells is None else str(cells[0][1])).rstrip()
            table = None
        else:
            text = _cells_text(cells)
            table = cells
        append(Line(len(lines) + 1, text, page, gap, first.x0, top,
                    font if font is not None else bottom - top, bold, band))
    return lines


def pages_to_lines(pages: list[tuple[list[Run], float]]) -> list[Line]:
    """All pages' runs (with each page's height) into the document's lines."""
    rows = [runs_to_rows(runs) for runs, _ in pages]
    pitches = Pitches.of([_steps(page) for page in rows])
    lines: list[Line] = []
    for number, (page_rows, (_, height)) in enumerate(zip(rows, pages, strict=True), start=1):
        lines.extend(rows_to_lines(page_rows, number, height, pitches))
    return lines
