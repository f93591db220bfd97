"""Small inputs for the per-rule tests: a few lines of text through the
stages up to the one under test."""

from __future__ import annotations

from extract.model import Block
from extract.parse.blocks import lines_to_blocks
from extract.parse.clean import CleanText, lines_to_clean_text
from extract.parse.read.text import text_to_lines


def clean(text: str) -> CleanText:
    return lines_to_clean_text(text_to_lines(text), paged=False)


def blocks(text: str) -> list[Block]:
    cleaned = clean(text)
    return lines_to_blocks(cleaned.lines, cleaned.wrap_width)
