"""Front matter, contents, narrative paragraphs, tables outside frameworks
(the introduction's framework grid, an appendix of performance tables) and
the glossary."""

from __future__ import annotations

from extract.model import Block, Span
from extract.parse.patterns import PATTERNS, fold
from extract.parse.records.tables import table_block_cells
from extract.parse.records.types import (
    ContentsEntry,
    GlossaryEntry,
    Paragraph,
    Residue,
    TableCell,
)


def blocks_to_paragraphs(section: str, code: str | None, path: tuple[str, ...],
                         blocks: list[Block], start_no: int = 1) -> list[Paragraph]:
    """Text and bullet blocks as paragraphs (tables go to ``blocks_to_tables``)."""
    kept = [b for b in blocks if b.kind != "table"]
    return [Paragraph(section, code, path, n, block.kind, fold(block.text), block.span)
            for n, block in enumerate(kept, start=start_no)]


def is_grid(blocks: list[Block]) -> bool:
    """Is a narrative section a grid: a table straight under its heading, and
    mostly table (a grid broken into table rows and fragments of cells)? Its
    text fragments are then cells of the grid too."""
    table = sum(len(b.text) for b in blocks if b.kind == "table")
    return bool(blocks) and blocks[0].kind == "table" \
        and table * 2 >= sum(len(b.text) for b in blocks)


def grid_cells(name: str, blocks: list[Block]) -> list[TableCell]:
    """A grid section as one table: each line a row, cut into cells at tabs."""
    return table_block_cells(None, name, blocks)


def blocks_to_tables(path: tuple[str, ...], blocks: list[Block]) -> list[TableCell]:
    """Grid tables outside the frameworks (the introduction's grid of the
    frameworks). A run of table blocks with no text between them is one
    table, named by its first row where that row is a single cell (a
    caption, "Baseline Assessment 2006 Frameworks"), else by the heading
    above it."""
    cells: list[TableCell] = []
    run: list[Block] = []
    for block in [*blocks, None]:
        if block is not None and block.kind == "table":
            run.append(block)
            continue
        if run:
            first = [c for c in run[0].lines[0].text.split("\t") if c.strip()]
            name = fold(first[0]) if len(first) == 1 else (path[-1] if path else "")
            cells.extend(table_block_cells(None, name, run))
        run = []
    return cells


def tables_appendix(blocks: list[Block]) -> tuple[list[TableCell], list[Paragraph]]:
    """An appendix of tables: each table is named by the caption above it (a
    table broken by a page break stays one table); other text is kept as
    paragraphs."""
    cells: list[TableCell] = []
    paragraphs: list[Paragraph] = []
    caption, rows = "", []
    for n, block in enumerate(blocks):
        following = blocks[n + 1] if n + 1 < len(blocks) else None
        if block.kind == "table":
            rows.append(block)
            continue
        cells.extend(table_block_cells(None, caption, rows))
        rows = []
        if following is not None and following.kind == "table":
            caption = fold(block.text)
        else:
            paragraphs.extend(blocks_to_paragraphs("appendix", None, (caption,) if caption
                                                   else (), [block], len(paragraphs) + 1))
    cells.extend(table_block_cells(None, caption, rows))
    return cells, paragraphs


def blocks_to_contents(blocks: list[Block]) -> list[ContentsEntry]:
    """Each line of the contents list is an entry (extractors often run two
    entries together on one line; that is kept as printed)."""
    entries: list[ContentsEntry] = []
    for block in blocks:
        for line in block.lines:
            text = fold(line.text)
            if text:
                entries.append(ContentsEntry(len(entries) + 1, text,
                                             Span(line.page, line.page, line.number, line.number)))
    return entries


# A glossary term with this many capitals is an abbreviation ("ACPO", "ViSOR").
ABBREVIATION_CAPITALS = 2


def _starts_entry(text: str) -> bool:
    """An abbreviation: a first word with two capitals, a digit or an ampersand."""
    term = text.split(" ", 1)[0]
    capitals = sum(ch.isupper() for ch in term)
    return " " in text and (capitals >= ABBREVIATION_CAPITALS or "&" in term
                            or any(c.isdigit() for c in term))


def blocks_to_glossary(blocks: list[Block]) -> tuple[list[GlossaryEntry], list[Residue]]:
    """``TERM definition`` per entry; letter dividers (``A``, or look-alikes
    such as Greek ``Α`` or a zero for ``O``) are skipped. A paragraph of its
    own opens an entry ("Airwave the police radio network"), as does a line
    that starts with an abbreviation; any other line continues the definition
    before (a wrapped line, or one carried over a page break)."""
    entries: list[GlossaryEntry] = []
    residue: list[Residue] = []
    for block in blocks:
        for line in block.lines:
            text = fold(line.text)
            if not text or PATTERNS["glossary_divider"].match(text):
                continue
            span = Span(line.page, line.page, line.number, line.number)
            m = PATTERNS["glossary_entry"].match(text)
            opens = line is block.lines[0] and not (block.after_break and text[:1].islower())
            if m and (_starts_entry(text) or not entries or opens):
                entries.append(GlossaryEntry(m["term"], m["definition"], span))
            elif entries:
                last = entries[-1]
                entries[-1] = GlossaryEntry(last.term, f"{last.definition} {text}",
                                            Span.cover([last.span, span]))
            else:
                residue.append(Residue("glossary_line", text, span))
    return entries, residue
