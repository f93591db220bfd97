"""Front matter, contents, narrative paragraphs and the glossary."""

from __future__ import annotations

from extract.model import Block, Span
from extract.parse.patterns import PATTERNS, fold
from extract.parse.records.types import ContentsEntry, GlossaryEntry, Paragraph, Residue


def blocks_to_paragraphs(section: str, code: str | None, path: tuple[str, ...],
                         blocks: list[Block], start_no: int = 1) -> list[Paragraph]:
    return [Paragraph(section, code, path, n, block.kind, fold(block.text), block.span)
            for n, block in enumerate(blocks, start=start_no)]


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


def _starts_entry(text: str) -> bool:
    """An abbreviation: a first word with two capitals, a digit or an ampersand."""
    term = text.split(" ", 1)[0]
    capitals = sum(ch.isupper() for ch in term)
    return " " in text and (capitals >= 2 or "&" in term or any(c.isdigit() for c in term))


def blocks_to_glossary(blocks: list[Block]) -> tuple[list[GlossaryEntry], list[Residue]]:
    """``TERM definition`` per entry; letter dividers (``A``, or look-alikes
    such as Greek ``Α`` or a zero for ``O``) are skipped; a line that does not
    start an entry continues the previous definition."""
    entries: list[GlossaryEntry] = []
    residue: list[Residue] = []
    for block in blocks:
        for line in block.lines:
            text = fold(line.text)
            if not text or PATTERNS["glossary_divider"].match(text):
                continue
            span = Span(line.page, line.page, line.number, line.number)
            m = PATTERNS["glossary_entry"].match(text)
            if m and (_starts_entry(text) or not entries):
                entries.append(GlossaryEntry(m["term"], m["definition"], span))
            elif entries:
                last = entries[-1]
                entries[-1] = GlossaryEntry(last.term, f"{last.definition} {text}",
                                            Span.cover([last.span, span]))
            else:
                residue.append(Residue("glossary_line", text, span))
    return entries, residue
