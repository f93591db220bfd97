"""Grid tables: the grade table, the national grade distribution, and any
other embedded table (cells separated by tabs, or by wide gaps in a PDF)."""

from __future__ import annotations

import regex

from extract.model import Block, Span
from extract.parse.patterns import GRADE, GRADES, PATTERNS, fold
from extract.parse.records.types import GradeCount, TableCell

_GRADE_WORD = regex.compile(rf"\b{GRADE}\b")
_NUMBER = regex.compile(r"(?<![\w.])\d{1,3}(?![\w.])")


def grade_cells(text: str) -> tuple[str, str] | None:
    """``Grade / Direction of Travel / Good / Stable`` in any cell layout."""
    m = PATTERNS["grade_table"].match(fold(text))
    if not m:
        return None
    return m["grade"], " ".join(m["direction"].split())


def distribution_cells(text: str) -> list[tuple[str, int]] | None:
    """The header row names the grades in its own order; the next row counts.

    A stray header cell (an extractor's ``Ī``) and trailing empty cells are
    ignored. Returns None unless there are exactly four grades and four counts.
    """
    folded = fold(text)
    grades = _GRADE_WORD.findall(folded)
    if len(grades) != 4 or sorted(grades) != sorted(GRADES):
        return None
    tail = folded[folded.rfind(grades[-1]) + len(grades[-1]):]
    numbers = _NUMBER.findall(tail)
    if len(numbers) != 4:
        return None
    return [(grade, int(n)) for grade, n in zip(grades, numbers, strict=True)]


def distribution_records(code: str, text: str, span: Span) -> list[GradeCount] | None:
    cells = distribution_cells(text)
    if cells is None:
        return None
    return [GradeCount(code, grade, forces, span) for grade, forces in cells]


def table_block_cells(code: str | None, table: str, blocks: list[Block]) -> list[TableCell]:
    """One cell per tab-separated value; each line of a table block is a row."""
    cells: list[TableCell] = []
    row_no = 0
    for block in blocks:
        for line in block.lines:
            values = [fold(v) for v in line.text.strip("\t ").split("\t")]
            values = [v for v in values if v]
            if not values:
                continue
            row_no += 1
            span = Span(line.page, line.page, line.number, line.number)
            cells.extend(TableCell(code, table, row_no, col, value, span)
                         for col, value in enumerate(values, start=1))
    return cells


_KEY_ROW = regex.compile(r"^(?P<value>\d{1,2})\.?\s+(?P<meaning>\S.*)$")


def key_cells(code: str | None, table: str, blocks: list[Block]) -> list[TableCell]:
    """A key's items as rows: column 1 the value (``3``) where printed, column 2
    its meaning."""
    cells: list[TableCell] = []
    for row_no, block in enumerate(blocks, start=1):
        text = fold(block.text)
        m = _KEY_ROW.match(text)
        value, meaning = (m["value"], m["meaning"]) if m else ("", text)
        cells.append(TableCell(code, table, row_no, 1, value, block.span))
        cells.append(TableCell(code, table, row_no, 2, meaning, block.span))
    return cells
