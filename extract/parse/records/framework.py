"""One framework section in, its records out.

Walks the blocks after a framework heading: the grade table, the national
grade distribution, narrative sub-sections, findings, Good Practice boxes and
embedded tables. Whatever cannot be placed is returned as residue.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extract.model import Block, Diagnostic, Span
from extract.parse.blocks import is_heading
from extract.parse.patterns import PATTERNS, finding_category, fold
from extract.parse.records.findings import blocks_to_findings, blocks_to_good_practice
from extract.parse.records.narrative import blocks_to_paragraphs
from extract.parse.records.tables import (
    distribution_records,
    grade_cells,
    key_cells,
    table_block_cells,
)
from extract.parse.records.types import (
    Finding,
    Framework,
    GoodPractice,
    GradeCount,
    Paragraph,
    Residue,
    TableCell,
)

# How many blocks a grade table or distribution may be spread over.
_TABLE_REACH = 3


@dataclass(slots=True)
class FrameworkRecords:
    framework: Framework
    distribution: list[GradeCount] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    good_practice: list[GoodPractice] = field(default_factory=list)
    cells: list[TableCell] = field(default_factory=list)
    residue: list[Residue] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _take_table(blocks: list[Block], i: int, parse: object) -> tuple[object, int]:
    """Parse blocks[i:], widening over up to _TABLE_REACH blocks (a grid can
    arrive one cell per line, or split by a page break). Returns (value, used)."""
    assert callable(parse)
    for used in range(1, _TABLE_REACH + 1):
        chunk = blocks[i:i + used]
        value = parse(" ".join(fold(b.text) for b in chunk), Span.cover([b.span for b in chunk]))
        if value is not None:
            return value, used
    return None, 1


def framework_records(code: str, heading: Block, domain: str | None,
                      blocks: list[Block], box_start: int) -> FrameworkRecords:
    title = fold(heading.text)[len(code):].strip()
    grade: tuple[str, str] | None = None
    recs = FrameworkRecords(Framework(domain, code, title, None, None, heading.span))
    path: tuple[str, ...] = (title,)
    mode = "narrative"
    category = ""
    run: list[Block] = []
    gp: tuple[str, Block] | None = None
    box_no = box_start

    def close() -> None:
        nonlocal run, gp, box_no
        if mode == "findings":
            recs.findings.extend(blocks_to_findings(code, category, run))
        elif mode == "good_practice" and gp is not None:
            box_no += 1
            box, stray = blocks_to_good_practice(code, box_no, gp[0], gp[1], run)
            recs.good_practice.append(box)
            recs.residue.extend(Residue("good_practice_unlabelled", fold(b.text), b.span)
                                for b in stray)
        elif run and PATTERNS["table_key"].match(path[-1]):
            # A grid's key ("Key to grades"): its items are rows of that table.
            recs.cells.extend(key_cells(code, path[-1], [b for b in run if b.kind == "bullet"]))
            start = sum(1 for p in recs.paragraphs if p.heading_path == path) + 1
            recs.paragraphs.extend(blocks_to_paragraphs(
                "framework", code, path, [b for b in run if b.kind != "bullet"], start))
        elif run:
            start = sum(1 for p in recs.paragraphs if p.heading_path == path) + 1
            recs.paragraphs.extend(blocks_to_paragraphs("framework", code, path, run, start))
        run = []
        gp = None

    i = 0
    while i < len(blocks):
        block = blocks[i]
        text = fold(block.text)
        if grade is None and PATTERNS["grade_table_head"].match(text):
            value, used = _take_table(blocks, i, lambda t, s: grade_cells(t))
            if value is not None:
                grade = value  # type: ignore[assignment]
                i += used
                continue
        if PATTERNS["distribution_head"].match(text):
            value, used = _take_table(blocks, i + 1,
                                      lambda t, s: distribution_records(code, t, s))
            if value is not None:
                recs.distribution = value  # type: ignore[assignment]
                i += 1 + used
                continue
            recs.diagnostics.append(Diagnostic(
                "error", "distribution_parsed",
                f"{code}: the National Grade Distribution table could not be read",
                block.first.page, block.first.number))
            i += 1
            continue
        found = finding_category(text) if block.kind == "text" else None
        gp_head = PATTERNS["good_practice"].match(text) if block.kind == "text" else None
        if found or gp_head:
            close()
            mode, category = ("findings", found or "") if found else ("good_practice", "")
            if gp_head:
                gp = (text, block)
        elif mode != "good_practice" and is_heading(block):
            close()
            mode = "narrative"
            path = (title, text)
        elif block.kind == "table" and mode != "good_practice":
            close()
            recs.cells.extend(table_block_cells(code, path[-1], [block]))
            mode = "narrative"
        else:
            run.append(block)
        i += 1
    close()
    if grade is not None:
        fw = recs.framework
        recs.framework = Framework(fw.domain, fw.code, fw.title, grade[0], grade[1], fw.span)
    else:
        recs.diagnostics.append(Diagnostic(
            "error", "grade_parsed", f"{code}: no grade table (Grade / Direction of Travel)",
            heading.first.page, heading.first.number))
    if blocks:
        fw = recs.framework
        end = blocks[-1].span
        recs.framework = Framework(fw.domain, fw.code, fw.title, fw.grade, fw.direction,
                                   Span(fw.span.page_start, end.page_end,
                                        fw.span.line_start, end.line_end))
    return recs
