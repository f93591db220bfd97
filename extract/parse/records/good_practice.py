"""Good Practice boxes: the blocks under a "GOOD PRACTICE" heading in, one
record with its labelled fields out."""

from __future__ import annotations

from extract.model import Block, Span
from extract.parse.patterns import PATTERNS, fold
from extract.parse.records.types import GoodPractice

_FIELDS = {
    "TITLE": "title", "PROBLEM": "problem", "PROBLEMS": "problem",
    "SOLUTION": "solution", "SOLUTIONS": "solution", "OUTCOME": "outcome",
    "OUTCOMES": "outcome", "OUTCOME(S)": "outcome", "FORCE CONTACT": "contact",
    "FORCE CONTACTS": "contact", "CONTACT": "contact", "CONTACTS": "contact",
}


def blocks_to_good_practice(code: str | None, box_no: int, label: str, heading: Block,
                            blocks: list[Block]) -> tuple[GoodPractice, list[Block]]:
    """Fill the box's fields from ``TITLE:``, ``PROBLEM:``… labels.

    Returns the record and the blocks that came before any label (residue).
    """
    values: dict[str, list[str]] = {}
    current: str | None = None
    stray: list[Block] = []
    for block in blocks:
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
        values[current].append(("- " if block.kind == "bullet" else "") + text)

    def field(name: str) -> str | None:
        parts = values.get(name)
        return "\n".join(parts) if parts else None

    span = Span.cover([heading.span, *(b.span for b in blocks)])
    return GoodPractice(code, box_no, label, field("title"), field("problem"),
                        field("solution"), field("outcome"), field("contact"), span), stray
