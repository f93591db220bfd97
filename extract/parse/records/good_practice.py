"""Good Practice boxes: the blocks under a "GOOD PRACTICE" heading in, one
record with its labelled fields out."""

from __future__ import annotations

from collections.abc import Container

from extract.model import Block, Span
from extract.parse.blocks import ends_sentence
from extract.parse.patterns import PATTERNS, fold
from extract.parse.records.types import GoodPractice
from extract.parse.words import join_lines

_FIELDS = {
    "TITLE": "title", "PROBLEM": "problem", "PROBLEMS": "problem",
    "SOLUTION": "solution", "SOLUTIONS": "solution", "OUTCOME": "outcome",
    "OUTCOMES": "outcome", "OUTCOME(S)": "outcome", "FORCE CONTACT": "contact",
    "FORCE CONTACTS": "contact", "CONTACT": "contact", "CONTACTS": "contact",
}


def _line_fields(block: Block) -> list[tuple[int, str]]:
    """(index, label) of the block's lines, after its first, that open a
    field ("PROBLEM: …"): a box set with no space between its fields is one
    block."""
    if block.kind != "text":
        return []
    match = PATTERNS["gp_field"].match
    return [(i, m["field"]) for i, line in enumerate(block.lines)
            if i and (m := match(fold(line.text)))]


def fields_opened(block: Block) -> list[str]:
    """The labels of the fields the block opens, at its start or on a line."""
    m = PATTERNS["gp_field"].match(fold(block.text)) if block.kind == "text" else None
    return [*([m["field"]] if m else []), *(label for _, label in _line_fields(block))]


def _at_fields(block: Block, words: Container[str]) -> list[Block]:
    """The block cut where a line opens a field, each part joined again."""
    cuts = [i for i, _ in _line_fields(block)]
    if not cuts:
        return [block]
    bounds = [0, *cuts, len(block.lines)]
    return [Block("text", join_lines([line.text for line in block.lines[a:b]], words),
                  block.lines[a:b], block.level, block.marker)
            for a, b in zip(bounds, bounds[1:], strict=False)]


def blocks_to_good_practice(code: str | None, box_no: int, label: str, heading: Block,
                            blocks: list[Block], words: Container[str] = frozenset()
                            ) -> tuple[GoodPractice, list[Block]]:
    """Fill the box's fields from ``TITLE:``, ``PROBLEM:``… labels, found
    where a block or one of its lines begins.

    Returns the record and the blocks that came before any label (residue).
    """
    values: dict[str, list[str]] = {}
    current: str | None = None
    stray: list[Block] = []
    for block in [part for b in blocks for part in _at_fields(b, words)]:
        text = fold(block.text)
        m = PATTERNS["gp_field"].match(text) if block.kind == "text" else None
        if m:
            current = _FIELDS.get(" ".join(m["field"].upper().split()), "title")
            values.setdefault(current, [])
            if m["rest"]:
                values[current].append(m["rest"])
            continue
        if current is None:
            stray.append(block)
            continue
        parts = values[current]
        if parts and block.kind == "text" and block.after_break and not ends_sentence(parts[-1]):
            # A field cut by a page break mid-sentence: one paragraph again.
            parts[-1] = join_lines([parts[-1], text], words)
            continue
        parts.append(("- " if block.kind == "bullet" else "") + text)

    def field(name: str) -> str | None:
        parts = values.get(name)
        return "\n".join(parts) if parts else None

    span = Span.cover([heading.span, *(b.span for b in blocks)])
    return GoodPractice(code, box_no, label, field("title"), field("problem"),
                        field("solution"), field("outcome"), field("contact"), span), stray
