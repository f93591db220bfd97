"""Grid tables: the grade table, the national grade distribution, and any
other embedded table (cells separated by tabs, or by wide gaps in a PDF).

The grade table and the distribution are read as a stream of cells, whatever
the layout: a row per line or a cell per line, row by row or column by
column, with blank lines between cells or none, in any casing. Each reader
takes blocks for as long as they hold nothing but the table's own words, so
it never eats the text after the table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extract.model import Block, Span
from extract.parse.patterns import DIRECTIONS, GRADE_VALUES, GRADES, PATTERNS, canonical, fold
from extract.parse.records.types import GradeCount, TableCell

# Blocks a grade table may be spread over: four cells, each its own block.
GRADE_TABLE_BLOCKS = 4
# Blocks a distribution may be spread over: eight cells each its own block,
# plus a stray header cell.
DISTRIBUTION_BLOCKS = 10
# A cell of more letters than this that is not a grade is a word of text, not
# a stray mark ("n/a", "Ī"): the distribution has ended.
MAX_CELL_LETTERS = 3
# Punctuation an extractor may leave between cells.
_CELL_PUNCTUATION = frozenset(":|;,.-\u2013 \t")


@dataclass(slots=True)
class GradeTable:
    """What a grade table said, and how many blocks it took."""

    grade: str | None
    direction: str | None
    used: int
    problem: str | None = None   # why the values could not be read, when they could not


def _grade_tokens(text: str) -> list[tuple[str, str]] | None:
    """The table words of ``text`` in order, or None when it holds other words."""
    tokens: list[tuple[str, str]] = []
    covered = 0
    for m in PATTERNS["grade_token"].finditer(text):
        if any(ch not in _CELL_PUNCTUATION for ch in text[covered:m.start()]):
            return None
        kind = m.lastgroup or ""
        tokens.append((kind, canonical(m[0]) if kind == "value" else kind))
        covered = m.end()
    if any(ch not in _CELL_PUNCTUATION for ch in text[covered:]):
        return None
    return tokens


def _pair(tokens: list[tuple[str, str]]) -> dict[str, str] | None:
    """Labels with their values: both labels before both values (row by row),
    or each label followed by its value (column by column)."""
    kinds = [k for k, _ in tokens]
    values = [v for k, v in tokens if k == "value"]
    labels = [k for k in kinds if k != "value"]
    if sorted(labels) != ["direction_label", "grade_label"] or len(values) != 2:
        return None
    if kinds[:2] == labels:                      # Grade, Direction, value, value
        return dict(zip(labels, values, strict=True))
    if kinds == [labels[0], "value", labels[1], "value"]:
        return dict(zip(labels, values, strict=True))
    return None


def read_grade_table(blocks: list[Block], i: int) -> GradeTable:
    """The grade table starting at ``blocks[i]`` (its first cell is "Grade")."""
    tokens: list[tuple[str, str]] = []
    used = 0
    for block in blocks[i:i + GRADE_TABLE_BLOCKS]:
        more = _grade_tokens(fold(block.text))
        if more is None:
            break
        tokens += more
        used += 1
        pairs = _pair(tokens)
        if pairs is not None:
            grade, direction = pairs["grade_label"], pairs["direction_label"]
            if grade not in GRADE_VALUES or direction not in DIRECTIONS:
                return GradeTable(None, None, used, f"the grade table reads {grade!r} / "
                                                    f"{direction!r}, not a grade and a direction")
            return GradeTable(grade, direction, used)
    printed = " ".join(fold(b.text) for b in blocks[i:i + max(used, 1)])
    return GradeTable(None, None, max(used, 1),
                      f"the grade table could not be read: {printed[:80]!r}")


@dataclass(slots=True)
class Distribution:
    """A national grade distribution as printed, and what is wrong with it."""

    counts: list[tuple[str, int]] = field(default_factory=list)
    used: int = 0
    problems: list[str] = field(default_factory=list)


def _distribution_tokens(text: str) -> list[tuple[str, str]] | None:
    tokens = [(m.lastgroup or "", m[0]) for m in PATTERNS["distribution_token"].finditer(text)]
    # A cell of its own words (a heading, a sentence) ends the table.
    if not tokens or any(kind == "other" and sum(ch.isalpha() for ch in value) > MAX_CELL_LETTERS
                         for kind, value in tokens):
        return None
    return tokens


def _cells(tokens: list[tuple[str, str]]) -> tuple[list[str], list[str]] | None:
    """Grades and their cells: the header row then the counts, or each grade
    followed by its count. Cells before the first grade (a stray header cell)
    are not part of it."""
    first = next((k for k, (kind, _) in enumerate(tokens) if kind == "grade"), None)
    if first is None:
        return None
    tokens = tokens[first:]
    grades = [value for kind, value in tokens if kind == "grade"]
    if len(grades) != len(GRADES):
        return None
    kinds = [kind for kind, _ in tokens]
    if kinds[:len(GRADES)] == ["grade"] * len(GRADES):
        return grades, [value for _, value in tokens[len(GRADES):]]
    if all(kinds[k] == "grade" for k in range(0, len(kinds), 2)):
        return grades, [value for kind, value in tokens if kind != "grade"]
    return None


def read_distribution(blocks: list[Block], i: int) -> Distribution:
    """The distribution whose cells start at ``blocks[i]``."""
    tokens: list[tuple[str, str]] = []
    result = Distribution()
    for used, block in enumerate(blocks[i:i + DISTRIBUTION_BLOCKS], start=1):
        more = _distribution_tokens(fold(block.text))
        if more is None:
            break
        tokens += more
        result.used = used
        cells = _cells(tokens)
        if cells is not None and len(cells[1]) >= len(GRADES):
            break
    cells = _cells(tokens)
    if cells is None:
        result.problems.append("the national grade distribution could not be read")
        return result
    grades, values = cells
    if sorted(g.capitalize() for g in grades) != sorted(GRADES):
        result.problems.append(f"the distribution's columns are {grades}, not the four grades")
    elif len(values) != len(GRADES):
        result.problems.append(f"the distribution row has {len(values)} cells for "
                               f"{len(GRADES)} grades: {' '.join(values)!r}")
    for grade, value in zip(grades, values, strict=False):
        if not value.lstrip("-").isdigit():
            result.problems.append(f"{value!r} is not a count (under {grade.capitalize()})")
        elif int(value) < 0:
            result.problems.append(f"a count of {value} forces cannot be right "
                                   f"(under {grade.capitalize()})")
    if not result.problems:
        result.counts = [(g.capitalize(), int(v)) for g, v in zip(grades, values, strict=True)]
    return result


def distribution_records(code: str, dist: Distribution, span: Span) -> list[GradeCount]:
    return [GradeCount(code, grade, forces, span) for grade, forces in dist.counts]


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


def key_cells(code: str | None, table: str, blocks: list[Block],
              start_row: int = 1) -> list[TableCell]:
    """A key's items as rows: column 1 the value (``3``) where printed, column 2
    its meaning."""
    cells: list[TableCell] = []
    for row_no, block in enumerate(blocks, start=start_row):
        text = fold(block.text)
        m = PATTERNS["key_row"].match(text)
        value, meaning = (m["value"], m["meaning"]) if m else ("", text)
        if not m and block.marker[:1].isdigit():   # "3. Well above…" read as a numbered item
            value = block.marker.rstrip(".)")
        cells.append(TableCell(code, table, row_no, 1, value, block.span))
        cells.append(TableCell(code, table, row_no, 2, meaning, block.span))
    return cells
