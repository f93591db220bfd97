"""Positioned text runs into ``Line`` records, shared by both PDF engines.

An engine hands over runs (a word or a stretch of text with its box) per
page; this module groups them into lines, marks paragraph gaps from the
vertical spacing, marks lines in the page's top and bottom bands (furniture
candidates), and turns a wide horizontal gap into a tab so a grid table's
cells arrive as they do in a text file.
"""

from __future__ import annotations

from dataclasses import dataclass

from extract.model import Line

# A line whose middle sits in the top or bottom 8% of the page may be furniture.
BAND = 0.08
# A gap wider than this many line heights between runs separates table cells.
CELL_GAP = 1.8
# A line starting further below the previous one than this many times the page's
# usual line pitch follows a paragraph break.
PARAGRAPH_GAP = 1.3
_BULLET_GLYPHS = frozenset("\uf0b7\u2022\u27a4\u25aa\u25cf\u25e6\u27a2\u00b7\uf0a7\uf076-\u2013o")


@dataclass(frozen=True, slots=True)
class Run:
    """Text with its box, in top-down page coordinates (points)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float | None = None
    bold: bool | None = None


def _join_runs(runs: list[Run]) -> str:
    out = runs[0].text.rstrip("\r\n")
    height = max(r.bottom - r.top for r in runs) or 10.0
    for prev, run in zip(runs, runs[1:], strict=False):
        text = run.text.rstrip("\r\n")
        gap = run.x0 - prev.x1
        if prev.text.strip() in _BULLET_GLYPHS:
            sep = " "  # a bullet glyph is set apart by its indent, not a cell edge
        elif gap > CELL_GAP * height:
            sep = "\t"
        elif gap > 0.15 * height and not out.endswith(" ") and not text.startswith(" "):
            sep = " "
        else:
            sep = ""
        out = out.rstrip(" ") + sep + text if sep == "\t" else out + sep + text
    return out.rstrip()


def runs_to_rows(runs: list[Run]) -> list[list[Run]]:
    """Group one page's runs into rows (top to bottom, left to right)."""
    runs = sorted((r for r in runs if r.text.strip()), key=lambda r: (r.top, r.x0))
    rows: list[list[Run]] = []
    for run in runs:
        middle = (run.top + run.bottom) / 2
        if rows:
            last = rows[-1]
            if min(r.top for r in last) - 1 <= middle <= max(r.bottom for r in last) + 1:
                last.append(run)
                continue
        rows.append([run])
    for row in rows:
        row.sort(key=lambda r: r.x0)
    return rows


def _middle(row: list[Run]) -> float:
    return (min(r.top for r in row) + max(r.bottom for r in row)) / 2


def line_pitch(pages: list[list[list[Run]]]) -> float | None:
    """The document's usual distance between consecutive lines of a paragraph.

    Measured over the whole document: a page of headings alone (a title page,
    a glossary) has no paragraph lines to measure.
    """
    steps = sorted(b - a for rows in pages for a, b in
                   zip(map(_middle, rows), map(_middle, rows[1:]), strict=False) if b > a)
    return steps[len(steps) // 4] if steps else None


def rows_to_lines(rows: list[list[Run]], page: int, height: float,
                  pitch: float | None) -> list[Line]:
    """One ``Line`` per row. Glyph boxes are tight, so gaps between boxes are
    noisy; the distance between line middles against the usual pitch is not."""
    lines: list[Line] = []
    prev_middle: float | None = None
    for number, row in enumerate(rows, start=1):
        top = min(r.top for r in row)
        bottom = max(r.bottom for r in row)
        middle = (top + bottom) / 2
        band = "top" if middle < height * BAND else "bottom" if middle > height * (1 - BAND) \
            else None
        gap = (prev_middle is not None and pitch is not None
               and middle - prev_middle > PARAGRAPH_GAP * pitch)
        sizes = [r.size for r in row if r.size]
        bolds = [r.bold for r in row if r.bold is not None]
        lines.append(Line(number=number, text=_join_runs(row), page=page, gap_before=gap,
                          x0=round(row[0].x0, 2), top=round(top, 2),
                          size=max(sizes) if sizes else round(bottom - top, 2),
                          bold=any(bolds) if bolds else None, band=band))
        prev_middle = middle
    return lines


def pages_to_lines(pages: list[tuple[list[Run], float]]) -> list[Line]:
    """All pages' runs (with each page's height) into the document's lines."""
    rows = [runs_to_rows(runs) for runs, _ in pages]
    pitch = line_pitch(rows)
    lines: list[Line] = []
    for number, (page_rows, (_, height)) in enumerate(zip(rows, pages, strict=True), start=1):
        lines.extend(rows_to_lines(page_rows, number, height, pitch))
    return lines
